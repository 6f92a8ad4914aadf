"""Interactive documentation served from our own static files.

django-ninja renders Swagger UI from a CDN unless "ninja" is an installed app; the platform must run on an intranet,
so the page below loads the swagger-ui-dist files vendored in compagnon/static/vendor/swagger-ui/.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse
from django.template import engines
from ninja.openapi.docs import DocsBase

if TYPE_CHECKING:
    from ninja import NinjaAPI

TEMPLATE_PATH = Path(__file__).parent / "templates" / "docs.html"


@cache
def _template() -> Any:
    # compagnon.api is not an installed app, so its template is compiled from its file, once.
    return engines["django"].from_string(TEMPLATE_PATH.read_text(encoding="utf-8"))


class OfflineSwagger(DocsBase):
    settings: dict[str, Any] = {
        "layout": "BaseLayout",
        "deepLinking": True,
        # No call to validator.swagger.io: nothing leaves the intranet.
        "validatorUrl": None,
        "persistAuthorization": False,
    }

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        context = {"title": api.title, "settings": self.settings | {"url": self.get_openapi_url(api, kwargs)}}
        # No request: the site context processors (and their queries) have nothing to do on this page.
        return HttpResponse(_template().render(context))
