"""Who may supervise: the master of an apprenticeship, the tutor of a contrat de professionnalisation, by date.

Every dated rule is read at the contract's reference date (its signature date when given, else its start: reforms
apply to contracts *concluded* from a date); ages are taken on the start date.
"""

from __future__ import annotations

import datetime as dt

from compagnon.rules.articles import basis
from compagnon.rules.dates import age_on
from compagnon.rules.model import ContractKind, EmployerKind, Situation, SupervisorStatus
from compagnon.rules.nsf import same_field
from compagnon.rules.outcome import Check, LegalBasis, Status, any_route
from compagnon.rules.params import BranchAgreement, CompetenceRoute, RuleData

OK, KO, UNKNOWN = Status.OK, Status.KO, Status.UNKNOWN

# Décret 2011-1358 (25/10/2011): the competence routes shortened, from 27/10/2011.
COMPETENCE_2011 = dt.date(2011, 10, 27)
# Loi 2018-771 and décret 2018-1138: L6223-8-1 and today's R6223-22, for contracts concluded from 01/01/2019.
REFORM_2019 = dt.date(2019, 1, 1)
# Ordonnance 2019-861: the conjoint collaborateur may be master (L6223-8-1 v2).
CONJOINT_FROM = dt.date(2019, 8, 23)
# Décret 2020-1741: associations intermédiaires name a second tutor too (D6325-10 v3).
AI_SECOND_TUTOR_FROM = dt.date(2020, 12, 31)
# Pro-A: from the 2018 reform until the période de reconversion (loi 2025-989) replaced it.
PRO_A_FROM, RECONVERSION_FROM = dt.date(2019, 1, 1), dt.date(2026, 1, 1)

NOTE_BEFORE_2019 = "article créé le 01/01/2019 (loi 2018-771) : pour un contrat conclu avant, règles alors en vigueur"
NOTE_2011 = "R6223-22 et ancien R6223-24 dans leur rédaction du décret n° 2011-1358 du 25/10/2011"
NOTE_BEFORE_2011 = "R6223-22 et ancien R6223-24 dans leur rédaction antérieure au décret n° 2011-1358"


def _check(code: str, status: Status, message: str, legal: LegalBasis) -> Check:
    return Check(code=code, status=status, message=message, basis=legal)


# --- master (contrat d'apprentissage) --------------------------------------------------------------------------
def master_checks(situation: Situation, data: RuleData) -> list[Check]:
    contract, supervisor = situation.contract, situation.supervisor
    ref = contract.reference_date
    legal = basis("L6223-8-1", ref, NOTE_BEFORE_2019 if ref < REFORM_2019 else "")

    match supervisor.status:
        case None:
            status = _check(
                "MASTER_STATUS",
                UNKNOWN,
                "Statut du maître d'apprentissage non renseigné : il doit être salarié de l'entreprise, "
                "l'employeur lui-même ou son conjoint collaborateur.",
                legal,
            )
        case SupervisorStatus.EMPLOYEE:
            status = _check("MASTER_STATUS", OK, "Le maître d'apprentissage est salarié de l'entreprise.", legal)
        case SupervisorStatus.EMPLOYER:
            status = _check("MASTER_STATUS", OK, "L'employeur peut être lui-même maître d'apprentissage.", legal)
        case _:  # conjoint collaborateur
            if ref >= CONJOINT_FROM:
                status = _check(
                    "MASTER_STATUS",
                    OK,
                    "Le conjoint collaborateur peut être maître d'apprentissage (contrats conclus depuis le "
                    "23/08/2019).",
                    legal,
                )
            else:
                status = _check(
                    "MASTER_STATUS",
                    KO,
                    "Le conjoint collaborateur ne peut être maître d'apprentissage que pour un contrat conclu "
                    "depuis le 23/08/2019 (ordonnance n° 2019-861).",
                    legal,
                )

    if supervisor.volunteer is None:
        volunteer = _check(
            "MASTER_VOLUNTEER", UNKNOWN, "Le volontariat du maître d'apprentissage n'est pas renseigné.", legal
        )
    elif supervisor.volunteer:
        volunteer = _check("MASTER_VOLUNTEER", OK, "Le maître d'apprentissage est volontaire.", legal)
    else:
        volunteer = _check(
            "MASTER_VOLUNTEER",
            KO,
            "Le maître d'apprentissage doit être volontaire : la fonction ne peut pas être imposée.",
            legal,
        )

    if supervisor.birth_date is None:
        adult = _check(
            "MASTER_ADULT",
            UNKNOWN,
            "Date de naissance du maître d'apprentissage inconnue : il doit être majeur au début du contrat.",
            legal,
        )
    else:
        age = age_on(supervisor.birth_date, contract.start_date)
        if age >= 18:
            adult = _check("MASTER_ADULT", OK, "Le maître d'apprentissage est majeur au début du contrat.", legal)
        else:
            adult = _check(
                "MASTER_ADULT",
                KO,
                f"Le maître d'apprentissage doit être majeur : il a {age} ans au début du contrat.",
                legal,
            )

    if supervisor.good_character_attested is None:
        character = _check(
            "MASTER_GOOD_CHARACTER",
            UNKNOWN,
            "L'attestation de moralité du maître d'apprentissage n'est pas renseignée.",
            legal,
        )
    elif supervisor.good_character_attested:
        character = _check(
            "MASTER_GOOD_CHARACTER",
            OK,
            "L'employeur atteste que le maître d'apprentissage offre toutes garanties de moralité.",
            legal,
        )
    else:
        character = _check(
            "MASTER_GOOD_CHARACTER",
            KO,
            "Le maître d'apprentissage doit offrir toutes garanties de moralité, ce qui n'est pas attesté.",
            legal,
        )

    return [status, volunteer, adult, character, master_competence(situation, data)]


def _diploma_route(situation: Situation, months: int, levels_above: int = 0) -> tuple[Status, str]:
    """A diploma of the same professional field, of a level at least the one prepared (+ levels_above), and months
    of relevant experience. The second element says what fails or is missing."""
    contract, supervisor = situation.contract, situation.supervisor
    experience = supervisor.relevant_experience_months
    if experience is not None and experience < months:
        return KO, f"{experience} mois d'expérience sur les {months} exigés avec un diplôme"
    diplomas = supervisor.diplomas
    if diplomas is None:
        found, why = UNKNOWN, "diplômes non renseignés"
    elif not diplomas:
        found, why = KO, "aucun diplôme"
    else:
        found, why = KO, "aucun diplôme du même domaine professionnel et d'un niveau suffisant"
        level_needed = None if contract.certification_level is None else contract.certification_level + levels_above
        for diploma in diplomas:
            if diploma.level is not None and level_needed is not None and diploma.level < level_needed:
                continue  # too low, whatever its field
            field = same_field(diploma.nsf, contract.certification_nsf)
            if field is KO:
                continue
            if field is OK and diploma.level is not None and level_needed is not None:
                found = OK
                break
            found = UNKNOWN
            if level_needed is None:
                why = "niveau de la certification préparée inconnu"
            elif diploma.level is None:
                why = "niveau d'un diplôme non renseigné"
            elif diploma.nsf is None or contract.certification_nsf is None:
                why = "spécialité (NSF) d'un diplôme ou de la certification non renseignée"
            else:
                why = (
                    f"diplôme de la spécialité NSF {diploma.nsf[:3]} pour une certification "
                    f"{contract.certification_nsf[:3]} : même domaine, groupe différent, à apprécier"
                )
    if found is KO:
        return KO, why
    if experience is None:
        return UNKNOWN, "expérience non renseignée" if found is OK else f"{why}, expérience non renseignée"
    return found, why


def _experience_route(situation: Situation, months: int) -> tuple[Status, str]:
    experience = situation.supervisor.relevant_experience_months
    if experience is None:
        return UNKNOWN, "expérience non renseignée"
    if experience >= months:
        return OK, ""
    return KO, f"{experience} mois d'expérience sur les {months} exigés sans diplôme"


def _route_label(route: CompetenceRoute) -> str:
    if route.diploma_min_levels_above is None:
        return f"{route.months} mois d'expérience en rapport avec la qualification préparée"
    level = (
        "de niveau au moins égal"
        if route.diploma_min_levels_above == 0
        else (f"d'au moins {route.diploma_min_levels_above} niveau(x) de plus")
    )
    return f"un diplôme du même domaine professionnel, {level} à celui préparé, et {route.months} mois d'expérience"


# The regulatory routes of R6223-22 (and the old R6223-24), by reference date.
ROUTES_2019: tuple[CompetenceRoute, ...] = (CompetenceRoute(12, diploma_min_levels_above=0), CompetenceRoute(24))
ROUTES_2011: tuple[CompetenceRoute, ...] = (CompetenceRoute(24, diploma_min_levels_above=0), CompetenceRoute(36))
ROUTES_BEFORE_2011: tuple[CompetenceRoute, ...] = (
    CompetenceRoute(36, diploma_min_levels_above=0),
    CompetenceRoute(60),
)


def master_competence(situation: Situation, data: RuleData) -> Check:
    contract, employer = situation.contract, situation.employer
    ref = contract.reference_date
    agreement: BranchAgreement | None = None
    prefix = ""
    if employer.kind is EmployerKind.PUBLIC and ref >= REFORM_2019:
        # L6223-8-1, last sentence: in the public sector the competence condition is always regulatory (D6273-1).
        routes, legal = ROUTES_2019, basis("D6273-1", ref)
    elif ref >= REFORM_2019:
        agreement = data.agreement_for(employer.idcc, ref)
        if agreement is not None:
            routes = agreement.routes
            legal = basis("L6223-8-1", ref, f"{agreement.name} {agreement.reference}".strip())
        else:
            routes, legal = ROUTES_2019, basis("R6223-22", ref)
            prefix = (
                "IDCC de l'employeur non renseigné : conditions réglementaires. "
                if not employer.idcc
                else f"Aucun accord de branche connu pour l'IDCC {employer.idcc} : conditions réglementaires. "
            )
    elif ref >= COMPETENCE_2011:
        routes, legal = ROUTES_2011, basis("R6223-22", ref, NOTE_2011)
    else:
        routes, legal = ROUTES_BEFORE_2011, basis("R6223-22", ref, NOTE_BEFORE_2011)

    results: list[tuple[Status, str, str]] = []
    for route in routes:
        if route.diploma_min_levels_above is None:
            status, why = _experience_route(situation, route.months)
            if status is OK and routes is ROUTES_2011:
                # 2011-2018, without a diploma: 36 months *and* a minimum qualification level set by the departmental
                # commission or the rector's approval, a fact the situation does not carry.
                status, why = UNKNOWN, "niveau de qualification fixé par la commission départementale non connu"
        else:
            status, why = _diploma_route(situation, route.months, route.diploma_min_levels_above)
        results.append((status, _route_label(route), why))
    if employer.kind is EmployerKind.ETT:
        # R6226-5: 2 years in a temporary-work agency deem the competence condition met (a third route).
        months = situation.supervisor.ett_experience_months
        status = UNKNOWN if months is None else (OK if months >= 24 else KO)
        why = (
            "expérience en entreprise de travail temporaire non renseignée"
            if months is None
            else (f"{months} mois en entreprise de travail temporaire sur 24")
        )
        results.append((status, "24 mois d'expérience en entreprise de travail temporaire (R6226-5)", why))

    overall = any_route(status for status, _, _ in results)
    if overall is OK:
        met = next(label for status, label, _ in results if status is OK)
        if "R6226-5" in met:
            legal = basis("R6226-5", ref)
        message = f"{prefix}Compétence professionnelle établie : {met}."
    elif overall is KO:
        detail = " ; ou ".join(label for _, label, _ in results)
        why = " ; ".join(why for _, _, why in results if why)
        message = f"{prefix}Compétence professionnelle non établie. Il faut {detail}. Ici : {why}."
    else:
        open_routes = " ; ".join(f"{label} ({why})" for status, label, why in results if status is UNKNOWN)
        message = f"{prefix}Compétence professionnelle à vérifier : {open_routes}."
    if agreement is not None:
        message = f"Accord de branche {agreement.name} (IDCC {agreement.idcc}). {message}"
    return _check("MASTER_COMPETENCE", overall, message, legal)


# --- tutor (contrat de professionnalisation, Pro-A, période de reconversion) ------------------------------------
def second_tutor_exemption(situation: Situation) -> Status:
    """Whether D6325-10 lifts the tutor conditions: a second tutor named by a GE, an ETT or (from 31/12/2020) an AI."""
    if not situation.supervisor.second_tutor:
        return KO
    match situation.employer.kind:
        case None:
            return UNKNOWN
        case EmployerKind.GROUPEMENT_EMPLOYEURS | EmployerKind.ETT:
            return OK
        case EmployerKind.ASSOCIATION_INTERMEDIAIRE:
            return OK if situation.contract.reference_date >= AI_SECOND_TUTOR_FROM else KO
    return KO


SIAE_NOTE = (
    " L'article D6325-10 ne nomme que les entreprises de travail temporaire, les associations intermédiaires et "
    "les groupements d'employeurs ; certaines fiches d'OPCO visent plus largement les structures d'insertion : la "
    "dispense du second tuteur n'est pas appliquée ici."
)


def tutor_checks(situation: Situation, data: RuleData) -> list[Check]:
    contract, supervisor = situation.contract, situation.supervisor
    ref = contract.reference_date
    checks: list[Check] = []
    if contract.kind is ContractKind.PRO_A and not PRO_A_FROM <= ref < RECONVERSION_FROM:
        checks.append(
            _check(
                "CONTRACT_KIND",
                KO,
                "La Pro-A (reconversion ou promotion par alternance) n'existe que pour les avenants conclus du "
                "01/01/2019 au 31/12/2025 ; depuis le 01/01/2026, c'est la période de reconversion.",
                basis("L6324-1", ref),
            )
        )
    if contract.kind is ContractKind.PERIODE_RECONVERSION:
        legal = basis("L6324-1", ref)
        if ref < RECONVERSION_FROM:
            checks.append(
                _check(
                    "CONTRACT_KIND",
                    KO,
                    "La période de reconversion n'existe que depuis le 01/01/2026 (loi n° 2025-989).",
                    legal,
                )
            )
        unconfirmed = (
            "Aucune règle de tutorat n'est confirmée dans les articles de la période de reconversion (L6324-1 et "
            "suivants) : condition à vérifier auprès de l'OPCO."
        )
        checks.append(_check("TUTOR_VOLUNTEER", UNKNOWN, unconfirmed, legal))
        checks.append(_check("TUTOR_EXPERIENCE", UNKNOWN, unconfirmed, legal))
        return checks

    legal = basis("D6325-6", ref)
    exemption = second_tutor_exemption(situation)
    if exemption is OK:
        exempt = basis("D6325-10", ref)
        text = (
            "Second tuteur désigné par l'entreprise de travail temporaire, l'association intermédiaire ou le "
            "groupement d'employeurs : cette condition ne s'applique pas à lui."
        )
        checks.append(_check("TUTOR_VOLUNTEER", OK, text, exempt))
        checks.append(_check("TUTOR_EXPERIENCE", OK, text, exempt))
        return checks
    note = ""
    if supervisor.second_tutor:
        if situation.employer.kind is EmployerKind.SIAE:
            note = SIAE_NOTE
        elif situation.employer.kind is EmployerKind.ASSOCIATION_INTERMEDIAIRE:
            note = " Les associations intermédiaires ne désignent un second tuteur dispensé que depuis le 31/12/2020."
        elif exemption is UNKNOWN:
            note = " Type d'employeur inconnu : la dispense du second tuteur (D6325-10) ne peut être appréciée."

    match supervisor.status:
        case SupervisorStatus.EMPLOYER:
            volunteer = _check(
                "TUTOR_VOLUNTEER",
                OK,
                "L'employeur peut assurer lui-même le tutorat s'il remplit les conditions de qualification et "
                "d'expérience.",
                legal,
            )
        case SupervisorStatus.CONJOINT_COLLABORATEUR:
            volunteer = _check(
                "TUTOR_VOLUNTEER",
                UNKNOWN,
                "Le tuteur est choisi parmi les salariés, ou c'est l'employeur : le cas du conjoint collaborateur "
                "n'est pas prévu par le texte, à vérifier avec l'OPCO.",
                legal,
            )
        case _ if supervisor.volunteer is None:
            volunteer = _check("TUTOR_VOLUNTEER", UNKNOWN, "Le volontariat du tuteur n'est pas renseigné.", legal)
        case _ if supervisor.volunteer:
            volunteer = _check("TUTOR_VOLUNTEER", OK, "Le tuteur est volontaire.", legal)
        case _:
            volunteer = _check("TUTOR_VOLUNTEER", KO, "Le tuteur doit être volontaire.", legal)

    months = supervisor.relevant_experience_months
    if months is None:
        experience = _check(
            "TUTOR_EXPERIENCE",
            UNKNOWN,
            "Expérience du tuteur non renseignée : il faut au moins deux ans dans une qualification en rapport "
            "avec l'objectif de professionnalisation.",
            legal,
        )
    elif months >= 24:
        experience = _check(
            "TUTOR_EXPERIENCE",
            OK,
            f"Le tuteur justifie d'au moins deux ans d'expérience dans une qualification en rapport avec "
            f"l'objectif visé ({months} mois).",
            legal,
        )
    else:
        experience = _check(
            "TUTOR_EXPERIENCE",
            KO,
            f"Le tuteur doit justifier d'au moins deux ans d'expérience dans une qualification en rapport avec "
            f"l'objectif visé : {months} mois déclarés.",
            legal,
        )
    for check in (volunteer, experience):
        if note and check.status is not OK:
            status = UNKNOWN if exemption is UNKNOWN else check.status
            check = _check(check.code, status, check.message + note, check.basis)
        checks.append(check)
    return checks
