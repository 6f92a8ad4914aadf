"""What the OPCO may fund for the supervisor: their training, and the exercise of the function.

Legal ceilings (L6332-14 I 4°, D6332-92, D6332-93 from 01/01/2019; before, the tutor aid of the old D6332-91) are the
default; an OPCO's own amounts and conditions, dated data the regional animator edits (params.OpcoFundingRule),
replace them when lower. An entry that does not apply says so with `max_eur = 0` and a reason; one that depends on a
missing fact has `max_eur = None`.
"""

from __future__ import annotations

import datetime as dt

from compagnon.rules.articles import basis
from compagnon.rules.dates import age_on
from compagnon.rules.model import ContractKind, Situation, SupervisorStatus
from compagnon.rules.outcome import FunctionFunding, Funding, LegalBasis, TrainingFunding
from compagnon.rules.params import Function, OpcoFundingRule, RuleData

REFORM_2019 = dt.date(2019, 1, 1)
# Décret 2010-60: the tutor aid +50 % for a tutor aged 45 or more or a priority public.
TUTOR_INCREASE_FROM = dt.date(2010, 1, 20)
EUR_PER_HOUR, MAX_HOURS = 15, 40
EUR_PER_MONTH, TUTOR_INCREASED = 230, 345
MASTER_MONTHS, TUTOR_MONTHS = 12, 6
SMALL_EMPLOYER = 11  # "employeur de moins de onze salariés" (L6332-14 I 4°)
LEGAL = "plafond légal"
# The tutor aid before 2019: the old D6332-91, abrogated, not in the data of articles in force.
OLD_TUTOR_AID = LegalBasis(article="D6332-91", version="2008-05-01", note="article abrogé le 01/01/2019")
OLD_TUTOR_AID_INCREASED = LegalBasis(
    article="D6332-91", version="2010-01-20", note="article abrogé le 01/01/2019 ; majoration du décret n° 2010-60"
)


def funding(situation: Situation, data: RuleData) -> Funding:
    opco = data.opco_of(situation.employer.opco, situation.employer.idcc)
    return Funding(
        supervisor_training=_training(situation, data, opco),
        function=_function(situation, data, opco),
    )


def _training(situation: Situation, data: RuleData, opco: str | None) -> TrainingFunding:
    ref = situation.contract.reference_date
    legal = basis("D6332-92", ref)
    status, headcount = situation.supervisor.status, situation.employer.headcount

    def answer(
        max_eur: int | None, reason: str, source: str = LEGAL, hour: int = EUR_PER_HOUR, hours: int = MAX_HOURS
    ) -> TrainingFunding:
        return TrainingFunding(
            eur_per_hour=hour, max_hours=hours, max_eur=max_eur, reason=reason, basis=legal, source=source
        )

    match status:
        case None:
            return answer(
                None, "Statut du maître ou tuteur non renseigné : salarié, ou employeur de moins de 11 salariés."
            )
        case SupervisorStatus.CONJOINT_COLLABORATEUR:
            return answer(
                0,
                "Prise en charge prévue pour un salarié ou un employeur de moins de 11 salariés : le "
                "conjoint collaborateur n'est ni l'un ni l'autre.",
            )
        case SupervisorStatus.EMPLOYER if headcount is None:
            return answer(
                None,
                "Effectif de l'entreprise inconnu : un employeur n'y a droit que dans une "
                "entreprise de moins de 11 salariés.",
            )
        case SupervisorStatus.EMPLOYER if headcount is not None and headcount >= SMALL_EMPLOYER:
            return answer(
                0, f"Un employeur n'y a droit que dans une entreprise de moins de 11 salariés ({headcount} ici)."
            )
    rule = data.opco_rule(opco, Function.TRAINING, ref)
    if rule is None:
        return answer(
            EUR_PER_HOUR * MAX_HOURS,
            f"Formation du maître ou tuteur : au plus {EUR_PER_HOUR} € de l'heure pendant {MAX_HOURS} heures.",
        )
    assert opco is not None
    hour = min(rule.eur_per_hour or EUR_PER_HOUR, EUR_PER_HOUR)
    hours = min(rule.max_hours or MAX_HOURS, MAX_HOURS)
    refused = _opco_refusal(rule, headcount, "la formation du maître ou tuteur")
    if refused is not None:
        max_eur, reason = refused
        return answer(max_eur, reason, opco, hour, hours)
    return answer(hour * hours, f"{opco} : au plus {hour} € de l'heure pendant {hours} heures.", opco, hour, hours)


def _opco_refusal(rule: OpcoFundingRule, headcount: int | None, what: str) -> tuple[int | None, str] | None:
    note = f" ({rule.note})" if rule.note else ""
    if not rule.funded:
        return 0, f"{rule.opco} ne finance pas {what}{note}."
    if rule.max_headcount_below is not None:
        if headcount is None:
            return None, f"{rule.opco} finance {what} sous {rule.max_headcount_below} salariés : effectif inconnu."
        if headcount >= rule.max_headcount_below:
            return 0, (
                f"{rule.opco} ne finance {what} que dans les entreprises de moins de {rule.max_headcount_below} "
                f"salariés ({headcount} ici){note}."
            )
    return None  # nothing refuses it


def _function(situation: Situation, data: RuleData, opco: str | None) -> FunctionFunding:
    contract = situation.contract
    ref = contract.reference_date
    master = contract.kind is ContractKind.APPRENTISSAGE

    if contract.kind is ContractKind.PERIODE_RECONVERSION:
        return FunctionFunding(
            eur_per_month=EUR_PER_MONTH,
            months=TUTOR_MONTHS,
            max_eur=None,
            reason="Prise en charge de la fonction tutorale non confirmée pour la période de reconversion.",
            basis=basis("L6324-1", ref),
            source=LEGAL,
        )
    if ref < REFORM_2019:
        if master:
            return FunctionFunding(
                eur_per_month=0,
                months=0,
                max_eur=0,
                reason="L'aide à l'exercice de la fonction de maître d'apprentissage existe pour les contrats "
                "conclus depuis le 01/01/2019.",
                basis=basis("D6332-93", REFORM_2019),
                source=LEGAL,
            )
        legal = OLD_TUTOR_AID_INCREASED if ref >= TUTOR_INCREASE_FROM else OLD_TUTOR_AID
    else:
        legal = basis("D6332-93", ref)

    if master:
        eur, months = EUR_PER_MONTH, MASTER_MONTHS
        reason = f"Exercice de la fonction de maître d'apprentissage : au plus {eur} € par mois pendant {months} mois."
        increased: bool | None = False
    else:
        months = TUTOR_MONTHS
        increased = _tutor_increase(situation) if legal is not OLD_TUTOR_AID else False
        eur = TUTOR_INCREASED if increased else EUR_PER_MONTH
        if increased:
            reason = (
                f"Exercice du tutorat : au plus {eur} € par mois pendant {months} mois (majoration de 50 % : tuteur "
                "de 45 ans ou plus, ou alternant d'un public prioritaire)."
            )
        else:
            reason = f"Exercice du tutorat : au plus {eur} € par mois pendant {months} mois."
            if increased is None:
                reason += (
                    " Majoré à 345 € si le tuteur a 45 ans ou plus ou si l'alternant relève d'un public prioritaire "
                    "(L6325-1-1) : à vérifier."
                )
    max_eur: int | None = None if increased is None else eur * months

    rule = data.opco_rule(opco, Function.MASTER if master else Function.TUTOR, ref)
    if rule is None:
        return FunctionFunding(
            eur_per_month=eur, months=months, max_eur=max_eur, reason=reason, basis=legal, source=LEGAL
        )
    assert opco is not None
    what = "l'exercice de la fonction de maître d'apprentissage" if master else "l'exercice du tutorat"
    refused = _opco_refusal(rule, situation.employer.headcount, what)
    if refused is not None:
        refused_max, refused_reason = refused
        return FunctionFunding(
            eur_per_month=eur, months=months, max_eur=refused_max, reason=refused_reason, basis=legal, source=opco
        )
    eur = min(rule.eur_per_month or eur, eur)
    months = min(rule.months or months, months)
    note = f" ({rule.note})" if rule.note else ""
    return FunctionFunding(
        eur_per_month=eur,
        months=months,
        max_eur=None if increased is None else eur * months,
        reason=f"{opco} : au plus {eur} € par mois pendant {months} mois{note}.",
        basis=legal,
        source=opco,
    )


def _tutor_increase(situation: Situation) -> bool | None:
    """D6332-93 1°: +50 % when the tutor is 45 or older (on the start date) or the trainee is a priority public."""
    birth = situation.supervisor.birth_date
    older: bool | None = None if birth is None else age_on(birth, situation.contract.start_date) >= 45
    priority = situation.trainee.priority_public
    if older or priority:
        return True
    if older is None or priority is None:
        return None
    return False
