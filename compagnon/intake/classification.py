"""New, returning and continuing masters: the scheme's audience is found here (issue 4, "New masters").

A supervision is *earlier* than another of the same person when its contract started before (on the same start date,
the lower contract number is earlier). It is **new** when its person has no earlier supervision, **returning** when
every earlier one ended (planned end, or rupture) RETURNING_MASTER_GAP_YEARS years or more before it starts, and
**continuing** otherwise.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings

from compagnon.contracts.enums import SupervisionNovelty
from compagnon.contracts.models import Supervision

PEOPLE_PER_QUERY = 500


def years_after(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def novelties(history: list[tuple[dt.date, str, int, dt.date]], *, gap_years: int) -> list[str]:
    """The novelty of each of one person's supervisions: (start, contract number, contract id, end), earliest first."""
    found = []
    latest_end: dt.date | None = None
    for start, _number, _id, end in history:
        if latest_end is None:
            found.append(SupervisionNovelty.NEW.value)
        elif years_after(latest_end, gap_years) <= start:
            found.append(SupervisionNovelty.RETURNING.value)
        else:
            found.append(SupervisionNovelty.CONTINUING.value)
        latest_end = end if latest_end is None or end > latest_end else latest_end
    return found


COLUMNS = (
    "person_id",
    "contract__start_date",
    "contract__source_id",
    "contract_id",
    "contract__planned_end_date",
    "contract__rupture_date",
    "id",
    "novelty",
)
Row = tuple[int, dt.date, str, int, dt.date, dt.date | None, int, str]


def classify_people(person_ids: Iterable[int]) -> int:
    """Classify every supervision of these people (their whole history decides); returns how many changed."""
    ids = sorted(set(person_ids))
    changed = 0
    for index in range(0, len(ids), PEOPLE_PER_QUERY):
        batch = ids[index : index + PEOPLE_PER_QUERY]
        changed += _classify(Supervision.objects.filter(person_id__in=batch).values_list(*COLUMNS))
    return changed


def classify_all() -> int:
    """Classify every supervision, reading them once in person order (after a bulk load)."""
    rows = Supervision.objects.order_by("person_id").values_list(*COLUMNS).iterator(chunk_size=10_000)
    changed = 0
    batch: list[Row] = []
    for row in rows:
        if len(batch) >= 20_000 and row[0] != batch[-1][0]:
            changed += _classify(batch)
            batch = []
        batch.append(row)
    return changed + _classify(batch)


def _classify(rows: Iterable[Row]) -> int:
    gap = settings.RETURNING_MASTER_GAP_YEARS
    histories: dict[int, list[tuple[dt.date, str, int, dt.date, int, str]]] = {}
    for person, start, number, contract, planned_end, rupture, supervision, novelty in rows:
        end = rupture if rupture is not None and rupture < planned_end else planned_end
        histories.setdefault(person, []).append((start, number, contract, end, supervision, novelty))
    updates: dict[str, list[int]] = {}
    for history in histories.values():
        # The lower contract number first on the same day: "9" before "10", hence the length first.
        history.sort(key=lambda h: (h[0], len(h[1]), h[1], h[2]))
        for item, novelty in zip(history, novelties([h[:4] for h in history], gap_years=gap), strict=True):
            if item[5] != novelty:
                updates.setdefault(novelty, []).append(item[4])
    changed = 0
    for novelty, supervision_ids in updates.items():
        for offset in range(0, len(supervision_ids), PEOPLE_PER_QUERY):
            changed += Supervision.objects.filter(pk__in=supervision_ids[offset : offset + PEOPLE_PER_QUERY]).update(
                novelty=novelty
            )
    return changed
