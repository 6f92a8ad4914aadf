"""Small decorators for function views."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

View = Callable[..., HttpResponse]


def role_required(*roles: str) -> Callable[[View], View]:
    """Answer 403 unless the account holds one of `roles` (a superuser always passes).

    Login itself is enforced by LoginRequiredMiddleware; this only checks the role (STYLE: an action the role may
    not do answers 403, an object out of scope 404).
    """
    if not roles:
        raise ValueError("role_required() needs at least one role")

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.scope.has_role(*roles):  # type: ignore[attr-defined]
                raise PermissionDenied("Cette page est réservée à d'autres rôles.")
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
