"""How many trainees one supervisor may have at once (R6223-6, R6223-7, R6226-5, D6325-9, D6325-10).

Counted on the contract's start date: the supervisees current on that day (given by the caller, the contract
evaluated excluded) plus the contract evaluated. The answer depends on a few counts only: it is built once for each
combination of them and shared (outcome.py).
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any

from compagnon.rules.articles import ON_DAY
from compagnon.rules.eligibility import CACHE_SIZE, second_tutor_exemption
from compagnon.rules.model import ContractKind, EmployerKind, Situation, SupervisorStatus
from compagnon.rules.outcome import Capacity, Check, LegalBasis, Status

# Enum members as module names: reading `ContractKind.APPRENTISSAGE` costs ten times a global in Python 3.11,
# and the engine reads them on every one of its evaluations.
APPRENTISSAGE = ContractKind.APPRENTISSAGE
PERIODE_RECONVERSION = ContractKind.PERIODE_RECONVERSION
ETT = EmployerKind.ETT

OK, KO, UNKNOWN = Status.OK, Status.KO, Status.UNKNOWN
MASTER_LIMIT, MASTER_EXTRA, ETT_MASTER_LIMIT = 2, 1, 5
UNLIMITED = 10**9
TUTOR_LIMIT, EMPLOYER_TUTOR_LIMIT = 3, 2


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n > 1 else ''}"


Answer = tuple[Capacity, Check]


def capacity(situation: Situation, ref: dt.date) -> Answer:
    """The capacity answer, and the check that carries it into the decision (built and cached together)."""
    contract, supervisor = situation.contract, situation.supervisor
    others = supervisor.current_supervisees
    if contract.kind is APPRENTISSAGE:
        return _master(situation)
    count = None if others is None else len(others)
    if contract.kind is PERIODE_RECONVERSION:
        return _reconversion(count, ON_DAY[ref]["L6324-1"])
    if second_tutor_exemption(situation, ref) is OK:
        return _second_tutor(count, ON_DAY[ref]["D6325-10"])
    # D6325-9: every kind of contract counts, apprenticeships included.
    return _tutor(supervisor.status, count, ON_DAY[contract.start_date]["D6325-9"])


@lru_cache(maxsize=256)
def _reconversion(count: int | None, legal: LegalBasis) -> Answer:
    return _pair(
        False,
        limit=None,
        extra_for_extended=0,
        current=count,
        status=UNKNOWN,
        message="Aucun plafond de tutorat n'est confirmé pour la période de reconversion : à vérifier.",
        basis=legal,
    )


@lru_cache(maxsize=256)
def _second_tutor(count: int | None, legal: LegalBasis) -> Answer:
    return _pair(
        False,
        limit=None,
        extra_for_extended=0,
        current=count,
        status=OK,
        message="Second tuteur de l'entreprise de travail temporaire, de l'association intermédiaire ou du "
        "groupement d'employeurs : le plafond de tutorat ne s'applique pas à lui.",
        basis=legal,
    )


@lru_cache(maxsize=CACHE_SIZE)
def _tutor(status: SupervisorStatus | None, count: int | None, legal: LegalBasis) -> Answer:
    limit = None if status is None else (EMPLOYER_TUTOR_LIMIT if status is SupervisorStatus.EMPLOYER else TUTOR_LIMIT)
    if count is None:
        return _pair(
            False,
            limit=limit,
            extra_for_extended=0,
            current=None,
            status=UNKNOWN,
            message="Les autres alternants suivis par ce tuteur ne sont pas renseignés.",
            basis=legal,
        )
    total = count + 1
    if limit is None:  # status unknown: 3 for an employee, 2 for the employer
        answer = OK if total <= EMPLOYER_TUTOR_LIMIT else (KO if total > TUTOR_LIMIT else UNKNOWN)
        message = (
            f"Avec ce contrat, le tuteur suivrait {_plural(total, 'alternant')} : au plus 3 pour un salarié, 2 pour "
            "l'employeur (statut non renseigné)."
        )
    else:
        answer = OK if total <= limit else KO
        who = "l'employeur tuteur" if status is SupervisorStatus.EMPLOYER else "un tuteur salarié"
        message = (
            f"Avec ce contrat, le tuteur suivrait {_plural(total, 'alternant')} à la fois, pour {limit} au plus "
            f"pour {who}."
        )
    return _pair(False, limit=limit, extra_for_extended=0, current=count, status=answer, message=message, basis=legal)


def _master(situation: Situation) -> Answer:
    contract, supervisor = situation.contract, situation.supervisor
    start = contract.start_date
    ett = situation.employer.kind is ETT
    legal_at_start = ON_DAY[start]
    legal = legal_at_start["R6226-5" if ett else "R6223-6"]
    others = supervisor.current_supervisees
    exemption_limit, until = supervisor.capacity_exemption_limit, supervisor.capacity_exemption_until
    exemption = exemption_limit is not None or until is not None
    if others is None:
        counts = None
    else:
        # Only apprentices count for a master (R6223-6); a supervisee of unknown kind may be one.
        apprentices = extended = unknown_extended = unknown_kind = 0
        for other in others:
            if other.kind is APPRENTISSAGE:
                apprentices += 1
                if other.extended_after_exam_failure:
                    extended += 1
                elif other.extended_after_exam_failure is None:
                    unknown_extended += 1
            elif other.kind is None:
                unknown_kind += 1
        counts = (apprentices, unknown_kind, extended, unknown_extended)
    return _master_capacity(
        ett,
        legal,
        counts,
        contract.extended_after_exam_failure,
        exemption_limit,
        None if until is None else until >= start,
        legal_at_start["R6223-7"] if exemption and not ett else None,
    )


@lru_cache(maxsize=CACHE_SIZE)
def _master_capacity(
    ett: bool,
    legal: LegalBasis,
    counts: tuple[int, int, int, int] | None,
    this_extended: bool | None,
    exemption_limit: int | None,
    exemption_running: bool | None,
    exemption_legal: LegalBasis | None,
) -> Answer:
    limit, extra = (ETT_MASTER_LIMIT, 0) if ett else (MASTER_LIMIT, MASTER_EXTRA)
    if counts is None:
        return _pair(
            True,
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
    if exemption_legal is not None:
        if exemption_running is False:
            note = " La dérogation individuelle a pris fin avant le début du contrat."
        elif exemption_limit is None:
            ceilings = [limit, UNLIMITED]
            note = " Une dérogation individuelle est enregistrée sans son plafond."
        else:
            limit, legal = exemption_limit, exemption_legal
            note = " Plafond fixé par dérogation individuelle (commission du comité départemental pour l'emploi)."
            if exemption_running is None:
                ceilings = [MASTER_LIMIT, exemption_limit]
                note += " Sa date de fin n'est pas renseignée."
            else:
                ceilings = [exemption_limit]

    # A supervisee of unknown kind may be an apprentice; an unknown prolongation may be the one that lets a third
    # apprentice in.
    apprentices, unknown_kind, extended, unknown_extended = counts
    if this_extended:
        extended += 1
    elif this_extended is None:
        unknown_extended += 1
    total = apprentices + 1

    def fits(count: int, extended_count: int, ceiling: int) -> bool:
        return count <= ceiling + min(extra, extended_count)

    if all(fits(total + unknown_kind, extended, c) for c in ceilings):
        answer = OK
    elif not any(fits(total, extended + unknown_extended, c) for c in ceilings):
        answer = KO
    else:
        answer = UNKNOWN
        if unknown_kind:
            note += f" {_plural(unknown_kind, 'alternant')} dont le type de contrat n'est pas renseigné."
        if unknown_extended:
            note += " Une prolongation après échec à l'examen n'est pas renseignée."
    ceiling = f"{limit} au plus"
    if extra:
        ceiling += ", plus un apprenti dont la formation est prolongée après un échec à l'examen"
    message = f"Avec ce contrat, le maître suivrait {_plural(total, 'apprenti')} à la fois : {ceiling}.{note}"
    return _pair(
        True, limit=limit, extra_for_extended=extra, current=apprentices, status=answer, message=message, basis=legal
    )


def _pair(master: bool, **fields: Any) -> Answer:
    answer = Capacity(**fields)
    return answer, capacity_check(answer, master)


def capacity_check(capacity: Capacity, master: bool) -> Check:
    return Check(
        code="MASTER_CAPACITY" if master else "TUTOR_CAPACITY",
        status=capacity.status,
        message=capacity.message,
        basis=capacity.basis,
    )
