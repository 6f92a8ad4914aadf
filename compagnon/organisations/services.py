"""Writes on organisations: loading the OPCO list from `data/opcos.csv`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.db import transaction

from compagnon.core import audit
from compagnon.core.reference_data import Column, ErrorCollector, LoadReport, check_row, read_csv, sync_rows
from compagnon.organisations.models import Opco

DATA_DIR = Path(__file__).resolve().parent / "data"

OPCO_COLUMNS = [
    Column(
        "code", r"[a-z0-9][a-z0-9-]{0,29}", "code attendu en minuscules, chiffres et tirets (30 caractères au plus)."
    ),
    Column("name", r".{1,200}", "nom attendu (200 caractères au plus)."),
]


def load_opcos(*, data_dir: Path | None = None, actor: Any | None = None) -> LoadReport:
    """Load the OPCOs (matched on their code, so a renamed OPCO keeps its companies); idempotent, all or nothing."""
    data_dir = data_dir or DATA_DIR
    errors = ErrorCollector()
    opcos: dict[str, dict[str, Any]] = {}
    for line, row in read_csv(data_dir / "opcos.csv", columns=[c.name for c in OPCO_COLUMNS], errors=errors):
        if not check_row(row, OPCO_COLUMNS, filename="opcos.csv", line=line, errors=errors):
            continue
        if row["code"] in opcos:
            errors.add("opcos.csv", line, "code", f"« {row['code']} » figure déjà plus haut dans le fichier.")
        else:
            opcos[row["code"]] = {"name": row["name"]}
    errors.raise_if_any()

    report = LoadReport()
    with transaction.atomic():
        report.counts[str(Opco._meta.verbose_name_plural)] = sync_rows(Opco, opcos, key="code", fields=["name"])
        if report.changed:
            audit.record(
                actor=actor,
                action="import",
                summary="OPCO chargés : " + " ; ".join(report.lines()),
                changes=report.as_changes(),
            )
    return report
