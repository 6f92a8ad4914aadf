"""Small pure helpers of the contract writer."""

from __future__ import annotations

import datetime as dt

import pytest

from compagnon.intake.writer import _experience_before


@pytest.mark.parametrize(
    ("start", "months", "period"),
    [
        (dt.date(2024, 9, 15), 12, (dt.date(2023, 9, 15), dt.date(2024, 9, 14))),
        (dt.date(2024, 1, 10), 3, (dt.date(2023, 10, 10), dt.date(2024, 1, 9))),
        # The same day of the month, or the last day of a shorter month.
        (dt.date(2024, 3, 31), 1, (dt.date(2024, 2, 29), dt.date(2024, 3, 30))),
        (dt.date(2023, 3, 31), 1, (dt.date(2023, 2, 28), dt.date(2023, 3, 30))),
        (dt.date(2024, 5, 31), 1, (dt.date(2024, 4, 30), dt.date(2024, 5, 30))),
        (dt.date(2024, 7, 29), 5, (dt.date(2024, 2, 29), dt.date(2024, 7, 28))),
    ],
)
def test_declared_experience_is_the_months_that_end_the_day_before_the_contract(start, months, period) -> None:
    assert _experience_before(start, months) == period
