"""Date arithmetic the rules share: ages and months, the way French law counts them."""

from __future__ import annotations

import calendar
import datetime as dt


def age_on(birth: dt.date, day: dt.date) -> int:
    """Full years on `day` (a birthday on 29 February is reached on 1 March in common years)."""
    # (month, day) compared as month * 32 + day: the same order as the tuples, without building them (the engine asks
    # for an age or two per evaluation).
    return day.year - birth.year - (day.month * 32 + day.day < birth.month * 32 + birth.day)


def add_months(day: dt.date, months: int) -> dt.date:
    """Same day of the month `months` later, or the last day of a shorter month (31 May + 9 months: 29 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def fr(day: dt.date) -> str:
    """22/11/2026."""
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"
