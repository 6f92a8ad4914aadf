"""The JSON form of situations and decisions: strict reading with French errors and field paths, exact output shape."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import json
import random
from typing import Any

import pytest

from compagnon.rules import jsonio
from compagnon.rules.jsonio import (
    SituationError,
    decision_to_json,
    decode_document,
    error_to_json,
    parse_document,
    parse_situation,
    situation_to_json,
)
from compagnon.rules.model import (
    ContractFacts,
    ContractKind,
    Diploma,
    Employer,
    EmployerKind,
    Period,
    Situation,
    Supervisee,
    Supervisor,
    SupervisorRole,
    SupervisorStatus,
    Trainee,
)
from compagnon.rules.outcome import (
    Capacity,
    Check,
    Decision,
    FunctionFunding,
    Funding,
    LegalBasis,
    ProbationEnd,
    Right,
    Status,
    TrainingFunding,
    Warning,
)

# The input example of the issue, as written there.
EXAMPLE: dict[str, Any] = {
    "contract": {
        "kind": "apprentissage",
        "signature_date": None,
        "start_date": "2026-09-01",
        "end_date": "2028-08-31",
        "certification_level": 4,
        "certification_nsf": "221",
        "extended_after_exam_failure": False,
    },
    "employer": {"kind": "entreprise", "headcount": 12, "idcc": "1501", "opco": None},
    "supervisor": {
        "role": "master",
        "status": "employee",
        "volunteer": True,
        "good_character_attested": True,
        "birth_date": "1985-03-14",
        "diplomas": [{"level": 5, "nsf": "221"}],
        "relevant_experience_months": 30,
        "ett_experience_months": None,
        "second_tutor": False,
        "capacity_exemption_limit": None,
        "capacity_exemption_until": None,
        "current_supervisees": [{"kind": "apprentissage", "extended_after_exam_failure": False}],
    },
    "trainee": {"birth_date": "2008-02-01", "priority_public": False},
}

MINIMAL: dict[str, Any] = {
    "contract": {"kind": "professionnalisation", "start_date": "2026-01-05"},
    "supervisor": {"role": "tutor"},
}

_DELETE = object()


def changed(path: str, value: Any, base: dict[str, Any] = EXAMPLE) -> dict[str, Any]:
    """A copy of `base` with the value at `path` ("supervisor.diplomas.0.level") replaced, or deleted."""
    doc = copy.deepcopy(base)
    *parents, last = path.split(".")
    target: Any = doc
    for part in parents:
        target = target[int(part)] if isinstance(target, list) else target[part]
    if isinstance(target, list):
        target[int(last)] = value
    elif value is _DELETE:
        del target[last]
    else:
        target[last] = value
    return doc


def error_of(obj: object) -> SituationError:
    with pytest.raises(SituationError) as caught:
        parse_situation(obj)
    return caught.value


# --- good input -------------------------------------------------------------------------------------------------------


def test_the_issue_example_reads_into_typed_facts():
    situation = parse_situation(EXAMPLE)
    assert situation == Situation(
        contract=ContractFacts(
            kind=ContractKind.APPRENTISSAGE,
            start_date=dt.date(2026, 9, 1),
            end_date=dt.date(2028, 8, 31),
            signature_date=None,
            certification_level=4,
            certification_nsf="221",
            extended_after_exam_failure=False,
        ),
        employer=Employer(kind=EmployerKind.ENTREPRISE, headcount=12, idcc="1501", opco=None),
        supervisor=Supervisor(
            role=SupervisorRole.MASTER,
            status=SupervisorStatus.EMPLOYEE,
            volunteer=True,
            good_character_attested=True,
            birth_date=dt.date(1985, 3, 14),
            diplomas=(Diploma(level=5, nsf="221"),),
            relevant_experience_months=30,
            ett_experience_months=None,
            second_tutor=False,
            capacity_exemption_limit=None,
            capacity_exemption_until=None,
            current_supervisees=(Supervisee(kind=ContractKind.APPRENTISSAGE, extended_after_exam_failure=False),),
        ),
        trainee=Trainee(birth_date=dt.date(2008, 2, 1), priority_public=False),
    )
    assert type(situation.contract.kind) is ContractKind


def test_a_minimal_situation_leaves_every_other_fact_unknown():
    situation = parse_situation(MINIMAL)
    assert situation == Situation(
        contract=ContractFacts(kind=ContractKind.PROFESSIONNALISATION, start_date=dt.date(2026, 1, 5)),
        supervisor=Supervisor(role=SupervisorRole.TUTOR),
    )
    assert situation.employer == Employer()
    assert situation.trainee == Trainee()
    assert situation.supervisor.diplomas is None
    assert situation.supervisor.volunteer is None


def test_absent_keeps_the_defaults_but_null_means_unknown():
    absent = parse_situation(MINIMAL)
    assert absent.supervisor.second_tutor is False
    assert absent.supervisor.current_supervisees == ()
    assert absent.contract.extended_after_exam_failure is False

    nulls = {
        "contract": {**MINIMAL["contract"], "extended_after_exam_failure": None, "sick_leaves": None},
        "supervisor": {"role": "tutor", "second_tutor": None, "current_supervisees": None},
        "employer": None,
        "trainee": None,
    }
    unknown = parse_situation(nulls)
    assert unknown.supervisor.second_tutor is None
    assert unknown.supervisor.current_supervisees is None
    assert unknown.contract.extended_after_exam_failure is None
    # Sick leave is a list of what was recorded: none recorded, whether absent or null.
    assert unknown.contract.sick_leaves == ()
    assert unknown.employer == Employer()
    assert unknown.trainee == Trainee()


def test_a_supervisee_without_the_extension_flag_was_not_extended():
    doc = changed("supervisor.current_supervisees", [{"kind": "pro_a"}, {"extended_after_exam_failure": None}])
    supervisees = parse_situation(doc).supervisor.current_supervisees
    assert supervisees == (
        Supervisee(kind=ContractKind.PRO_A, extended_after_exam_failure=False),
        Supervisee(kind=None, extended_after_exam_failure=None),
    )


def test_an_empty_diploma_list_says_no_diploma_while_null_says_unknown():
    assert parse_situation(changed("supervisor.diplomas", [])).supervisor.diplomas == ()
    assert parse_situation(changed("supervisor.diplomas", None)).supervisor.diplomas is None


def test_the_extra_facts_are_read():
    doc = copy.deepcopy(EXAMPLE)
    doc["contract"]["cfa_periods"] = [
        {"start": "2026-09-07", "end": "2026-09-11"},
        {"start": "2026-10-05", "end": "2026-10-05"},
    ]
    doc["contract"]["sick_leaves"] = [{"start": "2026-09-14", "end": "2026-09-18"}]
    doc["contract"]["signature_date"] = "2026-07-15"
    doc["supervisor"]["master_activity_months"] = 14
    doc["supervisor"]["ett_experience_months"] = 0
    doc["supervisor"]["capacity_exemption_limit"] = 3
    doc["supervisor"]["capacity_exemption_until"] = "2027-06-30"
    doc["trainee"]["followed_by_referent"] = True
    doc["trainee"]["no_permanent_job_in_3_years"] = False
    doc["employer"]["opco"] = "OCAPIAT"
    situation = parse_situation(doc)
    assert situation.contract.cfa_periods == (
        Period(dt.date(2026, 9, 7), dt.date(2026, 9, 11)),
        Period(dt.date(2026, 10, 5), dt.date(2026, 10, 5)),
    )
    assert situation.contract.sick_leaves == (Period(dt.date(2026, 9, 14), dt.date(2026, 9, 18)),)
    assert situation.contract.signature_date == dt.date(2026, 7, 15)
    assert situation.supervisor.master_activity_months == 14
    assert situation.supervisor.ett_experience_months == 0
    assert situation.supervisor.capacity_exemption_limit == 3
    assert situation.supervisor.capacity_exemption_until == dt.date(2027, 6, 30)
    assert situation.trainee.followed_by_referent is True
    assert situation.trainee.no_permanent_job_in_3_years is False
    assert situation.employer.opco == "OCAPIAT"


@pytest.mark.parametrize(
    ("path", "value"),
    [
        ("contract.end_date", "2026-09-01"),  # a contract may end the day it starts
        ("contract.start_date", "2028-02-29"),
        ("contract.certification_level", 1),
        ("contract.certification_level", 8),
        ("contract.certification_nsf", "221t"),
        ("contract.certification_nsf", "100"),
        ("employer.idcc", "16"),
        ("employer.idcc", "0016"),
        ("employer.headcount", 0),
        ("supervisor.relevant_experience_months", 0),
    ],
    ids=lambda v: str(v),
)
def test_values_at_the_edge_of_what_is_allowed_are_read(path, value):
    parse_situation(changed(path, value))


@pytest.mark.parametrize("kind", ["apprentissage", "professionnalisation", "pro_a", "periode_reconversion"])
def test_every_contract_kind_is_read(kind):
    assert parse_situation(changed("contract.kind", kind)).contract.kind == kind


@pytest.mark.parametrize(
    "kind", ["entreprise", "groupement_employeurs", "ett", "association_intermediaire", "siae", "public"]
)
def test_every_employer_kind_is_read(kind):
    assert parse_situation(changed("employer.kind", kind)).employer.kind == kind


@pytest.mark.parametrize(
    ("accepted", "model"),
    [
        (jsonio.SITUATION_FIELDS, Situation),
        (jsonio.CONTRACT_FIELDS, ContractFacts),
        (jsonio.PERIOD_FIELDS, Period),
        (jsonio.EMPLOYER_FIELDS, Employer),
        (jsonio.DIPLOMA_FIELDS, Diploma),
        (jsonio.SUPERVISEE_FIELDS, Supervisee),
        (jsonio.SUPERVISOR_FIELDS, Supervisor),
        (jsonio.TRAINEE_FIELDS, Trainee),
    ],
    ids=lambda value: getattr(value, "__name__", "fields"),
)
def test_the_fields_read_are_the_model_s_fields(accepted, model):
    # A field added to the model must be read (and written) here too, or the JSON would refuse it.
    assert accepted == {field.name for field in dataclasses.fields(model)}


# --- bad input: the message says what is wrong and the path where ---------------------------------------------------

BAD = [
    # dates
    ("contract.start_date", "2026-02-30", "contract.start_date", "cette date n'existe pas (« 2026-02-30 »)"),
    ("supervisor.capacity_exemption_until", "2026-02-29", "supervisor.capacity_exemption_until", "n'existe pas"),
    ("trainee.birth_date", "2008-00-10", "trainee.birth_date", "cette date n'existe pas"),
    ("contract.signature_date", "2026-13-01", "contract.signature_date", "cette date n'existe pas"),
    (
        "contract.start_date",
        "01/09/2026",
        "contract.start_date",
        "date au format AAAA-MM-JJ attendue (par exemple 2026-09-01), reçu le texte « 01/09/2026 »",
    ),
    ("contract.start_date", "20260901", "contract.start_date", "format AAAA-MM-JJ"),
    ("contract.start_date", "2026-9-1", "contract.start_date", "format AAAA-MM-JJ"),
    ("contract.start_date", "2026-09-01T08:00", "contract.start_date", "format AAAA-MM-JJ"),
    ("contract.start_date", 20260901, "contract.start_date", "reçu le nombre 20260901"),
    ("supervisor.birth_date", "１９８５-03-14", "supervisor.birth_date", "format AAAA-MM-JJ"),
    ("contract.start_date", None, "contract.start_date", "champ obligatoire : null n'est pas accepté"),
    ("contract.start_date", _DELETE, "contract.start_date", "champ obligatoire manquant"),
    (
        "contract.end_date",
        "2026-08-31",
        "contract.end_date",
        "la fin du contrat (2026-08-31) précède son début (2026-09-01)",
    ),
    # enumerations
    (
        "contract.kind",
        "apprenti",
        "contract.kind",
        "valeur inconnue « apprenti » ; valeurs acceptées : apprentissage, professionnalisation, pro_a, "
        "periode_reconversion",
    ),
    ("contract.kind", "Apprentissage", "contract.kind", "valeur inconnue « Apprentissage »"),
    ("contract.kind", 1, "contract.kind", "texte parmi apprentissage, professionnalisation"),
    ("contract.kind", _DELETE, "contract.kind", "champ obligatoire manquant"),
    ("supervisor.role", "maitre", "supervisor.role", "valeurs acceptées : master, tutor"),
    ("supervisor.role", None, "supervisor.role", "null n'est pas accepté"),
    ("supervisor.role", _DELETE, "supervisor.role", "champ obligatoire manquant"),
    (
        "supervisor.status",
        "salarié",
        "supervisor.status",
        "valeurs acceptées : employee, employer, conjoint_collaborateur",
    ),
    ("employer.kind", "sarl", "employer.kind", "valeurs acceptées : entreprise, groupement_employeurs, ett"),
    ("supervisor.current_supervisees.0.kind", "cdi", "supervisor.current_supervisees[0].kind", "« cdi »"),
    # numbers
    (
        "supervisor.relevant_experience_months",
        "30",
        "supervisor.relevant_experience_months",
        "nombre entier attendu, reçu le texte « 30 » (écrivez 30, sans guillemets)",
    ),
    ("supervisor.relevant_experience_months", True, "supervisor.relevant_experience_months", "reçu true"),
    ("supervisor.relevant_experience_months", 30.5, "supervisor.relevant_experience_months", "reçu le nombre 30.5"),
    ("supervisor.relevant_experience_months", 30.0, "supervisor.relevant_experience_months", "nombre entier"),
    ("supervisor.relevant_experience_months", -1, "supervisor.relevant_experience_months", "positif ou nul"),
    ("supervisor.ett_experience_months", -3, "supervisor.ett_experience_months", "reçu -3"),
    ("supervisor.master_activity_months", -1, "supervisor.master_activity_months", "positif ou nul"),
    ("employer.headcount", -1, "employer.headcount", "nombre positif ou nul attendu, reçu -1"),
    ("employer.headcount", "12", "employer.headcount", "(écrivez 12, sans guillemets)"),
    ("contract.certification_level", 0, "contract.certification_level", "nombre entier de 1 à 8 attendu, reçu 0"),
    ("contract.certification_level", 9, "contract.certification_level", "de 1 à 8 attendu, reçu 9"),
    ("supervisor.diplomas.0.level", 9, "supervisor.diplomas[0].level", "de 1 à 8 attendu, reçu 9"),
    (
        "supervisor.capacity_exemption_limit",
        0,
        "supervisor.capacity_exemption_limit",
        "nombre entier supérieur ou égal à 1 attendu, reçu 0",
    ),
    # codes
    ("contract.certification_nsf", "22", "contract.certification_nsf", "code NSF attendu : 3 chiffres"),
    ("contract.certification_nsf", "2211", "contract.certification_nsf", "reçu le texte « 2211 »"),
    ("contract.certification_nsf", "221tt", "contract.certification_nsf", "code NSF"),
    ("contract.certification_nsf", "abc", "contract.certification_nsf", "code NSF"),
    ("contract.certification_nsf", "２２１", "contract.certification_nsf", "code NSF"),
    ("contract.certification_nsf", 221, "contract.certification_nsf", "reçu le nombre 221"),
    ("supervisor.diplomas.0.nsf", "2x1", "supervisor.diplomas[0].nsf", "code NSF"),
    (
        "employer.idcc",
        1501,
        "employer.idcc",
        "code IDCC attendu : un texte de 1 à 4 chiffres (par exemple « 1501 »), reçu le nombre 1501",
    ),
    ("employer.idcc", "15011", "employer.idcc", "code IDCC"),
    ("employer.idcc", "15a", "employer.idcc", "code IDCC"),
    ("employer.idcc", "", "employer.idcc", "code IDCC"),
    # texts and booleans
    ("employer.opco", 12, "employer.opco", "texte attendu, reçu le nombre 12"),
    ("employer.opco", " ", "employer.opco", "texte vide"),
    (
        "supervisor.volunteer",
        "oui",
        "supervisor.volunteer",
        "true, false ou null attendu, reçu le texte « oui » (écrivez true ou false, sans guillemets)",
    ),
    ("trainee.priority_public", 1, "trainee.priority_public", "true, false ou null attendu, reçu le nombre 1"),
    ("supervisor.second_tutor", "false", "supervisor.second_tutor", "sans guillemets"),
    ("contract.extended_after_exam_failure", 0, "contract.extended_after_exam_failure", "reçu le nombre 0"),
    # lists and objects
    ("supervisor.diplomas", {"level": 5}, "supervisor.diplomas", "liste [ … ] attendu, reçu un objet"),
    ("supervisor.current_supervisees", "aucun", "supervisor.current_supervisees", "liste [ … ] attendu"),
    ("supervisor.diplomas.0", 5, "supervisor.diplomas[0]", "objet JSON {…} attendu, reçu le nombre 5"),
    ("contract", "apprentissage", "contract", "contract : objet JSON {…} attendu, reçu le texte « apprentissage »"),
    ("employer", [], "employer", "objet JSON {…} attendu, reçu une liste"),
    ("trainee", True, "trainee", "objet JSON {…} attendu, reçu true"),
    ("contract", _DELETE, "contract", "contract : champ obligatoire manquant"),
    ("supervisor", _DELETE, "supervisor", "champ obligatoire manquant"),
    ("supervisor", None, "supervisor", "null n'est pas accepté"),
    # unknown fields
    ("contract.strat_date", "2026-09-01", "contract.strat_date", "champ inconnu : contract.strat_date"),
    ("supervisor.diplomas.0", {"levle": 5}, "supervisor.diplomas[0].levle", "champ inconnu"),
    ("trainee.age", 17, "trainee.age", "champ inconnu : trainee.age"),
    ("contrat", {}, "contrat", "champ inconnu : contrat"),
]


@pytest.mark.parametrize(("at", "value", "path", "message"), BAD, ids=[f"{at}={value!r}" for at, value, *_ in BAD])
def test_bad_input_names_the_field_and_what_is_expected(at, value, path, message):
    error = error_of(changed(at, value))
    assert error.path == path
    assert message in error.message
    assert error.message.startswith((f"{path} : ", "champ inconnu : "))
    assert str(error) == error.message


def test_a_typo_suggests_the_field_meant():
    error = error_of(changed("contract.strat_date", "2026-09-01"))
    assert error.message == "champ inconnu : contract.strat_date (vouliez-vous dire « start_date » ?)."


def test_an_unrelated_unknown_field_lists_the_accepted_ones():
    error = error_of(changed("employer.zzz", 1))
    assert error.message == "champ inconnu : employer.zzz ; champs acceptés : headcount, idcc, kind, opco."


@pytest.mark.parametrize(
    ("field", "periods", "path", "message"),
    [
        (
            "cfa_periods",
            [{"start": "2026-09-07", "end": "2026-09-11"}, {"start": "2026-10-09", "end": "2026-10-05"}],
            "contract.cfa_periods[1].end",
            "la fin de la période (2026-10-05) précède son début (2026-10-09)",
        ),
        ("sick_leaves", [{"end": "2026-10-05"}], "contract.sick_leaves[0].start", "champ obligatoire manquant"),
        ("sick_leaves", [{"start": "2026-10-05", "end": "2026-10-32"}], "contract.sick_leaves[0].end", "n'existe pas"),
        ("cfa_periods", "2026-09", "contract.cfa_periods", "liste [ … ] attendu, reçu le texte « 2026-09 »"),
        ("cfa_periods", ["2026-09-07"], "contract.cfa_periods[0]", "objet JSON {…} attendu"),
        (
            "sick_leaves",
            [{"start": "2026-10-05", "end": "2026-10-06", "days": 2}],
            "contract.sick_leaves[0].days",
            "champ inconnu",
        ),
    ],
    ids=["end-before-start", "missing-start", "impossible-end", "not-a-list", "not-an-object", "unknown-field"],
)
def test_bad_periods_name_the_period(field, periods, path, message):
    error = error_of(changed(f"contract.{field}", periods))
    assert (error.path, message in error.message) == (path, True), error.message


def test_a_situation_that_is_not_an_object_is_refused_as_a_whole():
    error = error_of([EXAMPLE])
    assert error.path == ""
    assert error.message == "une situation doit être un objet JSON {…}, reçu une liste."


def test_the_first_error_in_the_document_wins():
    doc = changed("contract.start_date", "2026-02-30")
    doc["supervisor"]["role"] = "chef"
    assert error_of(doc).path == "contract.start_date"
    # An unknown field is reported before the other errors of its object: a typo explains what follows.
    doc["contract"]["kindd"] = "x"
    assert error_of(doc).path == "contract.kindd"


def test_a_long_value_is_shortened_in_the_message():
    error = error_of(changed("contract.kind", "x" * 500))
    assert len(error.message) < 200
    assert "…" in error.message


# --- documents --------------------------------------------------------------------------------------------------------


def test_a_document_holding_one_object_gives_one_item_not_a_list():
    items, is_list = parse_document(json.dumps(EXAMPLE))
    assert is_list is False
    assert items == [parse_situation(EXAMPLE)]


def test_a_list_gives_items_in_order_with_errors_at_their_place():
    bad = changed("supervisor.role", "chef")
    items, is_list = parse_document(json.dumps([EXAMPLE, bad, MINIMAL, 3]))
    assert is_list is True
    assert items[0] == parse_situation(EXAMPLE)
    assert isinstance(items[1], SituationError)
    assert items[1].path == "supervisor.role"
    assert items[2] == parse_situation(MINIMAL)
    assert items[3] == SituationError("une situation doit être un objet JSON {…}, reçu le nombre 3.", "")


def test_an_empty_list_is_a_valid_document():
    assert parse_document("[]") == ([], True)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"contract": {"kind": "apprentissage",}}', "JSON invalide, ligne 1, colonne 39 : nom de champ entre"),
        (
            '{\n  "contract": {\n    "kind": apprentissage\n  }\n}',
            "JSON invalide, ligne 3, colonne 13 : valeur attendue",
        ),
        ('{"contract": {"kind": "apprentissage"}', "JSON invalide, ligne 1, colonne 39 : virgule attendue"),
        ('{"contract" {}}', "ligne 1, colonne 13 : deux-points attendu"),
        ('{"contract": "apprentissage}', "ligne 1, colonne 14 : texte sans guillemet fermant"),
        ("{} {}", "ligne 1, colonne 4 : contenu en trop après la fin du document"),
        ("[{}, ]", "ligne 1, colonne 6 : valeur attendue"),
        ("{'contract': {}}", "ligne 1, colonne 2 : nom de champ entre guillemets droits"),
        ("", "document vide"),
        ("  \n ", "document vide"),
        ("[" * 100_000, "trop profondément imbriqué"),
        ("1" * 5000, "un nombre est trop long"),
    ],
    ids=[
        "trailing-comma",
        "unquoted-value",
        "unclosed-object",
        "missing-colon",
        "unterminated-string",
        "extra-data",
        "trailing-comma-in-list",
        "single-quotes",
        "empty",
        "blank",
        "too-deep",
        "too-long-number",
    ],
)
def test_invalid_json_gives_one_french_error_with_the_line_and_column(text, message):
    items, is_list = parse_document(text)
    assert is_list is False
    assert len(items) == 1
    error = items[0]
    assert isinstance(error, SituationError)
    assert error.path == ""
    assert message in error.message, error.message


@pytest.mark.parametrize("text", ["42", '"situation"', "null", "true"])
def test_a_document_that_is_neither_an_object_nor_a_list_is_refused(text):
    items, is_list = parse_document(text)
    assert is_list is False
    assert isinstance(items[0], SituationError)
    assert items[0].message.startswith("le document doit contenir une situation (un objet JSON) ou une liste")


def test_documents_are_decoded_as_utf8_with_or_without_a_byte_order_mark():
    text = json.dumps(EXAMPLE, ensure_ascii=False)
    assert decode_document(text.encode()) == text
    assert decode_document(b"\xef\xbb\xbf" + text.encode()) == text
    with pytest.raises(SituationError, match="n'est pas encodé en UTF-8 \\(octet invalide à la position 1\\)"):
        decode_document(b"[\xe9]")


# --- output -----------------------------------------------------------------------------------------------------------

CODE = LegalBasis("L6223-8-1", "2019-01-01")
NOTED = LegalBasis("R6223-22", "2019-01-01", note="décret n° 2018-1138")


def make_decision(**changes: Any) -> Decision:
    values: dict[str, Any] = {
        "decision": Status.UNKNOWN,
        "checks": (
            Check("MASTER_ADULT", Status.OK, "Majeur.", CODE),
            Check("MASTER_COMPETENCE", Status.UNKNOWN, "Diplôme à vérifier.", NOTED),
        ),
        "capacity": Capacity(
            limit=2, extra_for_extended=1, current=1, status=Status.OK, message="Place libre.", basis=CODE
        ),
        "funding": Funding(
            supervisor_training=TrainingFunding(15, 40, 600, "Salarié.", CODE, "plafond légal"),
            function=FunctionFunding(230, 12, None, "Effectif inconnu.", NOTED, "OCAPIAT"),
        ),
        "probation_end": ProbationEnd(dt.date(2026, 11, 16), True, "Estimée.", CODE),
        "warnings": (Warning("APPRENTICE_AGE", "Plus de 29 ans.", CODE),),
        "rights": (Right("CPF_MASTER", Status.UNKNOWN, "240 € sur le CPF.", NOTED, amount_eur=240),),
    }
    return Decision(**(values | changes))


def test_a_decision_has_exactly_the_documented_shape():
    assert decision_to_json(make_decision()) == {
        "decision": "unknown",
        "checks": [
            {
                "code": "MASTER_ADULT",
                "status": "ok",
                "message": "Majeur.",
                "legal_basis": "L6223-8-1",
                "legal_basis_version": "2019-01-01",
            },
            {
                "code": "MASTER_COMPETENCE",
                "status": "unknown",
                "message": "Diplôme à vérifier.",
                "legal_basis": "R6223-22",
                "legal_basis_version": "2019-01-01",
                "legal_basis_note": "décret n° 2018-1138",
            },
        ],
        "capacity": {
            "limit": 2,
            "extra_for_extended": 1,
            "current": 1,
            "status": "ok",
            "message": "Place libre.",
            "legal_basis": "L6223-8-1",
            "legal_basis_version": "2019-01-01",
        },
        "funding": {
            "supervisor_training": {
                "eur_per_hour": 15,
                "max_hours": 40,
                "max_eur": 600,
                "reason": "Salarié.",
                "source": "plafond légal",
                "legal_basis": "L6223-8-1",
                "legal_basis_version": "2019-01-01",
            },
            "function": {
                "eur_per_month": 230,
                "months": 12,
                "max_eur": None,
                "reason": "Effectif inconnu.",
                "source": "OCAPIAT",
                "legal_basis": "R6223-22",
                "legal_basis_version": "2019-01-01",
                "legal_basis_note": "décret n° 2018-1138",
            },
        },
        "probation_end": {
            "date": "2026-11-16",
            "estimated": True,
            "message": "Estimée.",
            "legal_basis": "L6223-8-1",
            "legal_basis_version": "2019-01-01",
        },
        "warnings": [
            {
                "code": "APPRENTICE_AGE",
                "message": "Plus de 29 ans.",
                "legal_basis": "L6223-8-1",
                "legal_basis_version": "2019-01-01",
            }
        ],
        "rights": [
            {
                "code": "CPF_MASTER",
                "status": "unknown",
                "message": "240 € sur le CPF.",
                "amount_eur": 240,
                "legal_basis": "R6223-22",
                "legal_basis_version": "2019-01-01",
                "legal_basis_note": "décret n° 2018-1138",
            }
        ],
    }


def test_a_decision_keeps_the_documented_key_order():
    out = decision_to_json(make_decision())
    assert list(out) == ["decision", "checks", "capacity", "funding", "probation_end", "warnings", "rights"]
    assert list(out["checks"][1]) == [
        "code",
        "status",
        "message",
        "legal_basis",
        "legal_basis_version",
        "legal_basis_note",
    ]
    assert list(out["capacity"]) == [
        "limit",
        "extra_for_extended",
        "current",
        "status",
        "message",
        "legal_basis",
        "legal_basis_version",
    ]
    assert list(out["funding"]) == ["supervisor_training", "function"]
    assert list(out["funding"]["function"])[:5] == ["eur_per_month", "months", "max_eur", "reason", "source"]
    assert list(out["rights"][0])[:4] == ["code", "status", "message", "amount_eur"]


def test_a_missing_probation_end_is_null_and_an_unknown_date_too():
    assert decision_to_json(make_decision(probation_end=None))["probation_end"] is None
    unknown = ProbationEnd(None, False, "Date de début inconnue.", CODE)
    assert decision_to_json(make_decision(probation_end=unknown))["probation_end"]["date"] is None


def test_a_decision_is_plain_json():
    out = decision_to_json(make_decision(warnings=(), rights=()))
    assert json.loads(json.dumps(out)) == out
    assert out["warnings"] == [] and out["rights"] == []


def test_an_error_is_its_message_and_path():
    error = SituationError("contract.kind : champ obligatoire manquant.", "contract.kind")
    assert error_to_json(error) == {"error": "contract.kind : champ obligatoire manquant.", "path": "contract.kind"}
    assert isinstance(error, ValueError)


# --- round trip -------------------------------------------------------------------------------------------------------


def _maybe(rng: random.Random, value: Any) -> Any:
    return None if rng.random() < 0.3 else value


def _day(rng: random.Random) -> dt.date:
    return dt.date(2005, 1, 1) + dt.timedelta(days=rng.randrange(9000))


def _periods(rng: random.Random) -> tuple[Period, ...]:
    periods = []
    for _ in range(rng.randrange(3)):
        start = _day(rng)
        periods.append(Period(start, start + dt.timedelta(days=rng.randrange(30))))
    return tuple(periods)


def random_situation(rng: random.Random) -> Situation:
    start = _day(rng)
    nsf = [None, "221", "220", "311t", "100"]
    return Situation(
        contract=ContractFacts(
            kind=rng.choice(list(ContractKind)),
            start_date=start,
            end_date=_maybe(rng, start + dt.timedelta(days=rng.randrange(1200))),
            signature_date=_maybe(rng, start - dt.timedelta(days=rng.randrange(90))),
            certification_level=_maybe(rng, rng.randint(1, 8)),
            certification_nsf=rng.choice(nsf),
            extended_after_exam_failure=rng.choice([None, True, False]),
            cfa_periods=_maybe(rng, _periods(rng)),
            sick_leaves=_periods(rng),
        ),
        employer=Employer(
            kind=_maybe(rng, rng.choice(list(EmployerKind))),
            headcount=_maybe(rng, rng.randrange(300)),
            idcc=_maybe(rng, rng.choice(["16", "1501", "0044", "3248"])),
            opco=_maybe(rng, rng.choice(["OCAPIAT", "AKTO", "OPCO EP"])),
        ),
        supervisor=Supervisor(
            role=rng.choice(list(SupervisorRole)),
            status=_maybe(rng, rng.choice(list(SupervisorStatus))),
            volunteer=rng.choice([None, True, False]),
            good_character_attested=rng.choice([None, True, False]),
            birth_date=_maybe(rng, _day(rng) - dt.timedelta(days=365 * 40)),
            diplomas=_maybe(
                rng,
                tuple(
                    Diploma(level=_maybe(rng, rng.randint(1, 8)), nsf=rng.choice(nsf)) for _ in range(rng.randrange(3))
                ),
            ),
            relevant_experience_months=_maybe(rng, rng.randrange(400)),
            ett_experience_months=_maybe(rng, rng.randrange(100)),
            second_tutor=rng.choice([None, True, False]),
            capacity_exemption_limit=_maybe(rng, rng.randint(1, 5)),
            capacity_exemption_until=_maybe(rng, _day(rng)),
            current_supervisees=_maybe(
                rng,
                tuple(
                    Supervisee(
                        kind=_maybe(rng, rng.choice(list(ContractKind))),
                        extended_after_exam_failure=rng.choice([None, True, False]),
                    )
                    for _ in range(rng.randrange(4))
                ),
            ),
            master_activity_months=_maybe(rng, rng.randrange(25)),
        ),
        trainee=Trainee(
            birth_date=_maybe(rng, _day(rng) - dt.timedelta(days=365 * 18)),
            priority_public=rng.choice([None, True, False]),
            followed_by_referent=rng.choice([None, True, False]),
            no_permanent_job_in_3_years=rng.choice([None, True, False]),
        ),
    )


@pytest.mark.parametrize("seed", range(20))
def test_writing_then_reading_a_situation_gives_it_back(seed):
    rng = random.Random(seed)
    situations = [random_situation(rng) for _ in range(50)]
    for situation in situations:
        assert parse_situation(situation_to_json(situation)) == situation
    # Through the text as well, as the command and the API read it.
    text = json.dumps([situation_to_json(s) for s in situations], ensure_ascii=False)
    assert parse_document(text) == (situations, True)


def test_reading_then_writing_keeps_every_given_value():
    written = situation_to_json(parse_situation(EXAMPLE))
    for section, fields in EXAMPLE.items():
        for name, value in fields.items():
            assert written[section][name] == value, f"{section}.{name}"
    # Every field of the model is written, the unknown ones as null.
    assert written["contract"]["cfa_periods"] is None
    assert written["contract"]["sick_leaves"] == []
    assert written["supervisor"]["master_activity_months"] is None
    assert written["trainee"]["no_permanent_job_in_3_years"] is None
