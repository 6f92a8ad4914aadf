"""Two reference pages for bench/lists.py: what Django costs before a list page does anything of its own.

- an empty answer after the middleware (session, account, login, CSRF, messages) and the account's scope;
- the site layout (header, navigation, footer) with nothing in it.

Their floor is their own SQL (session, account, memberships, demo banner), as for the list pages: the difference is
the framework's fixed cost per page, which bounds how close to its floor any page can be.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import include, path


def empty(request: HttpRequest) -> HttpResponse:
    _ = request.scope.roles  # type: ignore[attr-defined]  # resolve the scope, as every page does
    return HttpResponse("")


def layout(request: HttpRequest) -> HttpResponse:
    _ = request.scope.roles  # type: ignore[attr-defined]
    return render(request, "base.html", {})


urlpatterns = [
    path("__bench__/vide/", empty, name="bench-empty"),
    path("__bench__/mise-en-page/", layout, name="bench-layout"),
    path("", include("compagnon.urls")),
]
