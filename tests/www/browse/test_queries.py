"""A bounded number of queries per page, the same for 5 rows and for 50: no N+1 can creep in."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import make_contract, make_supervisor, make_training_centre

pytestmark = pytest.mark.django_db

# Session, user, memberships (2-3), demo banner, then the page's own: filter choices (1-2), a capped count, the ids
# of the page, its rows (and, for areas, their contract counts).
MAX_QUERIES = {
    "contracts:list": 11,
    "people:list": 11,  # and the size of the scope, which picks how people are found
    "companies:list": 10,
    "centres:list": 10,
    "areas:list": 10,
}


def add_contracts(territory, n):
    communes = [territory["communes"]["Lille"], territory["communes"]["Arras"]]
    for i in range(n):
        make_contract(
            commune=communes[i % 2],
            supervisor=make_supervisor(),
            training_centre=make_training_centre(commune=communes[i % 2]),
        )


def count_queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("name", list(MAX_QUERIES))
def test_list_pages_run_the_same_bounded_queries_for_5_and_50_rows(
    client, territory, animator_of, django_assert_max_num_queries, name
):
    add_contracts(territory, 5)
    user = animator_of(territory)
    client.force_login(user)
    url = reverse(name) + ("?tri=nom" if name != "contracts:list" else "?statut=active&tri=fin")
    with django_assert_max_num_queries(MAX_QUERIES[name]):
        few = count_queries(client, url)
    add_contracts(territory, 50)
    with django_assert_max_num_queries(MAX_QUERIES[name]):
        many = count_queries(client, url)
    assert few == many


DETAILS = ["contracts:detail", "people:detail", "companies:detail", "centres:detail", "areas:detail"]
# The contract page also evaluates its supervisions with the rules engine: the supervisions with their joins, the
# diplomas, the experience, the supervisors' other supervisions, and the configured rule data (4).
# The person page does the same for the supervisions running today.
MAX_DETAIL_QUERIES = {"contracts:detail": 20, "people:detail": 22}


@pytest.mark.parametrize("name", DETAILS)
def test_detail_pages_run_the_same_bounded_queries_for_1_and_many_contracts(
    client, territory, animator_of, django_assert_max_num_queries, name
):
    lille = territory["communes"]["Lille"]
    master = make_supervisor()
    centre = make_training_centre(commune=lille)
    first = make_contract(commune=lille, supervisor=master, training_centre=centre)
    args = {
        "contracts:detail": first.pk,
        "people:detail": master.pk,
        "companies:detail": first.company_id,
        "centres:detail": centre.pk,
        "areas:detail": "3216",
    }[name]
    client.force_login(animator_of(territory))
    url = reverse(name, args=[args])
    with django_assert_max_num_queries(MAX_DETAIL_QUERIES.get(name, 12)):
        one = count_queries(client, url)
    for _ in range(10):
        make_contract(company=first.company, commune=lille, supervisor=master, training_centre=centre)
    with django_assert_max_num_queries(MAX_DETAIL_QUERIES.get(name, 12)):
        many = count_queries(client, url)
    assert one == many
