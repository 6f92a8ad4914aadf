"""Pagination that stays fast at a million rows: counts are capped, pages are LIMIT/OFFSET slices."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connections
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


def capped_counts(querysets: dict[str, QuerySet[Any]], cap: int | None = None) -> dict[str, CappedCount]:
    """Several capped counts in ONE query (a UNION ALL of COUNT(*) over LIMIT cap+1 subqueries).

    Each count costs at most cap+1 index entries, where a GROUP BY over a region's million contracts
    would read them all (measured 2.8 s on SQLite at 10^6 contracts).
    """
    cap = cap or settings.LIST_COUNT_CAP
    if not querysets:
        return {}
    parts: list[str] = []
    params: list[Any] = []
    keys = list(querysets)
    db = querysets[keys[0]].db
    for index, key in enumerate(keys):
        sql, sub_params = querysets[key].order_by().values("pk")[: cap + 1].query.sql_with_params()
        parts.append(f"SELECT {index} AS k, COUNT(*) AS n FROM ({sql}) AS capped_{index}")
        params.extend(sub_params)
    with connections[db].cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        found = {keys[k]: n for k, n in cursor.fetchall()}
    return {key: CappedCount(min(found.get(key, 0), cap), found.get(key, 0) > cap) for key in keys}
