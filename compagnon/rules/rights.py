"""What the supervisor or the trainee may claim without knowing it: the master's CPF credit, external tutoring."""

from __future__ import annotations

from compagnon.rules.articles import basis
from compagnon.rules.model import ContractKind, Situation
from compagnon.rules.outcome import Right, Status

OK, KO, UNKNOWN = Status.OK, Status.KO, Status.UNKNOWN
CPF_CREDIT_EUR, CPF_MONTHS = 240, 6


def rights(situation: Situation) -> tuple[Right, ...]:
    found = []
    if situation.contract.kind is ContractKind.APPRENTISSAGE:
        found.append(_cpf_credit(situation))
    found.append(_external_tutoring(situation))
    return tuple(found)


def _cpf_credit(situation: Situation) -> Right:
    """L5151-9 5° and D5151-14 6°: 240 € on the CPF for 6 months of master activity over the past calendar year and
    the one before it, whatever the number of apprentices; the citizen-engagement credit is capped at 720 €."""
    legal = basis("D5151-14", situation.contract.start_date)
    months = situation.supervisor.master_activity_months
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


def _external_tutoring(situation: Situation) -> Right:
    """L6332-14 II 2°: the OPCO may fund part of an external tutor for (a) the L6325-1-1 publics, (b) people followed by
    a référent before signing a contrat de professionnalisation or d'apprentissage, (c) people without a full-time
    permanent job in the 3 years before a contrat de professionnalisation."""
    trainee, kind = situation.trainee, situation.contract.kind
    legal = basis("L6332-14", situation.contract.reference_date)
    facts = [trainee.priority_public, trainee.followed_by_referent]
    if kind is not ContractKind.APPRENTISSAGE:
        facts.append(trainee.no_permanent_job_in_3_years)
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
            + (", " if kind is not ContractKind.APPRENTISSAGE else " ou ")
            + "s'il a été suivi par un référent avant la signature du contrat"
            + (
                ""
                if kind is ContractKind.APPRENTISSAGE
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
