"""`python manage.py find_duplicates`: propose to the regional animator the people who may be the same human."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from compagnon.people.identity import find_duplicates


class Command(BaseCommand):
    help = (
        "Cherche les doublons possibles parmi les personnes (noms proches, dates de naissance à une faute de frappe "
        "près, même courriel) et les propose à l'animateur régional ; ne fusionne jamais."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--personne",
            type=int,
            action="append",
            dest="person_ids",
            metavar="ID",
            help="Ne chercher que les doublons de cette personne (répétable). Par défaut : toutes les personnes.",
        )

    def handle(self, *args: Any, person_ids: list[int] | None, **options: Any) -> None:
        started = time.monotonic()
        created = find_duplicates(person_ids=person_ids)
        seconds = time.monotonic() - started
        self.stdout.write(f"{created} nouvelle(s) proposition(s) de fusion à vérifier ({seconds:.1f} s).")
