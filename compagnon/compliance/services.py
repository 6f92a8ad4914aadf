"""The rules engine applied to the platform's data: a supervision becomes a `rules.model.Situation`, its answer is
stored in `SupervisionCompliance`.

What the database does not know stays unknown (None), never guessed: the engine then answers « à vérifier ».
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from compagnon.compliance.models import Decision, SupervisionCompliance
from compagnon.compliance.rule_data import current_rule_data
from compagnon.contracts.models import Contract, Supervision
from compagnon.core import audit
from compagnon.core.models import AuditEntry
from compagnon.organisations.models import Company
from compagnon.people.models import ApprenticeProfile, ExperiencePeriod, SupervisorProfile
from compagnon.people.models import Diploma as DiplomaRow
from compagnon.rules import evaluate, jsonio
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
# R6223-22, last paragraph: from 01/01/2019 internships and apprenticeship time do not count as experience.
NOT_EXPERIENCE_FROM = dt.date(2019, 1, 1)
TRAINING_KINDS = {ExperiencePeriod.Kind.INTERNSHIP, ExperiencePeriod.Kind.APPRENTICESHIP}
# Beyond the longest route of any period (60 months before 2011), more sure months change no answer.
ENOUGH_MONTHS = 60
BATCH = 2_000


@dataclass(frozen=True)
class _Other:
    """Another supervision of the same person: what capacity and the CPF credit need of it."""

    contract_id: int
    role: str
    kind: str
    start: dt.date
    end: dt.date
    extended: bool


def _months(days: int) -> int:
    return days * 12 // 365


def _period_days(start: dt.date, end: dt.date) -> int:
    return max(0, (end - start).days + 1)


def experience_months(
    periods: Iterable[ExperiencePeriod], *, until: dt.date, certification_nsf: str | None, reference: dt.date
) -> tuple[int | None, int | None]:
    """(relevant months, months in a temporary-work agency) up to `until`.

    Relevant: activity whose NSF group is the same professional field as the certification's (rules.nsf). Periods of
    unknown or only possibly related field leave the answer unknown, unless the sure months are already enough for
    every route.
    """
    sure = maybe = ett = 0
    for period in periods:
        if period.start_date > until:
            continue
        days = _period_days(period.start_date, min(period.end_date or until, until))
        if period.kind == ExperiencePeriod.Kind.TEMPORARY_WORK:
            ett += days
        if period.kind in TRAINING_KINDS and reference >= NOT_EXPERIENCE_FROM:
            continue
        field = same_field(period.nsf.code if period.nsf is not None else None, certification_nsf)
        if field is Status.OK:
            sure += days
        elif field is Status.UNKNOWN:
            maybe += days
    relevant = _months(sure)
    if maybe and relevant < ENOUGH_MONTHS:
        return None, _months(ett)
    return relevant, _months(ett)


def priority_public(profile: ApprenticeProfile | None, birth: dt.date | None, start: dt.date) -> bool | None:
    """L6325-1-1: long-term jobseekers, RSA/ASS/AAH recipients, and 16-25-year-olds without a second-cycle secondary
    or a vocational diploma (level 3 is the CAP)."""
    if profile is None:
        return None
    if profile.long_term_jobseeker or profile.minimum_benefits:
        return True
    if birth is None:
        return None
    if 16 <= age_on(birth, start) <= 25:
        if profile.highest_diploma_level is None:
            return None
        return profile.highest_diploma_level < 3
    return False


def _current_on(other: _Other, day: dt.date) -> bool:
    return other.start <= day <= other.end


def _master_months(others: list[_Other], today: dt.date) -> int:
    """Master activity over the past calendar year and the one before (D5151-14 II), periods merged."""
    first, last = dt.date(today.year - 2, 1, 1), dt.date(today.year - 1, 12, 31)
    spans = sorted((max(o.start, first), min(o.end, last)) for o in others if o.role == "master" and o.start <= last)
    days, reached = 0, first - dt.timedelta(days=1)
    for start, end in spans:
        if end <= reached:
            continue
        days += _period_days(max(start, reached + dt.timedelta(days=1)), end)
        reached = end
    return _months(days)


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
    people = {s.person_id for s in batch}
    profiles = [s.person.supervisor_profile for s in batch if _profile(s) is not None]
    diplomas: dict[int, list[Diploma]] = defaultdict(list)
    periods: dict[int, list[ExperiencePeriod]] = defaultdict(list)
    if profiles:
        profile_ids = {p.pk for p in profiles}
        held = DiplomaRow.objects.filter(profile_id__in=profile_ids).values_list("profile_id", "level", "nsf__code")
        for profile_id, level, code in held:
            diplomas[profile_id].append(Diploma(level=level, nsf=code))
        for period in ExperiencePeriod.objects.filter(profile_id__in=profile_ids).select_related("nsf"):
            periods[period.profile_id].append(period)
    others: dict[int, list[_Other]] = defaultdict(list)
    for other in Supervision.objects.filter(person_id__in=people).values(
        "person_id",
        "contract_id",
        "role",
        "contract__kind",
        "contract__start_date",
        "contract__planned_end_date",
        "contract__rupture_date",
        "contract__extended_after_exam_failure",
    ):
        end = other["contract__rupture_date"] or other["contract__planned_end_date"]
        others[other["person_id"]].append(
            _Other(
                contract_id=other["contract_id"],
                role=other["role"],
                kind=other["contract__kind"],
                start=other["contract__start_date"],
                end=min(end, other["contract__planned_end_date"]),
                extended=other["contract__extended_after_exam_failure"],
            )
        )
    for supervision in batch:
        yield (
            supervision,
            situation_of(
                supervision,
                diplomas=diplomas,
                periods=periods,
                others=others[supervision.person_id],
                today=today,
            ),
        )


def _profile(supervision: Supervision) -> SupervisorProfile | None:
    return getattr(supervision.person, "supervisor_profile", None)


def situation_of(
    supervision: Supervision,
    *,
    diplomas: dict[int, list[Diploma]],
    periods: dict[int, list[ExperiencePeriod]],
    others: list[_Other],
    today: dt.date,
) -> Situation:
    contract: Contract = supervision.contract
    company: Company = contract.company
    certification = contract.certification
    certification_nsf = certification.nsf.code if certification and certification.nsf is not None else None
    reference = contract.signature_date or contract.start_date
    profile = _profile(supervision)
    if profile is None:
        held: tuple[Diploma, ...] | None = None
        relevant = ett = None
    else:
        held = tuple(diplomas.get(profile.pk, ()))
        relevant, ett = experience_months(
            periods.get(profile.pk, ()),
            until=contract.start_date,
            certification_nsf=certification_nsf,
            reference=reference,
        )
    current = tuple(
        Supervisee(kind=ContractKind(other.kind), extended_after_exam_failure=other.extended)
        for other in others
        if other.contract_id != contract.pk and _current_on(other, contract.start_date)
    )
    apprentice = contract.apprentice
    apprentice_profile = getattr(apprentice, "apprentice_profile", None)
    opco = contract.opco or company.opco
    return Situation(
        contract=ContractFacts(
            kind=ContractKind(contract.kind),
            start_date=contract.start_date,
            end_date=contract.planned_end_date,
            signature_date=contract.signature_date,
            certification_level=certification.level if certification else None,
            certification_nsf=certification_nsf,
            extended_after_exam_failure=contract.extended_after_exam_failure,
        ),
        employer=Employer(
            kind=EMPLOYER_KINDS.get(company.kind),  # type: ignore[call-overload]
            headcount=company.headcount,
            idcc=company.idcc or None,
            opco=opco.code if opco else None,
        ),
        supervisor=Supervisor(
            role=SupervisorRole(supervision.role),
            status=SupervisorStatus(supervision.status) if supervision.status else None,
            volunteer=supervision.volunteer,
            good_character_attested=supervision.good_character_attested,
            birth_date=supervision.person.birth_date,
            diplomas=held,
            relevant_experience_months=relevant,
            ett_experience_months=ett,
            second_tutor=supervision.is_second_tutor,
            capacity_exemption_limit=profile.capacity_exemption_limit if profile else None,
            capacity_exemption_until=profile.capacity_exemption_until if profile else None,
            current_supervisees=current,
            master_activity_months=_master_months(others, today) if supervision.role == "master" else None,
        ),
        trainee=Trainee(
            birth_date=apprentice.birth_date,
            priority_public=priority_public(apprentice_profile, apprentice.birth_date, contract.start_date),
        ),
    )


@dataclass(frozen=True)
class RefreshResult:
    supervisions: int
    by_decision: dict[str, int]


def refresh_compliance(
    *, supervisions: QuerySet[Supervision] | None = None, actor: Any = None, data: RuleData | None = None
) -> RefreshResult:
    """Evaluate the supervisions (all of them by default) and store their answers, in one transaction."""
    data = data or current_rule_data()
    now = timezone.now()
    today = timezone.localdate(now)
    queryset = supervisions if supervisions is not None else Supervision.objects.all()
    counts: dict[str, int] = defaultdict(int)
    total = 0
    with transaction.atomic():
        rows: list[SupervisionCompliance] = []
        for supervision, situation in situations(queryset, today=today):
            decision = evaluate(situation, data)
            rows.append(
                SupervisionCompliance(
                    supervision_id=supervision.pk,
                    decision=decision.decision.value,
                    answer=jsonio.decision_to_json(decision),
                    computed_at=now,
                )
            )
            counts[decision.decision.value] += 1
            if len(rows) >= BATCH:
                total += _write(rows)
                rows = []
        total += _write(rows)
        if supervisions is None or total > 1:
            audit.record(
                actor=actor,
                action=AuditEntry.Action.COMPLIANCE,
                summary=f"Conformité recalculée pour {total} tutorat(s)",
                changes={Decision(k).label: v for k, v in sorted(counts.items())},
            )
    return RefreshResult(supervisions=total, by_decision=dict(counts))


def _write(rows: list[SupervisionCompliance]) -> int:
    if rows:
        SupervisionCompliance.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["supervision"],
            update_fields=["decision", "answer", "computed_at"],
            batch_size=500,
        )
    return len(rows)
