"""A page of a list with a capped count, for the shell's own lists (journal, sent mail)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import QuerySet

from compagnon.core.pagination import CappedCount, capped_count


@dataclass(frozen=True)
class Page:
    rows: list[Any]
    number: int
    count: CappedCount
    size: int

    @property
    def last(self) -> int | None:
        """None when the count was capped: the end is not known."""
        return None if self.count.capped else max(1, math.ceil(self.count.value / self.size))

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return len(self.rows) == self.size if self.last is None else self.number < self.last

    @property
    def previous_number(self) -> int:
        return self.number - 1

    @property
    def next_number(self) -> int:
        return self.number + 1

    @property
    def first_index(self) -> int:
        return (self.number - 1) * self.size + 1 if self.rows else 0

    @property
    def last_index(self) -> int:
        return (self.number - 1) * self.size + len(self.rows)


def page_of(queryset: QuerySet[Any], number: int) -> Page:
    """Two queries: a count capped at LIST_COUNT_CAP, then one slice of LIST_PAGE_SIZE rows.

    A page past the end shows the last page instead of an empty one.
    """
    size = settings.LIST_PAGE_SIZE
    count = capped_count(queryset)
    if not count.capped:
        number = min(number, max(1, math.ceil(count.value / size)))
    start = (number - 1) * size
    rows = list(queryset[start : start + size]) if count.value else []
    return Page(rows=rows, number=number, count=count, size=size)
