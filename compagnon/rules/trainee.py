"""The apprentice's age limits (L6222-1, L6222-2, D6222-1): warnings that never change the decision."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from compagnon.rules.articles import ON_DAY
from compagnon.rules.dates import age_on
from compagnon.rules.model import ContractKind, Situation
from compagnon.rules.outcome import LegalBasis, Warning

# Enum members as module names: reading `ContractKind.APPRENTISSAGE` costs ten times a global in Python 3.11,
# and the engine reads them on every one of its evaluations.
APPRENTISSAGE = ContractKind.APPRENTISSAGE

REFORM_2019 = dt.date(2019, 1, 1)
# D6222-1: the age limit of the L6222-2 1° and 2° exceptions, 35 since 01/04/2020 (30 before).
EXCEPTION_35_FROM = dt.date(2020, 4, 1)


def warnings(situation: Situation, ref: dt.date) -> tuple[Warning, ...]:
    contract = situation.contract
    if contract.kind is not APPRENTISSAGE:
        return ()
    birth = situation.trainee.birth_date
    age = None if birth is None else age_on(birth, contract.start_date)
    if age is not None and 16 <= age <= 25:
        return ()  # within the limits of every date (25 before 2019, 29 since): most apprentices, answered early
    legal = ON_DAY[ref]
    return _age_warnings(age, ref >= REFORM_2019, ref >= EXCEPTION_35_FROM, legal["L6222-1"], legal["L6222-2"])


@lru_cache(maxsize=4096)
def _age_warnings(
    age: int | None, since_2019: bool, exception_35: bool, legal: LegalBasis, exceptions_legal: LegalBasis
) -> tuple[Warning, ...]:

    if age is None:
        return (
            Warning(
                code="APPRENTICE_AGE_UNKNOWN",
                message="Date de naissance de l'apprenti inconnue : son âge au début du contrat ne peut être vérifié.",
                basis=legal,
            ),
        )
    upper = 29 if since_2019 else 25
    if age < 15:
        return (
            Warning(
                code="APPRENTICE_AGE",
                message=f"L'apprenti a {age} ans au début du contrat : l'apprentissage commence à 16 ans, 15 ans "
                "au plus tôt.",
                basis=legal,
            ),
        )
    if age == 15:
        return (
            Warning(
                code="APPRENTICE_AGE",
                message="L'apprenti a 15 ans au début du contrat : possible seulement s'il a achevé le premier cycle "
                "de l'enseignement secondaire (collège).",
                basis=legal,
            ),
        )
    if age > upper:
        limit = 35 if exception_35 else 30
        return (
            Warning(
                code="APPRENTICE_AGE",
                message=f"L'apprenti a {age} ans au début du contrat, au-delà de la limite de {upper} ans révolus. "
                f"Exceptions (L6222-2) : travailleur handicapé reconnu, projet de création ou de reprise "
                f"d'entreprise, sportif de haut niveau, sans limite ; contrat qui suit un précédent vers un diplôme "
                f"supérieur, ou après une rupture indépendante de sa volonté : jusqu'à {limit} ans (D6222-1).",
                basis=exceptions_legal,
            ),
        )
    return ()
