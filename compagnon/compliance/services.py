"""The rules engine applied to the platform's data: a supervision becomes a `rules.model.Situation`, its answer is
stored in `SupervisionCompliance`.

What the database does not know stays unknown (None), never guessed: the engine then answers « à vérifier ».

Two ways in, one way to build a situation (`situation_from`, from plain values):
- `situations()` reads model instances, for the pages that show the answer next to the supervision (a few rows);
- `refresh_compliance()` reads the facts of every supervision in one streamed query of plain tuples, ordered by
  person so that each person's other supervisions (capacity, master activity) are at hand, and writes the answers
  with the raw cursor (`executemany` upsert; `COPY` then one upsert on PostgreSQL). An import of 1,000,000 rows at
  20,000 rows/s leaves about 20 µs per supervision for all of it: no model instance, no ORM write on that path.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter
from typing import Any, NamedTuple

from django.core.exceptions import EmptyResultSet
from django.db import connection, transaction
from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet, Value
from django.utils import timezone

from compagnon.compliance.models import Decision, SupervisionCompliance
from compagnon.compliance.rule_data import current_rule_data
from compagnon.contracts.models import Supervision
from compagnon.core import audit
from compagnon.core.models import AuditEntry
from compagnon.organisations.models import Company
from compagnon.people.models import Diploma as DiplomaRow
from compagnon.people.models import ExperiencePeriod, SupervisorProfile
from compagnon.rules import evaluate
from compagnon.rules import outcome as rules_outcome
from compagnon.rules.dates import age_on
from compagnon.rules.model import (
    ContractFacts,
    ContractKind,
    Diploma,
    Employer,
    EmployerKind,
    Situation,
    Supervisee,
    Supervisor,
    SupervisorRole,
    SupervisorStatus,
    Trainee,
)
from compagnon.rules.nsf import same_field
from compagnon.rules.outcome import Status
from compagnon.rules.params import RuleData

EMPLOYER_KINDS = {
    Company.Kind.ORDINARY: EmployerKind.ENTREPRISE,
    Company.Kind.EMPLOYER_GROUP: EmployerKind.GROUPEMENT_EMPLOYEURS,
    Company.Kind.TEMPORARY_WORK: EmployerKind.ETT,
    Company.Kind.INTERMEDIARY_ASSOCIATION: EmployerKind.ASSOCIATION_INTERMEDIAIRE,
    Company.Kind.SIAE: EmployerKind.SIAE,
    Company.Kind.PUBLIC: EmployerKind.PUBLIC,
}
# The stored texts as the engine's enums, by dictionary lookup (an unknown text fails loudly, as the enum would).
CONTRACT_KINDS = {kind.value: kind for kind in ContractKind}
ROLES = {role.value: role for role in SupervisorRole}
STATUSES = {status.value: status for status in SupervisorStatus}
# R6223-22, last paragraph: from 01/01/2019 internships and apprenticeship time do not count as experience.
NOT_EXPERIENCE_FROM = dt.date(2019, 1, 1)
TRAINING_KINDS = {ExperiencePeriod.Kind.INTERNSHIP, ExperiencePeriod.Kind.APPRENTICESHIP}
# Beyond the longest route of any period (60 months before 2011), more sure months change no answer.
ENOUGH_MONTHS = 60
ONE_DAY = dt.timedelta(days=1)
BATCH = 2_000
# Rows read and written at a time by refresh_compliance: a person's supervisions are never split between two.
REFRESH_BATCH = 5_000
# A batch whose people are at least one in DENSE of the range of their ids reads the diplomas of that range (a person
# in three is a supervisor in the demo region).
DENSE = 8
# Facts shared between situations (employers, trainees) are kept up to this many of each.
CACHE_SIZE = 100_000


class Facts(NamedTuple):
    """What the rules read of one supervision, its contract, its company and the two people: one row of one query."""

    supervision_id: int
    person_id: int
    role: str
    status: str
    volunteer: bool | None
    good_character_attested: bool | None
    second_tutor: bool
    birth_date: dt.date | None
    profile_id: int | None  # the supervisor profile; None: nothing known of diplomas and experience
    capacity_exemption_limit: int | None
    capacity_exemption_until: dt.date | None
    contract_id: int
    kind: str
    start_date: dt.date
    planned_end_date: dt.date
    rupture_date: dt.date | None
    signature_date: dt.date | None
    extended_after_exam_failure: bool
    certification_level: int | None
    certification_nsf: str | None
    company_kind: str
    headcount: int | None
    idcc: str
    company_opco: str | None
    contract_opco: str | None
    apprentice_birth_date: dt.date | None
    apprentice_profile_id: int | None  # None: nothing known of the priority-public facts
    long_term_jobseeker: bool | None
    minimum_benefits: bool | None
    highest_diploma_level: int | None


# Where each of the Facts is read from, in the same order.
FACT_PATHS = (
    "pk",
    "person_id",
    "role",
    "status",
    "volunteer",
    "good_character_attested",
    "is_second_tutor",
    "person__birth_date",
    "person__supervisor_profile__id",
    "person__supervisor_profile__capacity_exemption_limit",
    "person__supervisor_profile__capacity_exemption_until",
    "contract_id",
    "contract__kind",
    "contract__start_date",
    "contract__planned_end_date",
    "contract__rupture_date",
    "contract__signature_date",
    "contract__extended_after_exam_failure",
    "contract__certification__level",
    "contract__certification__nsf__code",
    "contract__company__kind",
    "contract__company__headcount",
    "contract__company__idcc",
    "contract__company__opco__code",
    "contract__opco__code",
    "contract__apprentice__birth_date",
    "contract__apprentice__apprentice_profile__id",
    "contract__apprentice__apprentice_profile__long_term_jobseeker",
    "contract__apprentice__apprentice_profile__minimum_benefits",
    "contract__apprentice__apprentice_profile__highest_diploma_level",
)
assert len(FACT_PATHS) == len(Facts._fields)


class PeriodFacts(NamedTuple):
    """One experience period of a supervisor."""

    kind: str
    start_date: dt.date
    end_date: dt.date | None
    nsf: str | None


class _Other(NamedTuple):
    """A supervision of the same person: what capacity and the CPF credit need of it."""

    contract_id: int
    role: str
    start: dt.date
    end: dt.date
    supervisee: Supervisee


def _other(
    contract_id: int,
    role: str,
    kind: str,
    start: dt.date,
    planned_end: dt.date,
    rupture: dt.date | None,
    extended: bool,
) -> _Other:
    end = min(rupture or planned_end, planned_end)
    return _Other(contract_id, role, start, end, _supervisee(kind, extended))


_SUPERVISEES: dict[tuple[str, bool], Supervisee] = {}


def _supervisee(kind: str, extended: bool) -> Supervisee:
    """Shared: a few kinds of supervisees for millions of supervisions."""
    found = _SUPERVISEES.get((kind, extended))
    if found is None:
        found = _SUPERVISEES[kind, extended] = Supervisee(
            kind=CONTRACT_KINDS[kind], extended_after_exam_failure=extended
        )
    return found


def _months(days: int) -> int:
    return days * 12 // 365


def _period_days(start: dt.date, end: dt.date) -> int:
    return max(0, (end - start).days + 1)


def experience_months(
    periods: Iterable[PeriodFacts], *, until: dt.date, certification_nsf: str | None, reference: dt.date
) -> tuple[int | None, int | None]:
    """(relevant months, months in a temporary-work agency) up to `until`.

    Relevant: activity whose NSF group is the same professional field as the certification's (rules.nsf). Periods of
    unknown or only possibly related field leave the answer unknown, unless the sure months are already enough for
    every route.
    """
    sure = maybe = ett = 0
    for kind, start, end, nsf in periods:
        if start > until:
            continue
        days = _period_days(start, min(end or until, until))
        if kind == ExperiencePeriod.Kind.TEMPORARY_WORK:
            ett += days
        if kind in TRAINING_KINDS and reference >= NOT_EXPERIENCE_FROM:
            continue
        field = same_field(nsf, certification_nsf)
        if field is Status.OK:
            sure += days
        elif field is Status.UNKNOWN:
            maybe += days
    relevant = _months(sure)
    if maybe and relevant < ENOUGH_MONTHS:
        return None, _months(ett)
    return relevant, _months(ett)


def priority_public(
    *,
    has_profile: bool,
    long_term_jobseeker: bool | None,
    minimum_benefits: bool | None,
    highest_diploma_level: int | None,
    birth: dt.date | None,
    start: dt.date,
) -> bool | None:
    """L6325-1-1: long-term jobseekers, RSA/ASS/AAH recipients, and 16-25-year-olds without a second-cycle secondary
    or a vocational diploma (level 3 is the CAP)."""
    if not has_profile:
        return None
    if long_term_jobseeker or minimum_benefits:
        return True
    if birth is None:
        return None
    if 16 <= age_on(birth, start) <= 25:
        if highest_diploma_level is None:
            return None
        return highest_diploma_level < 3
    return False


def _master_months(others: Sequence[_Other], today: dt.date) -> int:
    """Master activity over the past calendar year and the one before (D5151-14 II), periods merged."""
    first, last = dt.date(today.year - 2, 1, 1), dt.date(today.year - 1, 12, 31)
    spans = [(max(o.start, first), min(o.end, last)) for o in others if o.role == "master" and o.start <= last]
    spans.sort()
    days, reached = 0, first - ONE_DAY
    for start, end in spans:
        if end <= reached:
            continue
        days += _period_days(max(start, reached + ONE_DAY), end)
        reached = end
    return _months(days)


def situation_from(
    facts: Facts,
    *,
    diplomas: Mapping[int, tuple[Diploma, ...]],
    periods: Mapping[int, Sequence[PeriodFacts]],
    others: Sequence[_Other],
    master_months: int,
) -> Situation:
    """The situation of one supervision from plain values. `others`: all the person's supervisions (this one
    included); `master_months`: the person's master activity (`_master_months`), kept for a master only."""
    # One unpacking rather than thirty attribute reads: this runs for each of a million supervisions.
    (
        _,
        _,
        role,
        status,
        volunteer,
        good_character_attested,
        second_tutor,
        birth_date,
        profile,
        capacity_exemption_limit,
        capacity_exemption_until,
        contract_id,
        kind,
        start,
        planned_end_date,
        _,
        signature_date,
        extended_after_exam_failure,
        certification_level,
        certification_nsf,
        company_kind,
        headcount,
        idcc,
        company_opco,
        contract_opco,
        apprentice_birth_date,
        apprentice_profile,
        long_term_jobseeker,
        minimum_benefits,
        highest_diploma_level,
    ) = facts
    if profile is None:
        held: tuple[Diploma, ...] | None = None
        relevant = ett = None
    else:
        held = diplomas.get(profile, ())
        relevant, ett = experience_months(
            periods.get(profile, ()),
            until=start,
            certification_nsf=certification_nsf,
            reference=signature_date or start,
        )
    current = tuple(
        [other.supervisee for other in others if other.contract_id != contract_id and other.start <= start <= other.end]
    )
    supervisor_role = ROLES[role]
    return Situation(
        contract=ContractFacts(
            kind=CONTRACT_KINDS[kind],
            start_date=start,
            end_date=planned_end_date,
            signature_date=signature_date,
            certification_level=certification_level,
            certification_nsf=certification_nsf,
            extended_after_exam_failure=extended_after_exam_failure,
        ),
        employer=_employer(company_kind, headcount, idcc, contract_opco or company_opco),
        supervisor=Supervisor(
            role=supervisor_role,
            status=STATUSES[status] if status else None,
            volunteer=volunteer,
            good_character_attested=good_character_attested,
            birth_date=birth_date,
            diplomas=held,
            relevant_experience_months=relevant,
            ett_experience_months=ett,
            second_tutor=second_tutor,
            capacity_exemption_limit=capacity_exemption_limit,
            capacity_exemption_until=capacity_exemption_until,
            current_supervisees=current,
            master_activity_months=master_months if supervisor_role is SupervisorRole.MASTER else None,
        ),
        trainee=_trainee(
            apprentice_birth_date,
            priority_public(
                has_profile=apprentice_profile is not None,
                long_term_jobseeker=long_term_jobseeker,
                minimum_benefits=minimum_benefits,
                highest_diploma_level=highest_diploma_level,
                birth=apprentice_birth_date,
                start=start,
            ),
        ),
    )


_TRAINEES: dict[tuple[dt.date | None, bool | None], Trainee] = {}


def _trainee(birth_date: dt.date | None, priority: bool | None) -> Trainee:
    """Shared between the contracts of apprentices born the same day."""
    found = _TRAINEES.get((birth_date, priority))
    if found is None:
        if len(_TRAINEES) > CACHE_SIZE:
            _TRAINEES.clear()
        found = _TRAINEES[birth_date, priority] = Trainee(birth_date=birth_date, priority_public=priority)
    return found


_EMPLOYERS: dict[tuple[str, int | None, str, str | None], Employer] = {}


def _employer(kind: str, headcount: int | None, idcc: str, opco: str | None) -> Employer:
    """Shared between the contracts of a company (and of companies alike)."""
    key = (kind, headcount, idcc, opco)
    found = _EMPLOYERS.get(key)
    if found is None:
        if len(_EMPLOYERS) > CACHE_SIZE:
            _EMPLOYERS.clear()
        found = _EMPLOYERS[key] = Employer(
            kind=EMPLOYER_KINDS.get(kind),  # type: ignore[call-overload]
            headcount=headcount,
            idcc=idcc or None,
            opco=opco,
        )
    return found


# --- reading, a few rows with their model instances (pages) ---------------------------------------------------------


def situations(supervisions: QuerySet[Supervision], *, today: dt.date) -> Iterator[tuple[Supervision, Situation]]:
    """Each supervision with its situation, read in batches of BATCH (a few queries per batch, whatever its size)."""
    query = supervisions.select_related(
        "person__supervisor_profile",
        "contract__company",
        "contract__company__opco",
        "contract__opco",
        "contract__certification__nsf",
        "contract__apprentice__apprentice_profile",
    ).order_by("pk")
    last = 0
    while True:
        batch = list(query.filter(pk__gt=last)[:BATCH])
        if not batch:
            return
        last = batch[-1].pk
        yield from _situations(batch, today)


def _situations(batch: list[Supervision], today: dt.date) -> Iterator[tuple[Supervision, Situation]]:
    diplomas, periods = _qualifications(Q(profile__person_id__in={s.person_id for s in batch}))
    others: dict[int, list[_Other]] = defaultdict(list)
    query = Supervision.objects.filter(person_id__in={s.person_id for s in batch}).order_by(*PERSON_ORDER)
    for person_id, *other in _rows(query.values_list("person_id", *OTHER_PATHS)):
        others[person_id].append(_other(*other))
    for supervision in batch:
        yield (
            supervision,
            situation_of(
                supervision, diplomas=diplomas, periods=periods, others=others[supervision.person_id], today=today
            ),
        )


def _profile(supervision: Supervision) -> SupervisorProfile | None:
    return getattr(supervision.person, "supervisor_profile", None)


def facts_of(supervision: Supervision) -> Facts:
    """The Facts of a supervision read with its related instances (select_related as in `situations`)."""
    contract = supervision.contract
    company = contract.company
    certification = contract.certification
    profile = _profile(supervision)
    apprentice = contract.apprentice
    apprentice_profile = getattr(apprentice, "apprentice_profile", None)
    return Facts(
        supervision_id=supervision.pk,
        person_id=supervision.person_id,
        role=supervision.role,
        status=supervision.status,
        volunteer=supervision.volunteer,
        good_character_attested=supervision.good_character_attested,
        second_tutor=supervision.is_second_tutor,
        birth_date=supervision.person.birth_date,
        profile_id=profile.pk if profile is not None else None,
        capacity_exemption_limit=profile.capacity_exemption_limit if profile is not None else None,
        capacity_exemption_until=profile.capacity_exemption_until if profile is not None else None,
        contract_id=contract.pk,
        kind=contract.kind,
        start_date=contract.start_date,
        planned_end_date=contract.planned_end_date,
        rupture_date=contract.rupture_date,
        signature_date=contract.signature_date,
        extended_after_exam_failure=contract.extended_after_exam_failure,
        certification_level=certification.level if certification is not None else None,
        certification_nsf=certification.nsf.code if certification is not None and certification.nsf else None,
        company_kind=company.kind,
        headcount=company.headcount,
        idcc=company.idcc,
        company_opco=company.opco.code if company.opco is not None else None,
        contract_opco=contract.opco.code if contract.opco is not None else None,
        apprentice_birth_date=apprentice.birth_date,
        apprentice_profile_id=apprentice_profile.pk if apprentice_profile is not None else None,
        long_term_jobseeker=apprentice_profile.long_term_jobseeker if apprentice_profile is not None else None,
        minimum_benefits=apprentice_profile.minimum_benefits if apprentice_profile is not None else None,
        highest_diploma_level=apprentice_profile.highest_diploma_level if apprentice_profile is not None else None,
    )


def situation_of(
    supervision: Supervision,
    *,
    diplomas: Mapping[int, tuple[Diploma, ...]],
    periods: Mapping[int, Sequence[PeriodFacts]],
    others: Sequence[_Other],
    today: dt.date,
) -> Situation:
    """The situation of one supervision read with its related instances; `others`: all the person's supervisions."""
    return situation_from(
        facts_of(supervision),
        diplomas=diplomas,
        periods=periods,
        others=others,
        master_months=_master_months(others, today),
    )


# --- reading, every supervision as plain tuples (refresh) -----------------------------------------------------------

# A person's supervisions one after the other, in the order of the index on (person, contract).
PERSON_ORDER = ("person_id", "contract_id", "pk")
OTHER_PATHS = (
    "contract_id",
    "role",
    "contract__kind",
    "contract__start_date",
    "contract__planned_end_date",
    "contract__rupture_date",
    "contract__extended_after_exam_failure",
)
# A row of the refresh: `(selected, stored decision, stored answer, *Facts)`; where the person, the supervisor
# profile and the columns `_other` reads are in it.
_FACTS = 3
_PERSON = _FACTS + Facts._fields.index("person_id")
_PROFILE = _FACTS + Facts._fields.index("profile_id")
_OTHER_COLUMNS = itemgetter(
    *(
        _FACTS + Facts._fields.index(name)
        for name in (
            "contract_id",
            "role",
            "kind",
            "start_date",
            "planned_end_date",
            "rupture_date",
            "extended_after_exam_failure",
        )
    )
)


def _rows(query: QuerySet[Any, Any]) -> list[tuple[Any, ...]]:
    """The rows of a values_list query straight from the cursor: the drivers already give dates and booleans (the
    SQLite backend declares converters for them), Django's per-value converters are skipped."""
    try:
        sql, params = query.query.get_compiler(using=query.db).as_sql()
    except EmptyResultSet:  # `__in` an empty list
        return []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


_DIPLOMAS: dict[tuple[int, str | None], Diploma] = {}


def _qualifications(profiles: Q) -> tuple[dict[int, tuple[Diploma, ...]], dict[int, list[PeriodFacts]]]:
    """The diplomas and experience periods of the supervisor profiles `profiles` selects (a filter on `profile`, as
    Diploma and ExperiencePeriod both have it): two queries."""
    held: dict[int, list[Diploma]] = defaultdict(list)
    for profile_id, level, code in _rows(
        DiplomaRow.objects.filter(profiles).order_by("profile_id", "pk").values_list("profile_id", "level", "nsf__code")
    ):
        diploma = _DIPLOMAS.get((level, code))
        if diploma is None:
            diploma = _DIPLOMAS[level, code] = Diploma(level=level, nsf=code)
        held[profile_id].append(diploma)
    periods: dict[int, list[PeriodFacts]] = defaultdict(list)
    for profile_id, *period in _rows(
        ExperiencePeriod.objects.filter(profiles)
        .order_by("profile_id", "pk")
        .values_list("profile_id", "kind", "start_date", "end_date", "nsf__code")
    ):
        periods[profile_id].append(PeriodFacts(*period))
    return {profile: tuple(found) for profile, found in held.items()}, periods


def _profiles_of(batch: list[tuple[Any, ...]]) -> Q:
    """The supervisor profiles of a batch of rows in person order: their range of people when the batch covers most
    of it (no list of ids to send), else the list."""
    people = {row[_PERSON] for row in batch}
    first, last = batch[0][_PERSON], batch[-1][_PERSON]
    if last - first < DENSE * len(people):
        return Q(profile__person_id__gte=first, profile__person_id__lte=last)
    return Q(profile_id__in={row[_PROFILE] for row in batch if row[_PROFILE] is not None})


def _fact_batches(supervisions: QuerySet[Supervision] | None) -> Iterator[list[tuple[Any, ...]]]:
    """Rows `(selected, stored decision, stored answer, *Facts)` of the supervisions and of every other supervision of
    their people, by person, streamed (a server-side cursor on PostgreSQL), in batches that never split a person's
    supervisions."""
    if supervisions is None:
        query = Supervision.objects.annotate(selected=Value(True))
    else:
        query = Supervision.objects.filter(person_id__in=supervisions.values("person_id")).annotate(
            selected=ExpressionWrapper(Q(pk__in=supervisions.values("pk")), output_field=BooleanField())
        )
    values = query.order_by(*PERSON_ORDER).values_list(
        "selected", "compliance__decision", "compliance__answer", *FACT_PATHS
    )
    sql, params = values.query.get_compiler(using=values.db).as_sql()
    person = _PERSON
    pending: list[tuple[Any, ...]] = []
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(REFRESH_BATCH):
            batch = pending + rows if pending else rows
            if len(rows) < REFRESH_BATCH:  # the last rows: no person continues in the next
                yield batch
                pending = []
                continue
            last = batch[-1][person]
            cut = len(batch) - 1
            while cut > 0 and batch[cut - 1][person] == last:
                cut -= 1
            if cut:
                yield batch[:cut]
            pending = batch[cut:]
    if pending:
        yield pending


class _Evaluated(NamedTuple):
    supervision_id: int
    decision: rules_outcome.Decision
    stored_decision: str | None  # what SupervisionCompliance holds, None if nothing yet
    stored_answer: str | None  # as the database gives it back: the JSON text


def _decisions(
    supervisions: QuerySet[Supervision] | None, *, today: dt.date, data: RuleData
) -> Iterator[list[_Evaluated]]:
    """The decision of each supervision, batch by batch, with its stored answer."""
    person = itemgetter(_PERSON)
    new = tuple.__new__
    for batch in _fact_batches(supervisions):
        diplomas, periods = _qualifications(_profiles_of(batch))
        decided = []
        for _, group in groupby(batch, person):
            rows = list(group)
            others = [_other(*_OTHER_COLUMNS(row)) for row in rows]
            master_months = _master_months(others, today)
            for row in rows:
                if row[0]:
                    facts: Facts = new(Facts, row[_FACTS:])
                    situation = situation_from(
                        facts, diplomas=diplomas, periods=periods, others=others, master_months=master_months
                    )
                    decided.append(_Evaluated(facts.supervision_id, evaluate(situation, data), row[1], row[2]))
        yield decided


# --- writing --------------------------------------------------------------------------------------------------------


class _CheckTexts(dict[str, str]):
    """The JSON of each code a check can have with one status: a few dozen texts, written millions of times."""

    def __init__(self, status: Status) -> None:
        super().__init__()
        self.status = status

    def __missing__(self, code: str) -> str:
        text = self[code] = json.dumps({"code": code, "status": self.status.value})
        return text


_CHECK_TEXTS = {status: _CheckTexts(status) for status in Status}


def answer_text(decision: rules_outcome.Decision) -> str:
    """What SupervisionCompliance.answer keeps of a decision, as JSON: `{"checks": [{"code", "status"}, …]}`, the
    text `json.dumps` writes (see the model for why no more)."""
    texts = _CHECK_TEXTS
    return '{"checks": [' + ", ".join([texts[check.status][check.code] for check in decision.checks]) + "]}"


def _upsert_sql(source: str) -> str:
    table = connection.ops.quote_name(SupervisionCompliance._meta.db_table)
    return (
        f"INSERT INTO {table} (supervision_id, decision, answer, computed_at) {source} "
        "ON CONFLICT (supervision_id) DO UPDATE SET decision = excluded.decision, answer = excluded.answer, "
        "computed_at = excluded.computed_at"
    )


def _write(cursor: Any, rows: list[tuple[int, str, str]], now: dt.datetime) -> None:
    """Insert or replace these answers: one `executemany`, or on PostgreSQL one COPY into a temporary table then
    one upsert from it (`executemany` of an upsert costs a round trip a row there)."""
    if not rows:
        return
    if connection.vendor == "postgresql":
        with cursor.cursor.copy("COPY compliance_load (supervision_id, decision, answer) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        cursor.execute(_upsert_sql("SELECT supervision_id, decision, answer, %s FROM compliance_load"), [now])
        cursor.execute("TRUNCATE compliance_load")
    else:
        stamp = connection.ops.adapt_datetimefield_value(now)
        cursor.executemany(_upsert_sql("VALUES (%s, %s, %s, %s)"), [(*row, stamp) for row in rows])


@dataclass(frozen=True)
class RefreshResult:
    supervisions: int
    by_decision: dict[str, int]
    changed: int = 0  # answers written: new, or other than the stored one


def refresh_compliance(
    *, supervisions: QuerySet[Supervision] | None = None, actor: Any = None, data: RuleData | None = None
) -> RefreshResult:
    """Evaluate the supervisions (all of them by default) and store their answers, in one transaction."""
    data = data or current_rule_data()
    now = timezone.now()
    today = timezone.localdate(now)
    counts: dict[str, int] = defaultdict(int)
    total = changed = 0
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE TEMPORARY TABLE IF NOT EXISTS compliance_load "
                "(supervision_id bigint, decision varchar(10), answer jsonb) ON COMMIT DROP"
            )
        for decided in _decisions(supervisions, today=today, data=data):
            rows = []
            for supervision_id, decision, stored_decision, stored_answer in decided:
                value = decision.decision.value
                counts[value] += 1
                text = answer_text(decision)
                # An answer the database already holds is not written again (nor its date: see the model).
                if text != stored_answer or value != stored_decision:
                    rows.append((supervision_id, value, text))
            _write(cursor, rows, now)
            total += len(decided)
            changed += len(rows)
        if supervisions is None or total > 1:
            audit.record(
                actor=actor,
                action=AuditEntry.Action.COMPLIANCE,
                summary=f"Conformité recalculée pour {total} tutorat(s), {changed} réponse(s) modifiée(s)",
                changes={Decision(k).label: v for k, v in sorted(counts.items())},
            )
    return RefreshResult(supervisions=total, by_decision=dict(counts), changed=changed)
