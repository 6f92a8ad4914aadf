"""New, returning and continuing masters: the scheme's audience is found here (issue 4, "New masters").

A supervision is *earlier* than another of the same person when its contract started before (on the same start date,
the lower contract number is earlier). It is **new** when its person has no earlier supervision, **returning** when
every earlier one ended (planned end, or rupture) RETURNING_MASTER_GAP_YEARS years or more before it starts, and
**continuing** otherwise.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import connection

from compagnon.contracts.enums import SupervisionNovelty
from compagnon.contracts.models import Supervision
from compagnon.intake.writer import driver_date

PEOPLE_PER_SQL = 5_000


def years_after(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def novelty_of(start: dt.date, latest_earlier_end: dt.date | None, *, gap_years: int) -> str:
    """One supervision's novelty, from when it starts and when the last of its person's earlier ones ended."""
    if latest_earlier_end is None:
        return SupervisionNovelty.NEW.value
    if years_after(latest_earlier_end, gap_years) <= start:
        return SupervisionNovelty.RETURNING.value
    return SupervisionNovelty.CONTINUING.value


# The end of each supervision's latest earlier one, by a window over its person's supervisions in their order: the
# lower contract number first on the same day, "9" before "10", hence its length first.
LATEST_EARLIER_END_SQL = """
SELECT s.id, s.novelty, c.start_date,
       MAX(CASE WHEN c.rupture_date IS NOT NULL AND c.rupture_date < c.planned_end_date
                THEN c.rupture_date ELSE c.planned_end_date END)
           OVER (PARTITION BY s.person_id
                 ORDER BY c.start_date, LENGTH(c.source_id), c.source_id{collate}, c.id
                 ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
FROM contracts_supervision s JOIN contracts_contract c ON c.id = s.contract_id
{where}
"""


def _latest_earlier_end_sql(where: str) -> str:
    # Contract numbers compared character by character as Python does (PostgreSQL would follow the locale).
    collate = ' COLLATE "C"' if connection.vendor == "postgresql" else ""
    return LATEST_EARLIER_END_SQL.format(collate=collate, where=where)


def classify_people(person_ids: Iterable[int]) -> int:
    """Classify every supervision of these people (their whole history decides); returns how many changed.

    The window over each person's supervisions runs in the database (SQLite and PostgreSQL both have it): only one
    row per supervision comes back, with the end of its latest earlier one."""
    gap = settings.RETURNING_MASTER_GAP_YEARS
    ids = sorted(person_ids if isinstance(person_ids, set) else set(person_ids))
    updates: dict[str, list[int]] = {}
    with connection.cursor() as cursor:
        for index in range(0, len(ids), PEOPLE_PER_SQL):
            batch = ids[index : index + PEOPLE_PER_SQL]
            people = ", ".join(["%s"] * len(batch))
            cursor.execute(_latest_earlier_end_sql(f"WHERE s.person_id IN ({people})"), batch)
            _collect(cursor.fetchall(), updates, gap)
    return _store(updates)


def _collect(rows: Iterable[tuple[Any, ...]], updates: dict[str, list[int]], gap: int) -> None:
    for supervision, current, start, latest in rows:
        novelty = novelty_of(driver_date(start), driver_date(latest), gap_years=gap)  # type: ignore[arg-type]
        if novelty != current:
            updates.setdefault(novelty, []).append(supervision)


def _store(updates: dict[str, list[int]]) -> int:
    changed = 0
    for novelty, supervision_ids in updates.items():
        for offset in range(0, len(supervision_ids), PEOPLE_PER_SQL):
            changed += Supervision.objects.filter(pk__in=supervision_ids[offset : offset + PEOPLE_PER_SQL]).update(
                novelty=novelty
            )
    return changed


def classify_all() -> int:
    """Classify every supervision, in one pass of the window over the whole table (after a bulk load)."""
    updates: dict[str, list[int]] = {}
    with connection.cursor() as cursor:
        cursor.execute(_latest_earlier_end_sql(""))
        while rows := cursor.fetchmany(10_000):
            _collect(rows, updates, settings.RETURNING_MASTER_GAP_YEARS)
    return _store(updates)
