"""Writing cleaned contract rows: find or create what each row names, then create, update or leave its contract.

One ChunkWriter per import, called chunk by chunk inside the import's transaction. Identity (issue 4):
- a contract is (source name, contract number): the same file imported twice changes nothing;
- a company is its SIRET, a CFA its UAI, a certification its RNCP code; when rows disagree on a company's facts, the
  last row wins and the change goes to the audit log;
- a person is (normalised name, birth date), with the e-mail as a supporting signal when the birth date is missing;
  near-duplicates are never merged here.
Keys of companies, CFAs and certifications live in memory; people and contracts are looked up per chunk (one query
for the chunk's names, one for its numbers), so that a million rows do not fill memory.
"""

from __future__ import annotations

import calendar
import copy
import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.db import connection
from django.utils import timezone

from compagnon.certifications.models import Certification
from compagnon.compliance.models import BranchOpco
from compagnon.contracts.enums import ContractKind, ContractSource, SupervisionRole
from compagnon.contracts.models import Contract, Supervision
from compagnon.core.models import AuditEntry
from compagnon.core.text import normalize
from compagnon.intake.bulk import Inserter
from compagnon.intake.models import ImportRun
from compagnon.intake.permits import ImportPermit
from compagnon.intake.rows import ContractRow, Problem
from compagnon.organisations.models import Company, TrainingCentre
from compagnon.people.models import ApprenticeProfile, Diploma, ExperiencePeriod, Person, SupervisorProfile

# The contract columns an import sets, and so compares when a contract comes again.
CONTRACT_FIELDS = (
    "kind",
    "company_id",
    "workplace_commune_id",
    "employment_area_id",
    "department_id",
    "apprentice_id",
    "certification_id",
    "training_centre_id",
    "opco_id",
    "signature_date",
    "start_date",
    "planned_end_date",
    "rupture_date",
    "rupture_cause",
    "rupture_cause_text",
    "rupture_initiative",
)
CONTRACT_IMPORT_COLUMNS = (
    "extended_after_exam_failure",
    "source",
    "source_name",
    "source_id",
    "last_import_id",
    "created_at",
    "updated_at",
)
COMPANY_COLUMNS = (
    "id", "siret", "name", "search_name", "naf", "idcc", "headcount", "kind", "commune_id", "employment_area_id",
    "department_id", "opco_id", "created_at",
)  # fmt: skip
PERSON_COLUMNS = (
    "id", "last_name", "first_name", "birth_name", "search_name", "birth_date", "email", "phone", "created_at",
)  # fmt: skip
APPRENTICE_PROFILE_COLUMNS = (
    "id", "person_id", "sex", "prior_situation", "highest_diploma_level", "disabled_worker", "qpv_resident",
    "long_term_jobseeker", "minimum_benefits",
)  # fmt: skip
SUPERVISOR_PROFILE_COLUMNS = (
    "id", "person_id", "job_title", "sponsor_volunteer", "vae_interest", "capacity_exemption_limit",
    "capacity_exemption_until",
)  # fmt: skip
DIPLOMA_COLUMNS = ("id", "profile_id", "title", "level", "nsf_id", "obtained_on")
EXPERIENCE_COLUMNS = ("id", "profile_id", "kind", "description", "nsf_id", "start_date", "end_date")
SUPERVISION_COLUMNS = (
    "id", "contract_id", "person_id", "role", "is_referent", "is_second_tutor", "status", "volunteer",
    "good_character_attested", "start_date", "end_date", "novelty",
)  # fmt: skip
CONTRACT_DATES = ("signature_date", "start_date", "planned_end_date", "rupture_date")
# `NOT (source_id = '')` repeats the unique index's condition word for word: otherwise SQLite does not use that
# partial index (`source_id <> ''` is not enough) and reads every contract for each chunk of a file.
EXISTING_CONTRACTS_SQL = (
    "SELECT id, source_id, last_import_id, "
    + ", ".join(str(Contract._meta.get_field(name.removesuffix("_id")).column) for name in CONTRACT_FIELDS)  # type: ignore[union-attr]
    + " FROM contracts_contract WHERE source_name = %s AND NOT (source_id = '') AND source_id IN ({keys})"
)
MASTER = SupervisionRole.MASTER.value
TUTOR = SupervisionRole.TUTOR.value
APPRENTISSAGE = ContractKind.APPRENTISSAGE.value
FIELD_LABELS = {
    "kind": "type",
    "company_id": "employeur",
    "workplace_commune_id": "lieu d'exécution",
    "employment_area_id": "zone d'emploi",
    "department_id": "département",
    "apprentice_id": "alternant",
    "certification_id": "certification",
    "training_centre_id": "CFA",
    "opco_id": "OPCO",
    "signature_date": "date de conclusion",
    "start_date": "date de début",
    "planned_end_date": "date de fin",
    "rupture_date": "date de rupture",
    "rupture_cause": "motif de rupture",
    "rupture_cause_text": "motif de rupture (reçu)",
    "rupture_initiative": "initiative de la rupture",
    "name": "raison sociale",
    "naf": "NAF",
    "idcc": "IDCC",
    "headcount": "effectif",
    "commune_id": "commune",
    "supervisors": "maîtres d'apprentissage ou tuteurs",
}


@dataclass
class ChunkResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)


@dataclass(slots=True)
class _Company:
    id: int
    name: str
    naf: str
    idcc: str
    headcount: int | None
    kind: str
    commune_id: str
    opco_id: int | None


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


@dataclass(slots=True)
class _Existing:
    """A contract already in the database, as far as the import compares it."""

    id: int
    last_import_id: int | None
    values: dict[str, Any]
    team: list[tuple[int, str, bool]]


@dataclass(slots=True)
class _Person:
    id: int
    birth_date: dt.date | None
    email: str
    new: bool = False


LOOKUP_BATCH = 5_000
# A chunk's names are normalised when it looks its people up, then again when it matches each row: kept once.
_normal_name = lru_cache(maxsize=20_000)(normalize)


def driver_date(value: Any) -> dt.date | None:
    """A date as the driver gives it: a date on PostgreSQL, ISO text on SQLite (raw cursors and computed columns
    skip Django's converters)."""
    return dt.date.fromisoformat(value[:10]) if isinstance(value, str) else value


def _select(sql: str, keys: Any, *params: Any) -> list[tuple[Any, ...]]:
    """Rows of `sql`, whose `{keys}` stands for one placeholder per key (in batches), `params` before them.

    Raw SQL: through the ORM, preparing a chunk's thousands of IN parameters cost more than running the query."""
    keys = list(keys)
    found: list[tuple[Any, ...]] = []
    with connection.cursor() as cursor:
        for start in range(0, len(keys), LOOKUP_BATCH):
            part = keys[start : start + LOOKUP_BATCH]
            cursor.execute(sql.format(keys=", ".join(["%s"] * len(part))), [*params, *part])
            found.extend(cursor.fetchall())
    return found


def _execute(sql: str, keys: Any, *params: Any) -> None:
    """`sql`, whose `{keys}` stands for one placeholder per key, run in batches; nothing when there is no key."""
    keys = list(keys)
    with connection.cursor() as cursor:
        for start in range(0, len(keys), LOOKUP_BATCH):
            part = keys[start : start + LOOKUP_BATCH]
            cursor.execute(sql.format(keys=", ".join(["%s"] * len(part))), [*params, *part])


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


class ChunkWriter:
    def __init__(
        self,
        *,
        run: ImportRun,
        permit: ImportPermit,
        outcomes: dict[int, tuple[str, int | None]] | None = None,
    ) -> None:
        self.run = run
        self.source = run.source
        self.permit = permit
        # Line -> (created | updated | unchanged, contract id), when the caller answers row by row (the API).
        self.outcomes = outcomes
        self.now = timezone.now()
        self.now_value = connection.ops.adapt_datetimefield_value(self.now)
        self.companies: dict[str, _Company] = {}
        self.centres: dict[str, int] = dict(TrainingCentre.objects.values_list("uai", "id"))
        self.certifications: dict[str, int] = dict(Certification.objects.values_list("rncp_code", "id"))
        self.opco_by_idcc: dict[str, int] = dict(BranchOpco.objects.values_list("idcc", "opco_id"))
        # Masters and apprentices whose contracts this import created or changed: classify_people() looks at them.
        self.touched_people: set[int] = set()
        # People this import created (apprentices included): the near-duplicate search looks at them.
        self.new_people: set[int] = set()
        # Companies whose facts changed: the compliance of their contracts' supervisions is computed again.
        self.changed_companies: set[int] = set()
        self.audit: list[AuditEntry] = []
        self.actor = run.created_by
        sources: dict[str, str] = {
            ImportRun.Channel.API: ContractSource.API,
            ImportRun.Channel.FORM: ContractSource.FORM,
        }
        self.channel = sources.get(run.channel, ContractSource.FILE)
        self.insert_company = Inserter(Company, COMPANY_COLUMNS)
        self.insert_person = Inserter(Person, PERSON_COLUMNS)
        self.insert_apprentice_profile = Inserter(ApprenticeProfile, APPRENTICE_PROFILE_COLUMNS)
        self.insert_supervisor_profile = Inserter(SupervisorProfile, SUPERVISOR_PROFILE_COLUMNS)
        self.insert_diploma = Inserter(Diploma, DIPLOMA_COLUMNS)
        self.insert_experience = Inserter(ExperiencePeriod, EXPERIENCE_COLUMNS)
        self.insert_contract = Inserter(Contract, ["id", *CONTRACT_FIELDS, *CONTRACT_IMPORT_COLUMNS])
        self.insert_supervision = Inserter(Supervision, SUPERVISION_COLUMNS)

    # --- one chunk -------------------------------------------------------------------------------------------
    def write(self, rows: list[ContractRow]) -> ChunkResult:
        result = ChunkResult()
        existing = self._existing(rows)
        rows = self._admissible(rows, existing, result)
        if not rows:
            return result
        companies = self._companies(rows)
        centres = self._centres(rows)
        certifications = self._certifications(rows)
        people = _PeopleFinder(rows, self)
        apprentices = [
            people.find(r.apprentice_last_name, r.apprentice_first_name, r.apprentice_birth_date, r.apprentice_email)
            for r in rows
        ]
        masters = [[people.find(m.last_name, m.first_name, m.birth_date, m.email) for m in r.masters] for r in rows]
        people.create_new()
        self._profiles(rows, apprentices, masters)

        new_contracts: list[tuple[ContractRow, dict[str, Any], list[tuple[int, str, bool]]]] = []
        unchanged: list[int] = []
        for row, apprentice, supervisors in zip(rows, apprentices, masters, strict=True):
            company = companies[row.employer_siret]
            wanted = {
                "kind": row.kind,
                "company_id": company.id,
                "workplace_commune_id": row.workplace.insee,
                "employment_area_id": row.workplace.area,
                "department_id": row.workplace.department,
                "apprentice_id": apprentice.id,
                "certification_id": certifications.get(row.rncp) if row.rncp else None,
                "training_centre_id": centres.get(row.cfa_uai) if row.cfa_uai else None,
                "opco_id": company.opco_id,
                "signature_date": row.signature_date,
                "start_date": row.start_date,
                "planned_end_date": row.end_date,
                "rupture_date": row.rupture_date,
                "rupture_cause": row.rupture_cause,
                "rupture_cause_text": row.rupture_cause_text,
                "rupture_initiative": row.rupture_initiative,
            }
            role = MASTER if row.kind == APPRENTISSAGE else TUTOR
            team = [(person.id, role, index == 0) for index, person in enumerate(supervisors)]
            contract = existing.get(row.number)
            if contract is None:
                new_contracts.append((row, wanted, team))
                self.touched_people.update(p for p, _, _ in team)
                result.created += 1
                continue
            changes = {
                FIELD_LABELS[name]: [_plain(contract.values[name]), _plain(value)]
                for name, value in wanted.items()
                if contract.values[name] != value
            }
            if sorted(contract.team) != sorted(team):
                changes[FIELD_LABELS["supervisors"]] = [[p for p, _, _ in contract.team], [p for p, _, _ in team]]
                self._replace_team(contract.id, team, row)
                self.touched_people.update(p for p, _, _ in contract.team)
            if not changes:
                unchanged.append(contract.id)
                result.unchanged += 1
                if self.outcomes is not None:
                    self.outcomes[row.line] = ("unchanged", contract.id)
                continue
            Contract.objects.filter(pk=contract.id).update(**wanted, last_import=self.run, updated_at=self.now)
            self.touched_people.update(p for p, _, _ in team)
            self._note(contract.id, f"Contrat {row.number} modifié par l'import n°{self.run.pk} (ligne {row.line})",
                       changes)  # fmt: skip
            result.updated += 1
            if self.outcomes is not None:
                self.outcomes[row.line] = ("updated", contract.id)
        # Marked as seen by this import (a second row with the same number is then an error), in one statement.
        _execute("UPDATE contracts_contract SET last_import_id = %s WHERE id IN ({keys})", unchanged, self.run.pk)
        self._create_contracts(new_contracts)
        self._flush_audit()
        return result

    def finish(self) -> None:
        self._flush_audit()

    def people_of_companies(self, company_ids: set[int]) -> set[int]:
        sql = (
            "SELECT DISTINCT s.person_id FROM contracts_supervision s "
            "JOIN contracts_contract c ON c.id = s.contract_id WHERE c.company_id IN ({keys})"
        )
        return {person_id for (person_id,) in _select(sql, company_ids)}

    def _existing(self, rows: list[ContractRow]) -> dict[str, _Existing]:
        found: dict[str, _Existing] = {}
        by_id: dict[int, _Existing] = {}
        for contract_id, number, last_import, *values in _select(
            EXISTING_CONTRACTS_SQL, [r.number for r in rows], self.source
        ):
            known = dict(zip(CONTRACT_FIELDS, values, strict=True))
            for name in CONTRACT_DATES:
                known[name] = driver_date(known[name])
            contract = _Existing(contract_id, last_import, known, [])
            found[number] = by_id[contract_id] = contract
        if by_id:
            sql = (
                "SELECT contract_id, person_id, role, is_referent FROM contracts_supervision "
                "WHERE is_second_tutor = %s AND contract_id IN ({keys})"
            )
            for contract_id, person_id, role, referent in _select(sql, by_id, False):
                by_id[contract_id].team.append((person_id, role, bool(referent)))
        return found

    def _create_contracts(self, new: list[tuple[ContractRow, dict[str, Any], list[tuple[int, str, bool]]]]) -> None:
        ids = self.insert_contract.next_ids(len(new))
        run_id, now, channel, source = self.run.pk, self.now_value, self.channel, self.source
        contracts = []
        supervisions = []
        for contract_id, (row, wanted, team) in zip(ids, new, strict=True):
            if self.outcomes is not None:
                self.outcomes[row.line] = ("created", contract_id)
            contracts.append(
                (
                    contract_id,
                    wanted["kind"],
                    wanted["company_id"],
                    wanted["workplace_commune_id"],
                    wanted["employment_area_id"],
                    wanted["department_id"],
                    wanted["apprentice_id"],
                    wanted["certification_id"],
                    wanted["training_centre_id"],
                    wanted["opco_id"],
                    _iso(row.signature_date),
                    row.start_date.isoformat(),
                    row.end_date.isoformat(),
                    _iso(row.rupture_date),
                    row.rupture_cause,
                    row.rupture_cause_text,
                    row.rupture_initiative,
                    False,
                    channel,
                    source,
                    row.number,
                    run_id,
                    now,
                    now,
                )
            )
            end = _iso(row.rupture_date or row.end_date)
            for person_id, role, referent in team:
                supervisions.append(
                    (contract_id, person_id, role, referent, False, "", None, None, row.start_date.isoformat(), end, "")
                )
        self.insert_contract.insert(contracts)
        supervision_ids = self.insert_supervision.next_ids(len(supervisions))
        self.insert_supervision.insert([(i, *values) for i, values in zip(supervision_ids, supervisions, strict=True)])

    # --- checks that need the database ------------------------------------------------------------------------
    def _admissible(
        self, rows: list[ContractRow], existing: dict[str, _Existing], result: ChunkResult
    ) -> list[ContractRow]:
        kept: list[ContractRow] = []
        seen: dict[str, int] = {}
        for row in rows:
            problems = []
            if row.number in seen:
                problems.append(
                    Problem(
                        row.line,
                        "numero_contrat",
                        f"Numéro de contrat « {row.number} » déjà présent ligne "
                        f"{seen[row.number]} : une ligne par contrat.",
                    )  # fmt: skip
                )
            elif (found := existing.get(row.number)) is not None and found.last_import_id == self.run.pk:
                problems.append(
                    Problem(
                        row.line,
                        "numero_contrat",
                        f"Numéro de contrat « {row.number} » déjà présent plus haut "
                        "dans le fichier : une ligne par contrat.",
                    )  # fmt: skip
                )
            seen.setdefault(row.number, row.line)
            problems += self._outside_permit(row)
            if row.rncp and row.rncp not in self.certifications and row.certification_level is None:
                problems.append(
                    Problem(
                        row.line,
                        "formation_niveau",
                        f"Certification {row.rncp} inconnue : indiquez son niveau "
                        "(formation_niveau) et son intitulé pour la créer.",
                    )  # fmt: skip
                )
            if problems:
                result.problems.extend(problems)
            else:
                kept.append(row)
        return kept

    def _outside_permit(self, row: ContractRow) -> list[Problem]:
        permit = self.permit
        problems = []
        if permit.centres is not None:
            if not row.cfa_uai and (own := permit.default_centre()) is not None:
                row.cfa_uai = own  # a CFA's own file need not repeat its UAI
            if row.cfa_uai not in permit.centres:
                mine = ", ".join(sorted(permit.centres))
                problems.append(
                    Problem(
                        row.line,
                        "cfa_uai",
                        f"Ce contrat relève du CFA {row.cfa_uai} : un CFA n'importe que ses propres contrats ({mine})."
                        if row.cfa_uai
                        else f"CFA manquant : indiquez lequel de vos CFA ({mine}) forme l'alternant.",
                    )
                )
        if permit.departments is not None and row.workplace.department not in permit.departments:
            problems.append(
                Problem(
                    row.line,
                    "lieu_execution_code_commune"
                    if row.workplace is not row.employer_place
                    else "employeur_code_commune",
                    f"Ce contrat s'exécute hors de votre région (département {row.workplace.department}) : il revient "
                    "à la région où il s'exécute.",
                )
            )
        return problems

    # --- organisations -------------------------------------------------------------------------------------------
    def _companies(self, rows: list[ContractRow]) -> dict[str, _Company]:
        missing = {r.employer_siret for r in rows} - self.companies.keys()
        if missing:
            sql = (
                "SELECT siret, id, name, naf, idcc, headcount, kind, commune_id, opco_id FROM organisations_company "
                "WHERE siret IN ({keys})"
            )
            for values in _select(sql, missing):
                self.companies[values[0]] = _Company(*values[1:])
        new: dict[str, ContractRow] = {}
        changed: dict[str, dict[str, list[Any]]] = {}
        for row in rows:
            siret = row.employer_siret
            known = self.companies.get(siret)
            if known is None:
                new[siret] = _merge_company(new.get(siret), row)  # the last row wins
                continue
            facts = {
                "name": row.employer_name,
                "naf": row.employer_naf,
                "idcc": row.employer_idcc,
                "headcount": row.employer_headcount,
                "kind": row.employer_kind,
                "commune_id": row.employer_place.insee,
            }
            for name, value in facts.items():
                if value is None or value == "":
                    continue  # an empty cell does not erase what another row said
                if getattr(known, name) != value:
                    changed.setdefault(siret, {})[name] = [getattr(known, name), value]
                    setattr(known, name, value)
        if new:
            ids = self.insert_company.next_ids(len(new))
            inserted = []
            for company_id, (siret, row) in zip(ids, new.items(), strict=True):
                opco = self.opco_by_idcc.get(row.employer_idcc)
                kind = row.employer_kind or Company.Kind.ORDINARY
                place = row.employer_place
                inserted.append(
                    (
                        company_id, siret, row.employer_name, normalize(row.employer_name), row.employer_naf,
                        row.employer_idcc, row.employer_headcount, kind, place.insee, place.area, place.department,
                        opco, self.now_value,
                    )
                )  # fmt: skip
                self.companies[siret] = _Company(
                    company_id, row.employer_name, row.employer_naf, row.employer_idcc, row.employer_headcount, kind,
                    place.insee, opco,
                )  # fmt: skip
            self.insert_company.insert(inserted)
        for siret, changes in changed.items():
            known = self.companies[siret]
            self.changed_companies.add(known.id)
            place = next(r.employer_place for r in reversed(rows) if r.employer_siret == siret)
            known.opco_id = self.opco_by_idcc.get(known.idcc, known.opco_id)
            Company.objects.filter(pk=known.id).update(
                name=known.name,
                search_name=normalize(known.name),
                naf=known.naf,
                idcc=known.idcc,
                headcount=known.headcount,
                kind=known.kind,
                commune_id=known.commune_id,
                employment_area_id=place.area,
                department_id=place.department,
                opco_id=known.opco_id,
            )
            self.audit.append(
                AuditEntry(
                    actor=self.actor,
                    actor_label=self._actor_label(),
                    action=AuditEntry.Action.UPDATE,
                    object_type=Company._meta.label,
                    object_id=str(known.id),
                    summary=f"Entreprise {siret} modifiée par l'import n°{self.run.pk} (la dernière ligne l'emporte)",
                    changes={FIELD_LABELS[k]: v for k, v in changes.items()},
                )
            )
        return self.companies

    def _centres(self, rows: list[ContractRow]) -> dict[str, int]:
        new = {}
        for row in rows:
            if row.cfa_uai and row.cfa_uai not in self.centres and row.cfa_uai not in new:
                name = row.cfa_name or f"CFA {row.cfa_uai}"
                new[row.cfa_uai] = TrainingCentre(
                    uai=row.cfa_uai, siret=row.cfa_siret, name=name, search_name=normalize(name)
                )
        for centre in TrainingCentre.objects.bulk_create(new.values()):
            self.centres[centre.uai] = centre.pk
        return self.centres

    def _certifications(self, rows: list[ContractRow]) -> dict[str, int]:
        new = {}
        for row in rows:
            if row.rncp and row.rncp not in self.certifications and row.rncp not in new:
                assert row.certification_level is not None  # _admissible() refused the others
                new[row.rncp] = Certification(
                    rncp_code=row.rncp,
                    title=row.certification_title or row.rncp,
                    level=row.certification_level,
                    nsf_id=row.certification_nsf,
                )
        for certification in Certification.objects.bulk_create(new.values()):
            self.certifications[certification.rncp_code] = certification.pk
        return self.certifications

    # --- people ---------------------------------------------------------------------------------------------
    def _profiles(self, rows: list[ContractRow], apprentices: list[_Person], masters: list[list[_Person]]) -> None:
        self._apprentice_profiles(rows, apprentices)
        known_ids = {p.id for team in masters for p in team if not p.new}
        profiles: dict[int, list[Any]] = {}  # person id -> [profile id, job title]
        diplomas: dict[int, set[tuple[str, int, str | None]]] = defaultdict(set)
        experiences: dict[int, set[tuple[dt.date, dt.date | None]]] = defaultdict(set)
        if known_ids:
            sql = "SELECT person_id, id, job_title FROM people_supervisorprofile WHERE person_id IN ({keys})"
            for person_id, profile_id, job in _select(sql, known_ids):
                profiles[person_id] = [profile_id, job]
            profile_ids = [p[0] for p in profiles.values()]
            sql = "SELECT profile_id, title, level, nsf_id FROM people_diploma WHERE profile_id IN ({keys})"
            for profile_id, title, level, nsf in _select(sql, profile_ids):
                diplomas[profile_id].add((title, level, nsf))
            # Only the periods these rows would add: a master's history grows by one period per contract.
            wanted = {
                (profiles[person.id][0], *_experience_before(row.start_date, master.experience_months))
                for team, row in zip(masters, rows, strict=True)
                for person, master in zip(team, row.masters, strict=True)
                if master.experience_months and person.id in profiles
            }
            sql = "SELECT profile_id, start_date, end_date FROM people_experienceperiod"
            for profile_id, start, end in _select_tuples(sql, "profile_id, start_date, end_date", wanted):
                experiences[profile_id].add((dt.date.fromisoformat(str(start)[:10]), driver_date(end)))
        new_profiles: list[tuple[int, str]] = []
        for team, row in zip(masters, rows, strict=True):
            for person, master in zip(team, row.masters, strict=True):
                if person.id not in profiles:
                    profiles[person.id] = [0, master.job_title]
                    new_profiles.append((person.id, master.job_title))
        ids = self.insert_supervisor_profile.next_ids(len(new_profiles))
        for profile_id, (person_id, _) in zip(ids, new_profiles, strict=True):
            profiles[person_id][0] = profile_id
        self.insert_supervisor_profile.insert(
            [(i, person, job, False, False, None, None) for i, (person, job) in zip(ids, new_profiles, strict=True)]
        )
        jobs: dict[int, str] = {}
        new_diplomas: list[tuple[Any, ...]] = []
        new_experiences: list[tuple[Any, ...]] = []
        for team, row in zip(masters, rows, strict=True):
            for person, master in zip(team, row.masters, strict=True):
                profile = profiles[person.id]
                profile_id = profile[0]
                if master.job_title and profile[1] != master.job_title:
                    profile[1] = jobs[profile_id] = master.job_title
                if master.diploma_level is not None:
                    key = (master.diploma or f"Diplôme de niveau {master.diploma_level}", master.diploma_level,
                           master.diploma_nsf)  # fmt: skip
                    if key not in diplomas[profile_id]:
                        diplomas[profile_id].add(key)
                        new_diplomas.append((profile_id, *key, None))
                if master.experience_months:
                    period = _experience_before(row.start_date, master.experience_months)
                    if period not in experiences[profile_id]:
                        experiences[profile_id].add(period)
                        description = (
                            f"Expérience déclarée dans le contrat {row.number} ({master.experience_months} mois)"
                        )
                        new_experiences.append(
                            (profile_id, ExperiencePeriod.Kind.EMPLOYMENT.value, description, master.diploma_nsf,
                             period[0].isoformat(), period[1].isoformat())
                        )  # fmt: skip
        for profile_id, job in jobs.items():
            SupervisorProfile.objects.filter(pk=profile_id).update(job_title=job)
        ids = self.insert_diploma.next_ids(len(new_diplomas))
        self.insert_diploma.insert([(i, *values) for i, values in zip(ids, new_diplomas, strict=True)])
        ids = self.insert_experience.next_ids(len(new_experiences))
        self.insert_experience.insert([(i, *values) for i, values in zip(ids, new_experiences, strict=True)])

    def _apprentice_profiles(self, rows: list[ContractRow], apprentices: list[_Person]) -> None:
        known = {p.id for p in apprentices if not p.new}
        existing: dict[int, list[Any]] = {}
        if known:
            sql = (
                "SELECT person_id, id, sex, prior_situation, highest_diploma_level FROM people_apprenticeprofile "
                "WHERE person_id IN ({keys})"
            )
            for values in _select(sql, known):
                existing[values[0]] = list(values[1:])
        new: dict[int, list[Any]] = {}
        changed: set[int] = set()
        for row, person in zip(rows, apprentices, strict=True):
            facts = (row.apprentice_sex, row.apprentice_prior_situation, row.apprentice_level)
            profile = existing.get(person.id)
            if profile is None:
                current = new.get(person.id)
                new[person.id] = [
                    fact if fact not in (None, "") or current is None else current[i] for i, fact in enumerate(facts)
                ]
                continue
            for index, fact in enumerate(facts, start=1):
                if fact not in (None, "") and profile[index] != fact:
                    profile[index] = fact
                    changed.add(person.id)
        ids = self.insert_apprentice_profile.next_ids(len(new))
        self.insert_apprentice_profile.insert(
            [
                (i, person, sex, prior, level, False, False, False, False)
                for i, (person, (sex, prior, level)) in zip(ids, new.items(), strict=True)
            ]
        )
        for person_id in changed:
            profile_id, sex, prior, level = existing[person_id]
            ApprenticeProfile.objects.filter(pk=profile_id).update(
                sex=sex, prior_situation=prior, highest_diploma_level=level
            )

    # --- contracts -------------------------------------------------------------------------------------------
    def _replace_team(self, contract_id: int, team: list[tuple[int, str, bool]], row: ContractRow) -> None:
        Supervision.objects.filter(contract_id=contract_id, is_second_tutor=False).delete()
        Supervision.objects.bulk_create(
            Supervision(
                contract_id=contract_id,
                person_id=person_id,
                role=role,
                is_referent=referent,
                start_date=row.start_date,
                end_date=row.rupture_date or row.end_date,
            )
            for person_id, role, referent in team
        )

    def _note(self, contract_id: int, summary: str, changes: dict[str, Any]) -> None:
        self.audit.append(
            AuditEntry(
                actor=self.actor,
                actor_label=self._actor_label(),
                action=AuditEntry.Action.UPDATE,
                object_type=Contract._meta.label,
                object_id=str(contract_id),
                summary=summary[:500],
                changes={"import": self.run.pk, **changes},
            )
        )

    def _actor_label(self) -> str:
        return self.actor.get_username() if self.actor is not None else "système"

    def _flush_audit(self) -> None:
        if self.audit:
            AuditEntry.objects.bulk_create(self.audit, batch_size=500)
            self.audit = []


def _merge_company(earlier: ContractRow | None, row: ContractRow) -> ContractRow:
    """A company first met in this import: its later rows win, except where they leave a cell empty."""
    if earlier is None:
        return row
    merged = copy.copy(row)
    for name in ("employer_naf", "employer_idcc", "employer_kind", "employer_headcount"):
        if getattr(row, name) in (None, ""):
            setattr(merged, name, getattr(earlier, name))
    return merged


def _experience_before(start: dt.date, months: int) -> tuple[dt.date, dt.date]:
    """Months of experience declared on a contract: the period of that many months that ends the day before it."""
    year, month = divmod(start.year * 12 + start.month - 1 - months, 12)
    day = start.day if start.day <= 28 else min(start.day, calendar.monthrange(year, month + 1)[1])
    return dt.date(year, month + 1, day), start - dt.timedelta(days=1)


# A merged person stands for the one they were merged into (compagnon/people/services.py: merge_people).
PEOPLE_COLUMNS_SQL = "SELECT COALESCE(merged_into_id, id), search_name, birth_date, email FROM people_person"
PEOPLE_BY_NAME_SQL = PEOPLE_COLUMNS_SQL + " WHERE search_name IN ({keys})"


def tuples_sql(sql: str, columns: str, count: int) -> str:
    """`sql` (a SELECT … FROM one table) narrowed to the rows whose `columns` match one of `count` keys.

    A join with a VALUES list, not `(columns) IN (VALUES …)`: SQLite answers the IN form by scanning the whole table
    (or its index) for each batch, a cost that grows with the database (a million people, 500 batches); the join looks
    each key up in the index, on both databases. VALUES names its columns column1, column2… on both."""
    names = [name.strip() for name in columns.split(",")]
    on = " AND ".join(f"{name} = wanted.column{index}" for index, name in enumerate(names, start=1))
    values = ", ".join(["(" + ", ".join(["%s"] * len(names)) + ")"] * count)
    return f"{sql} JOIN (VALUES {values}) AS wanted ON {on}"


def _select_tuples(sql: str, columns: str, keys: set[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """Rows of `sql` whose `columns` match one of `keys` (tuples_sql), in batches; dates sent as ISO text on
    SQLite, which stores them so."""
    found: list[tuple[Any, ...]] = []
    sqlite = connection.vendor == "sqlite"
    items = list(keys)
    batch = LOOKUP_BATCH // len(columns.split(","))
    with connection.cursor() as cursor:
        for start in range(0, len(items), batch):
            part = items[start : start + batch]
            params = [v.isoformat() if sqlite and isinstance(v, dt.date) else v for key in part for v in key]
            cursor.execute(tuples_sql(sql, columns, len(part)), params)
            found.extend(cursor.fetchall())
    return found


class _PeopleFinder:
    """A chunk's people: the existing ones by normalised name (one query), the new ones inserted together."""

    def __init__(self, rows: list[ContractRow], writer: ChunkWriter) -> None:
        self.writer = writer
        # People are looked up by (name, birth date) where the row gives the birth date: by name alone, a common name
        # brings back every namesake, more of them the larger the database (the index covers both columns).
        pairs: set[tuple[str, dt.date]] = set()
        names: set[str] = set()
        for row in rows:
            people = [(row.apprentice_last_name, row.apprentice_first_name, row.apprentice_birth_date)]
            people += [(m.last_name, m.first_name, m.birth_date) for m in row.masters]
            for last, first, birth in people:
                key = _normal_name(f"{last} {first}")
                if birth is None:
                    names.add(key)
                else:
                    pairs.add((key, birth))
        self.by_name: dict[str, list[_Person]] = defaultdict(list)
        seen: set[int] = set()
        known = _select_tuples(PEOPLE_COLUMNS_SQL, "search_name, birth_date", pairs)
        known += _select(PEOPLE_BY_NAME_SQL, names)
        for person_id, name, birth, email in known:
            if person_id not in seen:
                seen.add(person_id)
                self.by_name[name].append(_Person(person_id, driver_date(birth), email))
        self.new: list[tuple[_Person, str, str, str]] = []
        self.emails: list[tuple[int, str]] = []

    def find(self, last: str, first: str, birth: dt.date | None, email: str) -> _Person:
        key = _normal_name(f"{last} {first}")
        candidates = self.by_name[key]
        match = None
        if birth is not None:
            match = next((p for p in candidates if p.birth_date == birth), None)
        elif email:
            match = next((p for p in candidates if p.email == email), None)
        if match is None and birth is None and not email:
            same = [p for p in candidates if p.birth_date is None]
            match = same[0] if len(same) == 1 else None
        if match is None:
            match = _Person(0, birth, email, new=True)
            candidates.append(match)
            self.new.append((match, last, first, key))
        elif email and not match.email:
            match.email = email
            if not match.new:
                self.emails.append((match.id, email))
        return match

    def create_new(self) -> None:
        inserter = self.writer.insert_person
        ids = inserter.next_ids(len(self.new))
        now = self.writer.now_value
        rows = []
        for person_id, (person, last, first, key) in zip(ids, self.new, strict=True):
            person.id = person_id
            self.writer.new_people.add(person_id)
            rows.append((person_id, last, first, "", key, _iso(person.birth_date), person.email, "", now))
        inserter.insert(rows)
        for person_id, email in self.emails:
            Person.objects.filter(pk=person_id, email="").update(email=email)


@contextmanager
def touched_table(ids: Any) -> Iterator[str]:
    """A temporary table of ids, for queries over more ids than an IN list may hold (SQLite: 32,766 parameters)."""
    name = "intake_touched_ids"
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {name}")
        cursor.execute(f"CREATE TEMPORARY TABLE {name} (id BIGINT PRIMARY KEY)")
        if connection.vendor == "postgresql":
            # executemany costs a round trip a row there (0.8 s for 30,000 ids).
            with cursor.cursor.copy(f"COPY {name} (id) FROM STDIN") as copy:
                for i in ids:
                    copy.write_row((i,))
            cursor.execute(f"ANALYZE {name}")  # a temporary table has no statistics otherwise
        else:
            cursor.executemany(f"INSERT INTO {name} (id) VALUES (%s)", ((i,) for i in ids))  # no list of a million
    try:
        yield name
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {name}")
