"""The API shows what the pages show: the token's account scope bounds every list and lookup."""

from __future__ import annotations

import pytest

from compagnon.accounts.enums import Role
from tests.factories import make_chamber, make_contract, make_supervisor, make_training_centre, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def lille_and_rennes(territory):
    lille = make_contract(commune=territory["communes"]["Lille"], supervisor=make_supervisor())
    rennes = make_contract(commune=territory["communes"]["Rennes"], supervisor=make_supervisor())
    return lille, rennes


@pytest.fixture
def lille_animator(territory):
    chamber = make_chamber(areas=[territory["areas"]["Lille"]])
    return make_user(role=Role.TERRITORIAL_ANIMATOR, organisation=chamber, areas=[territory["areas"]["Lille"]])


def ids(response, key: str = "id") -> set:
    assert response.status_code == 200, response.content
    return {item[key] for item in response.json()["items"]}


def test_territorial_animator_sees_only_their_areas_contracts(api_as, lille_animator, lille_and_rennes):
    lille, rennes = lille_and_rennes
    api = api_as(lille_animator)
    response = api.get("/api/v1/contracts")
    assert ids(response) == {lille.pk}
    assert response.json()["count"] == 1


def test_out_of_scope_contract_answers_404_like_an_unknown_one(api_as, lille_animator, lille_and_rennes):
    lille, rennes = lille_and_rennes
    api = api_as(lille_animator)
    assert api.get(f"/api/v1/contracts/{lille.pk}").status_code == 200
    hidden = api.get(f"/api/v1/contracts/{rennes.pk}")
    unknown = api.get("/api/v1/contracts/999999999")
    assert hidden.status_code == unknown.status_code == 404
    assert hidden.json() == unknown.json() == {"detail": "Ressource introuvable, ou hors de votre périmètre."}


def test_territorial_animator_sees_their_areas_people_companies_and_areas(
    api_as, territory, lille_animator, lille_and_rennes
):
    lille, rennes = lille_and_rennes
    api = api_as(lille_animator)
    people = ids(api.get("/api/v1/people"))
    assert lille.apprentice_id in people
    assert lille.supervisions.get().person_id in people
    assert rennes.apprentice_id not in people
    assert ids(api.get("/api/v1/companies")) == {lille.company_id}
    assert ids(api.get("/api/v1/employment-areas"), "code") == {territory["areas"]["Lille"].code}


def test_cfa_staff_sees_their_cfas_contracts(api_as, territory):
    centre = make_training_centre()
    own = make_contract(training_centre=centre)
    make_contract(training_centre=make_training_centre())
    api = api_as(make_user(role=Role.CFA_STAFF, organisation=centre))
    assert ids(api.get("/api/v1/contracts")) == {own.pk}


def test_account_without_membership_sees_nothing(api_as, lille_and_rennes):
    api = api_as(make_user())
    for path in ["/api/v1/contracts", "/api/v1/people", "/api/v1/companies", "/api/v1/employment-areas"]:
        assert api.get(path).json() == {"count": 0, "count_capped": False, "items": []}


def test_superuser_sees_everything(api_as, lille_and_rennes):
    lille, rennes = lille_and_rennes
    api = api_as(make_user(is_superuser=True))
    assert ids(api.get("/api/v1/contracts")) == {lille.pk, rennes.pk}
    assert ids(api.get("/api/v1/companies")) == {lille.company_id, rennes.company_id}
    assert api.get(f"/api/v1/contracts/{rennes.pk}").status_code == 200
