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


@dataclass(frozen=True, slots=True)
class Problem:
    line: int
    column: str  # canonical column name, "" for the row as a whole
    message: str


@dataclass(frozen=True, slots=True)
class Place:
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


class RowCleaner:
    """Turns the cells of one row into a ContractRow, or into the list of everything wrong with it."""

    def __init__(self, headers: HeaderMap, places: Places, *, today: dt.date) -> None:
        self.places = places
        self.today = today
        self.positions = headers.positions
        self.width = max(self.positions.values(), default=-1) + 1

    def clean(self, line: int, cells: list[str]) -> ContractRow | list[Problem]:
        if len(cells) < self.width:
            cells = cells + [""] * (self.width - len(cells))
        problems: list[Problem] = []
        positions = self.positions

        def cell(name: str) -> str:
            index = positions.get(name)
            return cells[index] if index is not None else ""

        def get(name: str, cleaner: Callable[[str], Any], *, required: bool = False) -> Any:
            text = cell(name)
            if not text:
                if required:
                    problems.append(Problem(line, name, f"Valeur obligatoire manquante ({BY_NAME[name].label})."))
                return None
            try:
                return cleaner(text)
            except v.ValueProblem as problem:
                problems.append(Problem(line, name, str(problem)))
                return None

        def text(name: str, max_length: int, *, required: bool = False) -> str:
            return get(name, lambda t: v.clean_text(t, max_length=max_length), required=required) or ""

        def name_of(column: str, *, required: bool) -> str:
            return get(column, v.clean_name, required=required) or ""

        number = text("numero_contrat", 100, required=True)
        kind = get("type_contrat", v.clean_contract_kind, required=True)
        signature = get("date_conclusion", v.parse_date)
        start = get("date_debut", v.parse_date, required=True)
        end = get("date_fin", v.parse_date, required=True)
        rupture = get("date_rupture", v.parse_date)
        cause = get("cause_rupture", v.clean_rupture_cause)
        initiative = get("initiative_rupture", v.clean_initiative)
        if start and end and end < start:
            problems.append(Problem(line, "date_fin", "La date de fin précède la date de début du contrat."))
        if start and rupture and rupture < start:
            problems.append(Problem(line, "date_rupture", "La date de rupture précède la date de début du contrat."))
        if (cause or initiative) and not rupture and not cell("date_rupture"):
            column = "cause_rupture" if cause else "initiative_rupture"
            problems.append(Problem(line, column, "Un motif ou une initiative de rupture suppose une date de rupture."))
        if cause and len(cause[1]) > 300:
            problems.append(Problem(line, "cause_rupture", "Motif de rupture trop long (300 caractères au plus)."))

        siret = get("employeur_siret", v.clean_siret, required=True)
        employer_name = text("employeur_denomination", 200, required=True)
        employer_place = self._employer_place(line, cell, problems)
        workplace_code = get("lieu_execution_code_commune", v.clean_commune_code)
        workplace = employer_place
        if workplace_code:
            workplace = self.places.communes.get(workplace_code)
            if workplace is None:
                problems.append(
                    Problem(line, "lieu_execution_code_commune", f"Commune inconnue : code INSEE « {workplace_code} ».")
                )
        naf = get("employeur_naf", v.clean_naf) or ""
        idcc = get("employeur_idcc", v.clean_idcc) or ""
        headcount = get("employeur_effectif", lambda t: v.clean_int(t, minimum=0, maximum=1_000_000, what="effectif"))
        employer_kind = get("employeur_type", v.clean_employer_kind)

        apprentice_last = name_of("apprenti_nom", required=True)
        apprentice_first = name_of("apprenti_prenom", required=True)
        apprentice_birth = self._birth_date(line, "apprenti_date_naissance", get, problems)
        sex = get("apprenti_sexe", v.clean_sex) or ""
        apprentice_email = get("apprenti_courriel", v.clean_email) or ""
        prior = get("apprenti_situation_avant_contrat", v.clean_prior_situation) or ""
        apprentice_level = get("apprenti_dernier_diplome_niveau", v.clean_level)

        rncp = get("formation_rncp", v.clean_rncp) or ""
        certification_title = text("formation_intitule", 300)
        certification_level = get("formation_niveau", v.clean_level)
        certification_nsf = get("formation_nsf", self._nsf)
        uai = get("cfa_uai", v.clean_uai) or ""
        cfa_siret = get("cfa_siret", v.clean_siret) or ""
        cfa_name = text("cfa_denomination", 200)

        masters = []
        for index, prefix in enumerate(MASTER_PREFIXES):
            given = [cell(prefix + f) for f in MASTER_FIELDS]
            if index and not any(given):
                continue  # no second master
            master = self._master(line, prefix, get, problems)
            if master is not None:
                masters.append(master)

        if problems:
            return problems
        assert start is not None and end is not None and kind is not None and siret and employer_place
        return ContractRow(
            line=line,
            number=number,
            kind=kind,
            signature_date=signature,
            start_date=start,
            end_date=end,
            rupture_date=rupture,
            rupture_cause=cause[0] if cause else "",
            rupture_cause_text=cause[1] if cause else "",
            rupture_initiative=initiative or "",
            workplace=workplace or employer_place,
            employer_siret=siret,
            employer_name=employer_name,
            employer_place=employer_place,
            employer_naf=naf,
            employer_idcc=idcc,
            employer_headcount=headcount,
            employer_kind=EMPLOYER_KINDS[employer_kind] if employer_kind else None,
            apprentice_last_name=apprentice_last,
            apprentice_first_name=apprentice_first,
            apprentice_birth_date=apprentice_birth,
            apprentice_sex=sex,
            apprentice_email=apprentice_email,
            apprentice_prior_situation=prior,
            apprentice_level=apprentice_level,
            rncp=rncp,
            certification_title=certification_title,
            certification_level=certification_level,
            certification_nsf=certification_nsf,
            cfa_uai=uai,
            cfa_siret=cfa_siret,
            cfa_name=cfa_name,
            masters=masters,
        )

    def _nsf(self, text: str) -> str:
        return v.clean_nsf(text, self.places.nsf)

    def _birth_date(self, line: int, column: str, get: Callable[..., Any], problems: list[Problem]) -> dt.date | None:
        birth: dt.date | None = get(column, v.parse_date)
        if birth is not None and birth > self.today:
            problems.append(Problem(line, column, f"Date de naissance dans le futur : {birth:%d/%m/%Y}."))
            return None
        return birth

    def _employer_place(self, line: int, cell: Callable[[str], str], problems: list[Problem]) -> Place | None:
        places = self.places
        code_text = cell("employeur_code_commune")
        if code_text:
            try:
                code = v.clean_commune_code(code_text)
            except v.ValueProblem as problem:
                problems.append(Problem(line, "employeur_code_commune", str(problem)))
                return None
            place = places.communes.get(code)
            if place is None:
                problems.append(Problem(line, "employeur_code_commune", f"Commune inconnue : code INSEE « {code} »."))
            return place
        postal_text, name = cell("employeur_code_postal"), cell("employeur_commune")
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

    def _master(self, line: int, prefix: str, get: Callable[..., Any], problems: list[Problem]) -> MasterRow | None:
        before = len(problems)
        last = get(prefix + "nom", v.clean_name, required=True) or ""
        first = get(prefix + "prenom", v.clean_name, required=True) or ""
        birth = self._birth_date(line, prefix + "date_naissance", get, problems)
        email = get(prefix + "courriel", v.clean_email) or ""
        job = get(prefix + "emploi", lambda t: v.clean_text(t, max_length=200)) or ""
        diploma = get(prefix + "diplome", lambda t: v.clean_text(t, max_length=300)) or ""
        level = get(prefix + "niveau_diplome", v.clean_level)
        nsf = get(prefix + "nsf_diplome", self._nsf)
        experience = get(
            prefix + "experience_mois",
            lambda t: v.clean_int(t, minimum=0, maximum=720, what="expérience en mois"),
        )
        if len(problems) > before:
            return None
        return MasterRow(last, first, birth, email, job, diploma, level, nsf, experience)
