"""What the rules engine reads: one supervision situation, as typed, immutable facts.

A field left to None is a fact nobody gave: the rules that need it answer `unknown`, never a guess. Dates are
`datetime.date`. The JSON form of these objects (compagnon/rules/jsonio.py) uses the same names.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum


class ContractKind(StrEnum):
    APPRENTISSAGE = "apprentissage"
    PROFESSIONNALISATION = "professionnalisation"
    # Reconversion ou promotion par alternance: agreements (avenants) signed before 2026-01-01.
    PRO_A = "pro_a"
    # Période de reconversion (loi 2025-989): from 2026-01-01, replaces Pro-A.
    PERIODE_RECONVERSION = "periode_reconversion"


class EmployerKind(StrEnum):
    ENTREPRISE = "entreprise"
    GROUPEMENT_EMPLOYEURS = "groupement_employeurs"
    ETT = "ett"
    ASSOCIATION_INTERMEDIAIRE = "association_intermediaire"
    SIAE = "siae"
    PUBLIC = "public"


class SupervisorRole(StrEnum):
    MASTER = "master"
    TUTOR = "tutor"


class SupervisorStatus(StrEnum):
    EMPLOYEE = "employee"
    EMPLOYER = "employer"
    CONJOINT_COLLABORATEUR = "conjoint_collaborateur"


@dataclass(frozen=True, slots=True)
class Period:
    """Days from `start` to `end`, both included."""

    start: dt.date
    end: dt.date


@dataclass(frozen=True, slots=True)
class ContractFacts:
    kind: ContractKind
    start_date: dt.date
    end_date: dt.date | None = None
    # The date the contract (or the Pro-A avenant) was concluded: reforms apply to contracts concluded from a date.
    signature_date: dt.date | None = None
    certification_level: int | None = None
    certification_nsf: str | None = None
    extended_after_exam_failure: bool | None = False
    # The alternance calendar's periods at the CFA, when known (else the 45 days are estimated).
    cfa_periods: tuple[Period, ...] | None = None
    # Sick leave suspends the count of the 45 days (Cass. soc. 15/11/2023 n°21-23.949).
    sick_leaves: tuple[Period, ...] = ()

    @property
    def reference_date(self) -> dt.date:
        """The date dated rules are read at: the signature when given, else the start."""
        return self.signature_date or self.start_date


@dataclass(frozen=True, slots=True)
class Employer:
    kind: EmployerKind | None = None
    headcount: int | None = None
    idcc: str | None = None
    opco: str | None = None


@dataclass(frozen=True, slots=True)
class Diploma:
    level: int | None = None
    nsf: str | None = None


@dataclass(frozen=True, slots=True)
class Supervisee:
    """Another trainee the supervisor has on the start date of the contract evaluated."""

    kind: ContractKind | None = None
    extended_after_exam_failure: bool | None = False


@dataclass(frozen=True, slots=True)
class Supervisor:
    role: SupervisorRole
    status: SupervisorStatus | None = None
    volunteer: bool | None = None
    good_character_attested: bool | None = None
    birth_date: dt.date | None = None
    diplomas: tuple[Diploma, ...] | None = None
    relevant_experience_months: int | None = None
    ett_experience_months: int | None = None
    second_tutor: bool | None = False
    capacity_exemption_limit: int | None = None
    capacity_exemption_until: dt.date | None = None
    # Excludes the contract evaluated.
    current_supervisees: tuple[Supervisee, ...] | None = ()
    # Months of master activity over the past calendar year and the one before (CPF credit, D5151-14).
    master_activity_months: int | None = None


@dataclass(frozen=True, slots=True)
class Trainee:
    birth_date: dt.date | None = None
    # L6325-1-1 publics (16-25 without a diploma, long-term jobseekers, RSA/ASS/AAH, former CUI).
    priority_public: bool | None = None
    # External tutoring (L6332-14 II 2°): followed by a référent before the contract; no full-time permanent job
    # in the 3 years before a contrat de professionnalisation.
    followed_by_referent: bool | None = None
    no_permanent_job_in_3_years: bool | None = None


@dataclass(frozen=True, slots=True)
class Situation:
    contract: ContractFacts
    supervisor: Supervisor
    employer: Employer = Employer()
    trainee: Trainee = Trainee()
