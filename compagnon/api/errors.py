"""Every API error is JSON with a French `detail`: 401, 403, 404, 405, 422, and 500 only for our own faults."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.core.signals import got_request_exception
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from ninja.errors import AuthenticationError, AuthorizationError, HttpError, Throttled, ValidationError

if TYPE_CHECKING:
    from ninja import NinjaAPI

logger = logging.getLogger("compagnon.api")

MISSING_TOKEN = "Authentification requise : envoyez l'en-tête « Authorization: Bearer <jeton> »."
INVALID_TOKEN = "Jeton d'API invalide, ou compte désactivé."
FORBIDDEN = "Votre rôle ne permet pas cette action."
NOT_FOUND = "Ressource introuvable, ou hors de votre périmètre."
METHOD_NOT_ALLOWED = "Méthode HTTP non autorisée sur cette adresse."
THROTTLED = "Trop de requêtes : réessayez dans un instant."
SERVER_ERROR = "Erreur interne du serveur ; l'incident a été enregistré."

# The expected shape of string parameters, named in the error and in the OpenAPI descriptions.
FORMATS: dict[str, str] = {
    "siret": "14 chiffres",
    "training_centre": "code UAI : 7 chiffres suivis d'une lettre",
    "employment_area": "code INSEE à 4 chiffres",
    "area": "code INSEE à 4 chiffres",
    "region": "code INSEE à 2 chiffres",
}

DATE_HINT = "date au format AAAA-MM-JJ, par exemple 2025-09-01"


class ApiValidationError(ValidationError):
    """A check made in a view (e.g. a date range), reported like a parameter error."""

    def __init__(self, *, parameter: str, message: str, location: str = "query") -> None:
        super().__init__([{"loc": (location, parameter), "type": "compagnon", "msg": message}])


def _expected(ctx: Mapping[str, Any]) -> str:
    # pydantic says "'a', 'b' or 'c'".
    return str(ctx.get("expected", "")).replace(" or ", " ou ")


def _problem(error: Mapping[str, Any], parameter: str) -> str:
    """What is wrong with one value, in French, without repeating the parameter's name."""
    kind = error.get("type", "")
    ctx: Mapping[str, Any] = error.get("ctx") or {}
    match kind:
        case "compagnon":
            return str(error.get("msg", ""))
        case "missing":
            return "est obligatoire"
        case "int_parsing" | "int_type" | "int_from_float":
            return "doit être un nombre entier"
        case "float_parsing" | "float_type" | "decimal_parsing":
            return "doit être un nombre"
        case "bool_parsing" | "bool_type":
            return "doit valoir true ou false"
        case "greater_than_equal":
            return f"doit être supérieur ou égal à {ctx.get('ge')}"
        case "greater_than":
            return f"doit être strictement supérieur à {ctx.get('gt')}"
        case "less_than_equal":
            return f"doit être inférieur ou égal à {ctx.get('le')}"
        case "less_than":
            return f"doit être strictement inférieur à {ctx.get('lt')}"
        case kind if kind.startswith("date"):
            return f"doit être une {DATE_HINT}"
        case "enum" | "literal_error":
            return f"doit valoir l'une des valeurs suivantes : {_expected(ctx)}"
        case "string_pattern_mismatch":
            hint = FORMATS.get(parameter)
            return f"n'a pas le format attendu ({hint})" if hint else "n'a pas le format attendu"
        case "string_too_long":
            return f"ne doit pas dépasser {ctx.get('max_length')} caractères"
        case "string_too_short":
            return f"doit compter au moins {ctx.get('min_length')} caractère(s)"
        case "string_type" | "string_unicode":
            return "doit être un texte"
        case "value_error":
            return str(ctx.get("error", "valeur invalide"))
        case "json_invalid":
            return "n'est pas un JSON valide"
    return "valeur invalide"


def describe_errors(errors: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Ninja's (pydantic's) validation errors as a French sentence plus one entry per parameter."""
    items = []
    for error in errors:
        loc = [str(part) for part in error.get("loc", ())]
        location = loc[0] if loc else ""
        parameter = ".".join(loc[1:]) or location
        message = f"« {parameter} » {_problem(error, loc[-1] if loc else '')}"
        items.append({"parameter": parameter, "location": location, "message": message})
    detail = "Requête invalide : " + " ; ".join(item["message"] for item in items) + "."
    return {"detail": detail, "errors": items}


def json_error(status: int, detail: str, **extra: Any) -> JsonResponse:
    response = JsonResponse({"detail": detail} | extra, status=status, json_dumps_params={"ensure_ascii": False})
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


def install_handlers(api: NinjaAPI) -> None:
    def on_validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return json_error(422, **describe_errors(exc.errors))

    def on_authentication(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        # Ninja raises its own English "Unauthorized" when no auth callback answered.
        message = exc.message if exc.message != "Unauthorized" else MISSING_TOKEN
        return json_error(401, message)

    def on_authorization(request: HttpRequest, exc: Exception) -> HttpResponse:
        message = getattr(exc, "message", "") or str(exc)
        return json_error(403, FORBIDDEN if message in ("", "Forbidden") else message)

    def on_throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
        return json_error(429, THROTTLED)

    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return json_error(exc.status_code, exc.message)

    def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return json_error(404, NOT_FOUND)

    def on_exception(request: HttpRequest, exc: Exception) -> HttpResponse:
        # Our fault, never bad input: log it (and let the test client re-raise it) but still answer JSON.
        logger.error("Erreur interne de l'API sur %s", request.path, exc_info=exc)
        got_request_exception.send(sender=None, request=request)
        return json_error(500, SERVER_ERROR)

    handlers: list[tuple[type[Exception], Callable[[HttpRequest, Any], HttpResponse]]] = [
        (ValidationError, on_validation),
        (AuthenticationError, on_authentication),
        (AuthorizationError, on_authorization),
        (PermissionDenied, on_authorization),
        (Throttled, on_throttled),
        (HttpError, on_http_error),
        (Http404, on_not_found),
        (Exception, on_exception),
    ]
    for exc_class, handler in handlers:
        api.add_exception_handler(exc_class, handler)
