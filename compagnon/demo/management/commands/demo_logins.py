"""python manage.py demo_logins: print the demo accounts and their password (`make run` calls it)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from compagnon.core.models import DemoDataset
from compagnon.demo.management.commands.seed_demo import print_logins


class Command(BaseCommand):
    help = "Affiche les comptes de démonstration et leur mot de passe."

    def handle(self, *args: Any, **options: Any) -> None:
        if not DemoDataset.objects.exists():
            self.stdout.write(
                "Pas de données de démonstration dans cette base : lancez « python manage.py seed_demo »."
            )
            return
        print_logins(self)
