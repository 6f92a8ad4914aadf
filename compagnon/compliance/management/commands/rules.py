"""`python manage.py rules evaluate FILE.json` (or `-` for standard input): the rules engine's decisions, as JSON.

Only the answer goes to standard output, so that a script can read it: one decision for one situation, a list for a
list, and `{"error": …, "path": …}` at the place of a situation that cannot be read (the exit code is then 1). The
answer is the API's (POST /api/v1/rules/evaluate): both go through compagnon.rules.jsonio.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import IO, Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from compagnon.compliance.rule_data import current_rule_data
from compagnon.rules.engine import evaluate
from compagnon.rules.jsonio import SituationError, answer_document, decode_document, parse_document
from compagnon.rules.model import Situation


class Command(BaseCommand):
    help = (
        "Règles des maîtres d'apprentissage et tuteurs. « rules evaluate FICHIER.json » évalue une situation "
        "d'encadrement, ou une liste de situations, et écrit les décisions en JSON sur la sortie standard "
        "(« - » : lire l'entrée standard). Format : docs/rules.md."
    )
    # A pure computation: no database, no need for the system checks.
    requires_system_checks: list[str] = []
    stealth_options = ("stdin",)

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION", title="actions")
        evaluate_parser = actions.add_parser(
            "evaluate",
            help="Évalue une situation ou une liste de situations.",
            description=(
                "Écrit sur la sortie standard la décision (ou la liste des décisions, dans le même ordre) en JSON, "
                'et rien d\'autre. Une situation illisible donne, à sa place, {"error": …, "path": …} ; le code '
                "de sortie vaut alors 1."
            ),
        )
        evaluate_parser.add_argument(
            "file",
            metavar="FICHIER",
            help="Fichier JSON (UTF-8) : une situation (un objet) ou une liste de situations ; « - » pour l'entrée "
            "standard.",
        )

    def handle(self, *args: Any, action: str, file: str, **options: Any) -> None:
        stdin: IO[Any] = options.get("stdin") or sys.stdin
        items: list[Situation | SituationError]
        try:
            text = self._read(file, stdin)
        except SituationError as unreadable:
            items, is_list = [unreadable], False
        else:
            items, is_list = parse_document(text)
        data = current_rule_data()
        answer, errors = answer_document(items, is_list, lambda situation: evaluate(situation, data))
        self.stdout.write(json.dumps(answer, ensure_ascii=False, indent=2))
        if not errors:
            return
        if not is_list:
            what = "Situation" if isinstance(items[0], SituationError) and items[0].path else "Document"
            raise CommandError(f"{what} illisible : {items[0]}")
        raise CommandError(
            f"{errors} situation illisible sur {len(items)} : voir « error » à sa place dans la réponse."
            if errors == 1
            else f"{errors} situations illisibles sur {len(items)} : voir « error » à leur place dans la réponse."
        )

    def _read(self, file: str, stdin: IO[Any]) -> str:
        if file == "-":
            # The bytes when there are some, so that the encoding is read the same way as a file's.
            data = stdin.buffer.read() if hasattr(stdin, "buffer") else stdin.read()
            return data.removeprefix("\ufeff") if isinstance(data, str) else decode_document(data)
        path = Path(file)
        try:
            return decode_document(path.read_bytes())
        except FileNotFoundError:
            raise CommandError(f"Fichier introuvable : « {file} ».") from None
        except IsADirectoryError:
            raise CommandError(f"« {file} » est un dossier, pas un fichier JSON.") from None
        except PermissionError:
            raise CommandError(f"Lecture de « {file} » refusée : droits insuffisants.") from None
        except OSError as error:
            raise CommandError(f"Lecture de « {file} » impossible ({error.strerror}).") from None
