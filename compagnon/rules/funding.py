"""What the OPCO may fund for the supervisor: their training, and the exercise of the function.

Legal ceilings (L6332-14 I 4°, D6332-92, D6332-93 from 01/01/2019; before, the tutor aid of the old D6332-91) are the
default; an OPCO's own amounts and conditions, dated data the regional animator edits (params.OpcoFundingRule),
replace them when lower. An entry that does not apply says so with `max_eur = 0` and a reason; one that depends on a
missing fact has `max_eur = None`. Built once for each combination of the facts it reads, then shared (outcome.py).
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from compagnon.rules.articles import ON_DAY
from compagnon.rules.dates import age_on
from compagnon.rules.eligibility import CACHE_SIZE
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

# Enum members as module names: reading `ContractKind.APPRENTISSAGE` costs ten times a global in Python 3.11,
# and the engine reads them on every one of its evaluations.
APPRENTISSAGE = ContractKind.APPRENTISSAGE
PERIODE_RECONVERSION = ContractKind.PERIODE_RECONVERSION
TRAINING, MASTER_FUNCTION, TUTOR_FUNCTION = Function.TRAINING, Function.MASTER, Function.TUTOR


def funding(situation: Situation, data: RuleData, ref: dt.date) -> Funding:
    contract, supervisor, employer = situation.contract, situation.supervisor, situation.employer
    kind = contract.kind
    legal = ON_DAY[ref]
    master = kind is APPRENTISSAGE
    since_2019 = ref >= REFORM_2019
    if kind is PERIODE_RECONVERSION:
        function_legal = legal["L6324-1"]
    elif since_2019:
        function_legal = legal["D6332-93"]
    elif master:
        function_legal = ON_DAY[REFORM_2019]["D6332-93"]
    else:
        function_legal = OLD_TUTOR_AID_INCREASED if ref >= TUTOR_INCREASE_FROM else OLD_TUTOR_AID
    increased = None if master or function_legal is OLD_TUTOR_AID else _tutor_increase(situation)
    opco = None
    if data.opco_rules:
        # RuleData.opco_of(), inlined (it runs for every situation as soon as some OPCO has rules).
        idcc = employer.idcc
        opco = employer.opco or (data.opco_by_idcc.get(idcc) if idcc else None)
    if opco:
        training_rule = data.opco_rule(opco, TRAINING, ref)
        function_rule = data.opco_rule(opco, MASTER_FUNCTION if master else TUTOR_FUNCTION, ref)
    else:
        training_rule = function_rule = None
    return _funding(
        kind,
        since_2019,
        supervisor.status,
        employer.headcount,
        opco,
        training_rule,
        function_rule,
        increased,
        legal["D6332-92"],
        function_legal,
    )


@lru_cache(maxsize=CACHE_SIZE)
def _funding(
    kind: ContractKind,
    since_2019: bool,
    status: SupervisorStatus | None,
    headcount: int | None,
    opco: str | None,
    training_rule: OpcoFundingRule | None,
    function_rule: OpcoFundingRule | None,
    increased: bool | None,
    training_legal: LegalBasis,
    function_legal: LegalBasis,
) -> Funding:
    return Funding(
        supervisor_training=_training(status, headcount, opco, training_rule, training_legal),
        function=_function(kind, since_2019, headcount, opco, function_rule, increased, function_legal),
    )


def _training(
    status: SupervisorStatus | None,
    headcount: int | None,
    opco: str | None,
    rule: OpcoFundingRule | None,
    legal: LegalBasis,
) -> TrainingFunding:
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
    if rule is None or opco is None:
        return answer(
            EUR_PER_HOUR * MAX_HOURS,
            f"Formation du maître ou tuteur : au plus {EUR_PER_HOUR} € de l'heure pendant {MAX_HOURS} heures.",
        )
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


def _function(
    kind: ContractKind,
    since_2019: bool,
    headcount: int | None,
    opco: str | None,
    rule: OpcoFundingRule | None,
    increased: bool | None,
    legal: LegalBasis,
) -> FunctionFunding:
    master = kind is ContractKind.APPRENTISSAGE
    if kind is ContractKind.PERIODE_RECONVERSION:
        return FunctionFunding(
            eur_per_month=EUR_PER_MONTH,
            months=TUTOR_MONTHS,
            max_eur=None,
            reason="Prise en charge de la fonction tutorale non confirmée pour la période de reconversion.",
            basis=legal,
            source=LEGAL,
        )
    if master and not since_2019:
        return FunctionFunding(
            eur_per_month=0,
            months=0,
            max_eur=0,
            reason="L'aide à l'exercice de la fonction de maître d'apprentissage existe pour les contrats "
            "conclus depuis le 01/01/2019.",
            basis=legal,
            source=LEGAL,
        )
    if master:
        eur, months = EUR_PER_MONTH, MASTER_MONTHS
        reason = f"Exercice de la fonction de maître d'apprentissage : au plus {eur} € par mois pendant {months} mois."
    else:
        months = TUTOR_MONTHS
        eur = TUTOR_INCREASED if increased else EUR_PER_MONTH
        if increased:
            reason = (
                f"Exercice du tutorat : au plus {eur} € par mois pendant {months} mois (majoration de 50 % : tuteur "
                "de 45 ans ou plus, ou alternant d'un public prioritaire)."
            )
        else:
            reason = f"Exercice du tutorat : au plus {eur} € par mois pendant {months} mois."
            if increased is None and legal is not OLD_TUTOR_AID:
                reason += (
                    " Majoré à 345 € si le tuteur a 45 ans ou plus ou si l'alternant relève d'un public prioritaire "
                    "(L6325-1-1) : à vérifier."
                )
    unknown = not master and increased is None and legal is not OLD_TUTOR_AID
    if rule is None or opco is None:
        return FunctionFunding(
            eur_per_month=eur,
            months=months,
            max_eur=None if unknown else eur * months,
            reason=reason,
            basis=legal,
            source=LEGAL,
        )
    what = "l'exercice de la fonction de maître d'apprentissage" if master else "l'exercice du tutorat"
    refused = _opco_refusal(rule, headcount, what)
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
        max_eur=None if unknown else eur * months,
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
