"""POST /api/v1/contracts (a batch, like a file) and GET /api/v1/supervisions (new masters)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from compagnon.accounts.enums import Role
from compagnon.contracts.enums import SupervisionNovelty
from compagnon.contracts.models import Contract, Supervision
from compagnon.intake.models import ImportRun
from tests.factories import make_contract, make_supervisor, make_training_centre, make_user
from tests.intake.conftest import UAI_B, contract_row

pytestmark = pytest.mark.usefixtures("places")


@pytest.fixture
def provider(api_as: Any) -> Any:
    return api_as(make_user(role=Role.DATA_PROVIDER, username="logiciel-cfa"))


def test_a_batch_creates_its_contracts_and_answers_item_by_item(provider: Any) -> None:
    response = provider.post("/api/v1/contracts", {"contracts": [contract_row("C-001"), contract_row("C-002")]})

    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["written"], body["created"], body["rejected"]) == (True, 2, 0)
    ids = dict(Contract.objects.values_list("source_id", "id"))
    assert [(i["index"], i["status"], i["id"]) for i in body["items"]] == [
        (0, "created", ids["C-001"]),
        (1, "created", ids["C-002"]),
    ]
    # The account's name is the default source: sending the batch again changes nothing.
    assert Contract.objects.filter(source_name="logiciel-cfa").count() == 2
    again = provider.post("/api/v1/contracts", {"contracts": [contract_row("C-001"), contract_row("C-002")]}).json()
    assert [i["status"] for i in again["items"]] == ["unchanged", "unchanged"]


def test_a_batch_with_a_bad_contract_writes_nothing_and_says_which_field(provider: Any) -> None:
    body = provider.post(
        "/api/v1/contracts", {"contracts": [contract_row("C-001"), contract_row("C-002", date_fin="01/01/2020")]}
    ).json()

    assert body["written"] is False
    assert Contract.objects.count() == 0
    assert body["items"][1]["status"] == "rejected"
    assert body["items"][1]["errors"][0]["field"] == "date_fin"
    assert "précède" in body["items"][1]["errors"][0]["message"]


def test_partial_writes_the_valid_contracts(provider: Any) -> None:
    body = provider.post(
        "/api/v1/contracts",
        {"partial": True, "contracts": [contract_row("C-001"), contract_row("C-002", employeur_siret="123")]},
    ).json()

    assert (body["written"], body["created"], body["rejected"]) == (True, 1, 1)


def test_a_dry_run_writes_nothing_and_says_what_it_would_do(provider: Any) -> None:
    body = provider.post("/api/v1/contracts", {"dry_run": True, "contracts": [contract_row("C-001")]}).json()

    assert (body["written"], body["items"][0]["status"]) == (False, "created")
    assert Contract.objects.count() == 0
    assert ImportRun.objects.get().mode == ImportRun.Mode.DRY_RUN


@pytest.mark.parametrize(
    "body, where",
    [
        ({"contracts": []}, "contracts"),
        ({}, "contracts"),
        ({"contracts": "C-001"}, "contracts"),
        ({"contracts": [{"numero_contrat": {"a": 1}}]}, "contracts.0.numero_contrat"),
        ("{pas du json", ""),
    ],
    ids=["empty", "missing", "not-a-list", "nested-value", "broken-json"],
)
def test_a_malformed_batch_gets_a_french_422(provider: Any, body: Any, where: str) -> None:
    response = provider.post("/api/v1/contracts", body)

    assert response.status_code in (400, 422), response.content
    payload = response.json()
    assert payload["detail"]
    assert where in response.content.decode()
    assert Contract.objects.count() == 0


def test_a_role_that_may_not_import_gets_403(api_as: Any) -> None:
    client = api_as(make_user(role=Role.TERRITORIAL_ANIMATOR))

    response = client.post("/api/v1/contracts", {"contracts": [contract_row()]})

    assert response.status_code == 403
    assert "rôle" in response.json()["detail"]


def test_a_cfa_account_sends_only_its_own_contracts(api_as: Any, places: dict[str, Any]) -> None:
    centre = make_training_centre(uai=UAI_B, commune=places["communes"]["Lille"])
    client = api_as(make_user(role=Role.CFA_STAFF, organisation=centre))

    body = client.post(
        "/api/v1/contracts", {"partial": True, "contracts": [contract_row("C-001", cfa_uai=""), contract_row("C-002")]}
    ).json()

    assert [i["status"] for i in body["items"]] == ["created", "rejected"]
    assert body["items"][1]["errors"][0]["field"] == "cfa_uai"


# --- GET /supervisions -------------------------------------------------------------------------------------------
def supervision(novelty: str, *, start: dt.date, area_commune: Any) -> Supervision:
    contract = make_contract(start_date=start, commune=area_commune)
    return Supervision.objects.create(
        contract=contract, person=make_supervisor(), role="master", is_referent=True, novelty=novelty
    )


def test_new_masters_are_listed_by_area_and_filtered(api_as: Any, places: dict[str, Any]) -> None:
    lille, arras = places["communes"]["Lille"], places["communes"]["Arras"]
    new = supervision(SupervisionNovelty.NEW, start=dt.date(2026, 9, 1), area_commune=lille)
    back = supervision(SupervisionNovelty.RETURNING, start=dt.date(2026, 10, 1), area_commune=arras)
    supervision(SupervisionNovelty.CONTINUING, start=dt.date(2026, 9, 1), area_commune=lille)
    client = api_as(make_user(is_superuser=True))

    everything = client.get("/api/v1/supervisions").json()
    audience = client.get("/api/v1/supervisions", new="true").json()
    lille_only = client.get("/api/v1/supervisions", new="true", area="3216").json()
    october = client.get("/api/v1/supervisions", start_from="2026-10-01", start_to="2026-10-31").json()

    assert everything["count"] == 3
    assert [i["id"] for i in audience["items"]] == [back.pk, new.pk]  # Arras (3203) before Lille (3216)
    assert audience["items"][1]["novelty"] == "new"
    assert audience["items"][1]["employment_area"]["code"] == "3216"
    assert [i["id"] for i in lille_only["items"]] == [new.pk]
    assert [i["id"] for i in october["items"]] == [back.pk]


def test_supervisions_stay_in_the_account_scope(api_as: Any, places: dict[str, Any]) -> None:
    supervision(SupervisionNovelty.NEW, start=dt.date(2026, 9, 1), area_commune=places["communes"]["Rennes"])
    mine = supervision(SupervisionNovelty.NEW, start=dt.date(2026, 9, 1), area_commune=places["communes"]["Lille"])
    client = api_as(make_user(role=Role.TERRITORIAL_ANIMATOR, areas=[places["areas"]["Lille"]]))

    assert [i["id"] for i in client.get("/api/v1/supervisions").json()["items"]] == [mine.pk]


@pytest.mark.parametrize(
    "params, parameter",
    [
        ({"area": "lille"}, "area"),
        ({"start_from": "2026-02-31"}, "start_from"),
        ({"start_from": "2026-10-01", "start_to": "2026-09-01"}, "start_to"),
        ({"novelty": "ancien"}, "novelty"),
        ({"new": "peut-etre"}, "new"),
    ],
    ids=["area", "impossible-date", "reversed-range", "novelty", "new"],
)
def test_bad_filters_get_a_french_422(api_as: Any, params: dict[str, str], parameter: str) -> None:
    response = api_as(make_user(is_superuser=True)).get("/api/v1/supervisions", **params)

    assert response.status_code == 422
    assert response.json()["errors"][0]["parameter"] == parameter
