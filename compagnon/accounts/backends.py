from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from compagnon.accounts.models import User


class UsernameOrEmailBackend(ModelBackend):
    """Log in with the username, or with the account's e-mail address."""

    def authenticate(
        self, request: HttpRequest | None, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> User | None:
        if username and "@" in username:
            match = User.objects.filter(email__iexact=username.strip()).first()
            if match is not None:
                username = match.username
        return super().authenticate(request, username=username, password=password, **kwargs)  # type: ignore[return-value]
