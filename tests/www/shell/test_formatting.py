from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import timezone

NNBSP = "\u202f"
NBSP = "\u00a0"


def render(source: str, **context) -> str:
    return Template("{% load fr %}" + source).render(Context(context))


@pytest.mark.parametrize(
    "value, expected",
    [
        (dt.date(2026, 11, 22), "22/11/2026"),
        (dt.date(2026, 1, 5), "05/01/2026"),
        (None, ""),
    ],
)
def test_date_fr(value, expected):
    assert render("{{ v|date_fr }}", v=value) == expected


def test_datetime_fr_is_in_the_local_time_zone():
    moment = dt.datetime(2026, 11, 22, 23, 30, tzinfo=dt.UTC)  # 00:30 the next day in Paris
    assert render("{{ v|date_fr }}", v=moment) == "23/11/2026"
    assert render("{{ v|datetime_fr }}", v=moment) == "23/11/2026 à 00:30"
    assert timezone.get_current_timezone_name() == "Europe/Paris"


@pytest.mark.parametrize(
    "source, value, expected",
    [
        ("{{ v|nombre }}", 1380, f"1{NNBSP}380"),
        ("{{ v|nombre }}", 1234567, f"1{NNBSP}234{NNBSP}567"),
        ("{{ v|nombre }}", 999, "999"),
        ("{{ v|nombre }}", -12500, f"-12{NNBSP}500"),
        ("{{ v|nombre:1 }}", 1380.46, f"1{NNBSP}380,5"),
        ("{{ v|nombre }}", None, ""),
        ("{{ v|nombre }}", "pas un nombre", "pas un nombre"),
        ("{{ v|euros }}", 1380, f"1{NNBSP}380{NBSP}€"),
        ("{{ v|euros }}", Decimal("1380.50"), f"1{NNBSP}380,50{NBSP}€"),
        ("{{ v|euros }}", Decimal("8000.00"), f"8{NNBSP}000{NBSP}€"),
        ("{{ v|euros }}", 0, f"0{NBSP}€"),
    ],
)
def test_numbers_and_money_the_french_way(source, value, expected):
    assert render(source, v=value) == expected
