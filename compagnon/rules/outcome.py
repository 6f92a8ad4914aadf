"""What the rules engine answers: checks with their article, capacity, funding, calendar, rights, warnings.

Each check is `ok`, `ko` or `unknown`, with a code, a French message a master can understand, and its legal basis: the
article's number and the date from which the cited version of it applies (compagnon/rules/articles.py).

The parts of an answer are immutable and shared: the rules modules build each of them once for the facts it depends on
and hand the same object to every decision with those facts (100,000 decisions must take under 2 seconds). The
`Decision` that gathers them is built for each situation: a plain slotted dataclass, cheaper to build than a frozen
one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum


class Status(StrEnum):
    OK = "ok"
    KO = "ko"
    UNKNOWN = "unknown"


def combine(statuses: Iterable[Status]) -> Status:
    """`ko` if any is `ko`; else `unknown` if any is `unknown`; else `ok`."""
    seen_unknown = False
    for status in statuses:
        if status is Status.KO:
            return Status.KO
        if status is Status.UNKNOWN:
            seen_unknown = True
    return Status.UNKNOWN if seen_unknown else Status.OK


def worse(a: Status, b: Status) -> Status:
    """`combine((a, b))`, without the loop: the engine folds the status of each group of checks in so."""
    if a is _KO or b is _KO:
        return _KO
    if a is _UNKNOWN or b is _UNKNOWN:
        return _UNKNOWN
    return _OK


# Enum members as module names for worse(), which runs a few times per evaluation: reading `Status.KO` costs ten times
# a global in Python 3.11.
_OK, _KO, _UNKNOWN = Status.OK, Status.KO, Status.UNKNOWN


def any_route(statuses: Iterable[Status]) -> Status:
    """Alternatives offered by the law (competence routes): `ok` if one is met, `ko` if all fail, else `unknown`."""
    seen_unknown = False
    for status in statuses:
        if status is Status.OK:
            return Status.OK
        if status is Status.UNKNOWN:
            seen_unknown = True
    return Status.UNKNOWN if seen_unknown else Status.KO


# Compared and hashed by identity: articles.basis() hands out one object per article, version and note, and these
# objects are part of the keys of the rules' caches, where hashing them field by field cost more than the rule.
@dataclass(frozen=True, slots=True, eq=False)
class LegalBasis:
    article: str  # "R6223-22"
    version: str  # "2019-01-01": the date from which the cited version applies
    note: str = ""  # a text outside the Code du travail, when it matters ("décret n° 2011-1358")


@dataclass(frozen=True, slots=True)
class Check:
    code: str
    status: Status
    message: str
    basis: LegalBasis


@dataclass(frozen=True, slots=True)
class Capacity:
    """How many trainees the supervisor may have at once, and how many they have (the contract evaluated included)."""

    limit: int | None
    extra_for_extended: int
    current: int | None  # the other current supervisees, as given (the contract evaluated excluded)
    status: Status
    message: str
    basis: LegalBasis


@dataclass(frozen=True, slots=True)
class TrainingFunding:
    """The supervisor's own training (D6332-92): a ceiling the OPCO may fund."""

    eur_per_hour: int
    max_hours: int
    max_eur: int | None  # None: unknown (a fact is missing); 0: does not apply (see reason)
    reason: str
    basis: LegalBasis
    source: str  # "plafond légal" or the OPCO whose own amounts apply


@dataclass(frozen=True, slots=True)
class FunctionFunding:
    """The exercise of the master or tutor function (D6332-93): a monthly ceiling for a number of months."""

    eur_per_month: int
    months: int
    max_eur: int | None
    reason: str
    basis: LegalBasis
    source: str


@dataclass(frozen=True, slots=True)
class Funding:
    supervisor_training: TrainingFunding
    function: FunctionFunding


@dataclass(frozen=True, slots=True)
class ProbationEnd:
    """The last day of the free-rupture period (L6222-18): None when it cannot be computed or does not apply."""

    date: dt.date | None
    estimated: bool
    message: str
    basis: LegalBasis


@dataclass(frozen=True, slots=True)
class Right:
    """Something the supervisor or the trainee is entitled to, and may not know about."""

    code: str
    status: Status
    message: str
    basis: LegalBasis
    amount_eur: int | None = None


@dataclass(frozen=True, slots=True)
class Warning:
    """A fact worth knowing that never changes the decision (the apprentice's age, for instance)."""

    code: str
    message: str
    basis: LegalBasis


@dataclass(slots=True)
class Decision:
    decision: Status
    checks: tuple[Check, ...]
    capacity: Capacity
    funding: Funding
    probation_end: ProbationEnd | None
    warnings: tuple[Warning, ...] = ()
    rights: tuple[Right, ...] = field(default=())
