"""French formatting for templates: {% load fr %}.

    {{ day|date_fr }}          22/11/2026
    {{ moment|datetime_fr }}   22/11/2026 à 14:05 (in the local time zone)
    {{ n|nombre }}             1 380 (narrow no-break space between thousands)
    {{ x|nombre:1 }}           1 380,5
    {{ amount|euros }}         1 380 € (cents shown only when there are any: 1 380,50 €)

Empty values (None, "") render as an empty string, so `|default:"—"` can follow.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django import template
from django.utils import timezone

register = template.Library()

NARROW_NBSP = "\u202f"  # thousands separator (French typography, as in CappedCount)
NBSP = "\u00a0"  # before the currency sign


def format_number(value: Any, decimals: int = 0) -> str:
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    if not number.is_finite():
        return str(value)
    quantum = Decimal(1).scaleb(-decimals)
    number = number.quantize(quantum, rounding=ROUND_HALF_UP)
    sign = "-" if number < 0 else ""
    whole, _, fraction = f"{abs(number):.{decimals}f}".partition(".")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    text = NARROW_NBSP.join(groups)
    return f"{sign}{text},{fraction}" if fraction else f"{sign}{text}"


def format_money(value: Any) -> str:
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    decimals = 0 if number == number.to_integral_value() else 2
    return f"{format_number(number, decimals)}{NBSP}€"


def format_date(value: Any) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        value = value.date()
    if isinstance(value, dt.date):
        return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"
    return str(value)


def format_datetime(value: Any) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return f"{format_date(value)} à {value:%H:%M}"
    return format_date(value)


@register.filter
def date_fr(value: Any) -> str:
    return format_date(value)


@register.filter
def datetime_fr(value: Any) -> str:
    return format_datetime(value)


@register.filter
def nombre(value: Any, decimals: Any = 0) -> str:
    try:
        places = int(decimals)
    except (TypeError, ValueError):
        places = 0
    return format_number(value, places)


@register.filter
def euros(value: Any) -> str:
    return format_money(value)
