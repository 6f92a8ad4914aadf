"""How many trainees one supervisor may have at once (R6223-6, R6223-7, R6226-5, D6325-9, D6325-10).

Counted on the contract's start date: the supervisees current on that day (given by the caller, the contract
evaluated excluded) plus the contract evaluated.
"""

from __future__ import annotations

from compagnon.rules.articles import basis
from compagnon.rules.eligibility import second_tutor_exemption
from compagnon.rules.model import ContractKind, EmployerKind, Situation, SupervisorStatus
from compagnon.rules.outcome import Capacity, Check, Status

OK, KO, UNKNOWN = Status.OK, Status.KO, Status.UNKNOWN
MASTER_LIMIT, MASTER_EXTRA, ETT_MASTER_LIMIT = 2, 1, 5
UNLIMITED = 10**9
TUTOR_LIMIT, EMPLOYER_TUTOR_LIMIT = 3, 2


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n > 1 else ''}"


def capacity(situation: Situation) -> Capacity:
    contract, supervisor = situation.contract, situation.supervisor
    ref, start = contract.reference_date, contract.start_date
    others = supervisor.current_supervisees
    if contract.kind is ContractKind.APPRENTISSAGE:
        return _master_capacity(situation)
    if contract.kind is ContractKind.PERIODE_RECONVERSION:
        legal = basis("L6324-1", ref)
        return Capacity(
            limit=None,
            extra_for_extended=0,
            current=None if others is None else len(others),
            status=UNKNOWN,
            message="Aucun plafond de tutorat n'est confirmé pour la période de reconversion : à vérifier.",
            basis=legal,
        )
    if second_tutor_exemption(situation) is OK:
        return Capacity(
            limit=None,
            extra_for_extended=0,
            current=None if others is None else len(others),
            status=OK,
            message="Second tuteur de l'entreprise de travail temporaire, de l'association intermédiaire ou du "
            "groupement d'employeurs : le plafond de tutorat ne s'applique pas à lui.",
            basis=basis("D6325-10", ref),
        )
    # D6325-9: every kind of contract counts, apprenticeships included.
    legal = basis("D6325-9", start)
    if others is None:
        return Capacity(
            limit=_tutor_limit(supervisor.status),
            extra_for_extended=0,
            current=None,
            status=UNKNOWN,
            message="Les autres alternants suivis par ce tuteur ne sont pas renseignés.",
            basis=legal,
        )
    total = len(others) + 1
    limit = _tutor_limit(supervisor.status)
    if limit is None:  # status unknown: 3 for an employee, 2 for the employer
        status = OK if total <= EMPLOYER_TUTOR_LIMIT else (KO if total > TUTOR_LIMIT else UNKNOWN)
        message = (
            f"Avec ce contrat, le tuteur suivrait {_plural(total, 'alternant')} : au plus 3 pour un salarié, 2 pour "
            "l'employeur (statut non renseigné)."
        )
    else:
        status = OK if total <= limit else KO
        who = "l'employeur tuteur" if supervisor.status is SupervisorStatus.EMPLOYER else "un tuteur salarié"
        message = (
            f"Avec ce contrat, le tuteur suivrait {_plural(total, 'alternant')} à la fois, pour {limit} au plus "
            f"pour {who}."
        )
    return Capacity(limit=limit, extra_for_extended=0, current=len(others), status=status, message=message, basis=legal)


def _tutor_limit(status: SupervisorStatus | None) -> int | None:
    if status is None:
        return None
    return EMPLOYER_TUTOR_LIMIT if status is SupervisorStatus.EMPLOYER else TUTOR_LIMIT


def _master_capacity(situation: Situation) -> Capacity:
    contract, supervisor, employer = situation.contract, situation.supervisor, situation.employer
    start = contract.start_date
    others = supervisor.current_supervisees
    if employer.kind is EmployerKind.ETT:
        limit, extra, legal = ETT_MASTER_LIMIT, 0, basis("R6226-5", start)
    else:
        limit, extra, legal = MASTER_LIMIT, MASTER_EXTRA, basis("R6223-6", start)
    if others is None:
        return Capacity(
            limit=limit,
            extra_for_extended=extra,
            current=None,
            status=UNKNOWN,
            message="Les autres apprentis suivis par ce maître d'apprentissage ne sont pas renseignés.",
            basis=legal,
        )
    # The ceilings that may apply: R6223-7 lets an individual exemption (up to 5 years) raise the ceiling of two.
    ceilings = [limit]
    note = ""
    exemption_limit, until = supervisor.capacity_exemption_limit, supervisor.capacity_exemption_until
    if extra and (exemption_limit is not None or until is not None):
        if until is not None and until < start:
            note = " La dérogation individuelle a pris fin avant le début du contrat."
        elif exemption_limit is None:
            ceilings = [limit, UNLIMITED]
            note = " Une dérogation individuelle est enregistrée sans son plafond."
        else:
            limit, legal = exemption_limit, basis("R6223-7", start)
            note = " Plafond fixé par dérogation individuelle (commission du comité départemental pour l'emploi)."
            if until is None:
                ceilings = [MASTER_LIMIT, exemption_limit]
                note += " Sa date de fin n'est pas renseignée."
            else:
                ceilings = [exemption_limit]

    # Only apprentices count for a master (R6223-6); a supervisee of unknown kind may be one, an unknown prolongation
    # may be the one that lets a third apprentice in.
    apprentices = [s for s in others if s.kind is ContractKind.APPRENTISSAGE]
    unknown_kind = sum(1 for s in others if s.kind is None)
    flags = [s.extended_after_exam_failure for s in apprentices] + [contract.extended_after_exam_failure]
    extended, unknown_extended = sum(1 for f in flags if f), sum(1 for f in flags if f is None)
    total = len(apprentices) + 1

    def fits(count: int, extended_count: int, ceiling: int) -> bool:
        return count <= ceiling + min(extra, extended_count)

    if all(fits(total + unknown_kind, extended, c) for c in ceilings):
        status = OK
    elif not any(fits(total, extended + unknown_extended, c) for c in ceilings):
        status = KO
    else:
        status = UNKNOWN
        if unknown_kind:
            note += f" {_plural(unknown_kind, 'alternant')} dont le type de contrat n'est pas renseigné."
        if unknown_extended:
            note += " Une prolongation après échec à l'examen n'est pas renseignée."
    ceiling = f"{limit} au plus"
    if extra:
        ceiling += ", plus un apprenti dont la formation est prolongée après un échec à l'examen"
    message = f"Avec ce contrat, le maître suivrait {_plural(total, 'apprenti')} à la fois : {ceiling}.{note}"
    return Capacity(
        limit=limit, extra_for_extended=extra, current=len(apprentices), status=status, message=message, basis=legal
    )


def capacity_check(capacity: Capacity, *, master: bool) -> Check:
    return Check(
        code="MASTER_CAPACITY" if master else "TUTOR_CAPACITY",
        status=capacity.status,
        message=capacity.message,
        basis=capacity.basis,
    )
