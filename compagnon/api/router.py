"""The /api/v1/ REST API: one module per resource, mounted here.

Every operation needs a token (`Authorization: Bearer <jeton>`) and answers within the token's account scope,
except POST /rules/evaluate (`auth=None`: the law is for everyone); the schema (/api/v1/openapi.json) and the docs
(/api/v1/docs) are public. The site's LoginRequiredMiddleware would redirect API calls to the login page: every API
URL is exempt from it and answers JSON instead.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import URLPattern, URLResolver, re_path
from ninja import NinjaAPI

from compagnon.api import areas, companies, contracts, people, rules, supervisions
from compagnon.api.auth import TokenAuth
from compagnon.api.docs import OfflineSwagger
from compagnon.api.errors import METHOD_NOT_ALLOWED, NOT_FOUND, install_handlers, json_error

COUNT_CAP = f"{settings.LIST_COUNT_CAP:,}".replace(",", "\u202f")
DESCRIPTION = f"""\
API en lecture de Compagnon, le dispositif régional d'accompagnement des maîtres d'apprentissage et tuteurs.

**Authentification** : chaque compte a son jeton (`python manage.py api_token IDENTIFIANT`), à envoyer dans
l'en-tête `Authorization: Bearer <jeton>`. Une intégration reçoit un compte de service avec l'habilitation dont
elle a besoin. Seule exception : `POST /rules/evaluate`, l'évaluation des règles, est publique.

**Périmètre** : chaque réponse se limite au périmètre des habilitations du compte, comme les pages du site ;
un objet hors périmètre répond 404, comme un objet inconnu.

**Listes** : paginées par `limit` (50 par défaut, 1000 au plus) et `offset` ; réponse
`{{"count": N, "count_capped": false, "items": [...]}}`. Au-delà de {COUNT_CAP} éléments, `count` est plafonné et
`count_capped` vaut `true`.

**Erreurs** : toujours en JSON, `{{"detail": "<message en français>"}}` ; une erreur de paramètre (422) détaille en
plus chaque paramètre en cause dans `errors`.
"""


def _json_method_not_allowed(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Ninja answers a wrong method with an empty 405: give it the JSON body every API error has."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and not isinstance(response, JsonResponse):
            allowed = response.get("Allow", "")
            response = json_error(405, METHOD_NOT_ALLOWED)
            if allowed:
                response["Allow"] = allowed
        return response

    return wrapper


@login_not_required
def _api_index(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    return JsonResponse(
        {"detail": "API Compagnon v1.", "documentation": request.build_absolute_uri("docs")},
        json_dumps_params={"ensure_ascii": False},
    )


@login_not_required
def _not_found(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    return json_error(404, NOT_FOUND)


class CompagnonAPI(NinjaAPI):
    def _get_urls(self) -> list[URLResolver | URLPattern]:
        patterns = super()._get_urls()
        for pattern in patterns:
            if not isinstance(pattern, URLPattern):
                continue
            if pattern.name == "api-root":
                # Ninja's root raises an HTML 404; keep the name (ninja reverses it) with a JSON answer.
                pattern.callback = _api_index
            else:
                pattern.callback = login_not_required(_json_method_not_allowed(pattern.callback))
        # Any other address under /api/v1/ answers a JSON 404, not the site's HTML page.
        patterns.append(re_path(r"^.*$", _not_found, name="not-found"))
        return patterns


api = CompagnonAPI(
    title="API Compagnon",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    auth=TokenAuth(),
    docs=OfflineSwagger(),
    docs_decorator=login_not_required,
)
install_handlers(api)

for module in (contracts, supervisions, people, companies, areas, rules):
    api.add_router("", module.router)
