"""Identifiers of French organisations, checked as the administrations check them."""

from __future__ import annotations

from django.core.exceptions import ValidationError

# La Poste's establishments share one SIREN and do not follow Luhn; their SIRET digits sum to a multiple of 5.
LA_POSTE_SIREN = "356000000"
UAI_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"


def luhn_ok(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def siret_is_valid(siret: str) -> bool:
    if len(siret) != 14 or not siret.isdigit():
        return False
    if siret.startswith(LA_POSTE_SIREN):
        return sum(int(c) for c in siret) % 5 == 0
    return luhn_ok(siret[:9]) and luhn_ok(siret)


def validate_siret(value: str) -> None:
    if len(value) != 14 or not value.isdigit():
        raise ValidationError("Le SIRET doit compter 14 chiffres (reçu : « %(value)s »).", params={"value": value})
    if not siret_is_valid(value):
        raise ValidationError(
            "Le SIRET « %(value)s » est invalide (clé de contrôle incorrecte).", params={"value": value}
        )


def uai_check_letter(digits: str) -> str:
    """The key letter of a UAI (ex-RNE): the 7-digit number modulo 23 in a 23-letter alphabet."""
    return UAI_LETTERS[int(digits) % 23]


def uai_is_valid(uai: str) -> bool:
    uai = uai.upper()
    return len(uai) == 8 and uai[:7].isdigit() and uai[7] == uai_check_letter(uai[:7])


def validate_uai(value: str) -> None:
    if not uai_is_valid(value):
        raise ValidationError(
            "Le code UAI « %(value)s » est invalide (7 chiffres suivis d'une lettre de contrôle).",
            params={"value": value},
        )
