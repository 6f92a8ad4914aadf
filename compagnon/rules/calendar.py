"""The end of an apprenticeship contract's free-rupture period (L6222-18), and the working days it is counted in.

Until the contract has run that period, the employer or the apprentice may end it freely. For contracts concluded
before 2015-08-19 (loi n° 2015-994) the period is the first two months of the contract; from that date it is the first
45 days, consecutive or not, of practical training in the company: working days spent neither at the CFA nor on sick
leave, which suspends the count (Cass. soc. 15/11/2023 n°21-23.949).

Public holidays are those of metropolitan France (L3133-1). Alsace-Moselle's extra days (Good Friday, 26 December)
are not applied: the platform serves Hauts-de-France.

Counting is fast on purpose (the engine evaluates 10^5 situations in a couple of seconds): the working days from
1990 to 2080 are listed once, lazily, with the number of them before each day; the N-th of them from a date is read
there, and each CFA period or sick leave moves it on by its own working days (a difference of two such numbers).
Outside that range the same count runs day by day. The answer without calendar nor sick leave, the most common, is
kept by start date.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Sequence
from functools import cache, lru_cache

from compagnon.rules import articles
from compagnon.rules.model import ContractFacts, ContractKind, Period
from compagnon.rules.outcome import LegalBasis, ProbationEnd

# Enum members as module names: reading `ContractKind.APPRENTISSAGE` costs ten times a global in Python 3.11,
# and the engine reads them on every one of its evaluations.
APPRENTISSAGE = ContractKind.APPRENTISSAGE

ARTICLE = "L6222-18"
# Loi n° 2015-994 du 17 août 2015, art. 40: the 45 days of practical training replace the first two months.
FORTY_FIVE_DAYS_FROM = dt.date(2015, 8, 19)
COMPANY_DAYS = 45
# A count running further than this past the start says more about the input than about the contract.
MAX_YEARS = 5

_TABLE_FIRST = dt.date(1990, 1, 1)
_TABLE_LAST = dt.date(2080, 12, 31)
_FIRST, _LAST = _TABLE_FIRST.toordinal(), _TABLE_LAST.toordinal()

# Days as ordinals (`date.toordinal()`), periods as (first, last) ordinals, both included.
_Span = tuple[int, int]


def easter_sunday(year: int) -> dt.date:
    """Easter Sunday in the Gregorian calendar (the anonymous algorithm, as given by Meeus)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    weekday_shift = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * weekday_shift) // 451
    month, day = divmod(h + weekday_shift - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


@cache
def public_holidays(year: int) -> frozenset[dt.date]:
    """The eleven public holidays of metropolitan France (L3133-1).

    Whit Monday is one even where it is worked as the journée de solidarité (L3133-7): the law leaves that day to
    each company's agreement, so the engine cannot know it is worked.
    """
    easter = easter_sunday(year)
    return frozenset(
        {
            dt.date(year, 1, 1),
            easter + dt.timedelta(days=1),  # lundi de Pâques
            dt.date(year, 5, 1),
            dt.date(year, 5, 8),
            easter + dt.timedelta(days=39),  # Ascension
            easter + dt.timedelta(days=50),  # lundi de Pentecôte
            dt.date(year, 7, 14),
            dt.date(year, 8, 15),
            dt.date(year, 11, 1),
            dt.date(year, 11, 11),
            dt.date(year, 12, 25),
        }
    )


def is_working_day(day: dt.date) -> bool:
    """Monday to Friday, and not a public holiday (jours ouvrés)."""
    return day.weekday() < 5 and day not in public_holidays(day.year)


def probation_end(contract: ContractFacts, *, weeks_per_cfa_week: int = 4) -> ProbationEnd | None:
    """The last day of the free-rupture period of an apprenticeship contract; None for any other contract.

    Without the alternance calendar (`contract.cfa_periods` is None), the 45 company days are estimated as the
    working days less one CFA week in `weeks_per_cfa_week`; with it, they are counted exactly.
    """
    return probation_end_read_on(contract, contract.reference_date, weeks_per_cfa_week)


def probation_end_read_on(contract: ContractFacts, reference: dt.date, weeks_per_cfa_week: int) -> ProbationEnd | None:
    """`probation_end()` for a caller that has read the contract's reference date already (the engine)."""
    if contract.kind is not APPRENTISSAGE:
        return None
    if weeks_per_cfa_week < 2:
        raise ValueError("weeks_per_cfa_week must be at least 2: one CFA week in it, company days in the others.")
    # Keyed by the article's version (one shared LegalBasis per version), not the day.
    version = articles.ON_DAY[reference][ARTICLE]
    forty_five_days = reference >= FORTY_FIVE_DAYS_FROM
    cfa_periods, sick_leaves = contract.cfa_periods, contract.sick_leaves
    if not forty_five_days or (cfa_periods is None and not sick_leaves):
        return _common(contract.start_date, version, forty_five_days, weeks_per_cfa_week)
    return _probation_end(contract.start_date, version, forty_five_days, weeks_per_cfa_week, cfa_periods, sick_leaves)


# Most situations have neither calendar nor sick leave, and share their start dates: their answer is kept.
@lru_cache(maxsize=1 << 16)
def _common(start: dt.date, version: LegalBasis, forty_five_days: bool, weeks_per_cfa_week: int) -> ProbationEnd:
    return _probation_end(start, version, forty_five_days, weeks_per_cfa_week, None, ())


def _probation_end(
    start: dt.date,
    version: LegalBasis,
    forty_five_days: bool,
    weeks_per_cfa_week: int,
    cfa_periods: tuple[Period, ...] | None,
    sick_leaves: tuple[Period, ...],
) -> ProbationEnd:
    legal = version
    if not forty_five_days:
        end = _two_months_end(start)
        return ProbationEnd(
            date=end,
            estimated=False,
            message=(
                f"Contrat conclu avant le {_french(FORTY_FIVE_DAYS_FROM)} : la période des deux premiers mois du "
                f"contrat, pendant laquelle il peut être rompu librement, se termine le {_french(end)}."
            ),
            basis=legal,
        )

    estimated = cfa_periods is None
    if cfa_periods is None:
        # One CFA week in W: company days are (W - 1) / W of the working days, so 45 of them take ceil(45 W / (W - 1)).
        days = -(-COMPANY_DAYS * weeks_per_cfa_week // (weeks_per_cfa_week - 1))
        cfa: list[_Span] = []
    else:
        days = COMPANY_DAYS
        cfa = _merge(cfa_periods, start)
    sick = _merge(sick_leaves, start)
    closed = _merge_spans(cfa + sick) if cfa and sick else (cfa or sick)

    found = _nth_open_day(start, days, closed)
    if found is None:
        return ProbationEnd(
            date=None,
            estimated=estimated,
            message=(
                f"Le décompte des {COMPANY_DAYS} premiers jours de formation pratique en entreprise dépasserait "
                f"{MAX_YEARS} ans après le début du contrat : vérifiez le calendrier d'alternance et les arrêts "
                "maladie saisis."
            ),
            basis=legal,
        )

    if estimated:
        how = (
            f"estimation : jours ouvrés hors jours fériés, moins une semaine de CFA sur {weeks_per_cfa_week} ; "
            "le calendrier d'alternance donnera la date exacte"
        )
    else:
        how = "d'après le calendrier d'alternance : jours ouvrés hors jours fériés et hors périodes au CFA"
    message = (
        f"La période des {COMPANY_DAYS} premiers jours de formation pratique en entreprise se termine le "
        f"{_french(found)} ({how})."
    )
    if sick:
        end_ordinal = found.toordinal()
        # Sick days spent at the CFA were not company days anyway: only the others pushed the end back.
        sick_days = _working_days_in(closed, end_ordinal) - _working_days_in(cfa, end_ordinal)
        if sick_days:
            plural = "s" if sick_days > 1 else ""
            message += (
                f" L'arrêt maladie ({sick_days} jour{plural} ouvré{plural}) suspend le décompte et repousse "
                "d'autant cette date."
            )
    return ProbationEnd(date=found, estimated=estimated, message=message, basis=legal)


def _nth_open_day(start: dt.date, n: int, closed: list[_Span]) -> dt.date | None:
    """The n-th working day from `start` (included) outside the `closed` spans (merged, sorted, none before
    `start`); None when it falls more than MAX_YEARS after `start`."""
    first = start.toordinal()
    found = _nth_by_table(first, n, closed)
    # MAX_YEARS years hold at least 365 * MAX_YEARS days: the exact limit is only needed past that.
    if found is not None and found - first <= 365 * MAX_YEARS:
        return dt.date.fromordinal(found)
    limit = _add_months(start, 12 * MAX_YEARS).toordinal()
    if found is None:
        found = _nth_by_loop(first, n, closed, limit)
    if found is None or found > limit:
        return None
    return dt.date.fromordinal(found)


@cache
def _working_ordinals() -> list[int]:
    return [day for day in range(_FIRST, _LAST + 1) if is_working_day(dt.date.fromordinal(day))]


@cache
def _working_rank() -> list[int]:
    """`rank[day - _FIRST]`: how many working days of the table come before the ordinal `day`, from _FIRST to
    _LAST + 1 (the total). The working days of a span are a difference of two ranks: two list reads, where bisecting
    the table took some fifteen comparisons each, and a calendar has a dozen spans."""
    days = _working_ordinals()
    rank = []
    count = 0
    for day in range(_FIRST, _LAST + 2):
        rank.append(count)
        if count < len(days) and days[count] == day:
            count += 1
    return rank


def _nth_by_table(start: int, n: int, closed: list[_Span]) -> int | None:
    """None when the table does not cover the answer."""
    if start < _FIRST or start > _LAST:
        return None
    days, rank = _working_ordinals(), _working_rank()
    total = len(days)
    index = rank[start - _FIRST] + n - 1
    # Spans are sorted and disjoint: one that begins at or before the candidate closes all its working days, and the
    # candidate moves on by as many; the first span beginning after it leaves it open.
    for first, last in closed:
        if index >= total or first > days[index]:
            break
        index += (rank[last + 1 - _FIRST] if last < _LAST else total) - rank[first - _FIRST]
    return days[index] if index < total else None


def _closed_working_days(closed: list[_Span], end: int) -> int:
    """Working days inside `closed` up to `end` included, all within the table."""
    rank = _working_rank()
    count = 0
    for first, last in closed:
        if first > end:
            break
        count += rank[(last if last < end else end) + 1 - _FIRST] - rank[first - _FIRST]
    return count


def _nth_by_loop(start: int, n: int, closed: list[_Span], limit: int) -> int | None:
    count = 0
    day = start
    span = 0
    while day <= limit:
        while span < len(closed) and closed[span][1] < day:
            span += 1
        if span < len(closed) and closed[span][0] <= day:
            day = closed[span][1] + 1
            continue
        if is_working_day(dt.date.fromordinal(day)):
            count += 1
            if count == n:
                return day
        day += 1
    return None


def _working_days_in(spans: list[_Span], end: int) -> int:
    """Working days inside `spans`, up to `end` included."""
    if not spans:
        return 0
    if end <= _LAST and spans[0][0] >= _FIRST:
        return _closed_working_days(spans, end)
    return sum(
        is_working_day(dt.date.fromordinal(day))
        for first, last in spans
        if first <= end
        for day in range(first, min(last, end) + 1)
    )


def _merge(periods: Sequence[Period], start: dt.date) -> list[_Span]:
    """Periods as sorted, merged ordinal spans, cut to begin no earlier than `start` (an empty period is dropped)."""
    if not periods:
        return []
    first_day = start.toordinal()
    spans = [
        # max(period.start, start), without a call to max() per period
        (period.start.toordinal() if period.start > start else first_day, period.end.toordinal())
        for period in periods
        if period.end >= start and period.end >= period.start
    ]
    return _merge_spans(spans)


def _merge_spans(spans: list[_Span]) -> list[_Span]:
    merged: list[_Span] = []
    for first, last in sorted(spans):
        if merged and first <= merged[-1][1] + 1:
            if last > merged[-1][1]:
                merged[-1] = (merged[-1][0], last)
        else:
            merged.append((first, last))
    return merged


def _add_months(day: dt.date, months: int) -> dt.date:
    """`day` plus whole months, clamped to the end of a shorter month (31 January + 1 month: 28 or 29 February)."""
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    if year > dt.MAXYEAR:
        return dt.date.max
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _two_months_end(start: dt.date) -> dt.date:
    """The last day of the first two months from `start`: the day before the same day of the month two months later,
    or the end of that month when it has no such day (from 31 December: the end of February)."""
    later = _add_months(start, 2)
    if later.day < start.day:
        return later
    return later - dt.timedelta(days=1)


def _french(day: dt.date) -> str:
    """JJ/MM/AAAA. Sliced from the ISO form: twice as fast as strftime, and this runs once per situation."""
    iso = day.isoformat()
    return f"{iso[8:]}/{iso[5:7]}/{iso[:4]}"
