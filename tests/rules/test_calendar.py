"""The end of the free-rupture period of an apprenticeship contract (L6222-18) and the working days behind it.

The expected dates were counted by hand on a calendar; the random comparisons check the fast paths against a
day-by-day count written here, independently of the module's own.
"""

from __future__ import annotations

import datetime as dt
import random

import pytest

from compagnon.rules import calendar
from compagnon.rules.calendar import easter_sunday, is_working_day, probation_end, public_holidays
from compagnon.rules.model import ContractFacts, ContractKind, Period

D = dt.date


def apprenticeship(
    start: dt.date,
    *,
    signed: dt.date | None = None,
    cfa: tuple[Period, ...] | None = None,
    sick: tuple[Period, ...] = (),
) -> ContractFacts:
    return ContractFacts(
        kind=ContractKind.APPRENTISSAGE, start_date=start, signature_date=signed, cfa_periods=cfa, sick_leaves=sick
    )


def day_by_day(start: dt.date, n: int, closed: tuple[Period, ...]) -> dt.date:
    """The n-th working day from `start` (included) outside `closed`, the slow obvious way."""
    day, count = start, 0
    while True:
        if is_working_day(day) and not any(period.start <= day <= period.end for period in closed):
            count += 1
            if count == n:
                return day
        day += dt.timedelta(days=1)


def random_periods(rng: random.Random, start: dt.date, count: int) -> tuple[Period, ...]:
    periods = []
    for _ in range(count):
        first = start + dt.timedelta(days=rng.randrange(-20, 150))
        periods.append(Period(first, first + dt.timedelta(days=rng.randrange(0, 15))))
    return tuple(periods)


# Public holidays


@pytest.mark.parametrize(
    ("year", "easter"),
    [
        (2024, D(2024, 3, 31)),
        (2025, D(2025, 4, 20)),
        (2026, D(2026, 4, 5)),
        (2038, D(2038, 4, 25)),
        (2000, D(2000, 4, 23)),
        (1943, D(1943, 4, 25)),  # the latest possible
        (2285, D(2285, 3, 22)),  # the earliest possible
    ],
    ids=lambda value: str(value),
)
def test_easter_sunday_follows_the_gregorian_computus(year: int, easter: dt.date) -> None:
    assert easter_sunday(year) == easter


HOLIDAYS_2026 = {
    "jour de l'an": D(2026, 1, 1),
    "lundi de Pâques": D(2026, 4, 6),
    "fête du Travail": D(2026, 5, 1),
    "victoire 1945": D(2026, 5, 8),
    "Ascension": D(2026, 5, 14),
    "lundi de Pentecôte": D(2026, 5, 25),
    "fête nationale": D(2026, 7, 14),
    "Assomption": D(2026, 8, 15),
    "Toussaint": D(2026, 11, 1),
    "armistice 1918": D(2026, 11, 11),
    "Noël": D(2026, 12, 25),
}


@pytest.mark.parametrize("day", HOLIDAYS_2026.values(), ids=HOLIDAYS_2026.keys())
def test_each_public_holiday_is_not_a_working_day(day: dt.date) -> None:
    assert day in public_holidays(2026)
    assert not is_working_day(day)


def test_metropolitan_france_has_eleven_public_holidays_and_no_others() -> None:
    assert public_holidays(2026) == frozenset(HOLIDAYS_2026.values())
    assert public_holidays(2025) == {
        D(2025, 1, 1),
        D(2025, 4, 21),
        D(2025, 5, 1),
        D(2025, 5, 8),
        D(2025, 5, 29),
        D(2025, 6, 9),
        D(2025, 7, 14),
        D(2025, 8, 15),
        D(2025, 11, 1),
        D(2025, 11, 11),
        D(2025, 12, 25),
    }


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (D(2026, 4, 3), True),  # Good Friday: a holiday in Alsace-Moselle only
        (D(2025, 12, 26), True),  # Saint-Étienne: idem
        (D(2026, 3, 9), True),
        (D(2026, 3, 7), False),
        (D(2026, 3, 8), False),
    ],
    ids=["good friday", "26 december", "an ordinary monday", "saturday", "sunday"],
)
def test_working_days_are_weekdays_outside_metropolitan_holidays(day: dt.date, working: bool) -> None:
    assert is_working_day(day) is working


# The two-month rule, for contracts concluded before 2015-08-19


@pytest.mark.parametrize(
    ("start", "signed", "end"),
    [
        (D(2014, 3, 15), None, D(2014, 5, 14)),
        (D(2014, 1, 1), None, D(2014, 2, 28)),
        (D(2014, 12, 31), None, D(2015, 2, 28)),
        (D(2013, 12, 30), None, D(2014, 2, 28)),
        (D(2011, 12, 31), None, D(2012, 2, 29)),
        (D(2011, 12, 29), None, D(2012, 2, 28)),
        (D(2015, 7, 31), None, D(2015, 9, 30)),
        (D(2015, 12, 31), D(2015, 8, 1), D(2016, 2, 29)),
    ],
    ids=[
        "mid-month",
        "first of january",
        "31 december ends with february",
        "30 december ends with february",
        "31 december before a leap february",
        "29 december before a leap february",
        "31 july ends with september",
        "signed before the reform, started after it",
    ],
)
def test_the_free_period_of_a_contract_concluded_before_2015_08_19_is_its_first_two_months(
    start: dt.date, signed: dt.date | None, end: dt.date
) -> None:
    result = probation_end(apprenticeship(start, signed=signed))

    assert result is not None
    assert result.date == end
    assert result.estimated is False
    assert "deux premiers mois du contrat" in result.message
    assert end.strftime("%d/%m/%Y") in result.message


def test_the_45_days_apply_from_the_day_loi_2015_994_came_into_force() -> None:
    the_day_before = probation_end(apprenticeship(D(2015, 9, 1), signed=D(2015, 8, 18)))
    that_day = probation_end(apprenticeship(D(2015, 9, 1), signed=D(2015, 8, 19)))

    assert the_day_before is not None and that_day is not None
    assert the_day_before.date == D(2015, 10, 31)
    assert the_day_before.basis.version == "2014-07-01"
    # The 60th working day from Tuesday 1 September 2015: 22 in September, 22 in October, 11 November off.
    assert that_day.date == D(2015, 11, 24)
    assert that_day.estimated is True
    assert that_day.basis.version == "2015-08-19"
    assert "45 premiers jours de formation pratique en entreprise" in that_day.message


def test_the_rule_follows_the_signature_date_rather_than_the_start_date() -> None:
    start = D(2015, 9, 1)

    unsigned = probation_end(apprenticeship(start))
    signed_before = probation_end(apprenticeship(start, signed=D(2015, 7, 15)))
    started_before_signed_after = probation_end(apprenticeship(D(2015, 8, 3), signed=D(2015, 8, 20)))

    assert unsigned is not None and signed_before is not None and started_before_signed_after is not None
    assert unsigned.date == D(2015, 11, 24)
    assert signed_before.date == D(2015, 10, 31)
    assert started_before_signed_after.estimated is True
    assert started_before_signed_after.date == day_by_day(D(2015, 8, 3), 60, ())


@pytest.mark.parametrize(
    ("reference", "version"),
    [
        (D(2012, 6, 1), "2009-11-26"),
        (D(2015, 8, 18), "2014-07-01"),
        (D(2016, 6, 1), "2015-08-19"),
        (D(2026, 9, 1), "2019-01-01"),
    ],
    ids=["2012", "eve of the reform", "2016", "2026"],
)
def test_the_legal_basis_is_the_version_of_l6222_18_in_force_at_the_reference_date(
    reference: dt.date, version: str
) -> None:
    result = probation_end(apprenticeship(D(2026, 9, 1), signed=reference))

    assert result is not None
    assert result.basis.article == "L6222-18"
    assert result.basis.version == version


# The 45 days of practical training in the company


def test_a_start_on_good_friday_skips_easter_monday_ascension_and_whit_monday() -> None:
    # Good Friday 3 April 2026 is day 1, Easter Monday is off; 1 May, 8 May, Ascension 14 May and Whit Monday 25 May
    # are off too: the 45th working day is Thursday 11 June.
    result = probation_end(apprenticeship(D(2026, 4, 3), cfa=()))

    assert result is not None
    assert result.date == D(2026, 6, 11)
    assert result.estimated is False
    assert result.message == (
        "La période des 45 premiers jours de formation pratique en entreprise se termine le 11/06/2026 "
        "(d'après le calendrier d'alternance : jours ouvrés hors jours fériés et hors périodes au CFA)."
    )


def test_a_week_at_the_cfa_moves_the_end_on_by_a_week() -> None:
    # From Monday 5 January 2026: 20 working days in January, 20 in February, the 45th is Friday 6 March.
    without_cfa = probation_end(apprenticeship(D(2026, 1, 5), cfa=()))
    one_cfa_week = probation_end(apprenticeship(D(2026, 1, 5), cfa=(Period(D(2026, 1, 12), D(2026, 1, 18)),)))

    assert without_cfa is not None and one_cfa_week is not None
    assert without_cfa.date == D(2026, 3, 6)
    assert one_cfa_week.date == D(2026, 3, 13)
    assert one_cfa_week.estimated is False
    assert "estimation" not in one_cfa_week.message


def test_cfa_periods_after_the_end_or_before_the_start_change_nothing() -> None:
    cfa = (Period(D(2025, 12, 1), D(2026, 1, 4)), Period(D(2026, 3, 9), D(2026, 3, 13)))

    result = probation_end(apprenticeship(D(2026, 1, 5), cfa=cfa))

    assert result is not None
    assert result.date == D(2026, 3, 6)


@pytest.mark.parametrize("cfa", [None, ()], ids=["estimated", "exact"])
def test_sick_leave_suspends_the_count(cfa: tuple[Period, ...] | None) -> None:
    sick = (Period(D(2026, 2, 2), D(2026, 2, 4)),)  # Monday to Wednesday: 3 working days

    without = probation_end(apprenticeship(D(2026, 1, 5), cfa=cfa))
    with_sick_leave = probation_end(apprenticeship(D(2026, 1, 5), cfa=cfa, sick=sick))

    assert without is not None and with_sick_leave is not None
    # Estimated: the 60th working day, Friday 27 March, then the 63rd. Exact: the 45th, Friday 6 March, then the 48th.
    assert (without.date, with_sick_leave.date) == (
        (D(2026, 3, 27), D(2026, 4, 1)) if cfa is None else (D(2026, 3, 6), D(2026, 3, 11))
    )
    assert "arrêt maladie" not in without.message
    assert "L'arrêt maladie (3 jours ouvrés) suspend le décompte" in with_sick_leave.message


def test_sick_leave_over_a_weekend_at_the_cfa_or_outside_the_period_does_not_move_the_end() -> None:
    cfa = (Period(D(2026, 1, 12), D(2026, 1, 16)),)
    sick = (
        Period(D(2026, 1, 1), D(2026, 1, 4)),  # before the start
        Period(D(2026, 1, 14), D(2026, 1, 15)),  # at the CFA anyway
        Period(D(2026, 1, 24), D(2026, 1, 25)),  # a weekend
        Period(D(2026, 4, 20), D(2026, 4, 24)),  # after the end
    )

    result = probation_end(apprenticeship(D(2026, 1, 5), cfa=cfa, sick=sick))

    assert result is not None
    assert result.date == D(2026, 3, 13)
    assert "arrêt maladie" not in result.message


def test_a_sick_leave_begun_before_the_start_counts_from_the_start() -> None:
    sick = (Period(D(2025, 12, 15), D(2026, 1, 6)),)  # Monday 5 and Tuesday 6 January off sick

    result = probation_end(apprenticeship(D(2026, 1, 5), cfa=(), sick=sick))

    assert result is not None
    assert result.date == D(2026, 3, 10)
    assert "(2 jours ouvrés)" in result.message


@pytest.mark.parametrize(
    ("weeks", "nth"),
    [(4, 60), (2, 90), (3, 68), (5, 57)],
    ids=["one week in 4: the 60th", "one in 2: the 90th", "one in 3: the 68th", "one in 5: the 57th"],
)
def test_without_calendar_the_end_is_estimated_with_one_cfa_week_in_w(weeks: int, nth: int) -> None:
    result = probation_end(apprenticeship(D(2026, 9, 1)), weeks_per_cfa_week=weeks)

    assert result is not None
    assert result.date == day_by_day(D(2026, 9, 1), nth, ())
    assert result.estimated is True
    assert f"moins une semaine de CFA sur {weeks}" in result.message


def test_the_default_estimate_is_the_60th_working_day() -> None:
    # 22 working days in September 2026, 22 in October, 11 November off: the 60th is Tuesday 24 November.
    result = probation_end(apprenticeship(D(2026, 9, 1)))

    assert result is not None
    assert result.date == D(2026, 11, 24)
    assert result.message == (
        "La période des 45 premiers jours de formation pratique en entreprise se termine le 24/11/2026 "
        "(estimation : jours ouvrés hors jours fériés, moins une semaine de CFA sur 4 ; le calendrier d'alternance "
        "donnera la date exacte)."
    )


def test_one_cfa_week_in_one_is_refused() -> None:
    with pytest.raises(ValueError):
        probation_end(apprenticeship(D(2026, 9, 1)), weeks_per_cfa_week=1)


@pytest.mark.parametrize(
    "kind",
    [ContractKind.PROFESSIONNALISATION, ContractKind.PRO_A, ContractKind.PERIODE_RECONVERSION],
    ids=lambda kind: kind.value,
)
def test_other_contracts_have_no_such_period(kind: ContractKind) -> None:
    assert probation_end(ContractFacts(kind=kind, start_date=D(2026, 9, 1))) is None


@pytest.mark.parametrize(
    ("start", "cfa"),
    [(D(2026, 9, 1), None), (D(2026, 9, 1), ()), (D(2085, 9, 3), None)],
    ids=["estimated", "exact", "past the table"],
)
def test_a_count_running_past_five_years_gives_no_date(start: dt.date, cfa: tuple[Period, ...] | None) -> None:
    sick = (Period(start, start + dt.timedelta(days=6 * 365)),)

    result = probation_end(apprenticeship(start, cfa=cfa, sick=sick))

    assert result is not None
    assert result.date is None
    assert result.estimated is (cfa is None)
    assert "5 ans" in result.message


# The fast paths against the day-by-day count


@pytest.mark.parametrize("seed", range(4), ids=lambda seed: f"seed {seed}")
def test_the_answer_matches_a_day_by_day_count(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(300):
        start = D(2015, 8, 19) + dt.timedelta(days=rng.randrange(365 * 70))
        sick = random_periods(rng, start, rng.choice([0, 0, 1, 3]))
        cfa = None if rng.random() < 0.5 else random_periods(rng, start, rng.randrange(0, 8))

        result = probation_end(apprenticeship(start, cfa=cfa, sick=sick))

        assert result is not None
        assert result.date == day_by_day(start, 60 if cfa is None else 45, sick + (cfa or ())), (start, cfa, sick)


@pytest.mark.parametrize(
    "start",
    [D(1989, 12, 20), D(2080, 11, 20), D(2081, 1, 1), D(2150, 4, 4)],
    ids=["before the table", "running off its end", "after it", "long after it"],
)
def test_outside_the_table_the_answer_is_counted_day_by_day(start: dt.date) -> None:
    sick = (Period(start + dt.timedelta(days=10), start + dt.timedelta(days=14)),)

    result = probation_end(apprenticeship(start, signed=D(2016, 1, 1), sick=sick))

    assert result is not None
    assert result.date == day_by_day(start, 60, sick)


def test_the_table_and_the_day_loop_agree_over_random_starts() -> None:
    rng = random.Random(2026)
    first, last = D(1990, 1, 1).toordinal(), D(2079, 12, 31).toordinal()
    for _ in range(2000):
        start = rng.randrange(first, last)
        closed = calendar._merge(random_periods(rng, D.fromordinal(start), rng.randrange(0, 6)), D.fromordinal(start))
        n = rng.randrange(1, 100)

        by_table = calendar._nth_by_table(start, n, closed)

        assert by_table is not None
        assert by_table == calendar._nth_by_loop(start, n, closed, start + 3000), (start, n, closed)
