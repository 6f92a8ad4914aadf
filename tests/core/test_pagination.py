from __future__ import annotations

import pytest

from compagnon.contracts.models import Contract
from compagnon.core.pagination import capped_count, capped_counts
from tests.factories import make_contract

pytestmark = pytest.mark.django_db


def test_capped_counts_count_each_queryset_in_one_query(territory, django_assert_num_queries):
    lille, arras = territory["communes"]["Lille"], territory["communes"]["Arras"]
    for _ in range(3):
        make_contract(commune=lille)
    make_contract(commune=arras)
    querysets = {code: Contract.objects.filter(employment_area_id=code) for code in ("3216", "3203", "3215")}
    with django_assert_num_queries(1):
        counts = capped_counts(querysets, cap=2)
    assert (counts["3216"].value, counts["3216"].capped) == (2, True)
    assert str(counts["3216"]) == "plus de 2"
    assert (counts["3203"].value, counts["3203"].capped) == (1, False)
    assert (counts["3215"].value, counts["3215"].capped) == (0, False)
    assert str(capped_count(Contract.objects.all(), cap=10)) == "4"


def test_capped_counts_of_nothing_runs_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert capped_counts({}) == {}
