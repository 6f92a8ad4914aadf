"""Cleaning of one cell of a contract file into a typed value.

Pure Python: the importer calls these about forty times per row on files of up to a million rows, so each cleaner
tries the common spelling first (exact length, slicing, one dict lookup) and only then the tolerant path. Every cleaner
receives the cell's text already stripped and not empty (the importer handles empty cells and required columns) and
raises ValueProblem with a French message that quotes the value and says what is expected; the importer adds the line
and the column.

The codes accepted beside the words are those of the national apprenticeship contract form (cerfa FA13 n°10103).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Container
from functools import lru_cache

from compagnon.organisations.validators import LA_POSTE_SIREN, uai_check_letter


class ValueProblem(Exception):
    """What is wrong with one cell, in French, saying what is expected; the importer adds line and column."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# --- shared helpers ---------------------------------------------------------------------------------------------------

_QUOTE_LIMIT = 60


def _q(text: str) -> str:
    """The value as quoted in a message: a pasted paragraph must not become a paragraph of error."""
    if len(text) > _QUOTE_LIMIT:
        text = text[: _QUOTE_LIMIT - 1] + "…"
    return f"« {text} »"


def _thousands(number: int) -> str:
    return f"{number:,}".replace(",", "\u202f")


# Accents, ligatures, apostrophes and dashes folded with one translate() call: cheaper than unicodedata per cell.
_FOLD = str.maketrans(
    {
        **dict.fromkeys("àáâãäå", "a"),
        "ç": "c",
        **dict.fromkeys("èéêë", "e"),
        **dict.fromkeys("ìíîï", "i"),
        "ñ": "n",
        **dict.fromkeys("òóôõö", "o"),
        **dict.fromkeys("ùúûü", "u"),
        **dict.fromkeys("ýÿ", "y"),
        "œ": "oe",
        "æ": "ae",
        **dict.fromkeys("'’‘`´-‐‑–—_/\u00a0\u202f\t\r\n", " "),
    }
)


def _fold(text: str) -> str:
    """Lower case, no accents, apostrophes/dashes/underscores as spaces, single spaces: « Contrat d'Apprentissage »
    and « contrat d apprentissage » become the same key."""
    return " ".join(text.lower().translate(_FOLD).split())


# Spaces a spreadsheet or a word processor puts inside numbers and identifiers (thousands, « 123 456 789 00012 »).
_NO_SPACES = str.maketrans(dict.fromkeys(" \u00a0\u202f\u2009\t", None))


def _integral(text: str) -> str:
    """ "16.0" → "16": a spreadsheet that read a code as a number writes it back with a decimal part."""
    if text.endswith(".0") and text[:-2].isdigit():
        return text[:-2]
    return text


def _ascii_digits(text: str) -> bool:
    # str.isdigit() alone accepts « ² » and Arabic-Indic digits, which int() would then read or choke on.
    return text.isascii() and text.isdigit()


# --- dates ------------------------------------------------------------------------------------------------------------

_DATE_EXPECTED = "(attendu JJ/MM/AAAA ou AAAA-MM-JJ)"
_YEAR_MIN = 1900
_YEAR_MAX = 2100
_TIME_CHARS = frozenset("0123456789:.")


def _date(year: str, month: str, day: str, text: str) -> dt.date:
    if not (_ascii_digits(year) and _ascii_digits(month) and _ascii_digits(day)):
        raise ValueProblem(f"date illisible : {_q(text)} {_DATE_EXPECTED}")
    y = int(year)
    if not _YEAR_MIN <= y <= _YEAR_MAX:
        raise ValueProblem(f"date hors limites : {_q(text)} (année attendue entre {_YEAR_MIN} et {_YEAR_MAX})")
    try:
        return dt.date(y, int(month), int(day))
    except ValueError:
        raise ValueProblem(f"date impossible : {_q(text)} {_DATE_EXPECTED}") from None


def parse_date(text: str) -> dt.date:
    """JJ/MM/AAAA (also J/M/AAAA, with - or . between), AAAA-MM-JJ, and either followed by a spreadsheet's time.

    Sliced and int()-ed, never strptime: strptime is two thirds of the parsing cost of a row (PERFORMANCE.md).
    """
    day = text
    if len(text) > 10 and text[10] in " T" and _TIME_CHARS.issuperset(text[11:]):
        # "2026-09-01 00:00:00", "2026-09-01T00:00:00.000": the date of a datetime cell; its time says nothing more.
        day = text[:10]
    if len(day) == 10:
        sep = day[2]
        if sep in "/-." and day[5] == sep:
            return _date(day[6:], day[3:5], day[:2], text)
        if day[4] == "-" and day[7] == "-":
            return _date(day[:4], day[5:7], day[8:], text)
    elif 6 <= len(day) <= 9:
        # J/M/AAAA, JJ/M/AAAA, J/MM/AAAA (and AAAA-M-J): a separator, then the same separator.
        for sep in "/-.":
            parts = day.split(sep)
            if len(parts) == 3:
                first, month, last = parts
                if 1 <= len(month) <= 2:
                    if 1 <= len(first) <= 2 and len(last) == 4:
                        return _date(last, month, first, text)
                    if len(first) == 4 and 1 <= len(last) <= 2:
                        return _date(first, month, last, text)
                break
    raise ValueProblem(f"date illisible : {_q(text)} {_DATE_EXPECTED}")


# --- identifiers ------------------------------------------------------------------------------------------------------

# Luhn on bytes, every step in C: the plain digits are summed as ASCII codes (minus 48 each), the doubled ones through a
# translate table holding the digit sum of their double (6 → 12 → 3). Three times faster than a loop over the digits.
_LUHN_DOUBLED = bytes.maketrans(b"0123456789", bytes([0, 2, 4, 6, 8, 1, 3, 5, 7, 9]))
_LA_POSTE_SIREN = LA_POSTE_SIREN.encode("ascii")


def _siret_key_ok(siret: str) -> bool:
    raw = siret.encode("ascii")
    if raw.startswith(_LA_POSTE_SIREN):
        # La Poste's establishments share one SIREN and do not follow Luhn: their digits sum to a multiple of 5. Its
        # head office (35600000000048) is the exception to the exception: its SIRET follows Luhn and not that sum.
        return (sum(raw) - 48 * 14) % 5 == 0 or _siret_luhn(raw)
    # SIREN: from the right, digits 9, 7, 5, 3, 1 plain and 8, 6, 4, 2 doubled.
    siren = sum(raw[0:9:2]) - 48 * 5 + sum(raw[1:9:2].translate(_LUHN_DOUBLED))
    return siren % 10 == 0 and _siret_luhn(raw)


def _siret_luhn(raw: bytes) -> bool:
    # SIRET: from the right, the odd places (indices 13, 11, … 1) plain, the even ones doubled.
    return (sum(raw[1::2]) - 48 * 7 + sum(raw[0::2].translate(_LUHN_DOUBLED))) % 10 == 0


def clean_siret(text: str) -> str:
    """14 digits, checked as INSEE does (Luhn on the SIREN and on the SIRET, La Poste's exception)."""
    siret = text
    if not (len(siret) == 14 and _ascii_digits(siret)):
        siret = text.translate(_NO_SPACES)
        if siret.endswith(".0"):
            # Read as a number by a spreadsheet; the digits are all there.
            siret = siret[:-2]
        siret = siret.replace(".", "")
        if not (len(siret) == 14 and _ascii_digits(siret)):
            if "e+" in siret.lower():
                raise ValueProblem(
                    f"SIRET écrit en notation scientifique par le tableur : {_q(text)} (les derniers chiffres sont "
                    "perdus ; mettre la colonne au format texte et recopier les 14 chiffres)"
                )
            raise ValueProblem(f"SIRET : 14 chiffres attendus, reçu {_q(text)}")
    if not _siret_key_ok(siret):
        raise ValueProblem(f"SIRET invalide : {_q(text)} (clé de contrôle incorrecte)")
    return siret


def clean_uai(text: str) -> str:
    """Code UAI (ex-RNE) of a training centre: 7 digits and the check letter, in capitals."""
    uai = text.upper()
    if len(uai) != 8:
        uai = uai.translate(_NO_SPACES)
    if len(uai) != 8 or not _ascii_digits(uai[:7]) or not ("A" <= uai[7] <= "Z"):
        raise ValueProblem(f"UAI : 7 chiffres suivis d'une lettre attendus, reçu {_q(text)}")
    expected = uai_check_letter(uai[:7])
    if uai[7] != expected:
        raise ValueProblem(f"UAI invalide : {_q(text)} (lettre de contrôle attendue : {expected})")
    return uai


def clean_naf(text: str) -> str:
    """Code NAF rév. 2 (APE) in the form « 56.10A », whatever the case and with or without its dot."""
    if len(text) == 6 and text[2] == "." and text[5].isupper():
        compact = text[:2] + text[3:5] + text[5]
    else:
        compact = text.translate(_NO_SPACES).replace(".", "").upper()
    if len(compact) != 5 or not _ascii_digits(compact[:4]) or not ("A" <= compact[4] <= "Z"):
        raise ValueProblem(
            f"code NAF invalide : {_q(text)} (attendu 2 chiffres, un point, 2 chiffres et une lettre, comme 56.10A)"
        )
    return f"{compact[:2]}.{compact[2:]}"


def clean_idcc(text: str) -> str:
    """IDCC of the collective agreement, 4 digits (« 16 » → « 0016 »); 9999 and 0000 say there is none."""
    idcc = text
    if not (len(idcc) == 4 and _ascii_digits(idcc)):
        idcc = _integral(text.translate(_NO_SPACES))
        if idcc[:4].lower() == "idcc":
            idcc = idcc[4:].lstrip(":")
        if not (1 <= len(idcc) <= 4 and _ascii_digits(idcc)):
            raise ValueProblem(f"IDCC : 1 à 4 chiffres attendus, reçu {_q(text)}")
        idcc = idcc.zfill(4)
    return idcc


def clean_rncp(text: str) -> str:
    """Code of a certification in the RNCP, as « RNCP12345 »."""
    digits = text
    if digits[:4].upper() == "RNCP":
        digits = digits[4:]
    digits = _integral(digits.translate(_NO_SPACES).lstrip("-:"))
    if not (1 <= len(digits) <= 6 and _ascii_digits(digits)) or int(digits) == 0:
        raise ValueProblem(f"code RNCP invalide : {_q(text)} (attendu RNCP suivi de 1 à 6 chiffres, comme RNCP12345)")
    # France Compétences writes no leading zero: « RNCP012345 » and « RNCP12345 » are one certification.
    return f"RNCP{int(digits)}"


def clean_nsf(text: str, known: Container[str]) -> str:
    """NSF group (3 digits) of a certification; a specialty letter (« 221p ») or a label after a dash is dropped."""
    group = text
    if len(group) != 3:
        group = text[:3]
        rest = text[3:].strip()
        letter_only = len(rest) == 1 and rest.isalpha()
        labelled = rest[:1] in ("-", ":", "–")
        if not (letter_only or labelled):
            raise ValueProblem(f"groupe NSF : 3 chiffres attendus, reçu {_q(text)}")
    if not _ascii_digits(group):
        raise ValueProblem(f"groupe NSF : 3 chiffres attendus, reçu {_q(text)}")
    if group not in known:
        raise ValueProblem(f"groupe NSF inconnu : {_q(group)}")
    return group


def clean_commune_code(text: str) -> str:
    """Code officiel géographique (INSEE) of a commune: 5 characters, Corsica as 2A/2B."""
    code = text
    if not (len(code) == 5 and _ascii_digits(code)):
        code = _integral(text.translate(_NO_SPACES)).upper()
        if len(code) == 4 and _ascii_digits(code):
            # A spreadsheet read « 01053 » as the number 1053.
            code = "0" + code
        elif not (len(code) == 5 and (_ascii_digits(code) or (code[:2] in ("2A", "2B") and _ascii_digits(code[2:])))):
            raise ValueProblem(
                f"code commune INSEE : 5 caractères attendus (chiffres, ou 2A/2B pour la Corse), reçu {_q(text)}"
            )
    if code[:2] == "20":
        # Since 1976 the Corsican communes are 2A… or 2B…; « 20… » is a Corsican postal code, not a commune code.
        raise ValueProblem(
            f"code commune INSEE invalide : {_q(text)} (la Corse s'écrit 2A ou 2B ; un code postal n'est pas un "
            "code commune)"
        )
    return code


def clean_postal_code(text: str) -> str:
    """Postal code, 5 digits; 4 digits are padded (a spreadsheet dropped the leading 0)."""
    code = text
    if not (len(code) == 5 and _ascii_digits(code)):
        code = _integral(text.translate(_NO_SPACES))
        if len(code) == 4 and _ascii_digits(code):
            code = "0" + code
        elif len(code) != 5 or not _ascii_digits(code):
            raise ValueProblem(f"code postal : 5 chiffres attendus, reçu {_q(text)}")
    return code


# --- numbers and text -------------------------------------------------------------------------------------------------


def clean_int(text: str, *, minimum: int, maximum: int, what: str) -> int:
    """A whole number written by a person or a spreadsheet: « 12 », « 12.0 », « 1 200 »; ``what`` names it."""
    if _ascii_digits(text):
        value = int(text)
    else:
        compact = text.translate(_NO_SPACES)
        sign = 1
        if compact[:1] == "-":
            sign, compact = -1, compact[1:]
        whole, mark, decimals = compact.replace(",", ".").partition(".")
        if not _ascii_digits(whole) or (mark and decimals.strip("0")) or (mark and not decimals):
            raise ValueProblem(f"{what} : nombre entier attendu, reçu {_q(text)}")
        value = sign * int(whole)
    if not minimum <= value <= maximum:
        raise ValueProblem(
            f"{what} hors limites : {_q(text)} (attendu entre {_thousands(minimum)} et {_thousands(maximum)})"
        )
    return value


def clean_text(text: str, *, max_length: int) -> str:
    """Free text on one line: runs of spaces and line breaks become one space."""
    cleaned = " ".join(text.split())
    if len(cleaned) > max_length:
        # Never the value itself: it may be megabytes pasted by mistake.
        raise ValueProblem(
            f"texte trop long : {_thousands(len(cleaned))} caractères ({_thousands(max_length)} au plus)"
        )
    return cleaned


def clean_name(text: str, *, max_length: int = 150) -> str:
    """A person's or an organisation's name: one line, at least one letter."""
    cleaned = " ".join(text.split())
    if len(cleaned) > max_length:
        raise ValueProblem(f"nom trop long : {_thousands(len(cleaned))} caractères ({_thousands(max_length)} au plus)")
    if not any(char.isalpha() for char in cleaned):
        raise ValueProblem(f"nom : au moins une lettre attendue, reçu {_q(text)}")
    return cleaned


_EMAIL_MAX = 254  # RFC 5321: the longest address a mail server accepts.


def clean_email(text: str) -> str:
    email = text.lower()
    if email.startswith("mailto:"):
        email = email[7:]
    if len(email) > _EMAIL_MAX:
        raise ValueProblem(f"adresse e-mail trop longue : {_thousands(len(email))} caractères ({_EMAIL_MAX} au plus)")
    local, at, domain = email.partition("@")
    if (
        not at
        or not local
        or "@" in domain
        or "." not in domain
        or domain[0] == "."
        or domain[-1] == "."
        or ".." in domain
        or len(email.split()) != 1  # any whitespace, in one C call rather than a loop over the characters
    ):
        raise ValueProblem(f"adresse e-mail invalide : {_q(text)} (attendu nom@domaine.fr)")
    return email


# --- enumerations -----------------------------------------------------------------------------------------------------
# Each is a dict over folded text (_fold), built from readable aliases; the cleaners are cached because the same few
# spellings repeat on every row of a file.


# Free-text cleaners answer for any text: a cache of long texts would keep whole paragraphs (or a 10 MB cell) alive.
_CACHED_TEXT_MAX = 200


def _table(aliases: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {_fold(alias): value for value, spellings in aliases.items() for alias in spellings}


def _code_key(text: str) -> str:
    """ "02", "2.0" and "2" are one form code."""
    code = _integral(text)
    if _ascii_digits(code):
        return str(int(code))
    return _fold(text)


# cerfa FA13 « type de contrat ou d'avenant »: 11 first contract; 21-23 new contract after a previous one; 31-38
# amendments (employer's legal change, seasonal change, extension after a failed exam or for a disabled apprentice,
# new diploma, other changes, place of work, place of training). All describe an apprenticeship contract.
_CERFA_CONTRACT_CODES = ("11", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "38")

_CONTRACT_KINDS = _table(
    {
        "apprentissage": (
            "apprentissage",
            "contrat d'apprentissage",
            "contrat apprentissage",
            "apprenti",
            *_CERFA_CONTRACT_CODES,
        ),
        "professionnalisation": (
            "professionnalisation",
            "contrat de professionnalisation",
            "contrat professionnalisation",
            "pro",
            "contrat pro",
        ),
        "pro_a": (
            "pro-a",
            "pro a",
            "proa",
            "reconversion ou promotion par alternance",
            "promotion par alternance",
        ),
        "periode_reconversion": ("période de reconversion", "periode reconversion"),
    }
)


@lru_cache(maxsize=4096)
def _contract_kind(text: str) -> str:
    kind = _CONTRACT_KINDS.get(_code_key(text))
    if kind is None:
        raise ValueProblem(
            f"type de contrat inconnu : {_q(text)} (attendu : apprentissage, professionnalisation, Pro-A, "
            "période de reconversion, ou un code du cerfa de 11 à 38)"
        )
    return kind


def clean_contract_kind(text: str) -> str:
    """ "apprentissage", "professionnalisation", "pro_a" or "periode_reconversion"."""
    return _contract_kind(text)


# Two fields of the cerfa FA13 are accepted in this column, their codes do not overlap:
# - « employeur spécifique » (one digit): 1 ETT, 2 groupement d'employeurs, 3 employeur saisonnier, 4 apprentissage
#   familial, 0 none of these; 3, 4 and 0 change nothing to the tutoring rules, so they are ordinary companies;
# - « type d'employeur » (two digits): 11-16 private (répertoire des métiers, RCS, MSA, profession libérale,
#   association, other private), 21-29 public (État, commune, département, région, public hospital, EPLE, EPA of the
#   State, local EPA, other public), and 30 EPIC on later versions of the form. An EPIC's staff are under private law,
#   so the public-sector apprenticeship rules (L6227-1) do not apply to it: it counts as a company.
_EMPLOYER_KINDS = _table(
    {
        "entreprise": (
            "entreprise",
            "entreprise privée",
            "employeur privé",
            "privé",
            "secteur privé",
            "association",
            "employeur saisonnier",
            "apprentissage familial",
            *("0", "3", "4"),
            *("11", "12", "13", "14", "15", "16", "30"),
        ),
        "groupement_employeurs": (
            "groupement d'employeurs",
            "groupement d'employeur",
            "groupement employeurs",
            "GE",
            "GEIQ",
            "2",
        ),
        "ett": (
            "ETT",
            "entreprise de travail temporaire",
            "travail temporaire",
            "entreprise d'intérim",
            "intérim",
            "1",
        ),
        "association_intermediaire": ("association intermédiaire", "AI"),
        "siae": (
            "SIAE",
            "structure d'insertion par l'activité économique",
            "insertion par l'activité économique",
            "entreprise d'insertion",
            "atelier chantier d'insertion",
            "atelier et chantier d'insertion",
        ),
        "public": (
            "public",
            "employeur public",
            "secteur public",
            *("21", "22", "23", "24", "25", "26", "27", "28", "29"),
        ),
    }
)


@lru_cache(maxsize=4096)
def _employer_kind(text: str) -> str:
    kind = _EMPLOYER_KINDS.get(_code_key(text))
    if kind is None:
        raise ValueProblem(
            f"type d'employeur inconnu : {_q(text)} (attendu : entreprise, groupement d'employeurs, ETT, association "
            "intermédiaire, SIAE, employeur public, ou un code du cerfa : employeur spécifique 0 à 4, "
            "type d'employeur 11 à 16 ou 21 à 30)"
        )
    return kind


def clean_employer_kind(text: str) -> str:
    """ "entreprise", "groupement_employeurs", "ett", "association_intermediaire", "siae" or "public"."""
    return _employer_kind(text)


_SEXES = _table(
    {
        "M": ("m", "h", "1", "homme", "masculin", "monsieur", "m.", "mr"),
        "F": ("f", "2", "femme", "féminin", "madame", "mme", "mlle", "mademoiselle"),
    }
)


@lru_cache(maxsize=4096)
def _sex(text: str) -> str:
    sex = _SEXES.get(_code_key(text))
    if sex is None:
        raise ValueProblem(f"sexe inconnu : {_q(text)} (attendu M ou F, H, homme, femme, ou le code du cerfa 1 ou 2)")
    return sex


def clean_sex(text: str) -> str:
    """ "M" or "F" (cerfa: 1 man, 2 woman)."""
    return _sex(text)


# cerfa FA13 « situation avant ce contrat ».
_PRIOR_SITUATION_CODES = {
    "1": "school",  # scolaire
    "2": "trainee",  # prépa apprentissage
    "3": "student",  # étudiant
    "4": "apprentice",  # contrat d'apprentissage
    "5": "professionalisation",  # contrat de professionnalisation
    "6": "employee",  # contrat aidé
    "7": "trainee",  # au CFA sous statut de stagiaire, avant signature d'un contrat (L6222-12-1)
    "8": "trainee",  # au CFA sans contrat, suite à rupture
    "9": "trainee",  # autres situations sous statut de stagiaire de la formation professionnelle
    "10": "employee",  # salarié
    "11": "jobseeker",  # personne à la recherche d'un emploi
    "12": "inactive",  # inactif
}
# First match wins: the cerfa's own labels mention an apprenticeship contract in trainee situations (« stagiaire …
# avant signature d'un contrat d'apprentissage »), so the trainee words come before « apprenti ».
_PRIOR_SITUATION_WORDS = (
    ("prepa", "trainee"),
    ("stagiaire", "trainee"),
    ("sans contrat", "trainee"),
    ("professionnalisation", "professionalisation"),
    ("apprenti", "apprentice"),
    ("etudiant", "student"),
    ("scolaire", "school"),
    ("lycee", "school"),
    ("college", "school"),
    ("eleve", "school"),
    ("contrat aide", "employee"),
    ("emploi d avenir", "employee"),
    ("d emploi", "jobseeker"),
    ("sans emploi", "jobseeker"),
    ("france travail", "jobseeker"),
    ("pole emploi", "jobseeker"),
    ("chomage", "jobseeker"),
    ("chomeu", "jobseeker"),
    ("salarie", "employee"),
    ("inactif", "inactive"),
    ("inactive", "inactive"),
)


@lru_cache(maxsize=4096)
def _prior_situation(text: str) -> str:
    found = _PRIOR_SITUATION_CODES.get(_code_key(text))
    if found is not None:
        return found
    folded = _fold(text)
    for word, situation in _PRIOR_SITUATION_WORDS:
        if word in folded:
            return situation
    return "other"


def clean_prior_situation(text: str) -> str:
    """The apprentice's situation before the contract; free text that says nothing known is "other", never an error."""
    if len(text) > _CACHED_TEXT_MAX:
        return _prior_situation.__wrapped__(text)
    return _prior_situation(text)


# Levels of the cadre national des certifications professionnelles (décret 2019-14, D6113-19), 1 to 8.
_LEVEL_MIN = 1
_LEVEL_MAX = 8
# Before 2019 the levels ran from V (CAP) up to I; the decree's correspondence puts I at 7 or 8, and a file that still
# says « I » most often means a master or an engineering degree: 7.
_ROMAN_LEVELS = {"v": 3, "iv": 4, "iii": 5, "ii": 6, "i": 7}
_LEVEL_WORDS = {
    alias.replace(" ", ""): level
    for level, aliases in {
        3: ("cap", "bep", "cap bep", "cap-bep", "cap/bep", "mention complémentaire"),
        4: (
            "bac",
            "bac pro",
            "bac professionnel",
            "baccalauréat",
            "baccalauréat professionnel",
            "bac général",
            "bac technologique",
            "bp",
            "brevet professionnel",
            "brevet de technicien",
        ),
        5: ("bts", "dut", "bac+2", "deug", "deust", "brevet de technicien supérieur"),
        6: (
            "licence",
            "licence pro",
            "licence professionnelle",
            "bachelor",
            "but",
            "bac+3",
            "bac+4",
            "maîtrise",
            "master 1",
            "m1",
        ),
        7: ("master", "master 2", "m2", "bac+5", "ingénieur", "diplôme d'ingénieur", "dea", "dess"),
        8: ("doctorat", "bac+8", "phd"),
    }.items()
    for alias in (_fold(a) for a in aliases)
}
# cerfa FA13 « diplôme ou titre le plus élevé obtenu » / « visé », as on the current form (from n°10103*07, 2019):
# the tens give the level for 3x-8x (33 CAP, 41 bac pro, 54 BTS, 62 licence pro, 74 ingénieur, 80 doctorat), but
# 13 (no diploma), 25 (brevet) and 26 (certificat de formation générale) are no level at all. The forms before 2019
# numbered the other way round (11 to 60, 51 = CAP): a file still using them would be misread, which is why only the
# codes of the current table are accepted and no two-digit number is guessed.
_CERFA_DIPLOMA_LEVELS = {
    **dict.fromkeys(("33", "34", "35", "38"), 3),
    **dict.fromkeys(("41", "42", "43", "49"), 4),
    **dict.fromkeys(("54", "55", "58"), 5),
    **dict.fromkeys(("61", "62", "63", "69"), 6),
    **dict.fromkeys(("71", "72", "73", "74", "79"), 7),
    "80": 8,
}
_CERFA_NO_DIPLOMA = frozenset({"13", "25", "26"})
_LEVEL_EXPECTED = (
    "attendu un niveau de 1 à 8 (« 4 », « niveau 4 »), un ancien niveau de V à I, un diplôme (CAP, bac, BTS, "
    "licence, master, doctorat…) ou un code diplôme du cerfa"
)


@lru_cache(maxsize=4096)
def _level(text: str) -> int:
    key = _code_key(text)
    if _ascii_digits(key):
        return _level_from_number(key, text)
    key = key.replace(".", " ")
    for prefix in ("niveau ", "niv "):
        if key.startswith(prefix):
            rest = key[len(prefix) :].strip()
            if _ascii_digits(rest):
                return _level_from_number(rest, text, single_digit=True)
            key = rest
            break
    level = _ROMAN_LEVELS.get(key) or _LEVEL_WORDS.get(key.replace(" ", ""))
    if level is None:
        raise ValueProblem(f"niveau inconnu : {_q(text)} ({_LEVEL_EXPECTED})")
    return level


def _level_from_number(number: str, text: str, *, single_digit: bool = False) -> int:
    if len(number) == 2 and not single_digit:
        if number in _CERFA_NO_DIPLOMA:
            raise ValueProblem(
                f"niveau : le code du cerfa {_q(text)} désigne l'absence de diplôme professionnel (aucun diplôme, "
                "brevet ou certificat de formation générale), qui n'a pas de niveau"
            )
        level = _CERFA_DIPLOMA_LEVELS.get(number)
        if level is None:
            raise ValueProblem(f"niveau inconnu : {_q(text)} ({_LEVEL_EXPECTED})")
        return level
    value = int(number)
    if not _LEVEL_MIN <= value <= _LEVEL_MAX:
        raise ValueProblem(f"niveau hors limites : {_q(text)} (attendu de {_LEVEL_MIN} à {_LEVEL_MAX})")
    return value


def clean_level(text: str) -> int:
    """Level 1 to 8 of the cadre national des certifications professionnelles."""
    return _level(text)


_RUPTURE_WORDS = (
    # First match wins; a cause that names its legal path after its reason (« licenciement suite à exclusion du CFA »,
    # « licenciement pour liquidation ») is filed under the reason, which is what the indicators count.
    (("periode d essai", "45 premiers jours", "rupture libre"), "trial_period"),
    (("commun accord", "accord commun", "accord des parties", "rupture conventionnelle"), "mutual_agreement"),
    (("cessation d activite", "liquidation", "deces de l employeur"), "employer_closure"),
    (("exclusion",), "cfa_exclusion"),
    (("prud hom", "prudhom", "resiliation judiciaire"), "judicial"),
    (("demission",), "resignation"),
    (("licenciement", "faute grave", "faute lourde", "inaptitude", "force majeure"), "dismissal"),
    (("obtention du diplome", "diplome obtenu", "reussite"), "diploma_obtained"),
)


@lru_cache(maxsize=4096)
def _rupture_cause(text: str) -> tuple[str, str]:
    folded = _fold(text)
    for words, cause in _RUPTURE_WORDS:
        for word in words:
            if word in folded:
                return cause, text
    return "other", text


def clean_rupture_cause(text: str) -> tuple[str, str]:
    """(cause code, the text as written): the words are kept, whatever they say; unknown words are "other"."""
    if len(text) > _CACHED_TEXT_MAX:
        return _rupture_cause.__wrapped__(text)
    return _rupture_cause(text)


_INITIATIVES = _table(
    {
        "employer": ("employeur", "employer", "entreprise"),
        "apprentice": ("apprenti", "apprentie", "alternant", "alternante", "salarié", "salariée", "apprentice"),
        "both": ("commun accord", "commun_accord", "d'un commun accord", "les deux", "les deux parties", "both"),
        # The CFA's exclusion of the apprentice ends the contract at its request (L6222-18-1).
        "cfa": ("cfa", "centre de formation", "organisme de formation"),
        "other": ("autre", "other"),
    }
)


@lru_cache(maxsize=4096)
def _initiative(text: str) -> str:
    found = _INITIATIVES.get(_fold(text))
    if found is None:
        raise ValueProblem(
            f"initiative de la rupture inconnue : {_q(text)} "
            "(attendu : employeur, apprenti, commun accord, CFA ou autre)"
        )
    return found


def clean_initiative(text: str) -> str:
    """Who ended the contract: "employer", "apprentice", "both", "cfa" or "other"."""
    return _initiative(text)
