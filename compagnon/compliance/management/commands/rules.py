"""`python manage.py rules evaluate FILE.json` (or `-` for standard input): the rules engine's decisions, as JSON.
`python manage.py rules refresh`: the compliance of every supervision, computed again and stored (nightly).

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
from django.db import DatabaseError

from compagnon.compliance.rule_data import current_rule_data
from compagnon.rules.engine import evaluate
from compagnon.rules.jsonio import SituationError, answer_document, decode_document, parse_document
from compagnon.rules.model import Situation
from compagnon.rules.params import LEGAL_ONLY, RuleData


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
        evaluate_parser.add_argument(
            "--legal-only",
            action="store_true",
            help="Les seules règles et plafonds légaux, sans les accords de branche ni les montants des OPCO "
            "configurés : sans base de données.",
        )

        actions.add_parser(
            "refresh",
            help="Recalcule et enregistre la conformité de tous les tutorats (à lancer chaque nuit).",
            description="Évalue chaque tutorat avec les faits connus et les données configurées (accords de branche, "
            "montants des OPCO) et enregistre la réponse, que les listes filtrent.",
        )

    def handle(self, *args: Any, action: str, file: str = "", **options: Any) -> None:
        if action == "refresh":
            self._refresh(options)
            return
        stdin: IO[Any] = options.get("stdin") or sys.stdin
        items: list[Situation | SituationError]
        try:
            text = self._read(file, stdin)
        except SituationError as unreadable:
            items, is_list = [unreadable], False
        else:
            items, is_list = parse_document(text)
        data = LEGAL_ONLY if options.get("legal_only") else self._configured()
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

    def _configured(self) -> RuleData:
        try:
            return current_rule_data()
        except DatabaseError as error:
            raise CommandError(
                "Base de données non prête pour lire les accords de branche et les montants des OPCO "
                f"({error}) : lancez « python manage.py migrate », ou évaluez avec --legal-only."
            ) from None

    def _refresh(self, options: dict[str, Any]) -> None:
        from compagnon.compliance.models import Decision
        from compagnon.compliance.services import refresh_compliance

        result = refresh_compliance()
        if options["verbosity"] >= 1:
            parts = ", ".join(f"{Decision(k).label.lower()} : {v}" for k, v in sorted(result.by_decision.items()))
            self.stdout.write(f"Conformité recalculée pour {result.supervisions} tutorat(s) ({parts or 'aucun'}).")

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
