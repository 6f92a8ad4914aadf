"""`manage.py import_contracts FILE [--source NAME] [--wet-run] [--partial]`: a dry run unless --wet-run.

Prints the counts (created, updated, unchanged, refused) and every problem with its line and column; exits 0 when the
file was (or, in a dry run, would be) imported whole, 1 when rows were refused, 2 when the file cannot be read.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from compagnon.intake.models import ImportRun
from compagnon.intake.services import DEFAULT_SOURCE, import_contracts


class Command(BaseCommand):
    help = "Importe un fichier de contrats (CSV ou XLSX) ; vérification seule sans --wet-run."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="fichier CSV (; ou ,) ou XLSX, une ligne par contrat (docs/formats.md)")
        parser.add_argument(
            "--source",
            default=DEFAULT_SOURCE,
            help=f"qui a produit le fichier (un CFA, un OPCO) ; avec le numéro de contrat, l'identité de chaque "
            f"ligne (par défaut : « {DEFAULT_SOURCE} »)",
        )
        parser.add_argument("--wet-run", action="store_true", help="écrire (sans cette option : vérifier seulement)")
        parser.add_argument(
            "--partial",
            action="store_true",
            help="importer les lignes valides et signaler les autres (par défaut, un fichier en erreur n'écrit rien)",
        )
        parser.add_argument("--max-problems", type=int, default=None, help="n'afficher que les N premiers problèmes")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Fichier introuvable : {path}")
        started = time.monotonic()
        last = [0.0]

        def progress(run: ImportRun) -> None:
            now = time.monotonic()
            if now - last[0] >= 2 and run.status == ImportRun.Status.RUNNING:
                last[0] = now
                self.stderr.write(f"… {run.rows} lignes lues ({run.progress} %)")

        run = import_contracts(
            path=path,
            source=options["source"],
            dry_run=not options["wet_run"],
            partial=options["partial"],
            progress=progress,
        )
        elapsed = time.monotonic() - started
        problems = run.problems.order_by("line", "id").values_list("line", "column", "message")
        limit = options["max_problems"]
        if limit is not None:
            problems = problems[:limit]
        for line, column, message in problems.iterator(chunk_size=2_000):
            where = f"ligne {line}" + (f", colonne {column}" if column else "")
            self.stdout.write(f"{where} : {message}")
        counts = f"{run.rows} ligne(s) lue(s) en {elapsed:.1f} s ; lignes refusées : {run.rejected}"
        if run.mode == ImportRun.Mode.WET_RUN and run.status == ImportRun.Status.DONE:
            self.stdout.write(
                f"Import n°{run.pk} : {counts} ; contrats créés : {run.created}, modifiés : {run.updated}, "
                f"inchangés : {run.unchanged}."
            )
        else:
            self.stdout.write(
                f"Import n°{run.pk}, rien n'a été écrit : {counts} ; contrats à créer : {run.created}, à modifier : "
                f"{run.updated}, inchangés : {run.unchanged}."
            )
        if run.message:
            self.stdout.write(run.message)
        if run.status == ImportRun.Status.REJECTED and run.rows == 0:
            sys.exit(2)
        if run.rejected or run.status != ImportRun.Status.DONE:
            sys.exit(1)
