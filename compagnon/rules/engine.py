"""One supervision situation in, one decision out: eligibility, capacity, funding, calendar, rights, warnings."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from compagnon.rules.articles import basis
from compagnon.rules.calendar import probation_end_read_on
from compagnon.rules.capacity import capacity
from compagnon.rules.eligibility import master_verdict, tutor_verdict
from compagnon.rules.funding import funding
from compagnon.rules.model import ContractKind, Situation, SupervisorRole
from compagnon.rules.outcome import Check, Decision, LegalBasis, Status, Warning
from compagnon.rules.params import LEGAL_ONLY, RuleData
from compagnon.rules.rights import rights
from compagnon.rules.trainee import warnings

# Enum members as module names: reading `ContractKind.APPRENTISSAGE` costs ten times a global in Python 3.11,
# and the engine reads them on every one of its evaluations.
APPRENTISSAGE = ContractKind.APPRENTISSAGE
KO, OK, UNKNOWN = Status.KO, Status.OK, Status.UNKNOWN
MASTER = SupervisorRole.MASTER
TUTOR = SupervisorRole.TUTOR

ROLE_MISMATCH = {
    SupervisorRole.MASTER: (
        "Un contrat d'apprentissage est suivi par un maître d'apprentissage ; les règles du maître s'appliquent "
        "ci-dessous."
    ),
    SupervisorRole.TUTOR: (
        "Ce contrat est suivi par un tuteur, pas par un maître d'apprentissage ; les règles du tuteur s'appliquent "
        "ci-dessous."
    ),
}


def evaluate(situation: Situation, data: RuleData = LEGAL_ONLY) -> Decision:
    contract, supervisor = situation.contract, situation.supervisor
    # ContractFacts.reference_date, inlined: the property is a Python call, and this runs 10^5 times in a batch.
    ref = contract.signature_date or contract.start_date
    apprenticeship = contract.kind is APPRENTISSAGE
    if apprenticeship:
        expected = MASTER
        rules, status = master_verdict(situation, data, ref)
    else:
        expected = TUTOR
        rules, status = tutor_verdict(situation, ref)
    capacity_answer, capacity_checked = capacity(situation, ref)
    if supervisor.role is expected:
        checks = (*rules, capacity_checked)
        # outcome.worse(), inlined: this runs once per situation.
        statuses = (status, capacity_checked.status)
        decision = KO if KO in statuses else (UNKNOWN if UNKNOWN in statuses else OK)
    else:
        # The rules follow the contract; a role that contradicts it is reported, for someone to correct.
        checks = (_role_mismatch(expected, ref), *rules, capacity_checked)
        decision = KO
    found_warnings: tuple[Warning, ...] = ()
    if apprenticeship:  # the other contracts have none
        found_warnings = warnings(situation, ref)
        if supervisor.second_tutor:
            found_warnings += (_second_tutor_warning(ref),)
    # Decision is a plain slotted dataclass (no __post_init__, no default to compute): filled field by field, it costs
    # a fraction of its __init__, which type() calls through C with a Python frame of its own, once per situation.
    answer = _new_decision(Decision)
    answer.decision = decision
    answer.checks = checks
    answer.capacity = capacity_answer
    answer.funding = funding(situation, data, ref)
    answer.probation_end = probation_end_read_on(contract, ref, data.weeks_per_cfa_week)
    answer.warnings = found_warnings
    answer.rights = rights(situation, ref)
    return answer


_new_decision = object.__new__


def _role_mismatch(expected: SupervisorRole, ref: dt.date) -> Check:
    article = "L6223-5" if expected is SupervisorRole.MASTER else "D6325-6"
    return _role_check(expected, basis(article, ref))


@lru_cache(maxsize=64)
def _role_check(expected: SupervisorRole, legal: LegalBasis) -> Check:
    return Check(code="SUPERVISOR_ROLE", status=Status.KO, message=ROLE_MISMATCH[expected], basis=legal)


def _second_tutor_warning(ref: dt.date) -> Warning:
    return _second_tutor_note(basis("D6325-10", ref))


@lru_cache(maxsize=64)
def _second_tutor_note(legal: LegalBasis) -> Warning:
    return Warning(
        code="SECOND_TUTOR_NOT_APPLICABLE",
        message="Le second tuteur (D6325-10) concerne le contrat de professionnalisation ; pour un apprenti mis à "
        "disposition par une entreprise de travail temporaire, chaque entreprise désigne son maître d'apprentissage "
        "(R6226-5, R6226-6).",
        basis=legal,
    )
