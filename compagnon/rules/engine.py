"""One supervision situation in, one decision out: eligibility, capacity, funding, calendar, rights, warnings."""

from __future__ import annotations

from compagnon.rules.articles import basis
from compagnon.rules.calendar import probation_end
from compagnon.rules.capacity import capacity, capacity_check
from compagnon.rules.eligibility import master_checks, tutor_checks
from compagnon.rules.funding import funding
from compagnon.rules.model import ContractKind, Situation, SupervisorRole
from compagnon.rules.outcome import Check, Decision, Status, Warning, combine
from compagnon.rules.params import LEGAL_ONLY, RuleData
from compagnon.rules.rights import rights
from compagnon.rules.trainee import warnings

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
    apprenticeship = contract.kind is ContractKind.APPRENTISSAGE
    checks: list[Check] = []
    expected = SupervisorRole.MASTER if apprenticeship else SupervisorRole.TUTOR
    if supervisor.role is not expected:
        # The rules follow the contract; the role given contradicts it, which someone must correct.
        article = "L6223-5" if apprenticeship else "D6325-6"
        checks.append(
            Check(
                code="SUPERVISOR_ROLE",
                status=Status.KO,
                message=ROLE_MISMATCH[expected],
                basis=basis(article, contract.reference_date),
            )
        )
    checks.extend(master_checks(situation, data) if apprenticeship else tutor_checks(situation, data))
    capacity_answer = capacity(situation)
    checks.append(capacity_check(capacity_answer, master=apprenticeship))
    found_warnings = warnings(situation)
    if apprenticeship and supervisor.second_tutor:
        found_warnings += (
            Warning(
                code="SECOND_TUTOR_NOT_APPLICABLE",
                message="Le second tuteur (D6325-10) concerne le contrat de professionnalisation ; pour un apprenti "
                "mis à disposition par une entreprise de travail temporaire, chaque entreprise désigne son maître "
                "d'apprentissage (R6226-5, R6226-6).",
                basis=basis("D6325-10", contract.reference_date),
            ),
        )
    return Decision(
        decision=combine(check.status for check in checks),
        checks=tuple(checks),
        capacity=capacity_answer,
        funding=funding(situation, data),
        probation_end=probation_end(contract, weeks_per_cfa_week=data.weeks_per_cfa_week),
        warnings=found_warnings,
        rights=rights(situation),
    )
