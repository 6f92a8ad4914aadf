"""The canonical columns of a contract file and the matching of the headers people actually write.

A contract file has one contract per row, in the fields of the national apprenticeship contract form (cerfa FA13
n°10103). Headers are matched on a loose key: `normalize_header`, then words that carry no meaning dropped ("de", "du",
"n°"…), synonyms folded ("tuteur" → "maitre", "alternant" → "apprenti"), plurals cut, and the words sorted, so that
"Date de début du contrat", "DATE_DEBUT_CONTRAT" and "Contrat - date début" are one key. The keys of every column are
computed once, at import time, into one dict: matching a header is one dict lookup.

Labels the cerfa uses for both the apprentice and the masters ("Date de naissance", "Nom de naissance", "Courriel"…)
mean the apprentice when written alone; a master's column needs its qualifier ("maître 1", "tuteur 2", "MA1"…).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    label: str
    required: bool
    aliases: tuple[str, ...]


def normalize_header(text: str) -> str:
    """' N° du Contrat ' → 'n_du_contrat': lowercase, no accents, every run of other characters one '_'."""
    text = text.translate(_LIGATURES)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return _NON_ALNUM.sub("_", text).strip("_")


_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE"})
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_LETTER_DIGIT = re.compile(r"(?<=[a-z])(?=[0-9])|(?<=[0-9])(?=[a-z])")

# Words that do not change what a header means: grammar; number marks ("N° du contrat" is the contract number, "n°1"
# the first master); the endings of "apprenti(e)", "1er", "2e", "2ème".
_NOISE = frozenset(
    {"a", "au", "aux", "ce", "cet", "cette", "d", "de", "des", "du", "en", "et", "l", "la", "le", "les"}
    | {"ou", "par", "pour", "sa", "selon", "ses", "son", "sur", "un", "une"}
    | {"n", "no", "num", "numero", "nr", "e", "er", "eme"}
)
_SYNONYMS = {
    "apprentie": "apprenti",
    "alternant": "apprenti",
    "alternante": "apprenti",
    "apprenant": "apprenti",
    "apprenante": "apprenti",
    "tuteur": "maitre",
    "tutrice": "maitre",
    "maitresse": "maitre",
    "ma": "maitre",
    "email": "courriel",
    "mail": "courriel",
    "mel": "courriel",
}
# "maître d'apprentissage" is the master, "contrat d'apprentissage" the contract: the second word adds nothing.
_REDUNDANT_AFTER = {
    "maitre": frozenset({"apprentissage"}),
    "contrat": frozenset({"apprentissage", "professionnalisation"}),
}


def _loose_key(normalized: str) -> str:
    words: list[str] = []
    for word in _LETTER_DIGIT.sub("_", normalized).split("_"):
        if not word or word in _NOISE:
            continue
        word = _SYNONYMS.get(word, word)
        if words and word in _REDUNDANT_AFTER.get(words[-1], ()):
            continue
        if len(word) > 3 and word.endswith(("s", "aux")):  # plurals: "effectifs", "niveaux"
            word = word[:-1]
        words.append(word)
    return " ".join(sorted(words))


# ---------------------------------------------------------------------------------------------------------------------
# The columns. Each is given as: the phrases accepted alone (`alone`), the phrases accepted only with one of its
# section's qualifiers (`qualified`; the phrases alone are also accepted qualified), and full labels (`labels`).

_CONTRACT = ("contrat",)
_EMPLOYER = ("employeur", "entreprise", "établissement")
_APPRENTICE = ("apprenti",)
_TRAINING = ("formation", "diplôme préparé", "diplôme visé", "titre visé")
_CFA = ("CFA", "CFA responsable", "organisme de formation", "OF")


@dataclass(frozen=True, slots=True)
class _Spec:
    name: str
    label: str
    required: bool = False
    qualifiers: tuple[str, ...] = ()
    alone: tuple[str, ...] = ()
    qualified: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()

    def phrases(self) -> Iterable[str]:
        yield from self.alone
        for phrase in (*self.alone, *self.qualified):
            for qualifier in self.qualifiers:
                yield f"{phrase} {qualifier}"
        yield from self.labels


_SPECS: tuple[_Spec, ...] = (
    # The contract.
    _Spec(
        "numero_contrat",
        "numéro du contrat",
        True,
        _CONTRACT,
        alone=("numéro DECA", "n° DECA", "numéro de dépôt", "n° de dépôt"),
        qualified=("numéro", "référence"),
        labels=("N° du contrat", "Numéro de contrat"),
    ),
    _Spec(
        "type_contrat",
        "type de contrat",
        True,
        _CONTRACT,
        qualified=("type", "nature"),
        labels=("Type de contrat ou d'avenant",),
    ),
    _Spec(
        "date_conclusion",
        "date de conclusion du contrat",
        False,
        _CONTRACT,
        alone=("date de conclusion", "date de signature"),
        qualified=("conclusion", "signature"),
        labels=("Date de signature du présent contrat",),
    ),
    _Spec(
        "date_debut",
        "date de début du contrat",
        True,
        _CONTRACT,
        alone=("date de début", "date de début d'exécution"),
        qualified=("début", "début d'exécution"),
        labels=("Date de début d'exécution du contrat",),
    ),
    _Spec(
        "date_fin",
        "date de fin du contrat",
        True,
        _CONTRACT,
        alone=("date de fin", "date de fin d'exécution"),
        qualified=("fin",),
        labels=("Date de fin du contrat ou de la période d'apprentissage",),
    ),
    _Spec(
        "date_rupture",
        "date de rupture du contrat",
        False,
        _CONTRACT,
        alone=("date de rupture", "date de la rupture", "date de rupture anticipée", "date de résiliation"),
        qualified=("rupture", "résiliation"),
    ),
    _Spec(
        "cause_rupture",
        "cause de la rupture",
        False,
        _CONTRACT,
        alone=("motif de rupture", "motif de la rupture", "cause de rupture", "cause de la rupture"),
        qualified=("motif de rupture", "cause de rupture"),
    ),
    _Spec(
        "initiative_rupture",
        "initiative de la rupture",
        False,
        _CONTRACT,
        alone=("initiative de la rupture", "rupture à l'initiative de", "à l'initiative de"),
    ),
    _Spec(
        "lieu_execution_code_commune",
        "code commune INSEE du lieu d'exécution",
        False,
        _CONTRACT,
        alone=(
            "lieu d'exécution",
            "code commune du lieu d'exécution",
            "code commune INSEE du lieu d'exécution",
            "code INSEE du lieu d'exécution",
            "lieu d'exécution (code commune)",
            "lieu d'exécution code INSEE",
        ),
    ),
    # The employer.
    _Spec(
        "employeur_siret",
        "SIRET de l'employeur",
        True,
        _EMPLOYER,
        alone=("SIRET", "n° SIRET"),
        labels=("N° SIRET de l'établissement d'exécution du contrat", "SIRET de l'établissement d'exécution"),
    ),
    _Spec(
        "employeur_denomination",
        "dénomination de l'employeur",
        True,
        _EMPLOYER,
        alone=("dénomination", "raison sociale", "nom et prénom ou dénomination", "employeur", "entreprise"),
        qualified=("nom", "nom ou dénomination", "enseigne"),
    ),
    _Spec(
        "employeur_code_commune",
        "code commune INSEE de l'employeur",
        False,
        _EMPLOYER,
        alone=("code commune INSEE", "code commune", "code INSEE", "code INSEE de la commune", "commune (code INSEE)"),
    ),
    _Spec(
        "employeur_code_postal",
        "code postal de l'employeur",
        False,
        _EMPLOYER,
        alone=("code postal", "CP"),
    ),
    _Spec(
        "employeur_commune",
        "commune de l'employeur",
        False,
        _EMPLOYER,
        alone=("commune", "ville", "localité", "libellé commune", "nom de la commune"),
    ),
    _Spec(
        "employeur_naf",
        "code NAF de l'employeur",
        False,
        _EMPLOYER,
        alone=("code NAF", "NAF", "code APE", "APE", "code NAF/APE", "code activité (NAF)", "activité (NAF)"),
    ),
    _Spec(
        "employeur_idcc",
        "code IDCC de la convention collective",
        False,
        _EMPLOYER,
        alone=(
            "IDCC",
            "code IDCC",
            "convention collective (IDCC)",
            "IDCC de la convention collective",
            "code IDCC de la convention collective",
            "Code IDCC de la convention collective applicable",
        ),
    ),
    _Spec(
        "employeur_effectif",
        "effectif salarié de l'employeur",
        False,
        _EMPLOYER,
        alone=("effectif", "effectif salarié", "nombre de salariés"),
        labels=("Effectif salarié de l'entreprise",),
    ),
    _Spec(
        "employeur_type",
        "type d'employeur",
        False,
        _EMPLOYER,
        qualified=("type", "catégorie"),
    ),
    # The apprentice.
    _Spec(
        "apprenti_nom",
        "nom de naissance de l'apprenti",
        True,
        _APPRENTICE,
        alone=("nom", "nom de naissance", "nom de famille"),
        labels=("Nom de naissance de l'apprenti(e)",),
    ),
    _Spec(
        "apprenti_prenom",
        "prénom de l'apprenti",
        True,
        _APPRENTICE,
        alone=("prénom", "premier prénom", "premier prénom selon l'état civil"),
        labels=("Prénom de l'apprenti(e)", "Le premier prénom de l'apprenti selon l'état civil"),
    ),
    _Spec(
        "apprenti_date_naissance",
        "date de naissance de l'apprenti",
        False,
        _APPRENTICE,
        alone=("date de naissance", "né(e) le", "naissance"),
    ),
    _Spec(
        "apprenti_sexe",
        "sexe de l'apprenti",
        False,
        _APPRENTICE,
        alone=("sexe", "genre"),
    ),
    _Spec(
        "apprenti_courriel",
        "courriel de l'apprenti",
        False,
        _APPRENTICE,
        alone=("courriel", "e-mail", "adresse électronique", "adresse courriel", "adresse e-mail"),
    ),
    _Spec(
        "apprenti_situation_avant_contrat",
        "situation de l'apprenti avant le contrat",
        False,
        _APPRENTICE,
        alone=("situation avant ce contrat", "situation avant le contrat", "situation avant contrat"),
    ),
    _Spec(
        "apprenti_dernier_diplome_niveau",
        "niveau du dernier diplôme ou titre de l'apprenti",
        False,
        _APPRENTICE,
        alone=(
            "dernier diplôme ou titre préparé",
            "dernier diplôme préparé",
            "dernier diplôme",
            "niveau du dernier diplôme",
            "niveau du dernier diplôme ou titre préparé",
            "diplôme ou titre le plus élevé obtenu",
            "diplôme le plus élevé obtenu",
        ),
    ),
    # The training.
    _Spec(
        "formation_rncp",
        "code RNCP de la formation",
        False,
        _TRAINING,
        alone=("code RNCP", "RNCP", "n° RNCP", "fiche RNCP"),
        labels=("Code RNCP du diplôme ou titre visé",),
    ),
    _Spec(
        "formation_intitule",
        "intitulé de la formation",
        False,
        _TRAINING,
        alone=("intitulé précis du diplôme ou titre", "intitulé du diplôme", "intitulé", "formation"),
        qualified=("intitulé précis", "libellé"),
        labels=("Intitulé précis du diplôme ou titre visé",),
    ),
    _Spec(
        "formation_niveau",
        "niveau de la formation",
        False,
        _TRAINING,
        alone=("niveau",),
    ),
    _Spec(
        "formation_nsf",
        "code NSF de la formation",
        False,
        _TRAINING,
        alone=("code NSF", "spécialité NSF", "NSF", "code spécialité NSF"),
    ),
    _Spec(
        "cfa_uai",
        "numéro UAI du CFA",
        False,
        _CFA,
        alone=("UAI", "code UAI", "n° UAI"),
    ),
    _Spec(
        "cfa_siret",
        "SIRET du CFA",
        False,
        _CFA,
        qualified=("SIRET",),
    ),
    _Spec(
        "cfa_denomination",
        "dénomination du CFA",
        False,
        _CFA,
        alone=("CFA",),
        qualified=("dénomination", "nom", "raison sociale"),
    ),
)

# A master's fields (the cerfa's "maître d'apprentissage n°1/n°2"; in a professionalisation contract, the tutor):
# (suffix, label, phrases, whether required for the first master).
_MASTER_FIELDS: tuple[tuple[str, str, tuple[str, ...], bool], ...] = (
    ("nom", "nom de naissance", ("nom", "nom de naissance", "nom de famille"), True),
    ("prenom", "prénom", ("prénom",), True),
    ("date_naissance", "date de naissance", ("date de naissance", "naissance"), False),
    ("courriel", "courriel", ("courriel", "e-mail", "adresse électronique", "adresse courriel"), False),
    ("emploi", "emploi occupé", ("emploi occupé", "emploi", "fonction", "poste occupé", "poste"), False),
    (
        "diplome",
        "diplôme ou titre le plus élevé obtenu",
        ("diplôme ou titre le plus élevé obtenu", "diplôme le plus élevé obtenu", "diplôme le plus élevé", "diplôme"),
        False,
    ),
    (
        "niveau_diplome",
        "niveau du diplôme ou titre le plus élevé obtenu",
        ("niveau de diplôme ou titre le plus élevé obtenu", "niveau du diplôme le plus élevé", "niveau de diplôme"),
        False,
    ),
    (
        "nsf_diplome",
        "spécialité NSF du diplôme",
        ("spécialité NSF du diplôme", "code NSF du diplôme", "NSF du diplôme", "NSF diplôme"),
        False,
    ),
    (
        "experience_mois",
        "expérience professionnelle en mois",
        ("expérience (mois)", "expérience en mois", "mois d'expérience", "nombre de mois d'expérience"),
        False,
    ),
)


def _master_specs(number: int) -> tuple[_Spec, ...]:
    qualifiers: tuple[str, ...] = (f"maître d'apprentissage n°{number}", f"tuteur {number}")
    if number == 1:
        # A file with a single master rarely numbers it.
        qualifiers += ("maître d'apprentissage", "tuteur")
    specs = []
    for suffix, label, phrases, required in _MASTER_FIELDS:
        # "Emploi occupé" only appears in the cerfa's master section: alone, it is the first master's.
        alone = ("emploi occupé",) if (number, suffix) == (1, "emploi") else ()
        specs.append(
            _Spec(
                f"maitre{number}_{suffix}",
                f"{label} du maître d'apprentissage ou tuteur n°{number}",
                required and number == 1,
                qualifiers,
                alone=alone,
                qualified=phrases,
            )
        )
    return tuple(specs)


_SPECS += _master_specs(1) + _master_specs(2)


def _build() -> tuple[tuple[Column, ...], dict[str, str]]:
    columns: list[Column] = []
    by_key: dict[str, str] = {}
    clashes: list[str] = []
    for spec in _SPECS:
        aliases: dict[str, None] = {}
        for phrase in spec.phrases():
            normalized = normalize_header(phrase)
            if normalized != spec.name:
                aliases[normalized] = None
        for form in (spec.name, *aliases):
            key = _loose_key(form)
            if not key:
                continue
            owner = by_key.setdefault(key, spec.name)
            if owner != spec.name:
                clashes.append(f"{form!r} ({spec.name}) vs {owner}")
        columns.append(Column(spec.name, spec.label, spec.required, tuple(aliases)))
    if clashes:
        raise RuntimeError("Ambiguous header aliases: " + "; ".join(clashes))
    return tuple(columns), by_key


COLUMNS, _COLUMN_BY_KEY = _build()
BY_NAME: dict[str, Column] = {column.name: column for column in COLUMNS}
REQUIRED: tuple[Column, ...] = tuple(column for column in COLUMNS if column.required)

# The employer's place: its INSEE commune code, or its postcode and commune name.
_PLACE = "employeur_code_commune"
_PLACE_PAIR = ("employeur_code_postal", "employeur_commune")


def column_for(header: str) -> str | None:
    """The canonical name a header means, or None."""
    return _COLUMN_BY_KEY.get(_loose_key(normalize_header(header)))


@dataclass(frozen=True, slots=True)
class HeaderMap:
    positions: dict[str, int]
    unknown: tuple[tuple[int, str], ...]
    problems: tuple[str, ...]

    def cells(self, row: list[str]) -> dict[str, str]:
        """The row's known cells by canonical name ("" for a cell the row is too short to have)."""
        width = len(row)
        return {name: row[index] if index < width else "" for name, index in self.positions.items()}


def match_headers(headers: Sequence[str]) -> HeaderMap:
    """Which column each header is; unknown headers (and headerless columns, as "") are kept to be reported."""
    found: dict[str, list[int]] = {}
    unknown: list[tuple[int, str]] = []
    for index, header in enumerate(headers):
        name = column_for(header)
        if name is None:
            unknown.append((index, header))
        else:
            found.setdefault(name, []).append(index)

    problems: list[str] = []
    if not found:
        problems.append(
            "Aucune colonne reconnue : la première ligne du fichier doit donner le nom de chaque colonne "
            "(par exemple « numero_contrat », « date_debut », « employeur_siret » ; voir le modèle de fichier)."
        )
        return HeaderMap({}, tuple(unknown), tuple(problems))

    for name, indexes in sorted(found.items(), key=lambda item: item[1][0]):
        if len(indexes) > 1:
            numbers = [str(index + 1) for index in indexes]
            times = "deux fois" if len(indexes) == 2 else f"{len(indexes)} fois"
            problems.append(
                f"Colonnes {', '.join(numbers[:-1])} et {numbers[-1]} : « {name} » apparaît {times} "
                f"({BY_NAME[name].label}). Gardez une seule de ces colonnes."
            )
    for column in REQUIRED:
        if column.name not in found:
            problems.append(f"Colonne obligatoire absente : « {column.name} » ({column.label}).")
    if _PLACE not in found:
        missing = [name for name in _PLACE_PAIR if name not in found]
        if len(missing) == 2:
            problems.append(
                f"Lieu de l'employeur absent : ajoutez la colonne « {_PLACE} » ({BY_NAME[_PLACE].label}), "
                f"ou les deux colonnes « {_PLACE_PAIR[0]} » et « {_PLACE_PAIR[1]} »."
            )
        elif missing:
            (present,) = (name for name in _PLACE_PAIR if name in found)
            problems.append(
                f"Lieu de l'employeur incomplet : la colonne « {present} » est là mais pas « {missing[0]} » "
                f"({BY_NAME[missing[0]].label}) ; ajoutez-la, ou ajoutez la colonne « {_PLACE} »."
            )

    positions = {name: indexes[0] for name, indexes in found.items()}
    return HeaderMap(positions, tuple(unknown), tuple(problems))


# One complete contract, for the downloadable template: every value is one the import accepts.
_EXAMPLE: dict[str, str] = {
    "numero_contrat": "059202609000123",
    "type_contrat": "apprentissage",
    "date_conclusion": "20/08/2026",
    "date_debut": "01/09/2026",
    "date_fin": "31/08/2028",
    "lieu_execution_code_commune": "59350",
    "employeur_siret": "41234567000027",
    "employeur_denomination": "Électricité Durand",
    "employeur_code_commune": "59350",
    "employeur_code_postal": "59000",
    "employeur_commune": "Lille",
    "employeur_naf": "43.21A",
    "employeur_idcc": "1597",
    "employeur_effectif": "12",
    "employeur_type": "entreprise",
    "apprenti_nom": "Martin",
    "apprenti_prenom": "Léa",
    "apprenti_date_naissance": "14/03/2008",
    "apprenti_sexe": "F",
    "apprenti_courriel": "lea.martin@example.fr",
    "apprenti_situation_avant_contrat": "1",
    "apprenti_dernier_diplome_niveau": "3",
    "formation_rncp": "RNCP38876",
    "formation_intitule": "BP Électricien",
    "formation_niveau": "4",
    "formation_nsf": "255",
    "cfa_uai": "0593456L",
    "cfa_siret": "98765432400019",
    "cfa_denomination": "CFA du Bâtiment de Lille",
    "maitre1_nom": "Durand",
    "maitre1_prenom": "Paul",
    "maitre1_date_naissance": "02/05/1980",
    "maitre1_courriel": "paul.durand@example.fr",
    "maitre1_emploi": "Chef d'équipe électricien",
    "maitre1_diplome": "BP Électricien",
    "maitre1_niveau_diplome": "4",
    "maitre1_nsf_diplome": "255",
    "maitre1_experience_mois": "120",
}


def template_csv() -> str:
    """The template: canonical headers and one example contract, ';'-separated (encode it with a BOM for Excel)."""

    def cell(value: str) -> str:
        return '"' + value.replace('"', '""') + '"' if ";" in value or '"' in value else value

    header = ";".join(column.name for column in COLUMNS)
    example = ";".join(cell(_EXAMPLE.get(column.name, "")) for column in COLUMNS)
    return f"{header}\r\n{example}\r\n"
