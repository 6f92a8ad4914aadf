"""Token authentication (`Authorization: Bearer <token>`) and the service that issues tokens."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer

from compagnon.accounts.models import ApiToken, User
from compagnon.accounts.scope import Scope
from compagnon.api.errors import INVALID_TOKEN, MISSING_TOKEN
from compagnon.core.audit import record

# Tokens are secrets.token_urlsafe(32): anything else is refused before touching the database.
TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{16,64}")
# last_used_at is a hint for operators, not a log: one write a minute per token at most.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


class TokenAuth(HttpBearer):
    """Resolves the token to its account; the account's scope then bounds every query."""

    def __call__(self, request: HttpRequest) -> Any:
        header = request.headers.get(self.header, "")
        scheme, _, token = header.strip().partition(" ")
        if not header or scheme.lower() != "bearer":
            raise AuthenticationError(message=MISSING_TOKEN)
        return self.authenticate(request, token.strip())

    def authenticate(self, request: HttpRequest, token: str) -> User:
        if not TOKEN_SHAPE.fullmatch(token):
            raise AuthenticationError(message=INVALID_TOKEN)
        api_token = ApiToken.objects.select_related("user").filter(key=token).first()
        if api_token is None or not api_token.user.is_active:
            raise AuthenticationError(message=INVALID_TOKEN)
        _touch(api_token)
        user = api_token.user
        # The API does not use the session: the token's account is the request's account.
        request.user = user
        request.scope = Scope.for_user(user)  # type: ignore[attr-defined]
        return user


def _touch(api_token: ApiToken) -> None:
    now = timezone.now()
    if api_token.last_used_at is None or now - api_token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=now)
        api_token.last_used_at = now


def scope_of(request: HttpRequest) -> Scope:
    """The scope TokenAuth put on the request."""
    scope: Scope = request.scope  # type: ignore[attr-defined]
    return scope


def get_or_create_token(*, user: User, actor: Any | None = None) -> tuple[ApiToken, bool]:
    """The account's token, created (and audited) on first use."""
    with transaction.atomic():
        token, created = ApiToken.objects.get_or_create(user=user)
        if created:
            record(actor=actor, action="token", summary=f"Jeton d'API créé pour {user.get_username()}", obj=token)
    return token, created


def rotate_token(*, user: User, actor: Any | None = None) -> ApiToken:
    """Replace the account's token (e.g. after a leak): the old one stops working at once."""
    with transaction.atomic():
        ApiToken.objects.filter(user=user).delete()
        token = ApiToken.objects.create(user=user)
        record(actor=actor, action="token", summary=f"Jeton d'API renouvelé pour {user.get_username()}", obj=token)
    return token
