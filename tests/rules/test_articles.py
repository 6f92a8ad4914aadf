"""The articles as read on a day (articles.ON_DAY): a table filled once per day, which must agree with basis()."""

from __future__ import annotations

import datetime as dt

import pytest

from compagnon.rules import articles

D = dt.date


@pytest.mark.parametrize("number", articles.CITED)
def test_the_day_table_gives_the_version_in_force_that_day_as_basis_does(number):
    starts = [version.start for version in articles.articles()[number].versions]
    # Each version's first day and the day before it, and days outside the data.
    days = {D(1900, 1, 1), D(2099, 12, 31)} | {day + dt.timedelta(days=shift) for day in starts for shift in (-1, 0)}
    for day in sorted(days):
        assert articles.ON_DAY[day][number] is articles.basis(number, day), day
