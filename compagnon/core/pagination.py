"""Pagination that stays fast at a million rows: counts are capped, pages are LIMIT/OFFSET slices."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import QuerySet


@dataclass(frozen=True)
class CappedCount:
    value: int
    capped: bool

    def __str__(self) -> str:
        shown = f"{self.value:,}".replace(",", "\u202f")
        return f"plus de {shown}" if self.capped else shown


def capped_count(queryset: QuerySet[Any], cap: int | None = None) -> CappedCount:
    """Count up to `cap` rows: SELECT COUNT(*) FROM (… LIMIT cap+1), never a full scan of the table."""
    cap = cap or settings.LIST_COUNT_CAP
    value = queryset.order_by()[: cap + 1].count()
    return CappedCount(min(value, cap), value > cap)
