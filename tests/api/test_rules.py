"""POST /api/v1/rules/evaluate: public, the same JSON in and out as `manage.py rules evaluate`."""

from __future__ import annotations

import copy
import io
import json
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from pydantic import TypeAdapter

from compagnon.api.rules import EXAMPLE, MAX_SITUATIONS, DecisionOut, SituationErrorOut, SituationIn
from compagnon.rules import jsonio
from compagnon.rules.engine import evaluate
from compagnon.rules.jsonio import decision_to_json, parse_situation
from tests.factories import make_user

pytestmark = pytest.mark.django_db

URL = "/api/v1/rules/evaluate"

MINIMAL: dict[str, Any] = {
    "contract": {"kind": "professionnalisation", "start_date": "2026-01-05"},
    "supervisor": {"role": "tutor", "relevant_experience_months": 30, "volunteer": True},
}
ETT_MASTER: dict[str, Any] = {
    "contract": {"kind": "apprentissage", "signature_date": "2018-06-01", "start_date": "2018-09-03"},
    "employer": {"kind": "ett", "headcount": 40},
    "supervisor": {"role": "master", "status": "employee", "ett_experience_months": 30, "diplomas": []},
    "trainee": {"birth_date": "2001-05-04", "priority_public": True},
}
IMPOSSIBLE_DATE = copy.deepcopy(EXAMPLE)
IMPOSSIBLE_DATE["contract"]["start_date"] = "2026-02-30"
TYPO = copy.deepcopy(MINIMAL)
TYPO["supervisor"]["volonteer"] = True


def post(body: str | bytes, client: Client | None = None, **extra: Any) -> Any:
    return (client or Client()).post(URL, body, content_type="application/json", **extra)


def cli(text: str) -> tuple[Any, bool]:
    """What `manage.py rules evaluate -` writes for the same document, and whether it failed."""
    out = io.StringIO()
    try:
        call_command("rules", "evaluate", "-", stdin=io.StringIO(text), stdout=out, stderr=io.StringIO())
    except CommandError:
        return json.loads(out.getvalue()), True
    return json.loads(out.getvalue()), False


DOCUMENTS = {
    "one-situation": EXAMPLE,
    "a-list": [EXAMPLE, MINIMAL, ETT_MASTER],
    "a-list-of-one": [MINIMAL],
    "an-empty-list": [],
    "errors-among-situations": [EXAMPLE, IMPOSSIBLE_DATE, MINIMAL, TYPO, 3, ETT_MASTER],
    "one-unreadable-situation": IMPOSSIBLE_DATE,
    "neither-object-nor-list": "situation",
}


@pytest.mark.parametrize("document", DOCUMENTS.values(), ids=DOCUMENTS.keys())
def test_the_api_and_the_command_answer_identically(document):
    text = json.dumps(document, ensure_ascii=False)
    response = post(text.encode())
    assert response["Content-Type"] == "application/json"
    answer, failed = cli(text)
    assert response.json() == answer
    assert response.status_code == (422 if failed else 200)


def test_a_readable_list_answers_200_in_order():
    response = post(json.dumps([EXAMPLE, MINIMAL]))
    assert response.status_code == 200
    assert response.json() == [
        decision_to_json(evaluate(parse_situation(EXAMPLE))),
        decision_to_json(evaluate(parse_situation(MINIMAL))),
    ]


def test_an_unreadable_situation_answers_422_with_the_error_at_its_place():
    response = post(json.dumps([EXAMPLE, IMPOSSIBLE_DATE, TYPO]))
    assert response.status_code == 422
    body = response.json()
    assert body[0]["decision"] in ("ok", "ko", "unknown")
    assert body[1] == {
        "error": "contract.start_date : cette date n'existe pas (« 2026-02-30 »).",
        "path": "contract.start_date",
    }
    assert body[2] == {
        "error": "champ inconnu : supervisor.volonteer (vouliez-vous dire « volunteer » ?).",
        "path": "supervisor.volonteer",
    }


def test_one_unreadable_situation_answers_422_with_its_error_object():
    response = post(json.dumps(IMPOSSIBLE_DATE))
    assert response.status_code == 422
    assert response.json()["path"] == "contract.start_date"


def test_no_token_is_needed_and_a_token_changes_nothing():
    user = make_user()
    anonymous = post(json.dumps(EXAMPLE))
    assert anonymous.status_code == 200
    logged_in = Client()
    logged_in.force_login(user)
    assert post(json.dumps(EXAMPLE), logged_in).json() == anonymous.json()
    # An invalid token is not looked at: the endpoint has no authentication.
    assert post(json.dumps(EXAMPLE), HTTP_AUTHORIZATION="Bearer invalide").json() == anonymous.json()


def test_csrf_does_not_block_it():
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user())
    assert post(json.dumps(EXAMPLE), client).status_code == 200
    assert post(json.dumps(EXAMPLE), Client(enforce_csrf_checks=True)).status_code == 200


def test_evaluating_reads_the_configured_rule_data_once_whatever_the_number_of_situations(
    django_assert_max_num_queries,
):
    # Branch agreements and their routes, the OPCO of each branch, the OPCOs' amounts: nothing per situation.
    with django_assert_max_num_queries(4):
        assert post(json.dumps([EXAMPLE, MINIMAL] * 20)).status_code == 200


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        ('{"contract": {"kind": "apprentissage",}}', "JSON invalide, ligne 1, colonne 39 : nom de champ entre"),
        ("[{}, ", "JSON invalide, ligne 1, colonne 6 : valeur attendue."),
        ("", "Document vide : une situation (un objet JSON) ou une liste de situations attendue."),
        (b'{"contract": "\xe9"}', "Le document n'est pas encodé en UTF-8 (octet invalide à la position 14)."),
    ],
    ids=["trailing-comma", "truncated", "empty", "not-utf8"],
)
def test_an_unreadable_body_answers_400_with_a_french_detail(body, detail):
    response = post(body)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert detail in response.json()["detail"]
    assert set(response.json()) == {"detail"}


def test_a_body_with_a_byte_order_mark_is_read():
    assert post(b"\xef\xbb\xbf" + json.dumps(EXAMPLE).encode()).status_code == 200


def test_at_most_a_thousand_situations_per_request():
    assert len(post(json.dumps([MINIMAL] * MAX_SITUATIONS)).json()) == MAX_SITUATIONS
    response = post(json.dumps([MINIMAL] * (MAX_SITUATIONS + 1)))
    assert response.status_code == 413
    assert response.json() == {
        "detail": "Trop de situations : 1001 envoyées, 1000 au plus par requête ; découpez la liste."
    }


def test_a_body_past_django_s_size_limit_answers_413_in_french(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
    response = post(json.dumps([MINIMAL] * 20).ljust(1024 * 1024 + 1))
    assert response.status_code == 413
    assert response.json() == {
        "detail": "Requête trop volumineuse (1,0 Mo au plus) : envoyez moins de situations à la fois."
    }


def test_get_is_not_allowed_and_answers_json():
    response = Client().get(URL)
    assert response.status_code == 405
    assert response.json() == {"detail": "Méthode HTTP non autorisée sur cette adresse."}
    assert response["Allow"] == "POST"


def test_the_openapi_schema_documents_it_in_french_without_a_token():
    schema = Client().get("/api/v1/openapi.json").json()
    operation = schema["paths"][URL]["post"]
    assert operation["summary"] == "Évaluer une situation d'encadrement"
    assert "aucun jeton" in operation["description"]
    assert operation["tags"] == ["Règles"]
    assert "security" not in operation
    assert set(operation["responses"]) == {"200", "400", "413", "422"}
    body = operation["requestBody"]["content"]["application/json"]
    assert body["example"] == EXAMPLE
    situation, many = body["schema"]["oneOf"]
    assert many["maxItems"] == MAX_SITUATIONS
    assert situation["required"] == ["contract", "supervisor"]
    assert situation["additionalProperties"] is False
    assert "$ref" not in json.dumps(body["schema"])
    # The other operations still need a token.
    assert schema["paths"]["/api/v1/contracts"]["get"]["security"] == [{"TokenAuth": []}]


def test_the_documented_input_fields_are_the_ones_read():
    documented = SituationIn.model_json_schema()
    definitions = documented["$defs"]

    def names(definition: str) -> set[str]:
        return set(definitions[definition]["properties"])

    fields = {
        "situation": set(documented["properties"]),
        "contract": names("ContractIn"),
        "period": names("PeriodIn"),
        "employer": names("EmployerIn"),
        "diploma": names("DiplomaIn"),
        "supervisee": names("SuperviseeIn"),
        "supervisor": names("SupervisorIn"),
        "trainee": names("TraineeIn"),
    }
    assert fields == {
        "situation": jsonio.SITUATION_FIELDS,
        "contract": jsonio.CONTRACT_FIELDS,
        "period": jsonio.PERIOD_FIELDS,
        "employer": jsonio.EMPLOYER_FIELDS,
        "diploma": jsonio.DIPLOMA_FIELDS,
        "supervisee": jsonio.SUPERVISEE_FIELDS,
        "supervisor": jsonio.SUPERVISOR_FIELDS,
        "trainee": jsonio.TRAINEE_FIELDS,
    }
    SituationIn.model_validate(EXAMPLE)
    SituationIn.model_validate(ETT_MASTER)


def undocumented(value: Any, schema: dict[str, Any], definitions: dict[str, Any], path: str = "") -> set[str]:
    """The keys of an answer its JSON schema does not name."""
    if "$ref" in schema:
        return undocumented(value, definitions[schema["$ref"].rsplit("/", 1)[1]], definitions, path)
    if "anyOf" in schema:
        options = [s for s in schema["anyOf"] if s.get("type") != "null"]
        return set.intersection(*(undocumented(value, option, definitions, path) for option in options))
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        missing = {f"{path}.{key}" for key in value if key not in properties}
        for key, item in value.items():
            if key in properties:
                missing |= undocumented(item, properties[key], definitions, f"{path}.{key}")
        return missing
    if isinstance(value, list):
        return set().union(*(undocumented(item, schema.get("items", {}), definitions, path) for item in value))
    return set()


def test_the_documented_output_matches_the_answers():
    answers = post(json.dumps([EXAMPLE, MINIMAL, ETT_MASTER, IMPOSSIBLE_DATE])).json()
    decisions = TypeAdapter(list[DecisionOut]).validate_python(answers[:3])
    assert [d.decision for d in decisions] == [a["decision"] for a in answers[:3]]
    SituationErrorOut.model_validate(answers[3])
    # pydantic ignores a key it does not know: check that every key the engine writes is documented.
    schema = DecisionOut.model_json_schema()
    for answer in answers[:3]:
        assert undocumented(answer, schema, schema["$defs"]) == set()
    assert undocumented({"decision": "ok", "surprise": 1}, schema, schema["$defs"]) == {".surprise"}
