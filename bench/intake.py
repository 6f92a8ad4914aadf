"""Benchmark of the contract import (issue 4): the whole command, next to its floor and to django-import-export.

Usage:
    .venv/bin/python bench/intake.py [--rows 1000000] [--engines sqlite,postgresql] [--die-sample 50000]
                                     [--keep] [--workdir /tmp/compagnon-bench-intake] [--quick]

One contract file of N rows (bench/contract_file.py, 1 % of bad rows by default) is generated once in the workdir
(reused with --keep), then, per engine, on copies of one "empty" database (migrate + load_reference_data; SQLite: a
file copied, PostgreSQL: CREATE DATABASE … TEMPLATE …), so that every timed run starts from the same state:
- the import: `manage.py import_contracts FILE --wet-run --partial` as a subprocess under `/usr/bin/time -v`, timed
  from start to exit (parsing, validation, identity, compliance, classification, writes, refresh): wall time, rows/s
  (rows of the file), peak RSS of the command (the PostgreSQL server's memory is not the command's);
- the re-import of the same file into the same database, timed the same way;
- the floor: the file's valid rows, cleaned by the importer's own pure modules (reading, columns, rows) and turned
  into tuples BEFORE the timer starts (companies with the last row winning, people by normalised name and birth
  date, profiles, diplomas, experience periods, CFAs, certifications, contracts, supervisions, ids assigned here),
  then inserted into the same tables, triggers included, in one transaction with the driver's fastest bulk path
  (sqlite3 `executemany`, psycopg 3 `COPY`), on a fresh copy of the empty database;
- django-import-export: a ModelResource for Contract (contract number, kind, dates; company by SIRET, workplace
  commune by INSEE code, apprentice by name and birth date, CFA by UAI, certification by RNCP code, all through
  ForeignKeyWidget), `import_data(dry_run=False, use_transactions=True)` on the first --die-sample valid rows of the
  same file, in a fresh database where the companies, people, CFAs and certifications of the sample were created
  beforehand (untimed); its rate is extrapolated to the file's valid rows.
Targets of issue 4: ≥ 20,000 rows/s (below 10,000 is a defect), peak memory < 500 MB, re-import at least as fast,
within 5× of the floor, at least 20× faster than django-import-export. Figures are printed and written to
bench/results/, never asserted in tests.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PYTHON = str(ROOT / ".venv" / "bin" / "python")
MANAGE = str(ROOT / "manage.py")
RATE_TARGET = 20_000
RATE_DEFECT = 10_000
MEMORY_TARGET_MB = 500
FLOOR_RATIO_TARGET = 5.0
DIE_RATIO_TARGET = 20.0
SOURCE = "fichier"  # the command's default --source
ENGINE_LABELS = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
TEMPLATE_DB = "bench_intake_empty"
RUN_DBS = {"import": "bench_intake_import", "floor": "bench_intake_floor", "die": "bench_intake_die"}


def thousands(value: float) -> str:
    return f"{value:,.0f}".replace(",", " ")


# --- databases --------------------------------------------------------------------------------------------------------


@dataclass
class Engine:
    name: str  # sqlite | postgresql
    workdir: Path
    admin_url: str  # PostgreSQL: a database to connect to for CREATE/DROP DATABASE

    def url(self, database: str) -> str:
        if self.name == "sqlite":
            return f"sqlite:///{self.workdir / f'{database}.sqlite3'}"
        base = self.admin_url.rsplit("/", 1)[0]
        return f"{base}/{database}"

    def _sqlite_path(self, database: str) -> Path:
        return self.workdir / f"{database}.sqlite3"

    def _admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as connection:
            connection.execute(sql)

    def drop(self, database: str) -> None:
        if self.name == "sqlite":
            for suffix in ("", "-wal", "-shm"):
                Path(f"{self._sqlite_path(database)}{suffix}").unlink(missing_ok=True)
        else:
            self._admin(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')

    def build_template(self, env: dict[str, str]) -> None:
        """migrate + load_reference_data into the empty database every timed run copies."""
        self.drop(TEMPLATE_DB)
        if self.name == "postgresql":
            self._admin(f'CREATE DATABASE "{TEMPLATE_DB}"')
        child = {**env, "DATABASE_URL": self.url(TEMPLATE_DB)}
        subprocess.run([PYTHON, MANAGE, "migrate", "-v0"], env=child, check=True)
        subprocess.run([PYTHON, MANAGE, "load_reference_data", "-v0"], env=child, check=True)
        if self.name == "sqlite":
            # The last connection closed has checkpointed the WAL; fold any leftover into the file before copying it.
            import sqlite3

            with sqlite3.connect(self._sqlite_path(TEMPLATE_DB)) as connection:
                connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def fresh_copy(self, database: str) -> str:
        self.drop(database)
        if self.name == "sqlite":
            shutil.copyfile(self._sqlite_path(TEMPLATE_DB), self._sqlite_path(database))
        else:
            self._admin(f'CREATE DATABASE "{database}" TEMPLATE "{TEMPLATE_DB}"')
        return self.url(database)

    def count(self, database: str, tables: list[str]) -> dict[str, int]:
        queries = [f"SELECT COUNT(*) FROM {table}" for table in tables]
        if self.name == "sqlite":
            import sqlite3

            with sqlite3.connect(self._sqlite_path(database)) as connection:
                return {t: connection.execute(q).fetchone()[0] for t, q in zip(tables, queries, strict=True)}
        import psycopg

        with psycopg.connect(self.url(database)) as connection:
            return {t: connection.execute(q).fetchone()[0] for t, q in zip(tables, queries, strict=True)}


# --- the timed command ------------------------------------------------------------------------------------------------


@dataclass
class CommandRun:
    wall_s: float
    peak_mb: float
    exit_code: int
    created: int | None = None
    updated: int | None = None
    unchanged: int | None = None
    refused: int | None = None
    tail: str = ""


def timed_import(path: Path, url: str, env: dict[str, str], log: Path) -> CommandRun:
    """The whole command under /usr/bin/time -v: wall time from start to exit, peak RSS of the process."""
    stats = log.with_suffix(".time")
    argv = ["/usr/bin/time", "-v", "-o", str(stats), PYTHON, MANAGE, "import_contracts", str(path)]
    argv += ["--wet-run", "--partial", "--source", SOURCE]
    with open(log, "w", encoding="utf-8") as out:
        started = time.perf_counter()
        completed = subprocess.run(argv, env={**env, "DATABASE_URL": url}, stdout=out, stderr=subprocess.STDOUT)
        wall = time.perf_counter() - started
    text = stats.read_text(encoding="utf-8")
    peak_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1))
    output = log.read_text(encoding="utf-8", errors="replace")
    run = CommandRun(wall_s=wall, peak_mb=peak_kb / 1024, exit_code=completed.returncode)
    counts = re.search(r"créés : (\d+), modifiés : (\d+), inchangés : (\d+)", output)
    if counts:
        run.created, run.updated, run.unchanged = (int(x) for x in counts.groups())
    refused = re.search(r"lignes refusées : (\d+)", output)
    if refused:
        run.refused = int(refused.group(1))
    run.tail = "\n".join(output.strip().splitlines()[-3:])
    # 0: all imported; 1: rows were refused (the file's bad rows, --partial keeps the others). Anything else failed.
    if completed.returncode not in (0, 1) or counts is None:
        raise SystemExit(f"l'import a échoué (code {completed.returncode}), voir {log} :\n{run.tail}")
    return run


# --- pre-parsed rows: the floor's tuples (and django-import-export's prerequisites) -----------------------------------

# The tables the floor writes, in foreign-key order, with the columns it fills (every NOT NULL one).
FLOOR_TABLES: dict[str, tuple[str, ...]] = {
    "certifications_certification": ("id", "rncp_code", "title", "level", "nsf_id"),
    "organisations_trainingcentre": ("id", "uai", "siret", "name", "search_name", "commune_id", "employment_area_id"),
    "organisations_company": (
        "id", "siret", "name", "search_name", "naf", "idcc", "headcount", "kind", "commune_id", "employment_area_id",
        "department_id", "opco_id", "created_at",
    ),
    "people_person": (
        "id", "last_name", "first_name", "birth_name", "search_name", "birth_date", "email", "phone", "created_at",
    ),
    "people_apprenticeprofile": (
        "id", "person_id", "sex", "prior_situation", "highest_diploma_level", "disabled_worker", "qpv_resident",
        "long_term_jobseeker", "minimum_benefits",
    ),
    "people_supervisorprofile": (
        "id", "person_id", "job_title", "sponsor_volunteer", "vae_interest", "capacity_exemption_limit",
        "capacity_exemption_until",
    ),
    "people_diploma": ("id", "profile_id", "title", "level", "nsf_id", "obtained_on"),
    "people_experienceperiod": ("id", "profile_id", "kind", "description", "nsf_id", "start_date", "end_date"),
    "contracts_contract": (
        "id", "kind", "company_id", "workplace_commune_id", "employment_area_id", "department_id", "apprentice_id",
        "certification_id", "training_centre_id", "opco_id", "signature_date", "start_date", "planned_end_date",
        "rupture_date", "rupture_cause", "rupture_cause_text", "rupture_initiative", "extended_after_exam_failure",
        "source", "source_name", "source_id", "last_import_id", "created_at", "updated_at",
    ),
    "contracts_supervision": (
        "id", "contract_id", "person_id", "role", "is_referent", "is_second_tutor", "status", "volunteer",
        "good_character_attested", "start_date", "end_date", "novelty",
    ),
}  # fmt: skip
PREREQUISITES = (
    "certifications_certification",
    "organisations_trainingcentre",
    "organisations_company",
    "people_person",
)
SHORT_NAMES = {
    "certifications_certification": "certifications",
    "organisations_trainingcentre": "CFA",
    "organisations_company": "entreprises",
    "people_person": "personnes",
    "people_apprenticeprofile": "profils alternant",
    "people_supervisorprofile": "profils maître",
    "people_diploma": "diplômes",
    "people_experienceperiod": "expériences",
    "contracts_contract": "contrats",
    "contracts_supervision": "tutorats",
}


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


@dataclass
class FloorRows:
    """What the importer would write for a file, as tuples of driver-ready values (dates as ISO text)."""

    next_ids: dict[str, int]
    opco_by_idcc: dict[str, int]
    certification_ids: dict[str, int]  # those already in the database
    centre_ids: dict[str, int]
    now: str
    companies: dict[str, list[Any]] = field(default_factory=dict)
    people: dict[tuple[str, Any], list[Any]] = field(default_factory=dict)
    apprentice_profiles: dict[int, list[Any]] = field(default_factory=dict)
    supervisor_profiles: dict[int, list[Any]] = field(default_factory=dict)
    diplomas: dict[tuple[Any, ...], tuple[Any, ...]] = field(default_factory=dict)
    experiences: dict[tuple[Any, ...], tuple[Any, ...]] = field(default_factory=dict)
    new_certifications: list[tuple[Any, ...]] = field(default_factory=list)
    new_centres: list[tuple[Any, ...]] = field(default_factory=list)
    contracts: list[tuple[Any, ...]] = field(default_factory=list)
    supervisions: list[tuple[Any, ...]] = field(default_factory=list)

    def _id(self, table: str) -> int:
        self.next_ids[table] += 1
        return self.next_ids[table]

    def _person(self, last: str, first: str, birth: dt.date | None, email: str, normalize: Any) -> int:
        name = normalize(f"{last} {first}")
        key = (name, birth if birth is not None else email)
        person = self.people.get(key)
        if person is None:
            person = [self._id("people_person"), last, first, "", name, _iso(birth), email, "", self.now]
            self.people[key] = person
        elif email and not person[6]:
            person[6] = email
        return person[0]

    def add(self, row: Any, normalize: Any, experience_before: Any) -> None:
        company = self.companies.get(row.employer_siret)
        opco = self.opco_by_idcc.get(row.employer_idcc)
        place = row.employer_place
        if company is None:
            company = [
                self._id("organisations_company"),
                row.employer_siret,
                row.employer_name,
                normalize(row.employer_name),
                row.employer_naf,
                row.employer_idcc,
                row.employer_headcount,
                row.employer_kind or "ordinary",
                place.insee,
                place.area,
                place.department,
                opco,
                self.now,
            ]
            self.companies[row.employer_siret] = company
        else:  # the last row wins; an empty cell does not erase what another row said
            for index, value in (
                (2, row.employer_name),
                (4, row.employer_naf),
                (5, row.employer_idcc),
                (6, row.employer_headcount),
                (7, row.employer_kind),
            ):
                if value not in (None, ""):
                    company[index] = value
            company[3] = normalize(company[2])
            company[8:12] = [place.insee, place.area, place.department, self.opco_by_idcc.get(company[5], company[11])]
        certification = None
        if row.rncp:
            certification = self.certification_ids.get(row.rncp)
            if certification is None:
                certification = self._id("certifications_certification")
                self.certification_ids[row.rncp] = certification
                self.new_certifications.append(
                    (
                        certification,
                        row.rncp,
                        row.certification_title or row.rncp,
                        row.certification_level,
                        row.certification_nsf,
                    )
                )
        centre = None
        if row.cfa_uai:
            centre = self.centre_ids.get(row.cfa_uai)
            if centre is None:
                centre = self._id("organisations_trainingcentre")
                self.centre_ids[row.cfa_uai] = centre
                name = row.cfa_name or f"CFA {row.cfa_uai}"
                self.new_centres.append((centre, row.cfa_uai, row.cfa_siret, name, normalize(name), None, None))
        apprentice = self._person(
            row.apprentice_last_name,
            row.apprentice_first_name,
            row.apprentice_birth_date,
            row.apprentice_email,
            normalize,
        )
        profile = self.apprentice_profiles.get(apprentice)
        if profile is None:
            self.apprentice_profiles[apprentice] = [
                self._id("people_apprenticeprofile"),
                apprentice,
                row.apprentice_sex,
                row.apprentice_prior_situation,
                row.apprentice_level,
                False,
                False,
                False,
                False,
            ]
        else:
            for index, value in (
                (2, row.apprentice_sex),
                (3, row.apprentice_prior_situation),
                (4, row.apprentice_level),
            ):
                if value not in (None, ""):
                    profile[index] = value
        contract = self._id("contracts_contract")
        w = row.workplace
        self.contracts.append(
            (
                contract,
                row.kind,
                company[0],
                w.insee,
                w.area,
                w.department,
                apprentice,
                certification,
                centre,
                opco,
                _iso(row.signature_date),
                _iso(row.start_date),
                _iso(row.end_date),
                _iso(row.rupture_date),
                row.rupture_cause,
                row.rupture_cause_text,
                row.rupture_initiative,
                False,
                "file",
                SOURCE,
                row.number,
                None,
                self.now,
                self.now,
            )
        )
        role = "master" if row.kind == "apprentissage" else "tutor"
        end = _iso(row.rupture_date or row.end_date)
        for index, master in enumerate(row.masters):
            person = self._person(master.last_name, master.first_name, master.birth_date, master.email, normalize)
            self.supervisions.append(
                (
                    self._id("contracts_supervision"),
                    contract,
                    person,
                    role,
                    index == 0,
                    False,
                    "",
                    None,
                    None,
                    _iso(row.start_date),
                    end,
                    "",
                )
            )
            sup = self.supervisor_profiles.get(person)
            if sup is None:
                sup = [self._id("people_supervisorprofile"), person, master.job_title, False, False, None, None]
                self.supervisor_profiles[person] = sup
            elif master.job_title:
                sup[2] = master.job_title
            if master.diploma_level is not None:
                title = master.diploma or f"Diplôme de niveau {master.diploma_level}"
                key = (sup[0], title, master.diploma_level, master.diploma_nsf)
                if key not in self.diplomas:
                    self.diplomas[key] = (self._id("people_diploma"), *key, None)
            if master.experience_months:
                start, until = experience_before(row.start_date, master.experience_months)
                key = (sup[0], start, until)
                if key not in self.experiences:
                    description = f"Expérience déclarée dans le contrat {row.number} ({master.experience_months} mois)"
                    self.experiences[key] = (
                        self._id("people_experienceperiod"),
                        sup[0],
                        "employment",
                        description,
                        master.diploma_nsf,
                        start.isoformat(),
                        until.isoformat(),
                    )

    def tables(self) -> dict[str, list[tuple[Any, ...]]]:
        return {
            "certifications_certification": self.new_certifications,
            "organisations_trainingcentre": self.new_centres,
            "organisations_company": [tuple(c) for c in self.companies.values()],
            "people_person": [tuple(p) for p in self.people.values()],
            "people_apprenticeprofile": [tuple(p) for p in self.apprentice_profiles.values()],
            "people_supervisorprofile": [tuple(p) for p in self.supervisor_profiles.values()],
            "people_diploma": list(self.diplomas.values()),
            "people_experienceperiod": list(self.experiences.values()),
            "contracts_contract": self.contracts,
            "contracts_supervision": self.supervisions,
        }


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "compagnon.settings")
    import django

    django.setup()


def _valid_rows(path: Path, limit: int | None = None) -> Any:
    """(cells, ContractRow) for each row the importer's pure cleaning accepts, and the header."""
    from django.utils import timezone

    from compagnon.intake.columns import match_headers
    from compagnon.intake.reading import open_table
    from compagnon.intake.rows import RowCleaner
    from compagnon.intake.services import load_places

    with open_table(path) as table:
        headers = match_headers(table.headers)
        cleaner = RowCleaner(headers, load_places(), today=timezone.localdate())
        yield list(table.headers)
        kept = 0
        for line, cells in table.rows:
            cleaned = cleaner.clean(line, cells)
            if isinstance(cleaned, list):
                continue
            yield cells, cleaned
            kept += 1
            if limit is not None and kept >= limit:
                return


def _floor_rows(path: Path, limit: int | None = None) -> tuple[FloorRows, list[str], list[list[str]], list[Any]]:
    from django.db import connection
    from django.utils import timezone

    from compagnon.certifications.models import Certification
    from compagnon.compliance.models import BranchOpco
    from compagnon.core.text import normalize
    from compagnon.intake.writer import _experience_before
    from compagnon.organisations.models import TrainingCentre

    with connection.cursor() as cursor:
        next_ids = {}
        for table in FLOOR_TABLES:
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
            next_ids[table] = cursor.fetchone()[0]
    now = timezone.now()
    floor = FloorRows(
        next_ids=next_ids,
        opco_by_idcc=dict(BranchOpco.objects.values_list("idcc", "opco_id")),
        certification_ids=dict(Certification.objects.values_list("rncp_code", "id")),
        centre_ids=dict(TrainingCentre.objects.values_list("uai", "id")),
        # As Django writes a datetime: naive UTC on SQLite, with its offset on PostgreSQL.
        now=now.replace(tzinfo=None).isoformat(" ") if connection.vendor == "sqlite" else now.isoformat(" "),
    )
    rows = _valid_rows(path, limit)
    header = next(rows)
    cells_kept: list[list[str]] = []
    cleaned_kept: list[Any] = []
    keep = limit is not None  # django-import-export's sample: its raw cells and cleaned rows are needed too
    for cells, cleaned in rows:
        floor.add(cleaned, normalize, _experience_before)
        if keep:
            cells_kept.append(cells)
            cleaned_kept.append(cleaned)
    return floor, header, cells_kept, cleaned_kept


def _insert(tables: dict[str, list[tuple[Any, ...]]]) -> tuple[float, dict[str, float]]:
    """Insert the tuples with the driver's fastest bulk path, in one transaction: total seconds, and per table (the
    commit, where SQLite checks the deferred foreign keys, apart)."""
    from django.db import connection, transaction

    connection.ensure_connection()
    raw = connection.connection
    split: dict[str, float] = {}
    started = time.perf_counter()
    with transaction.atomic():
        cursor = raw.cursor()
        for table, rows in tables.items():
            if not rows:
                continue
            table_started = time.perf_counter()
            columns = FLOOR_TABLES[table]
            if connection.vendor == "sqlite":
                marks = ", ".join("?" * len(columns))
                cursor.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)
            else:
                with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            split[table] = time.perf_counter() - table_started
        cursor.close()
        commit_started = time.perf_counter()
    split["commit"] = time.perf_counter() - commit_started
    return time.perf_counter() - started, split


def run_floor(path: Path, out: Path) -> None:
    _setup_django()
    started = time.perf_counter()
    floor, _, _, _ = _floor_rows(path)
    tables = floor.tables()
    prepared = time.perf_counter() - started
    seconds, split = _insert(tables)
    out.write_text(
        json.dumps(
            {
                "seconds": seconds,
                "prepare_seconds": prepared,
                "rows": {table: len(rows) for table, rows in tables.items()},
                "split": split,
            }
        )
    )


# --- django-import-export ---------------------------------------------------------------------------------------------


def run_die(path: Path, sample: int, out: Path) -> None:
    _setup_django()
    import tablib
    from import_export import fields, resources, widgets

    from compagnon.certifications.models import Certification
    from compagnon.contracts.enums import ContractSource
    from compagnon.contracts.models import Contract
    from compagnon.core.text import normalize
    from compagnon.organisations.models import Company, TrainingCentre
    from compagnon.people.models import Person
    from compagnon.territory.models import Commune

    floor, header, cells_kept, cleaned_kept = _floor_rows(path, limit=sample)
    tables = floor.tables()
    _insert({table: tables[table] for table in PREREQUISITES})  # untimed: the comparison is on the contract table

    class PersonByNameAndBirth(widgets.ForeignKeyWidget):
        """The apprentice: a person has no single-column key, so name and birth date, as a Django team would."""

        def get_lookup_kwargs(self, value: Any, row: Any, **kwargs: Any) -> dict[str, Any]:
            birth = row["apprenti_date_naissance"]
            return {
                "search_name": normalize(f"{row['apprenti_nom']} {row['apprenti_prenom']}"),
                "birth_date": dt.datetime.strptime(birth, "%d/%m/%Y").date() if birth else None,
            }

    day = widgets.DateWidget(format="%d/%m/%Y")

    class ContractResource(resources.ModelResource):
        source_id = fields.Field(attribute="source_id", column_name="numero_contrat")
        kind = fields.Field(attribute="kind", column_name="type_contrat")
        signature_date = fields.Field(attribute="signature_date", column_name="date_conclusion", widget=day)
        start_date = fields.Field(attribute="start_date", column_name="date_debut", widget=day)
        planned_end_date = fields.Field(attribute="planned_end_date", column_name="date_fin", widget=day)
        rupture_date = fields.Field(attribute="rupture_date", column_name="date_rupture", widget=day)
        rupture_cause_text = fields.Field(attribute="rupture_cause_text", column_name="cause_rupture")
        company = fields.Field(
            attribute="company", column_name="employeur_siret", widget=widgets.ForeignKeyWidget(Company, "siret")
        )
        workplace_commune = fields.Field(
            attribute="workplace_commune",
            column_name="commune_insee",
            widget=widgets.ForeignKeyWidget(Commune, "insee_code"),
        )
        apprentice = fields.Field(
            attribute="apprentice", column_name="apprenti_nom", widget=PersonByNameAndBirth(Person)
        )
        training_centre = fields.Field(
            attribute="training_centre", column_name="cfa_uai", widget=widgets.ForeignKeyWidget(TrainingCentre, "uai")
        )
        certification = fields.Field(
            attribute="certification",
            column_name="formation_rncp",
            widget=widgets.ForeignKeyWidget(Certification, "rncp_code"),
        )

        class Meta:
            model = Contract
            # "id" stays the import id (the default): no column carries it, so every row is a new contract.
            fields = (
                "id",
                "source_id",
                "kind",
                "signature_date",
                "start_date",
                "planned_end_date",
                "rupture_date",
                "rupture_cause_text",
                "company",
                "workplace_commune",
                "apprentice",
                "training_centre",
                "certification",
            )

        def before_save_instance(self, instance: Contract, row: Any, **kwargs: Any) -> None:
            commune = instance.workplace_commune
            instance.department_id = commune.department_id
            instance.employment_area_id = commune.employment_area_id
            instance.opco_id = instance.company.opco_id
            instance.source = ContractSource.FILE
            instance.source_name = SOURCE

    # The commune as an INSEE code: about half the rows give a postal code and a name instead, resolved here
    # (untimed, a favour to django-import-export) by the importer's own cleaning.
    width = len(header)
    dataset = tablib.Dataset(headers=[*header, "commune_insee"])
    for cells, cleaned in zip(cells_kept, cleaned_kept, strict=True):
        dataset.append([*cells[:width], *[""] * (width - len(cells)), cleaned.workplace.insee])
    del cells_kept, cleaned_kept, floor, tables
    resource = ContractResource()
    started = time.perf_counter()
    result = resource.import_data(dataset, dry_run=False, use_transactions=True)
    seconds = time.perf_counter() - started
    errors = [str(error.error) for _, row_errors in result.row_errors() for error in row_errors][:3]
    errors += [str(invalid.error) for invalid in result.invalid_rows[:3]]
    out.write_text(
        json.dumps(
            {
                "seconds": seconds,
                "rows": len(dataset),
                "created": Contract.objects.count(),
                "errors": errors if result.has_errors() or result.has_validation_errors() else [],
            },
            ensure_ascii=False,
        )
    )


# --- the report -------------------------------------------------------------------------------------------------------


def child(role: str, url: str, path: Path, out: Path, env: dict[str, str], *, sample: int = 0) -> dict[str, Any]:
    argv = [PYTHON, __file__, "--role", role, "--file", str(path), "--result", str(out)]
    if sample:
        argv += ["--die-sample", str(sample)]
    out.unlink(missing_ok=True)
    subprocess.run(argv, env={**env, "DATABASE_URL": url}, check=True)
    return json.loads(out.read_text(encoding="utf-8"))


def verdict(ok: bool) -> str:
    return "oui" if ok else "non"


def bench_engine(
    engine: Engine, path: Path, manifest: dict[str, Any], args: argparse.Namespace, env: dict[str, str]
) -> dict[str, Any]:
    label = ENGINE_LABELS[engine.name]
    rows, valid = manifest["rows"], manifest["valid_rows"]
    print(f"\n=== {label} : préparation de la base vide (migrate, load_reference_data)", flush=True)
    engine.build_template(env)

    print(f"=== {label} : import de {thousands(rows)} lignes…", flush=True)
    url = engine.fresh_copy(RUN_DBS["import"])
    first = timed_import(path, url, env, engine.workdir / f"{engine.name}-import.log")
    print(f"=== {label} : réimport du même fichier…", flush=True)
    again = timed_import(path, url, env, engine.workdir / f"{engine.name}-reimport.log")
    imported = engine.count(RUN_DBS["import"], list(FLOOR_TABLES))

    print(f"=== {label} : plancher…", flush=True)
    url = engine.fresh_copy(RUN_DBS["floor"])
    floor = child("floor", url, path, engine.workdir / f"{engine.name}-floor.json", env)

    sample = min(args.die_sample, valid)
    print(f"=== {label} : django-import-export sur {thousands(sample)} lignes…", flush=True)
    url = engine.fresh_copy(RUN_DBS["die"])
    die = child("die", url, path, engine.workdir / f"{engine.name}-die.json", env, sample=sample)
    if not args.keep_databases:
        for database in RUN_DBS.values():
            engine.drop(database)

    import_rate = rows / first.wall_s
    reimport_rate = rows / again.wall_s
    floor_rate = valid / floor["seconds"]
    die_rate = die["rows"] / die["seconds"]
    die_extrapolated = valid / die_rate
    floor_ratio = first.wall_s / floor["seconds"]
    die_ratio = die_extrapolated / first.wall_s

    size_mb = path.stat().st_size / 1e6
    print(
        f"\n{label} — {thousands(rows)} lignes ({thousands(valid)} valides, {thousands(rows - valid)} en erreur), "
        f"fichier de {size_mb:.0f} Mo"
    )
    header = f"{'mesure':52} {'durée':>9} {'lignes/s':>10} {'mémoire max':>12}"
    print(header)
    print("-" * len(header))
    print(
        f"{'import (--wet-run --partial, commande entière)':52} {first.wall_s:8.1f}s {thousands(import_rate):>10} "
        f"{first.peak_mb:9.0f} Mo"
    )
    print(
        f"{'réimport du même fichier':52} {again.wall_s:8.1f}s {thousands(reimport_rate):>10} {again.peak_mb:9.0f} Mo"
    )
    driver = "executemany" if engine.name == "sqlite" else "COPY"
    print(
        f"{f'plancher ({driver}, lignes déjà validées)':52} {floor['seconds']:8.1f}s {thousands(floor_rate):>10} "
        f"{'—':>12}"
    )
    die_label = f"django-import-export ({thousands(die['rows'])} lignes → {thousands(valid)})"
    print(f"{die_label:52} {die_extrapolated:8.1f}s {thousands(die_rate):>10} {'—':>12}")
    print(
        "  lignes/s : lignes du fichier pour l'import et le réimport, lignes valides pour le plancher et "
        "django-import-export ; mémoire : pic de la commande (/usr/bin/time -v), serveur de base exclu"
    )
    print(
        f"  import : {thousands(first.created or 0)} contrats créés, {thousands(first.refused or 0)} lignes "
        f"refusées (code {first.exit_code}) ; réimport : {thousands(again.created or 0)} créés, "
        f"{thousands(again.updated or 0)} modifiés, {thousands(again.unchanged or 0)} inchangés"
    )
    print(
        f"  plancher : lignes nettoyées et mises en tuples hors chrono ({floor['prepare_seconds']:.1f} s), écrites "
        f"en une transaction, index et triggers compris ;\n"
        f"  ni classification, ni conformité, ni journal d'audit, ni compte rendu d'import"
    )
    print(f"    {'table':20} {'plancher':>10} {'import':>10} {'durée':>8}")
    for table, count in floor["rows"].items():
        seconds = floor["split"].get(table, 0.0)
        print(f"    {SHORT_NAMES[table]:20} {thousands(count):>10} {thousands(imported[table]):>10} {seconds:7.2f}s")
    print(f"    {'validation (commit)':20} {'':>10} {'':>10} {floor['split']['commit']:7.2f}s")
    print(
        f"  django-import-export : {die['seconds']:.1f} s mesurées pour {thousands(die['rows'])} contrats "
        f"({thousands(die['created'])} écrits), table des contrats seule, signaux du projet compris ;\n"
        f"  à son avantage : pas de recherche du contrat existant (import_id_fields par défaut), entreprises, "
        f"personnes, CFA et certifications créées avant, commune résolue avant, hors chrono"
    )
    if die["errors"]:
        print(f"  ATTENTION, django-import-export a refusé des lignes : {die['errors']}")
    print(
        f"ratios : import / plancher {floor_ratio:.1f}× ; django-import-export / import {die_ratio:.1f}× ; "
        f"réimport / import {again.wall_s / first.wall_s:.2f}×"
    )
    targets = [
        (
            f"≥ {thousands(RATE_TARGET)} lignes/s",
            import_rate >= RATE_TARGET,
            f"{thousands(import_rate)}" + (" : défaut à corriger (< 10 000)" if import_rate < RATE_DEFECT else ""),
        ),
        (
            f"mémoire < {MEMORY_TARGET_MB} Mo",
            max(first.peak_mb, again.peak_mb) < MEMORY_TARGET_MB,
            f"{max(first.peak_mb, again.peak_mb):.0f} Mo",
        ),
        (
            "réimport au moins aussi rapide",
            again.wall_s <= first.wall_s,
            f"{again.wall_s:.1f} s / {first.wall_s:.1f} s",
        ),
        (f"≤ {FLOOR_RATIO_TARGET:.0f}× le plancher", floor_ratio <= FLOOR_RATIO_TARGET, f"{floor_ratio:.1f}×"),
        (
            f"≥ {DIE_RATIO_TARGET:.0f}× plus rapide que django-import-export",
            die_ratio >= DIE_RATIO_TARGET,
            f"{die_ratio:.1f}×",
        ),
    ]
    for name, ok, detail in targets:
        print(f"  cible tenue : {verdict(ok):3}  {name:48} ({detail})")
    return {
        "engine": engine.name,
        "rows": rows,
        "valid_rows": valid,
        "import": {
            "wall_s": first.wall_s,
            "rows_per_s": import_rate,
            "peak_mb": first.peak_mb,
            "created": first.created,
            "refused": first.refused,
        },
        "reimport": {
            "wall_s": again.wall_s,
            "rows_per_s": reimport_rate,
            "peak_mb": again.peak_mb,
            "created": again.created,
            "updated": again.updated,
            "unchanged": again.unchanged,
        },
        "floor": {
            "seconds": floor["seconds"],
            "rows_per_s": floor_rate,
            "tables": floor["rows"],
            "split": floor["split"],
        },
        "imported_tables": imported,
        "django_import_export": {
            "sample": die["rows"],
            "seconds": die["seconds"],
            "rows_per_s": die_rate,
            "extrapolated_s": die_extrapolated,
            "errors": die["errors"],
        },
        "ratios": {"import_over_floor": floor_ratio, "die_over_import": die_ratio},
        "targets": {name: ok for name, ok, _ in targets},
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=None, help="lignes du fichier (1 000 000 par défaut)")
    parser.add_argument("--engines", default="sqlite,postgresql")
    parser.add_argument("--die-sample", type=int, default=None, help="lignes données à django-import-export (50 000)")
    parser.add_argument("--bad-share", type=float, default=0.01)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="réutiliser le fichier généré s'il existe")
    parser.add_argument("--keep-databases", action="store_true", help="garder les bases des mesures")
    parser.add_argument("--workdir", default="/tmp/compagnon-bench-intake")
    parser.add_argument("--postgres-url", default="postgres://root@127.0.0.1:5432/postgres")
    parser.add_argument("--quick", action="store_true", help="20 000 lignes, échantillon de 5 000")
    # Internal: the floor and django-import-export run in their own process, on their own database.
    parser.add_argument("--role", choices=("main", "floor", "die"), default="main", help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    parser.add_argument("--result", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.role == "floor":
        run_floor(Path(args.file), Path(args.result))
        return 0
    if args.role == "die":
        run_die(Path(args.file), args.die_sample, Path(args.result))
        return 0

    rows = args.rows or (20_000 if args.quick else 1_000_000)
    args.die_sample = args.die_sample or (5_000 if args.quick else 50_000)
    engines = [name.strip() for name in args.engines.split(",") if name.strip()]
    unknown = set(engines) - set(ENGINE_LABELS)
    if unknown:
        parser.error(f"moteurs inconnus : {', '.join(sorted(unknown))} (sqlite, postgresql)")
    workdir = Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    path = workdir / f"contrats-{rows}-{args.seed}-{args.bad_share}.csv"
    manifest_path = path.with_suffix(".json")
    if not (args.keep and path.exists() and manifest_path.exists()):
        print(f"génération du fichier de {thousands(rows)} lignes…", flush=True)
        subprocess.run(
            [
                PYTHON,
                str(ROOT / "bench" / "contract_file.py"),
                "--rows",
                str(rows),
                "--seed",
                str(args.seed),
                "--bad-share",
                str(args.bad_share),
                "--out",
                str(path),
                "--manifest",
                str(manifest_path),
            ],
            check=True,
        )
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    # Measured as in production: DEBUG off (no query logging wrapper).
    env = {**os.environ, "DEBUG": "false", "SECRET_KEY": "bench-" + "x" * 50, "PYTHONPATH": str(ROOT)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    results = []
    for name in engines:
        engine = Engine(name=name, workdir=workdir, admin_url=args.postgres_url)
        results.append(bench_engine(engine, path, manifest, args, env))

    out_dir = ROOT / "bench" / "results"
    out_dir.mkdir(exist_ok=True)
    for result in results:
        out = out_dir / f"intake-{result['engine']}-{rows}.json"
        out.write_text(json.dumps(result, indent=2, ensure_ascii=False))
        print(f"\nrésultats écrits dans {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
