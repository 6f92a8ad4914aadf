"""Lists: pagination, filters, payloads and a bounded number of queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test.utils import override_settings

from compagnon.accounts.enums import Role
from compagnon.contracts.enums import ContractKind
from compagnon.territory.models import EmploymentArea
from tests.factories import (
    make_certification,
    make_company,
    make_contract,
    make_person,
    make_supervisor,
    make_training_centre,
    make_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_api(api_as):
    return api_as(make_user(is_superuser=True))


def ids(response) -> list:
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["items"]]


def test_contracts_are_paginated_by_limit_and_offset_newest_first(admin_api, territory):
    contracts = [make_contract(start_date=dt.date(2024, 9, 1) + dt.timedelta(days=i)) for i in range(5)]
    newest_first = [c.pk for c in reversed(contracts)]
    first = admin_api.get("/api/v1/contracts", limit=2)
    assert first.json()["count"] == 5
    assert first.json()["count_capped"] is False
    assert ids(first) == newest_first[:2]
    assert ids(admin_api.get("/api/v1/contracts", limit=2, offset=2)) == newest_first[2:4]
    assert ids(admin_api.get("/api/v1/contracts", limit=2, offset=4)) == newest_first[4:]
    past_the_end = admin_api.get("/api/v1/contracts", offset=10)
    assert past_the_end.json() == {"count": 5, "count_capped": False, "items": []}


def test_default_page_is_fifty(admin_api, territory):
    company = make_company()
    for _ in range(51):
        make_contract(company=company)
    response = admin_api.get("/api/v1/contracts")
    assert response.json()["count"] == 51
    assert len(response.json()["items"]) == 50


@override_settings(LIST_COUNT_CAP=3)
def test_count_is_capped_and_says_so(admin_api, territory):
    for _ in range(5):
        make_contract()
    body = admin_api.get("/api/v1/contracts", limit=2, offset=3).json()
    assert body["count"] == 3
    assert body["count_capped"] is True
    assert len(body["items"]) == 2


def test_contract_payload_is_modest(admin_api, territory):
    centre = make_training_centre()
    contract = make_contract(training_centre=centre, certification=make_certification(), supervisor=make_supervisor())
    item = admin_api.get("/api/v1/contracts").json()["items"][0]
    assert item["id"] == contract.pk
    assert item["kind"] == "apprentissage"
    assert item["status"] in {"upcoming", "active", "completed", "broken"}
    assert item["training_centre"] == {"id": centre.pk, "uai": centre.uai, "name": centre.name}
    assert item["employment_area"] == {"code": "3216", "name": "Lille"}
    assert set(item["apprentice"]) == {"id", "first_name", "last_name"}  # no birth date

    detail = admin_api.get(f"/api/v1/contracts/{contract.pk}").json()
    assert detail["supervisions"][0]["is_referent"] is True
    assert set(detail["supervisions"][0]["person"]) == {"id", "first_name", "last_name"}
    assert detail["rupture_cause"] is None


def test_contract_status_follows_the_dates(admin_api, territory):
    broken = make_contract(
        start_date=dt.date(2023, 9, 1), rupture_date=dt.date(2023, 10, 1), rupture_cause="trial_period"
    )
    future = make_contract(start_date=dt.date.today() + dt.timedelta(days=30))
    assert ids(admin_api.get("/api/v1/contracts", status="broken")) == [broken.pk]
    assert ids(admin_api.get("/api/v1/contracts", status="upcoming")) == [future.pk]
    assert admin_api.get(f"/api/v1/contracts/{broken.pk}").json()["status"] == "broken"


def test_contract_filters(admin_api, territory):
    centre = make_training_centre()
    lille = make_contract(
        commune=territory["communes"]["Lille"], training_centre=centre, start_date=dt.date(2024, 9, 2)
    )
    arras = make_contract(
        commune=territory["communes"]["Arras"], kind=ContractKind.PROFESSIONNALISATION, start_date=dt.date(2025, 1, 6)
    )
    get = admin_api.get
    assert ids(get("/api/v1/contracts", kind="professionnalisation")) == [arras.pk]
    assert ids(get("/api/v1/contracts", employment_area="3216")) == [lille.pk]
    assert ids(get("/api/v1/contracts", start_date_from="2025-01-01")) == [arras.pk]
    assert ids(get("/api/v1/contracts", start_date_to="2024-12-31")) == [lille.pk]
    assert ids(get("/api/v1/contracts", start_date_from="2024-09-02", start_date_to="2024-09-02")) == [lille.pk]
    assert ids(get("/api/v1/contracts", training_centre=centre.uai.lower())) == [lille.pk]


def test_people_name_search_is_a_prefix_without_accents(admin_api, territory):
    lefevre = make_person(last_name="Lefèvre", first_name="Camille")
    other = make_person(last_name="Dupont", first_name="Léa")
    make_contract(apprentice=lefevre)
    make_contract(apprentice=other)
    assert ids(admin_api.get("/api/v1/people", name="LEFEVRE")) == [lefevre.pk]
    assert ids(admin_api.get("/api/v1/people", name="lefèvre cam")) == [lefevre.pk]
    assert ids(admin_api.get("/api/v1/people", name="fevre")) == []
    assert len(ids(admin_api.get("/api/v1/people", name=" -- "))) == 2
    item = admin_api.get("/api/v1/people", name="dupont").json()["items"][0]
    assert item == {"id": other.pk, "first_name": "Léa", "last_name": "Dupont"}


def test_company_filters(admin_api, territory):
    lille = make_company(commune=territory["communes"]["Lille"])
    arras = make_company(commune=territory["communes"]["Arras"])
    assert ids(admin_api.get("/api/v1/companies", siret=lille.siret)) == [lille.pk]
    assert ids(admin_api.get("/api/v1/companies", area="3203")) == [arras.pk]


def test_employment_areas_by_region(admin_api, territory):
    # The session-wide reference data may have loaded every zone of France: compare with the database.
    codes = [a["code"] for a in admin_api.get("/api/v1/employment-areas", region="53", limit=1000).json()["items"]]
    expected = sorted(EmploymentArea.objects.filter(regions="53").values_list("code", flat=True))
    assert "5309" in codes
    assert sorted(codes) == expected
    assert "3216" not in codes
    names = [a["name"] for a in admin_api.get("/api/v1/employment-areas").json()["items"]]
    assert names == sorted(names)


@pytest.mark.parametrize(
    ("path", "queries"),
    [
        # token + last_used_at update, then the count and the page.
        ("/api/v1/contracts", 4),
        ("/api/v1/people", 4),
        ("/api/v1/companies", 4),
        ("/api/v1/employment-areas", 4),
    ],
)
def test_lists_run_a_bounded_number_of_queries(api_as, territory, django_assert_num_queries, path, queries):
    api = api_as(make_user(is_superuser=True))
    for _ in range(3):
        make_contract(
            supervisor=make_supervisor(), training_centre=make_training_centre(), certification=make_certification()
        )
    api.get(path)  # last_used_at is written on the first call only
    with django_assert_num_queries(queries - 1):
        assert api.get(path).status_code == 200


def test_scoped_list_queries_do_not_grow_with_rows(api_as, territory, django_assert_max_num_queries):
    user = make_user(role=Role.REGIONAL_ANIMATOR, organisation=territory["regions"]["hdf"])
    api = api_as(user)
    for _ in range(5):
        make_contract(supervisor=make_supervisor(), training_centre=make_training_centre())
    api.get("/api/v1/contracts")
    # token, memberships (+ areas, chamber areas prefetches), departments, count, page.
    with django_assert_max_num_queries(7):
        assert len(api.get("/api/v1/contracts").json()["items"]) == 5
