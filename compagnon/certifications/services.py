"""Writes on certifications: loading the NSF nomenclature from `data/nsf.csv`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.db import transaction

from compagnon.certifications.models import NsfGroup
from compagnon.core import audit
from compagnon.core.reference_data import Column, ErrorCollector, LoadReport, check_row, read_csv, sync_rows

DATA_DIR = Path(__file__).resolve().parent / "data"

NSF_COLUMNS = [
    Column("code", r"[0-9]{3}", "code de groupe NSF attendu (3 chiffres)."),
    Column("libelle", r".{1,200}", "libellé attendu (200 caractères au plus)."),
    Column("domaine", r"[0-9]{2}", "code de domaine NSF attendu (2 chiffres)."),
]


def load_nsf(*, data_dir: Path | None = None, actor: Any | None = None) -> LoadReport:
    """Load the NSF groups (R6223-22 judges "same professional field" by them); idempotent, all or nothing."""
    data_dir = data_dir or DATA_DIR
    errors = ErrorCollector()
    groups: dict[str, dict[str, Any]] = {}
    for line, row in read_csv(data_dir / "nsf.csv", columns=[c.name for c in NSF_COLUMNS], errors=errors):
        if not check_row(row, NSF_COLUMNS, filename="nsf.csv", line=line, errors=errors):
            continue
        if row["code"] in groups:
            errors.add("nsf.csv", line, "code", f"« {row['code']} » figure déjà plus haut dans le fichier.")
        elif not row["code"].startswith(row["domaine"]):
            # The 3-digit group is its 2-digit domain plus one digit: a mismatch is a shifted column.
            errors.add(
                "nsf.csv", line, "domaine", f"« {row['domaine']} » n'est pas le domaine du groupe {row['code']}."
            )
        else:
            groups[row["code"]] = {"label": row["libelle"], "domain": row["domaine"]}
    errors.raise_if_any()

    report = LoadReport()
    with transaction.atomic():
        report.counts[str(NsfGroup._meta.verbose_name_plural)] = sync_rows(
            NsfGroup, groups, key="code", fields=["label", "domain"]
        )
        if report.changed:
            audit.record(
                actor=actor,
                action="import",
                summary="Nomenclature NSF chargée : " + " ; ".join(report.lines()),
                changes=report.as_changes(),
            )
    return report
