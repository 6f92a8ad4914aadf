"""Writes on the territory: loading the INSEE geography from the CSV files kept in `data/`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.db import transaction

from compagnon.core import audit
from compagnon.core.reference_data import (
    Column,
    ErrorCollector,
    LoadReport,
    check_row,
    read_csv,
    sync_links,
    sync_rows,
)
from compagnon.core.text import normalize
from compagnon.territory.models import Commune, Department, EmploymentArea, Region

DATA_DIR = Path(__file__).resolve().parent / "data"

_NAME = Column("nom", r".{1,100}", "nom attendu (100 caractères au plus).")
_REGION_CODE = r"[0-9]{2,3}"  # 2 digits; 3 for the overseas collectivities (975 Saint-Pierre-et-Miquelon…).
_DEPARTMENT_CODE = r"[0-9]{2,3}|2[AB]"
_AREA_CODE = r"[0-9]{4}"

REGION_COLUMNS = [Column("code", _REGION_CODE, "code de région attendu (2 ou 3 chiffres)."), _NAME]
DEPARTMENT_COLUMNS = [
    Column("code", _DEPARTMENT_CODE, "code de département attendu (2A, 59, 971…)."),
    _NAME,
    Column("region", _REGION_CODE, "code de région attendu (2 ou 3 chiffres)."),
]
AREA_COLUMNS = [
    Column("code", _AREA_CODE, "code de zone d'emploi attendu (4 chiffres)."),
    _NAME,
    Column("regions", rf"{_REGION_CODE}( {_REGION_CODE})*", "codes de régions attendus, séparés par une espace."),
]
_COORDINATE = r"-?[0-9]{1,3}(\.[0-9]+)?"
COMMUNE_COLUMNS = [
    Column("code_insee", r"[0-9]{5}|2[AB][0-9]{3}", "code INSEE de commune attendu (5 caractères)."),
    Column("nom", r".{1,150}", "nom attendu (150 caractères au plus)."),
    Column("departement", _DEPARTMENT_CODE, "code de département attendu (2A, 59, 971…)."),
    Column(
        "codes_postaux",
        r"[0-9]{5}( [0-9]{5}){0,32}",
        "codes postaux attendus (5 chiffres, séparés par une espace).",
        optional=True,
    ),
    Column("population", r"[0-9]{1,9}", "nombre entier attendu.", optional=True),
    Column("zone_emploi", _AREA_CODE, "code de zone d'emploi attendu (4 chiffres).", optional=True),
    Column("latitude", _COORDINATE, "latitude attendue en degrés décimaux (50.63).", optional=True),
    Column("longitude", _COORDINATE, "longitude attendue en degrés décimaux (3.04).", optional=True),
]


def _unique(codes: dict[str, Any], code: str, *, filename: str, line: int, errors: ErrorCollector) -> bool:
    if code in codes:
        errors.add(filename, line, "code", f"« {code} » figure déjà plus haut dans le fichier.")
        return False
    return True


def _optional_float(value: str) -> float | None:
    return float(value) if value else None


def load_territory(*, data_dir: Path | None = None, actor: Any | None = None) -> LoadReport:
    """Load régions, départements, zones d'emploi and communes; idempotent, and all or nothing.

    Every file is read and checked before anything is written, so a malformed file leaves the database as it was.
    """
    data_dir = data_dir or DATA_DIR
    errors = ErrorCollector()

    regions: dict[str, dict[str, Any]] = {}
    for line, row in read_csv(data_dir / "regions.csv", columns=["code", "nom"], errors=errors):
        if check_row(row, REGION_COLUMNS, filename="regions.csv", line=line, errors=errors) and _unique(
            regions, row["code"], filename="regions.csv", line=line, errors=errors
        ):
            regions[row["code"]] = {"name": row["nom"]}

    departments: dict[str, dict[str, Any]] = {}
    for line, row in read_csv(data_dir / "departements.csv", columns=["code", "nom", "region"], errors=errors):
        if not check_row(row, DEPARTMENT_COLUMNS, filename="departements.csv", line=line, errors=errors):
            continue
        if row["region"] not in regions:
            errors.add(
                "departements.csv", line, "region", f"région « {row['region']} » inconnue (absente de regions.csv)."
            )
        elif _unique(departments, row["code"], filename="departements.csv", line=line, errors=errors):
            departments[row["code"]] = {"name": row["nom"], "region_id": row["region"]}

    areas: dict[str, dict[str, Any]] = {}
    area_regions: dict[str, set[str]] = {}
    for line, row in read_csv(data_dir / "zones_emploi.csv", columns=["code", "nom", "regions"], errors=errors):
        if not check_row(row, AREA_COLUMNS, filename="zones_emploi.csv", line=line, errors=errors):
            continue
        unknown = [code for code in row["regions"].split() if code not in regions]
        if unknown:
            names = ", ".join(f"« {code} »" for code in unknown)
            errors.add(
                "zones_emploi.csv", line, "regions", f"région(s) {names} inconnue(s) (absente(s) de regions.csv)."
            )
        elif _unique(areas, row["code"], filename="zones_emploi.csv", line=line, errors=errors):
            areas[row["code"]] = {"name": row["nom"]}
            area_regions[row["code"]] = set(row["regions"].split())

    communes: dict[str, dict[str, Any]] = {}
    commune_columns = [column.name for column in COMMUNE_COLUMNS]
    for line, row in read_csv(data_dir / "communes.csv", columns=commune_columns, errors=errors):
        if not check_row(row, COMMUNE_COLUMNS, filename="communes.csv", line=line, errors=errors):
            continue
        if row["departement"] not in departments:
            errors.add(
                "communes.csv",
                line,
                "departement",
                f"département « {row['departement']} » inconnu (absent de departements.csv).",
            )
        elif row["zone_emploi"] and row["zone_emploi"] not in areas:
            errors.add(
                "communes.csv",
                line,
                "zone_emploi",
                f"zone d'emploi « {row['zone_emploi']} » inconnue (absente de zones_emploi.csv).",
            )
        elif row["code_insee"] in communes:
            errors.add(
                "communes.csv", line, "code_insee", f"« {row['code_insee']} » figure déjà plus haut dans le fichier."
            )
        else:
            communes[row["code_insee"]] = {
                "name": row["nom"],
                "search_name": normalize(row["nom"])[:150],
                "department_id": row["departement"],
                # 94 communes of overseas collectivities (Polynésie, Nouvelle-Calédonie…) lie in no zone d'emploi.
                "employment_area_id": row["zone_emploi"] or None,
                "postal_codes": row["codes_postaux"],
                "population": int(row["population"]) if row["population"] else None,
                # About 400 communes (recent mergers, overseas) have no known point: distances skip them.
                "latitude": _optional_float(row["latitude"]),
                "longitude": _optional_float(row["longitude"]),
            }
    errors.raise_if_any()

    report = LoadReport()
    with transaction.atomic():
        report.counts[str(Region._meta.verbose_name_plural)] = sync_rows(Region, regions, key="code", fields=["name"])
        report.counts[str(Department._meta.verbose_name_plural)] = sync_rows(
            Department, departments, key="code", fields=["name", "region_id"]
        )
        areas_before = set(EmploymentArea.objects.values_list("code", flat=True))
        area_counts = sync_rows(EmploymentArea, areas, key="code", fields=["name"])
        relinked = sync_links(
            EmploymentArea.regions.through, source="employmentarea_id", target="region_id", wanted=area_regions
        )
        # A zone d'emploi whose regions changed counts as updated, even when its own row did not.
        for code in sorted((relinked & areas_before) - set(area_counts.updated_keys)):
            area_counts.updated += 1
            area_counts.unchanged -= 1
            area_counts.updated_keys.append(code)
        report.counts[str(EmploymentArea._meta.verbose_name_plural)] = area_counts
        report.counts[str(Commune._meta.verbose_name_plural)] = sync_rows(
            Commune,
            communes,
            key="insee_code",
            fields=[
                "name",
                "search_name",
                "department_id",
                "employment_area_id",
                "postal_codes",
                "population",
                "latitude",
                "longitude",
            ],
        )
        if report.changed:
            audit.record(
                actor=actor,
                action="import",
                summary="Référentiel territorial chargé : " + " ; ".join(report.lines()),
                changes=report.as_changes(),
            )
    return report
