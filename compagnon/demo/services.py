"""seed_demo: load the fictitious demo region (DESIGN §5; issue 2, "Demo region").

Small tables (chambers, certifications, CFAs, accounts) go through the ORM. The big ones (companies, people and their
profiles, contracts, supervisions) are generated chunk by chunk (generator.py) and written with the fast paths of
PERFORMANCE.md: raw `executemany` on SQLite, `COPY` on PostgreSQL. Ids are assigned here, so PostgreSQL sequences
are moved past them at the end.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from itertools import accumulate
from typing import Any

from django.db import connection, models, transaction
from django.db.models import Max
from django.utils import timezone

from compagnon.certifications.models import Certification, NsfGroup
from compagnon.compliance.services import refresh_compliance
from compagnon.contracts import people_index
from compagnon.contracts.models import Contract, Supervision
from compagnon.core import audit
from compagnon.core.models import DemoDataset
from compagnon.core.search import bulk_insert_search_index
from compagnon.core.text import normalize
from compagnon.demo import catalogue as cat
from compagnon.demo.accounts import create_demo_accounts
from compagnon.demo.generator import (
    CHUNK_CONTRACTS,
    TABLES,
    ChunkGenerator,
    ChunkRows,
    IdAllocator,
    Lookups,
    elided,
    siret_for,
)
from compagnon.intake.classification import classify_all
from compagnon.organisations.models import Company, Opco, TrainingCentre
from compagnon.organisations.validators import uai_check_letter
from compagnon.people.models import ApprenticeProfile, Diploma, ExperiencePeriod, Person, SupervisorProfile
from compagnon.territory.models import Chamber, Commune, EmploymentArea, Region

# The demo that `make run` loads gets its compliance computed; a benchmark's million contracts does not (about 10 s
# per 10,000 supervisions): `manage.py rules refresh` does it.
COMPLIANCE_MAX_CONTRACTS = 50_000

DEFAULT_CONTRACTS = 5_000
DEFAULT_SEED = 2026
MODELS: dict[str, type[models.Model]] = {
    "company": Company,
    "person": Person,
    "supervisor_profile": SupervisorProfile,
    "diploma": Diploma,
    "experience": ExperiencePeriod,
    "apprentice_profile": ApprenticeProfile,
    "contract": Contract,
    "supervision": Supervision,
}
CALIBRATION_CONTRACTS = 10_000
# CFA SIRETs come from the far end of the index range that companies use, so the two never meet.
CENTRE_SIRET_INDEX = 69_000_000


class DemoError(Exception):
    """A French message for the command line."""


@dataclass
class SeedResult:
    contracts: int
    ruptures: int
    companies: int
    people: int
    seconds: float
    dataset: DemoDataset


Progress = Callable[[str], None]


def reference_data_missing() -> str | None:
    """Why the reference data cannot carry the demo, or None when it can."""
    if not Region.objects.filter(code=cat.REGION_CODE).exists():
        return "la région Hauts-de-France (32) est absente"
    areas = set(
        Commune.objects.filter(department_id__in=cat.DEPARTMENTS, employment_area__isnull=False)
        .values_list("employment_area_id", flat=True)
        .distinct()
    )
    if not set(cat.ALL_AREAS) <= areas:
        return "les communes du Nord et du Pas-de-Calais et leurs zones d'emploi sont absentes"
    if not NsfGroup.objects.exists():
        return "la nomenclature NSF est absente"
    if not Opco.objects.exists():
        return "les OPCO sont absents"
    return None


def seed_demo(
    *,
    contracts: int = DEFAULT_CONTRACTS,
    seed: int = DEFAULT_SEED,
    as_of: dt.date | None = None,
    progress: Progress | None = None,
) -> SeedResult:
    """Load the demo region into an empty database (no contract yet), in one transaction.

    Same seed, number of contracts and day → same data. Dates are laid out around `as_of` (today by default):
    six school years ending with the current one.
    """
    if contracts < 1:
        raise DemoError("Le nombre de contrats doit être au moins 1.")
    missing = reference_data_missing()
    if missing:
        raise DemoError(
            f"Données de référence incomplètes ({missing}) : lancez d'abord « python manage.py load_reference_data »."
        )
    if Contract.objects.exists():
        raise DemoError(
            "La base contient déjà des contrats : seed_demo ne charge la démonstration que dans une base sans contrat "
            "(option --if-empty pour ne rien faire dans ce cas)."
        )
    as_of = as_of or timezone.localdate()
    say = progress or (lambda message: None)
    started = time.perf_counter()
    # Names are indexed for search in one statement at the end rather than by a trigger per row (SQLite).
    with transaction.atomic(), bulk_insert_search_index(), people_index.bulk_load():
        if connection.vendor == "postgresql":
            # Check foreign keys at the end of each COPY rather than queue millions of deferred checks.
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        _chambers()
        lookups = _lookups(seed)
        say(
            f"Référentiel de démonstration : {len(cat.CHAMBERS)} chambres, {len(lookups.certifications)} "
            f"certifications, {len({c for cs in lookups.centres_by_certification.values() for c in cs})} CFA."
        )
        scale = calibrate(lookups, as_of)
        ids = IdAllocator({name: _next_id(model) for name, model in MODELS.items()})
        first_ids = dict(ids.next)
        generator = ChunkGenerator(
            seed=seed,
            as_of=as_of,
            lookups=lookups,
            ids=ids,
            now_value=connection.ops.adapt_datetimefield_value(timezone.now()),
            risk_scale=scale,
        )
        writer = BulkWriter()
        ruptures = done = chunk = 0
        while done < contracts:
            quota = min(CHUNK_CONTRACTS, contracts - done)
            rows = generator.generate(chunk_index=chunk, quota=quota)
            writer.write_chunk(rows)
            ruptures += rows.ruptures
            done += quota
            chunk += 1
            elapsed = time.perf_counter() - started
            say(f"  {_fr(done)} / {_fr(contracts)} contrats ({done * 100 // contracts} %), {elapsed:.0f} s")
        writer.finish(first_ids, ids.next)
        say("Nouveaux maîtres, maîtres de retour et maîtres confirmés…")
        classify_all()
        say("Comptes de démonstration…")
        create_demo_accounts(as_of=as_of)
        dataset = DemoDataset.objects.create(seed=seed, contracts=contracts)
        counts = {name: ids.next[name] - first_ids[name] for name in MODELS}
        audit.record(
            actor=None,
            action="seed",
            summary=f"Données de démonstration chargées : {_fr(contracts)} contrats fictifs (graine {seed})",
            obj=dataset,
            changes={"graine": seed, "date de référence": as_of.isoformat(), "lignes": counts},
        )
    if contracts <= COMPLIANCE_MAX_CONTRACTS:
        say("Conformité des tutorats (moteur de règles)…")
        refresh_compliance()
    else:
        say(
            f"Conformité des tutorats non calculée au-delà de {_fr(COMPLIANCE_MAX_CONTRACTS)} contrats : "
            "lancez « python manage.py rules refresh »."
        )
    # Fresh statistics after a bulk load: without them SQLite's planner may sort a million rows
    # instead of walking the (start_date) index of a paginated list.
    say("Statistiques de la base (ANALYZE)…")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            # VACUUM too: PostgreSQL counts from an index alone only over pages its visibility map marks all-visible,
            # which a fresh bulk load has none of until autovacuum passes (zones page: 172 ms -> 23 ms).
            cursor.execute("VACUUM ANALYZE")
        else:
            cursor.execute("ANALYZE")
    return SeedResult(
        contracts=contracts,
        ruptures=ruptures,
        companies=counts["company"],
        people=counts["person"],
        seconds=time.perf_counter() - started,
        dataset=dataset,
    )


def _fr(number: int) -> str:
    return f"{number:,}".replace(",", "\u202f")


def _next_id(model: type[models.Model]) -> int:
    return (model._default_manager.aggregate(m=Max("pk"))["m"] or 0) + 1


# --- small reference tables of the demo ------------------------------------------------------------------
def _chambers() -> None:
    region = Region.objects.get(code=cat.REGION_CODE)
    for name, kind, areas in cat.CHAMBERS:
        chamber, _ = Chamber.objects.get_or_create(name=name, defaults={"kind": kind, "region": region})
        chamber.areas.add(*EmploymentArea.objects.filter(code__in=areas))


def _certifications() -> dict[int, cat.CertificationSpec]:
    nsf_codes = set(NsfGroup.objects.values_list("code", flat=True))
    by_code = {f"RNCP{cat.RNCP_FIRST + i}": spec for i, spec in enumerate(cat.CERTIFICATIONS)}
    existing = dict(Certification.objects.filter(rncp_code__in=by_code).values_list("rncp_code", "id"))
    Certification.objects.bulk_create(
        [
            Certification(
                rncp_code=code,
                title=spec.title,
                level=spec.level,
                nsf_id=spec.nsf if spec.nsf in nsf_codes else None,
            )
            for code, spec in by_code.items()
            if code not in existing
        ]
    )
    ids = dict(Certification.objects.filter(rncp_code__in=by_code).values_list("rncp_code", "id"))
    return {ids[code]: spec for code, spec in by_code.items()}  # in catalogue order: the draws depend on it


def _communes() -> list[tuple[str, str, str, str, int | None]]:
    return list(
        Commune.objects.filter(department_id__in=cat.DEPARTMENTS, employment_area__isnull=False)
        .order_by("insee_code")
        .values_list("insee_code", "employment_area_id", "department_id", "name", "population")
    )


def _centres(
    seed: int, communes: list[tuple[str, str, str, str, int | None]]
) -> list[tuple[int, str, str, cat.CentreTemplate]]:
    """About 45 CFAs in the towns, spread over the zones; (id, area, department, template)."""
    rng = random.Random(f"compagnon-demo-centres:{seed}")
    towns = [c for c in communes if (c[4] or 0) >= 8_000]
    existing_uai = set(TrainingCentre.objects.values_list("uai", flat=True))
    centres: list[tuple[int, str, str, cat.CentreTemplate]] = []
    index = 0
    for template in cat.CENTRE_TEMPLATES:
        used_areas: set[str] = set()
        for _ in range(template.count):
            # Towns weighted by population, a new zone for each copy of a template when possible.
            for _attempt in range(20):
                town = rng.choices(towns, weights=[(t[4] or 0) for t in towns])[0]
                if town[1] not in used_areas:
                    break
            used_areas.add(town[1])
            insee, area, dept, name, _population = town
            while True:
                digits = f"0{dept}{rng.randrange(10_000):04d}"
                uai = digits + uai_check_letter(digits)
                if uai not in existing_uai:
                    existing_uai.add(uai)
                    break
            title = template.name.format(place=elided("de", name))
            centre, _ = TrainingCentre.objects.get_or_create(
                uai=uai,
                defaults={
                    "siret": siret_for(CENTRE_SIRET_INDEX + index, seed),
                    "name": title,
                    "search_name": normalize(title),
                    "commune_id": insee,
                    "employment_area_id": area,
                },
            )
            centres.append((centre.pk, area, dept, template))
            index += 1
    return centres


def _lookups(seed: int) -> Lookups:
    communes = _communes()
    certifications = _certifications()
    centres = _centres(seed, communes)
    centres_by_certification: dict[int, list[tuple[int, str, str]]] = {}
    for cert_id, spec in certifications.items():
        offering = [
            (cid, area, dept)
            for cid, area, dept, t in centres
            if set(spec.sectors) & set(t.sectors) and t.levels[0] <= spec.level <= t.levels[1]
        ]
        if not offering:
            offering = [(cid, area, dept) for cid, area, dept, t in centres if set(spec.sectors) & set(t.sectors)]
        centres_by_certification[cert_id] = offering or [(cid, area, dept) for cid, area, dept, _ in centres]
    by_area: dict[str, list[int]] = {}
    for index, commune in enumerate(communes):
        by_area.setdefault(commune[1], []).append(index)
    existing_sirets: frozenset[str] = frozenset()
    if Company.objects.exists():
        existing_sirets = frozenset(Company.objects.values_list("siret", flat=True).iterator())
    return Lookups(
        communes=[(c[0], c[1], c[2], c[3]) for c in communes],
        commune_weights=list(accumulate(max(50, c[4] or 0) for c in communes)),
        communes_by_area=by_area,
        certifications=certifications,
        centres_by_certification=centres_by_certification,
        opco_ids=dict(Opco.objects.values_list("code", "id")),
        nsf_codes=frozenset(NsfGroup.objects.values_list("code", flat=True)),
        existing_sirets=existing_sirets,
    )


_calibration_cache: dict[tuple[dt.date, int, int], float] = {}


def calibrate(lookups: Lookups, as_of: dt.date) -> float:
    """The factor that brings the mean of the relative risks to 1, so that the 9-month rupture rate matches the
    published rate of each start year (rules-fr §6.1) whatever the mix of levels, sectors and ages.

    Measured once on a dry run of 10,000 contracts with a fixed seed (nothing written).
    """
    key = (as_of, len(lookups.communes), len(lookups.certifications))
    if key not in _calibration_cache:
        dry = ChunkGenerator(
            seed=0,
            as_of=as_of,
            lookups=lookups,
            ids=IdAllocator(dict.fromkeys(TABLES, 1)),
            now_value=None,
            risk_scale=None,
        )
        dry.generate(chunk_index=0, quota=CALIBRATION_CONTRACTS)
        _calibration_cache[key] = dry.raw_risk_count / dry.raw_risk_sum
    return _calibration_cache[key]


def _column(model: type[models.Model], name: str) -> str:
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field) and field.column, name
    return field.column


# --- bulk writes ---------------------------------------------------------------------------------------------
class BulkWriter:
    """Writes row tuples (in the column order of generator.TABLES) with the database's fastest path."""

    def __init__(self) -> None:
        connection.ensure_connection()
        self.raw = connection.connection
        self.vendor = connection.vendor
        quote = connection.ops.quote_name
        self.statements: dict[str, str] = {}
        for name, fields in TABLES.items():
            model = MODELS[name]
            columns = ", ".join(quote(_column(model, f)) for f in fields)
            table = quote(model._meta.db_table)
            if self.vendor == "postgresql":
                self.statements[name] = f"COPY {table} ({columns}) FROM STDIN"
            else:
                placeholders = ", ".join("?" if self.vendor == "sqlite" else "%s" for _ in fields)
                self.statements[name] = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"

    def write_chunk(self, chunk: ChunkRows) -> None:
        cursor: Any = self.raw.cursor()
        try:
            for name in TABLES:  # parents before children
                rows = chunk.rows[name]
                if not rows:
                    continue
                if self.vendor == "postgresql":
                    with cursor.copy(self.statements[name]) as copy:
                        for row in rows:
                            copy.write_row(row)
                else:
                    cursor.executemany(self.statements[name], rows)
        finally:
            cursor.close()

    def finish(self, first_ids: dict[str, int], next_ids: dict[str, int]) -> None:
        """Move PostgreSQL's identity sequences past the ids we assigned."""
        if self.vendor != "postgresql":
            return
        with connection.cursor() as cursor:
            for name, model in MODELS.items():
                if next_ids[name] > first_ids[name]:
                    cursor.execute(
                        "SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)",
                        [model._meta.db_table, next_ids[name] - 1],
                    )
