"""`python manage.py api_token USERNAME`: print the account's API token, creating it if needed."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from compagnon.accounts.models import User
from compagnon.api.auth import get_or_create_token, rotate_token


class Command(BaseCommand):
    help = "Affiche le jeton d'API d'un compte, en le créant au besoin (--rotate pour en émettre un nouveau)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="Identifiant du compte.")
        parser.add_argument(
            "--rotate",
            action="store_true",
            help="Remplace le jeton existant : l'ancien cesse aussitôt de fonctionner.",
        )

    def handle(self, *args: Any, username: str, rotate: bool, **options: Any) -> None:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Compte inconnu : « {username} ».")
        if rotate:
            token = rotate_token(user=user)
            self.stderr.write(f"Nouveau jeton émis pour « {username} » ; l'ancien ne fonctionne plus.")
        else:
            token, created = get_or_create_token(user=user)
            if created:
                self.stderr.write(f"Jeton créé pour « {username} ».")
        if not user.is_active:
            self.stderr.write(self.style.WARNING(f"Le compte « {username} » est désactivé : l'API refusera ce jeton."))
        # Only the token on stdout, so that scripts can capture it.
        self.stdout.write(token.key)
