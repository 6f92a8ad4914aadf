"""The apprentice's age limits (L6222-1, L6222-2, D6222-1): warnings that never change the decision."""

from __future__ import annotations

import datetime as dt

from compagnon.rules.articles import basis
from compagnon.rules.dates import age_on
from compagnon.rules.model import ContractKind, Situation
from compagnon.rules.outcome import Warning

REFORM_2019 = dt.date(2019, 1, 1)
# D6222-1: the age limit of the L6222-2 1° and 2° exceptions, 35 since 01/04/2020 (30 before).
EXCEPTION_35_FROM = dt.date(2020, 4, 1)


def warnings(situation: Situation) -> tuple[Warning, ...]:
    contract = situation.contract
    if contract.kind is not ContractKind.APPRENTISSAGE:
        return ()
    ref = contract.reference_date
    birth = situation.trainee.birth_date
    legal = basis("L6222-1", ref)
    if birth is None:
        return (
            Warning(
                code="APPRENTICE_AGE_UNKNOWN",
                message="Date de naissance de l'apprenti inconnue : son âge au début du contrat ne peut être vérifié.",
                basis=legal,
            ),
        )
    age = age_on(birth, contract.start_date)
    upper = 29 if ref >= REFORM_2019 else 25
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
        limit = 35 if ref >= EXCEPTION_35_FROM else 30
        return (
            Warning(
                code="APPRENTICE_AGE",
                message=f"L'apprenti a {age} ans au début du contrat, au-delà de la limite de {upper} ans révolus. "
                f"Exceptions (L6222-2) : travailleur handicapé reconnu, projet de création ou de reprise "
                f"d'entreprise, sportif de haut niveau, sans limite ; contrat qui suit un précédent vers un diplôme "
                f"supérieur, ou après une rupture indépendante de sa volonté : jusqu'à {limit} ans (D6222-1).",
                basis=basis("L6222-2", ref),
            ),
        )
    return ()
