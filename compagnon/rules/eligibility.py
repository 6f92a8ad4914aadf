"""Who may supervise: the master of an apprenticeship, the tutor of a contrat de professionnalisation, by date.

Every dated rule is read at the contract's reference date (its signature date when given, else its start: reforms
apply to contracts *concluded* from a date); ages are taken on the start date.
"""

from __future__ import annotations

import datetime as dt
from functools import cache, lru_cache

from compagnon.rules.articles import ON_DAY, basis
from compagnon.rules.dates import age_on
from compagnon.rules.model import ContractKind, Diploma, EmployerKind, Situation, SupervisorStatus
from compagnon.rules.nsf import same_field
from compagnon.rules.outcome import Check, LegalBasis, Status, any_route, combine, worse
from compagnon.rules.params import BranchAgreement, CompetenceRoute, RuleData

# Enum members as module names: reading `ContractKind.APPRENTISSAGE` costs ten times a global in Python 3.11,
# and the engine reads them on every one of its evaluations.
PERIODE_RECONVERSION = ContractKind.PERIODE_RECONVERSION
PRO_A = ContractKind.PRO_A
ETT = EmployerKind.ETT
PUBLIC_EMPLOYER = EmployerKind.PUBLIC

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

# Each answer is built once for the facts it depends on, then shared (outcome.py): bounded caches.
CACHE_SIZE = 1 << 14

NOTE_BEFORE_2019 = "article créé le 01/01/2019 (loi 2018-771) : pour un contrat conclu avant, règles alors en vigueur"
NOTE_2011 = "R6223-22 et ancien R6223-24 dans leur rédaction du décret n° 2011-1358 du 25/10/2011"
NOTE_BEFORE_2011 = "R6223-22 et ancien R6223-24 dans leur rédaction antérieure au décret n° 2011-1358"


def _check(code: str, status: Status, message: str, legal: LegalBasis) -> Check:
    return Check(code=code, status=status, message=message, basis=legal)


# --- master (contrat d'apprentissage) --------------------------------------------------------------------------
def master_checks(situation: Situation, data: RuleData, ref: dt.date) -> tuple[Check, ...]:
    """`ref`: the contract's reference date (ContractFacts.reference_date), read once by the engine."""
    return master_verdict(situation, data, ref)[0]


def master_verdict(situation: Situation, data: RuleData, ref: dt.date) -> tuple[tuple[Check, ...], Status]:
    """The master's checks and what they add up to (outcome.combine): the engine folds in the status of each group of
    checks, each computed once with the group and cached with it, rather than go over every check again."""
    contract, supervisor = situation.contract, situation.supervisor
    birth = supervisor.birth_date
    age = None if birth is None else age_on(birth, contract.start_date)
    if age is not None and age > 18:
        age = 18  # any age of 18 or more gives the same answer: one cache entry for all adults
    person, person_status = _master_person_checks(
        supervisor.status,
        supervisor.volunteer,
        supervisor.good_character_attested,
        age,
        ref >= CONJOINT_FROM,
        ON_DAY[ref]["L6223-8-1"] if ref >= REFORM_2019 else basis("L6223-8-1", ref, NOTE_BEFORE_2019),
    )
    competence = master_competence(situation, data, ref)
    return (*person, competence), worse(person_status, competence.status)


@lru_cache(maxsize=CACHE_SIZE)
def _master_person_checks(
    status: SupervisorStatus | None,
    volunteer: bool | None,
    attested: bool | None,
    age: int | None,
    conjoint_allowed: bool,
    legal: LegalBasis,
) -> tuple[tuple[Check, Check, Check, Check], Status]:
    """Status, volunteering, age and good character (L6223-8-1): the same facts, the same (shared) answers; and what
    they add up to."""
    match status:
        case None:
            answer = _check(
                "MASTER_STATUS",
                UNKNOWN,
                "Statut du maître d'apprentissage non renseigné : il doit être salarié de l'entreprise, "
                "l'employeur lui-même ou son conjoint collaborateur.",
                legal,
            )
        case SupervisorStatus.EMPLOYEE:
            answer = _check("MASTER_STATUS", OK, "Le maître d'apprentissage est salarié de l'entreprise.", legal)
        case SupervisorStatus.EMPLOYER:
            answer = _check("MASTER_STATUS", OK, "L'employeur peut être lui-même maître d'apprentissage.", legal)
        case _:  # conjoint collaborateur
            if conjoint_allowed:
                answer = _check(
                    "MASTER_STATUS",
                    OK,
                    "Le conjoint collaborateur peut être maître d'apprentissage (contrats conclus depuis le "
                    "23/08/2019).",
                    legal,
                )
            else:
                answer = _check(
                    "MASTER_STATUS",
                    KO,
                    "Le conjoint collaborateur ne peut être maître d'apprentissage que pour un contrat conclu "
                    "depuis le 23/08/2019 (ordonnance n° 2019-861).",
                    legal,
                )

    if volunteer is None:
        volunteering = _check(
            "MASTER_VOLUNTEER", UNKNOWN, "Le volontariat du maître d'apprentissage n'est pas renseigné.", legal
        )
    elif volunteer:
        volunteering = _check("MASTER_VOLUNTEER", OK, "Le maître d'apprentissage est volontaire.", legal)
    else:
        volunteering = _check(
            "MASTER_VOLUNTEER",
            KO,
            "Le maître d'apprentissage doit être volontaire : la fonction ne peut pas être imposée.",
            legal,
        )

    if age is None:
        adult = _check(
            "MASTER_ADULT",
            UNKNOWN,
            "Date de naissance du maître d'apprentissage inconnue : il doit être majeur au début du contrat.",
            legal,
        )
    else:
        if age >= 18:
            adult = _check("MASTER_ADULT", OK, "Le maître d'apprentissage est majeur au début du contrat.", legal)
        else:
            adult = _check(
                "MASTER_ADULT",
                KO,
                f"Le maître d'apprentissage doit être majeur : il a {age} ans au début du contrat.",
                legal,
            )

    if attested is None:
        character = _check(
            "MASTER_GOOD_CHARACTER",
            UNKNOWN,
            "L'attestation de moralité du maître d'apprentissage n'est pas renseignée.",
            legal,
        )
    elif attested:
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

    checks = answer, volunteering, adult, character
    return checks, combine(check.status for check in checks)


def _diploma_match(
    diplomas: tuple[Diploma, ...] | None, level_needed: int | None, certification_nsf: str | None
) -> tuple[Status, str]:
    """Whether one of the diplomas is of the same professional field and of the level needed; what is missing."""
    if diplomas is None:
        return UNKNOWN, "diplômes non renseignés"
    if not diplomas:
        return KO, "aucun diplôme"
    found = NO_MATCH
    for diploma in diplomas:
        match = _one_diploma(diploma.level, diploma.nsf, level_needed, certification_nsf)
        if match[0] is OK:
            return match
        if match[0] is UNKNOWN:
            found = match
    return found


NO_MATCH = (KO, "aucun diplôme du même domaine professionnel et d'un niveau suffisant")


@lru_cache(maxsize=CACHE_SIZE)
def _one_diploma(
    level: int | None, nsf: str | None, level_needed: int | None, certification_nsf: str | None
) -> tuple[Status, str]:
    """One diploma against the certification prepared (a few hundred combinations of levels and NSF groups)."""
    if level is not None and level_needed is not None and level < level_needed:
        return NO_MATCH  # too low, whatever its field
    field = same_field(nsf, certification_nsf)
    if field is KO:
        return NO_MATCH
    if field is OK and level is not None and level_needed is not None:
        return OK, ""
    if level_needed is None:
        return UNKNOWN, "niveau de la certification préparée inconnu"
    if level is None:
        return UNKNOWN, "niveau d'un diplôme non renseigné"
    if nsf is None or certification_nsf is None:
        return UNKNOWN, "spécialité (NSF) d'un diplôme ou de la certification non renseignée"
    return UNKNOWN, (
        f"diplôme de la spécialité NSF {nsf[:3]} pour une certification {certification_nsf[:3]} : même domaine, "
        "groupe différent, à apprécier"
    )


@cache
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


@lru_cache(maxsize=1024)
def _no_agreement(idcc: str | None) -> str:
    if not idcc:
        return "IDCC de l'employeur non renseigné : conditions réglementaires. "
    return f"Aucun accord de branche connu pour l'IDCC {idcc} : conditions réglementaires. "


def master_competence(situation: Situation, data: RuleData, ref: dt.date) -> Check:
    contract, employer, supervisor = situation.contract, situation.employer, situation.supervisor
    agreement: BranchAgreement | None = None
    regime = "2019"
    # When no branch agreement is found for the employer's IDCC, the answer says so: the IDCC ("" when not given), or
    # None when the regulatory routes apply anyway. Keyed by it rather than by the message, which took a cache call.
    idcc: str | None = None
    if employer.kind is PUBLIC_EMPLOYER and ref >= REFORM_2019:
        # L6223-8-1, last sentence: in the public sector the competence condition is always regulatory (D6273-1).
        legal = ON_DAY[ref]["D6273-1"]
    elif ref >= REFORM_2019:
        agreement = data.agreement_for(employer.idcc, ref) if data.branch_agreements else None
        if agreement is not None:
            regime = "agreement"
            legal = basis("L6223-8-1", ref, f"{agreement.name} {agreement.reference}".strip())
        else:
            legal = ON_DAY[ref]["R6223-22"]
            idcc = employer.idcc or ""
    elif ref >= COMPETENCE_2011:
        regime, legal = "2011", basis("R6223-22", ref, NOTE_2011)
    else:
        regime, legal = "before 2011", basis("R6223-22", ref, NOTE_BEFORE_2011)
    ett = ON_DAY[ref]["R6226-5"] if employer.kind is ETT else None
    # The answer depends on the diplomas only through whether one matches, and on the months of experience only up to
    # the longest route (beyond it, every message is the same): keyed so, it is built once for many situations.
    level, nsf = contract.certification_level, contract.certification_nsf
    if agreement is None:  # the regulatory routes: one diploma route, at the level prepared
        longest = LONGEST[regime]
        matches: tuple[tuple[Status, str], ...] = (_diploma_match(supervisor.diplomas, level, nsf),)
    else:
        longest = max(route.months for route in agreement.routes)
        matches = tuple(
            _diploma_match(supervisor.diplomas, None if level is None else level + route.diploma_min_levels_above, nsf)
            for route in agreement.routes
            if route.diploma_min_levels_above is not None
        )
    months = supervisor.relevant_experience_months
    if months is not None and months > longest:
        months = longest
    ett_months = None if ett is None else supervisor.ett_experience_months
    if ett_months is not None and ett_months > ETT_MONTHS:
        ett_months = ETT_MONTHS
    return _competence(regime, legal, idcc, agreement, ett, matches, months, ett_months)


ETT_MONTHS = 24
ETT_ROUTE = "24 mois d'expérience en entreprise de travail temporaire (R6226-5)"
# The regulatory routes by regime, and the longest of each. The cache of answers is keyed by the regime's name, not by
# its routes: a tuple of CompetenceRoute hashes each of them through its dataclass __hash__, a Python call.
REGIMES = {"2019": ROUTES_2019, "2011": ROUTES_2011, "before 2011": ROUTES_BEFORE_2011}
LONGEST = {"2019": 24, "2011": 36, "before 2011": 60}


@lru_cache(maxsize=CACHE_SIZE)
def _competence(
    regime: str,
    legal: LegalBasis,
    idcc: str | None,
    agreement: BranchAgreement | None,
    ett: LegalBasis | None,
    matches: tuple[tuple[Status, str], ...],
    experience: int | None,
    ett_months: int | None,
) -> Check:
    """`regime`: a key of REGIMES, or "agreement" for the routes of `agreement`."""
    routes = REGIMES[regime] if agreement is None else agreement.routes
    prefix = "" if idcc is None else _no_agreement(idcc)
    results: list[tuple[Status, str, str]] = []
    diploma_routes = iter(matches)
    for route in routes:
        if route.diploma_min_levels_above is None:
            if experience is None:
                status, why = UNKNOWN, "expérience non renseignée"
            elif experience >= route.months:
                status, why = OK, ""
                if routes is ROUTES_2011:
                    # 2011-2018, without a diploma: 36 months *and* a minimum qualification level set by the
                    # departmental commission or the rector's approval, a fact the situation does not carry.
                    status = UNKNOWN
                    why = "niveau de qualification fixé par la commission départementale non connu"
            else:
                status, why = KO, f"{experience} mois d'expérience sur les {route.months} exigés sans diplôme"
        else:
            found, why = next(diploma_routes)
            if experience is not None and experience < route.months:
                status, why = KO, f"{experience} mois d'expérience sur les {route.months} exigés avec un diplôme"
            elif found is KO:
                status = KO
            elif experience is None:
                status = UNKNOWN
                why = "expérience non renseignée" if found is OK else f"{why}, expérience non renseignée"
            else:
                status = found
        results.append((status, _route_label(route), "" if status is OK else why))
    if ett is not None:
        # R6226-5: 2 years in a temporary-work agency deem the competence condition met (a third route).
        if ett_months is None:
            results.append((UNKNOWN, ETT_ROUTE, "expérience en entreprise de travail temporaire non renseignée"))
        elif ett_months >= ETT_MONTHS:
            results.append((OK, ETT_ROUTE, ""))
        else:
            results.append((KO, ETT_ROUTE, f"{ett_months} mois en entreprise de travail temporaire sur 24"))

    overall = any_route(status for status, _, _ in results)
    if overall is OK:
        met = next(label for status, label, _ in results if status is OK)
        if ett is not None and met is ETT_ROUTE:
            legal = ett
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
def second_tutor_exemption(situation: Situation, ref: dt.date) -> Status:
    """Whether D6325-10 lifts the tutor conditions: a second tutor named by a GE, an ETT or (from 31/12/2020) an AI."""
    if not situation.supervisor.second_tutor:
        return KO
    kind = situation.employer.kind
    if kind is None:
        return UNKNOWN
    if kind is GROUPEMENT or kind is ETT:
        return OK
    if kind is ASSOCIATION_INTERMEDIAIRE:
        return OK if ref >= AI_SECOND_TUTOR_FROM else KO
    return KO


GROUPEMENT, ASSOCIATION_INTERMEDIAIRE = EmployerKind.GROUPEMENT_EMPLOYEURS, EmployerKind.ASSOCIATION_INTERMEDIAIRE


SIAE_NOTE = (
    " L'article D6325-10 ne nomme que les entreprises de travail temporaire, les associations intermédiaires et "
    "les groupements d'employeurs ; certaines fiches d'OPCO visent plus largement les structures d'insertion : la "
    "dispense du second tuteur n'est pas appliquée ici."
)


def tutor_checks(situation: Situation, data: RuleData, ref: dt.date) -> tuple[Check, ...]:
    return tutor_verdict(situation, ref)[0]


def tutor_verdict(situation: Situation, ref: dt.date) -> tuple[tuple[Check, ...], Status]:
    """The tutor's checks and what they add up to (outcome.combine), as master_verdict()."""
    contract, supervisor = situation.contract, situation.supervisor
    kind = contract.kind
    legal = ON_DAY[ref]
    exemption = second_tutor_exemption(situation, ref)
    tutor_legal = legal["D6325-6"]
    checks, status, note = _tutor_checks(
        kind,
        PRO_A_FROM <= ref < RECONVERSION_FROM,
        ref >= RECONVERSION_FROM,
        exemption,
        situation.employer.kind,
        bool(supervisor.second_tutor),
        supervisor.status,
        supervisor.volunteer,
        tutor_legal,
        legal["D6325-10"] if supervisor.second_tutor else None,
        legal["L6324-1"] if kind is PRO_A or kind is PERIODE_RECONVERSION else None,
    )
    if note is None:
        return checks, status
    # The experience check is cached apart: keyed with the months (the message gives them), the other checks would
    # take as many entries as there are months declared, and outgrow their cache on a large batch.
    experience = _tutor_experience(supervisor.relevant_experience_months, tutor_legal, note, exemption is UNKNOWN)
    return (*checks, experience), worse(status, experience.status)


@lru_cache(maxsize=CACHE_SIZE)
def _tutor_checks(
    kind: ContractKind,
    pro_a_open: bool,
    reconversion_open: bool,
    exemption: Status,
    employer_kind: EmployerKind | None,
    second_tutor: bool,
    status: SupervisorStatus | None,
    volunteer: bool | None,
    legal: LegalBasis,
    second_tutor_legal: LegalBasis | None,
    kind_legal: LegalBasis | None,
) -> tuple[tuple[Check, ...], Status, str | None]:
    """The tutor's checks but the experience, what they add up to, and the note the experience check takes (None when
    there is no experience check to add: période de reconversion, exempted second tutor)."""
    checks: list[Check] = []
    if kind is ContractKind.PRO_A and not pro_a_open:
        assert kind_legal is not None
        checks.append(
            _check(
                "CONTRACT_KIND",
                KO,
                "La Pro-A (reconversion ou promotion par alternance) n'existe que pour les avenants conclus du "
                "01/01/2019 au 31/12/2025 ; depuis le 01/01/2026, c'est la période de reconversion.",
                kind_legal,
            )
        )
    if kind is ContractKind.PERIODE_RECONVERSION:
        assert kind_legal is not None
        if not reconversion_open:
            checks.append(
                _check(
                    "CONTRACT_KIND",
                    KO,
                    "La période de reconversion n'existe que depuis le 01/01/2026 (loi n° 2025-989).",
                    kind_legal,
                )
            )
        unconfirmed = (
            "Aucune règle de tutorat n'est confirmée dans les articles de la période de reconversion (L6324-1 et "
            "suivants) : condition à vérifier auprès de l'OPCO."
        )
        checks.append(_check("TUTOR_VOLUNTEER", UNKNOWN, unconfirmed, kind_legal))
        checks.append(_check("TUTOR_EXPERIENCE", UNKNOWN, unconfirmed, kind_legal))
        return _with_status(checks, None)

    if exemption is OK:
        assert second_tutor_legal is not None
        text = (
            "Second tuteur désigné par l'entreprise de travail temporaire, l'association intermédiaire ou le "
            "groupement d'employeurs : cette condition ne s'applique pas à lui."
        )
        checks.append(_check("TUTOR_VOLUNTEER", OK, text, second_tutor_legal))
        checks.append(_check("TUTOR_EXPERIENCE", OK, text, second_tutor_legal))
        return _with_status(checks, None)
    note = ""
    if second_tutor:
        if employer_kind is EmployerKind.SIAE:
            note = SIAE_NOTE
        elif employer_kind is EmployerKind.ASSOCIATION_INTERMEDIAIRE:
            note = " Les associations intermédiaires ne désignent un second tuteur dispensé que depuis le 31/12/2020."
        elif exemption is UNKNOWN:
            note = " Type d'employeur inconnu : la dispense du second tuteur (D6325-10) ne peut être appréciée."

    match status:
        case SupervisorStatus.EMPLOYER:
            volunteering = _check(
                "TUTOR_VOLUNTEER",
                OK,
                "L'employeur peut assurer lui-même le tutorat s'il remplit les conditions de qualification et "
                "d'expérience.",
                legal,
            )
        case SupervisorStatus.CONJOINT_COLLABORATEUR:
            volunteering = _check(
                "TUTOR_VOLUNTEER",
                UNKNOWN,
                "Le tuteur est choisi parmi les salariés, ou c'est l'employeur : le cas du conjoint collaborateur "
                "n'est pas prévu par le texte, à vérifier avec l'OPCO.",
                legal,
            )
        case _ if volunteer is None:
            volunteering = _check("TUTOR_VOLUNTEER", UNKNOWN, "Le volontariat du tuteur n'est pas renseigné.", legal)
        case _ if volunteer:
            volunteering = _check("TUTOR_VOLUNTEER", OK, "Le tuteur est volontaire.", legal)
        case _:
            volunteering = _check("TUTOR_VOLUNTEER", KO, "Le tuteur doit être volontaire.", legal)
    checks.append(_with_note(volunteering, note, exemption is UNKNOWN))
    return _with_status(checks, note)


def _with_status(checks: list[Check], note: str | None) -> tuple[tuple[Check, ...], Status, str | None]:
    return tuple(checks), combine(check.status for check in checks), note


def _with_note(check: Check, note: str, exemption_unknown: bool) -> Check:
    """A second tutor not exempted: the note says why, and an unknown exemption makes a failed condition unknown."""
    if note and check.status is not OK:
        return _check(check.code, UNKNOWN if exemption_unknown else check.status, check.message + note, check.basis)
    return check


@lru_cache(maxsize=CACHE_SIZE)
def _tutor_experience(months: int | None, legal: LegalBasis, note: str, exemption_unknown: bool) -> Check:
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
    return _with_note(experience, note, exemption_unknown)
