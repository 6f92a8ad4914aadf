"""`manage.py load_reference_data`: all of France's reference data, idempotently (`make run` calls it each time)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from compagnon.certifications.services import load_nsf
from compagnon.core.reference_data import LoadReport, ReferenceDataError
from compagnon.organisations.services import load_opcos
from compagnon.territory.services import load_territory


class Command(BaseCommand):
    help = (
        "Charge le référentiel : régions, départements, zones d'emploi, communes, nomenclature NSF et OPCO. "
        "Sans effet si tout est déjà à jour."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--data-dir",
            type=Path,
            help="Dossier contenant tous les fichiers CSV (par défaut, ceux livrés avec chaque application).",
        )

    def handle(self, *args: Any, data_dir: Path | None = None, **options: Any) -> None:
        started = time.perf_counter()
        try:
            # One transaction over the three loaders: a broken nsf.csv must not leave a half-updated referential.
            with transaction.atomic():
                report = LoadReport()
                for load in (load_territory, load_nsf, load_opcos):
                    report = report.merge(load(data_dir=data_dir))
        except ReferenceDataError as exc:
            raise CommandError(f"Référentiel non chargé, rien n'a été modifié.\n{exc}") from exc
        if options["verbosity"] < 1:
            return
        for line in report.lines():
            self.stdout.write(line)
        elapsed = f"{time.perf_counter() - started:.1f}".replace(".", ",")
        if report.changed:
            self.stdout.write(self.style.SUCCESS(f"Référentiel chargé en {elapsed} s."))
        else:
            self.stdout.write(self.style.SUCCESS(f"Référentiel déjà à jour ({elapsed} s)."))
