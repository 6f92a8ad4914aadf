"""python manage.py seed_demo [--contracts N] [--seed S] [--if-empty]: load the fictitious demo region."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from compagnon.contracts.models import Contract
from compagnon.demo.accounts import DEMO_PASSWORD, describe_accounts
from compagnon.demo.services import DEFAULT_CONTRACTS, DEFAULT_SEED, DemoError, seed_demo


class Command(BaseCommand):
    help = "Charge la région de démonstration (données fictives) dans une base sans contrat."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--contracts", type=int, default=DEFAULT_CONTRACTS, help=f"nombre de contrats (défaut {DEFAULT_CONTRACTS})"
        )
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"graine du tirage (défaut {DEFAULT_SEED})")
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="ne rien faire (sans erreur) si la base contient déjà des contrats",
        )
        parser.add_argument(
            "--as-of",
            type=dt.date.fromisoformat,
            default=None,
            help="date de référence AAAA-MM-JJ (défaut : aujourd'hui) ; les six dernières années scolaires",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_empty"] and Contract.objects.exists():
            if options["verbosity"] >= 1:
                self.stdout.write("La base contient déjà des contrats : données de démonstration non rechargées.")
            return
        say = self.stdout.write if options["verbosity"] >= 1 else None
        try:
            result = seed_demo(
                contracts=options["contracts"], seed=options["seed"], as_of=options["as_of"], progress=say
            )
        except DemoError as exc:
            raise CommandError(str(exc)) from exc
        if options["verbosity"] >= 1:
            rate = result.ruptures * 100 / result.contracts
            self.stdout.write(
                self.style.SUCCESS(
                    f"Région de démonstration chargée en {result.seconds:.1f} s : {result.contracts} contrats, "
                    f"{result.companies} entreprises, {result.people} personnes, {rate:.1f} % de contrats rompus "
                    f"(graine {options['seed']}). Toutes ces données sont fictives."
                )
            )
            print_logins(self)


def print_logins(command: BaseCommand) -> None:
    rows = describe_accounts()
    if not rows:
        command.stdout.write("Aucun compte de démonstration : lancez « python manage.py seed_demo ».")
        return
    width = max(len(username) for username, _ in rows)
    command.stdout.write(f"Comptes de démonstration (mot de passe pour tous : {DEMO_PASSWORD}) :")
    for username, description in rows:
        command.stdout.write(f"  {username.ljust(width)}  {description}")
