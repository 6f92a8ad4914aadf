"""A valid situation to start from, and a way to change a few facts of it."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

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
from compagnon.rules.outcome import Check, Decision

D = dt.date
# The example: a baker's apprentice (CAP-level 4, NSF 221) with an experienced, diploma-holding master.
MASTER_CASE = Situation(
    contract=ContractFacts(
        kind=ContractKind.APPRENTISSAGE,
        start_date=D(2026, 9, 1),
        end_date=D(2028, 8, 31),
        certification_level=4,
        certification_nsf="221",
    ),
    employer=Employer(kind=EmployerKind.ENTREPRISE, headcount=12, idcc="1501"),
    supervisor=Supervisor(
        role=SupervisorRole.MASTER,
        status=SupervisorStatus.EMPLOYEE,
        volunteer=True,
        good_character_attested=True,
        birth_date=D(1985, 3, 14),
        diplomas=(Diploma(level=5, nsf="221"),),
        relevant_experience_months=30,
        current_supervisees=(Supervisee(kind=ContractKind.APPRENTISSAGE),),
    ),
    trainee=Trainee(birth_date=D(2008, 2, 1), priority_public=False),
)
TUTOR_CASE = Situation(
    contract=replace(MASTER_CASE.contract, kind=ContractKind.PROFESSIONNALISATION, end_date=D(2027, 8, 31)),
    employer=MASTER_CASE.employer,
    supervisor=replace(MASTER_CASE.supervisor, role=SupervisorRole.TUTOR, current_supervisees=()),
    trainee=replace(MASTER_CASE.trainee, birth_date=D(2004, 2, 1)),
)


def change(base: Situation = MASTER_CASE, **parts: dict[str, Any]) -> Situation:
    """`change(contract={"start_date": ...}, supervisor={...})`: the base situation with those facts replaced."""
    return Situation(
        contract=replace(base.contract, **parts.get("contract", {})),
        employer=replace(base.employer, **parts.get("employer", {})),
        supervisor=replace(base.supervisor, **parts.get("supervisor", {})),
        trainee=replace(base.trainee, **parts.get("trainee", {})),
    )


def check(decision: Decision, code: str) -> Check:
    found = [c for c in decision.checks if c.code == code]
    assert len(found) == 1, f"{code} in {[c.code for c in decision.checks]}"
    return found[0]


def born(years_before: dt.date, years: int, days: int = 0) -> dt.date:
    """The birth date of someone who turns `years` on `years_before` shifted by `days`."""
    return years_before.replace(year=years_before.year - years) + dt.timedelta(days=days)
