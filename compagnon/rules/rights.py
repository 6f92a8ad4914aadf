"""What the supervisor or the trainee may claim without knowing it: the master's CPF credit, external tutoring."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from compagnon.rules.articles import ON_DAY
from compagnon.rules.eligibility import CACHE_SIZE
from compagnon.rules.model import ContractKind, Situation
from compagnon.rules.outcome import LegalBasis, Right, Status

# Enum members as module names: reading `ContractKind.APPRENTISSAGE` costs ten times a global in Python 3.11,
# and the engine reads them on every one of its evaluations.
APPRENTISSAGE = ContractKind.APPRENTISSAGE

OK, KO, UNKNOWN = Status.OK, Status.KO, Status.UNKNOWN
CPF_CREDIT_EUR, CPF_MONTHS = 240, 6


def rights(situation: Situation, ref: dt.date) -> tuple[Right, ...]:
    contract, trainee = situation.contract, situation.trainee
    apprenticeship = contract.kind is APPRENTISSAGE
    return _rights(
        apprenticeship,
        situation.supervisor.master_activity_months if apprenticeship else None,
        trainee.priority_public,
        trainee.followed_by_referent,
        None if apprenticeship else trainee.no_permanent_job_in_3_years,
        ON_DAY[contract.start_date]["D5151-14"] if apprenticeship else None,
        ON_DAY[ref]["L6332-14"],
    )


@lru_cache(maxsize=CACHE_SIZE)
def _rights(
    apprenticeship: bool,
    master_months: int | None,
    priority_public: bool | None,
    followed_by_referent: bool | None,
    no_permanent_job: bool | None,
    cpf_legal: LegalBasis | None,
    tutoring_legal: LegalBasis,
) -> tuple[Right, ...]:

    tutoring = _external_tutoring(
        apprenticeship, priority_public, followed_by_referent, no_permanent_job, tutoring_legal
    )
    if cpf_legal is None:
        return (tutoring,)
    return _cpf_credit(master_months, cpf_legal), tutoring


def _cpf_credit(months: int | None, legal: LegalBasis) -> Right:
    """L5151-9 5° and D5151-14 6°: 240 € on the CPF for 6 months of master activity over the past calendar year and
    the one before it, whatever the number of apprentices; the citizen-engagement credit is capped at 720 €."""
    condition = (
        "240 € sur le compte personnel de formation pour au moins 6 mois d'activité de maître d'apprentissage sur "
        "l'année civile écoulée et la précédente, quel que soit le nombre d'apprentis (plafond du compte "
        "d'engagement citoyen : 720 €)"
    )
    if months is None:
        return Right(
            code="CPF_MASTER_CREDIT",
            status=UNKNOWN,
            message=f"Droit à connaître : {condition}. Ce contrat y compte dès qu'il atteint 6 mois.",
            basis=legal,
            amount_eur=CPF_CREDIT_EUR,
        )
    if months >= CPF_MONTHS:
        return Right(
            code="CPF_MASTER_CREDIT",
            status=OK,
            message=f"Droit acquis : {condition} ({months} mois déclarés).",
            basis=legal,
            amount_eur=CPF_CREDIT_EUR,
        )
    return Right(
        code="CPF_MASTER_CREDIT",
        status=KO,
        message=f"Pas encore : {condition} ({months} mois déclarés).",
        basis=legal,
        amount_eur=CPF_CREDIT_EUR,
    )


def _external_tutoring(
    apprenticeship: bool,
    priority_public: bool | None,
    followed_by_referent: bool | None,
    no_permanent_job: bool | None,
    legal: LegalBasis,
) -> Right:
    """L6332-14 II 2°: the OPCO may fund part of an external tutor for (a) the L6325-1-1 publics, (b) people followed by
    a référent before signing a contrat de professionnalisation or d'apprentissage, (c) people without a full-time
    permanent job in the 3 years before a contrat de professionnalisation."""
    facts = [priority_public, followed_by_referent]
    if not apprenticeship:
        facts.append(no_permanent_job)
    what = "L'OPCO peut prendre en charge une partie d'un tutorat externe à l'entreprise"
    if any(facts):
        return Right(
            code="EXTERNAL_TUTORING",
            status=OK,
            message=f"{what} pour cet alternant.",
            basis=legal,
        )
    if None in facts:
        return Right(
            code="EXTERNAL_TUTORING",
            status=UNKNOWN,
            message=f"{what} si l'alternant relève d'un public prioritaire (L6325-1-1)"
            + (", " if not apprenticeship else " ou ")
            + "s'il a été suivi par un référent avant la signature du contrat"
            + (
                ""
                if apprenticeship
                else ", ou s'il n'a pas eu d'emploi à temps plein en CDI dans les trois ans avant le contrat"
            )
            + " : à vérifier.",
            basis=legal,
        )
    return Right(
        code="EXTERNAL_TUTORING",
        status=KO,
        message=f"{what} pour certains publics seulement, dont cet alternant ne relève pas.",
        basis=legal,
    )
