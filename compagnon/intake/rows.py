"""One row of a contract file, cleaned: the cells read by columns.py, each value by values.py, the row checked whole.

Pure Python over a `Places` lookup (communes, NSF groups) that services.py loads once from the database. What the rules
engine says about a supervision (eligibility, capacity, funding) is never a row error: it is the supervision's
compliance, computed after the import.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Container, Mapping
from dataclasses import dataclass, field
from typing import Any

from compagnon.intake import values as v
from compagnon.intake.columns import BY_NAME, HeaderMap

# values.py's employer kinds (the words of the rules engine's input) to Company.Kind.
EMPLOYER_KINDS = {
    "entreprise": "ordinary",
    "groupement_employeurs": "employer_group",
    "ett": "temporary_work",
    "association_intermediaire": "intermediary_association",
    "siae": "siae",
    "public": "public",
}
MASTER_PREFIXES = ("maitre1_", "maitre2_")
MASTER_FIELDS = (
    "nom",
    "prenom",
    "date_naissance",
    "courriel",
    "emploi",
    "diplome",
    "niveau_diplome",
    "nsf_diplome",
    "experience_mois",
)


def _by_fields(self: Any) -> tuple[Any, ...]:
    """Pickled as the class and its fields in order: a cleaned row crosses from the reading process to the importing
    one (pipeline.py), and a slotted dataclass's own pickling (its __setstate__, through dataclasses.fields) cost
    as much as cleaning the row."""
    return type(self), tuple([getattr(self, name) for name in self.__slots__])


@dataclass(frozen=True, slots=True)
class Problem:
    __reduce__ = _by_fields

    line: int
    column: str  # canonical column name, "" for the row as a whole
    message: str


@dataclass(frozen=True, slots=True)
class Place:
    __reduce__ = _by_fields

    insee: str
    department: str
    area: str | None


@dataclass(slots=True)
class Places:
    """The reference data a row is checked against, loaded once per import."""

    communes: Mapping[str, Place]
    # (postal code, normalised commune name) -> INSEE code, and postal codes that serve a single commune.
    by_postal_name: Mapping[tuple[str, str], str]
    by_postal: Mapping[str, str]
    nsf: Container[str]
    normalize: Callable[[str], str]


@dataclass(slots=True)
class MasterRow:
    __reduce__ = _by_fields

    last_name: str
    first_name: str
    birth_date: dt.date | None
    email: str
    job_title: str
    diploma: str
    diploma_level: int | None
    diploma_nsf: str | None
    experience_months: int | None


@dataclass(slots=True)
class ContractRow:
    __reduce__ = _by_fields

    line: int
    number: str
    kind: str
    signature_date: dt.date | None
    start_date: dt.date
    end_date: dt.date
    rupture_date: dt.date | None
    rupture_cause: str
    rupture_cause_text: str
    rupture_initiative: str
    workplace: Place
    employer_siret: str
    employer_name: str
    employer_place: Place
    employer_naf: str
    employer_idcc: str
    employer_headcount: int | None
    employer_kind: str | None  # Company.Kind, None when the file does not say
    apprentice_last_name: str
    apprentice_first_name: str
    apprentice_birth_date: dt.date | None
    apprentice_sex: str
    apprentice_email: str
    apprentice_prior_situation: str
    apprentice_level: int | None
    rncp: str
    certification_title: str
    certification_level: int | None
    certification_nsf: str | None
    cfa_uai: str
    cfa_siret: str
    cfa_name: str
    masters: list[MasterRow] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        """The row's values, for audit entries (dates as ISO text)."""
        out: dict[str, Any] = {}
        for name in self.__slots__:  # type: ignore[attr-defined]
            value = getattr(self, name)
            if isinstance(value, dt.date):
                value = value.isoformat()
            elif isinstance(value, Place):
                value = value.insee
            elif name == "masters":
                value = [f"{m.first_name} {m.last_name}" for m in value]
            out[name] = value
        return out


# Columns whose values recur from row to row (a company's, a CFA's, a master's, dates): their cleaned values are kept
# per text, so that a million rows clean each distinct text once. The apprentice's own cells rarely recur.
UNCACHED = frozenset({"numero_contrat", "apprenti_nom", "apprenti_courriel", "cause_rupture"})
CACHE_LIMIT = 8_192
_MISSING = object()


class RowCleaner:
    """Turns the cells of one row into a ContractRow, or into the list of everything wrong with it.

    Table-driven: one pass over the file's known columns, each with its cleaner and its cache of cleaned texts
    (a cleaned value, or the French message of its ValueProblem).
    """

    def __init__(self, headers: HeaderMap, places: Places, *, today: dt.date) -> None:
        self.places = places
        self.today = today
        self.positions = headers.positions
        self.width = max(self.positions.values(), default=-1) + 1
        cleaners = self._cleaners()
        self.specs: list[tuple[str, int, Callable[[str], Any], dict[str, tuple[bool, Any]] | None]] = [
            (name, index, cleaners[name], None if name in UNCACHED else {})
            for name, index in sorted(self.positions.items(), key=lambda item: item[1])
            if name in cleaners
        ]
        required = ["numero_contrat", "type_contrat", "date_debut", "date_fin", "employeur_siret"]
        required += ["employeur_denomination", "apprenti_nom", "apprenti_prenom", "maitre1_nom", "maitre1_prenom"]
        self.required = [(name, f"Valeur obligatoire manquante ({BY_NAME[name].label}).") for name in required]

    def _cleaners(self) -> dict[str, Callable[[str], Any]]:
        def text(max_length: int) -> Callable[[str], str]:
            return lambda t: v.clean_text(t, max_length=max_length)

        found: dict[str, Callable[[str], Any]] = {
            "numero_contrat": text(100),
            "type_contrat": v.clean_contract_kind,
            "date_conclusion": v.parse_date,
            "date_debut": v.parse_date,
            "date_fin": v.parse_date,
            "date_rupture": v.parse_date,
            "cause_rupture": v.clean_rupture_cause,
            "initiative_rupture": v.clean_initiative,
            "lieu_execution_code_commune": self._commune,
            "employeur_siret": v.clean_siret,
            "employeur_denomination": text(200),
            "employeur_naf": v.clean_naf,
            "employeur_idcc": v.clean_idcc,
            "employeur_effectif": lambda t: v.clean_int(t, minimum=0, maximum=1_000_000, what="effectif"),
            "employeur_type": v.clean_employer_kind,
            "apprenti_nom": v.clean_name,
            "apprenti_prenom": v.clean_name,
            "apprenti_date_naissance": self._birth_date,
            "apprenti_sexe": v.clean_sex,
            "apprenti_courriel": v.clean_email,
            "apprenti_situation_avant_contrat": v.clean_prior_situation,
            "apprenti_dernier_diplome_niveau": v.clean_level,
            "formation_rncp": v.clean_rncp,
            "formation_intitule": text(300),
            "formation_niveau": v.clean_level,
            "formation_nsf": self._nsf,
            "cfa_uai": v.clean_uai,
            "cfa_siret": v.clean_siret,
            "cfa_denomination": text(200),
        }
        for prefix in MASTER_PREFIXES:
            found |= {
                prefix + "nom": v.clean_name,
                prefix + "prenom": v.clean_name,
                prefix + "date_naissance": self._birth_date,
                prefix + "courriel": v.clean_email,
                prefix + "emploi": text(200),
                prefix + "diplome": text(300),
                prefix + "niveau_diplome": v.clean_level,
                prefix + "nsf_diplome": self._nsf,
                prefix + "experience_mois": lambda t: v.clean_int(t, minimum=0, maximum=720, what="expérience en mois"),
            }
        return found

    def clean(self, line: int, cells: list[str]) -> ContractRow | list[Problem]:
        if len(cells) < self.width:
            cells = cells + [""] * (self.width - len(cells))
        problems: list[Problem] = []
        values: dict[str, Any] = {}
        for name, index, cleaner, cache in self.specs:
            text = cells[index]
            if not text:
                continue
            hit = cache.get(text) if cache is not None else None
            if hit is None:
                try:
                    hit = (True, cleaner(text))
                except v.ValueProblem as problem:
                    hit = (False, str(problem))
                if cache is not None:
                    if len(cache) >= CACHE_LIMIT:
                        cache.clear()
                    cache[text] = hit
            if hit[0]:
                values[name] = hit[1]
            else:
                problems.append(Problem(line, name, hit[1]))
        get = values.get
        for name, message in self.required:
            # A cell that was given but refused has its own problem already.
            if name not in values and not self._cell(cells, name):
                problems.append(Problem(line, name, message))

        start, end, rupture = get("date_debut"), get("date_fin"), get("date_rupture")
        cause, initiative = get("cause_rupture"), get("initiative_rupture")
        if start and end and end < start:
            problems.append(Problem(line, "date_fin", "La date de fin précède la date de début du contrat."))
        if start and rupture and rupture < start:
            problems.append(Problem(line, "date_rupture", "La date de rupture précède la date de début du contrat."))
        if (cause or initiative) and "date_rupture" not in values and not self._cell(cells, "date_rupture"):
            column = "cause_rupture" if cause else "initiative_rupture"
            problems.append(Problem(line, column, "Un motif ou une initiative de rupture suppose une date de rupture."))
        if cause and len(cause[1]) > 300:
            problems.append(Problem(line, "cause_rupture", "Motif de rupture trop long (300 caractères au plus)."))
        employer_place = self._employer_place(line, cells, problems)
        workplace: Place | None = get("lieu_execution_code_commune") or employer_place

        masters = []
        for index, prefix in enumerate(MASTER_PREFIXES):
            if index and not any(self._cell(cells, prefix + f) for f in MASTER_FIELDS):
                continue  # no second master
            if index and not (prefix + "nom" in values and prefix + "prenom" in values):
                for part in ("nom", "prenom"):
                    if prefix + part not in values and not self._cell(cells, prefix + part):
                        problems.append(
                            Problem(
                                line, prefix + part, f"Valeur obligatoire manquante ({BY_NAME[prefix + part].label})."
                            )
                        )
                continue
            if index == 0 and not (prefix + "nom" in values and prefix + "prenom" in values):
                continue  # reported above as required
            masters.append(
                MasterRow(
                    values[prefix + "nom"],
                    values[prefix + "prenom"],
                    get(prefix + "date_naissance"),
                    get(prefix + "courriel", ""),
                    get(prefix + "emploi", ""),
                    get(prefix + "diplome", ""),
                    get(prefix + "niveau_diplome"),
                    get(prefix + "nsf_diplome"),
                    get(prefix + "experience_mois"),
                )
            )

        if problems:
            return problems
        assert employer_place is not None and start is not None and end is not None
        kind = get("employeur_type")
        return ContractRow(
            line=line,
            number=values["numero_contrat"],
            kind=values["type_contrat"],
            signature_date=get("date_conclusion"),
            start_date=start,
            end_date=end,
            rupture_date=rupture,
            rupture_cause=cause[0] if cause else "",
            rupture_cause_text=cause[1] if cause else "",
            rupture_initiative=initiative or "",
            workplace=workplace or employer_place,
            employer_siret=values["employeur_siret"],
            employer_name=values["employeur_denomination"],
            employer_place=employer_place,
            employer_naf=get("employeur_naf", ""),
            employer_idcc=get("employeur_idcc", ""),
            employer_headcount=get("employeur_effectif"),
            employer_kind=EMPLOYER_KINDS[kind] if kind else None,
            apprentice_last_name=values["apprenti_nom"],
            apprentice_first_name=values["apprenti_prenom"],
            apprentice_birth_date=get("apprenti_date_naissance"),
            apprentice_sex=get("apprenti_sexe", ""),
            apprentice_email=get("apprenti_courriel", ""),
            apprentice_prior_situation=get("apprenti_situation_avant_contrat", ""),
            apprentice_level=get("apprenti_dernier_diplome_niveau"),
            rncp=get("formation_rncp", ""),
            certification_title=get("formation_intitule", ""),
            certification_level=get("formation_niveau"),
            certification_nsf=get("formation_nsf"),
            cfa_uai=get("cfa_uai", ""),
            cfa_siret=get("cfa_siret", ""),
            cfa_name=get("cfa_denomination", ""),
            masters=masters,
        )

    def _cell(self, cells: list[str], name: str) -> str:
        index = self.positions.get(name)
        return cells[index] if index is not None else ""

    def _nsf(self, text: str) -> str:
        return v.clean_nsf(text, self.places.nsf)

    def _birth_date(self, text: str) -> dt.date:
        birth = v.parse_date(text)
        if birth > self.today:
            raise v.ValueProblem(f"Date de naissance dans le futur : {birth:%d/%m/%Y}.")
        return birth

    def _commune(self, text: str) -> Place:
        code = v.clean_commune_code(text)
        place = self.places.communes.get(code)
        if place is None:
            raise v.ValueProblem(f"Commune inconnue : code INSEE « {code} ».")
        return place

    def _employer_place(self, line: int, cells: list[str], problems: list[Problem]) -> Place | None:
        places = self.places
        code_text = self._cell(cells, "employeur_code_commune")
        if code_text:
            try:
                return self._commune(code_text)
            except v.ValueProblem as problem:
                problems.append(Problem(line, "employeur_code_commune", str(problem)))
                return None
        postal_text, name = self._cell(cells, "employeur_code_postal"), self._cell(cells, "employeur_commune")
        if not postal_text:
            problems.append(
                Problem(
                    line,
                    "employeur_code_commune",
                    "Lieu de l'employeur manquant : indiquez employeur_code_commune, ou employeur_code_postal et "
                    "employeur_commune.",
                )
            )
            return None
        try:
            postal = v.clean_postal_code(postal_text)
        except v.ValueProblem as problem:
            problems.append(Problem(line, "employeur_code_postal", str(problem)))
            return None
        code = places.by_postal_name.get((postal, places.normalize(name))) if name else None
        if code is None:
            code = places.by_postal.get(postal)
        if code is None:
            where = f"« {postal} {name} »" if name else f"« {postal} »"
            problems.append(
                Problem(
                    line,
                    "employeur_commune" if name else "employeur_code_postal",
                    f"Commune introuvable : {where} (vérifiez le code postal et le nom, ou donnez le code INSEE "
                    "dans employeur_code_commune).",
                )
            )
            return None
        return places.communes[code]
