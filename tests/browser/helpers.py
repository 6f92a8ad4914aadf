"""What every browser test checks, as helpers: log in, no console error, no external request, axe-core clean."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
# axe-core impacts that fail a test; "moderate" and "minor" are reported by the full audit, not here.
BLOCKING_IMPACTS = frozenset({"serious", "critical"})
PASSWORD = "compagnon-test-navigateur"


@dataclass
class Web:
    """One browser context (its own cookies) and one page, with guards recording what must not happen."""

    context: Any
    page: Any
    base_url: str
    console_errors: list[str] = field(default_factory=list)
    external_requests: list[str] = field(default_factory=list)

    @classmethod
    @contextmanager
    def open(cls, browser: Any, base_url: str, **context_options: Any) -> Iterator[Web]:
        context = browser.new_context(base_url=base_url, locale="fr-FR", timezone_id="Europe/Paris", **context_options)
        context.set_default_timeout(15_000)
        web = cls(context=context, page=context.new_page(), base_url=base_url)
        # Every request goes through this route: the platform must run on an intranet, with no CDN or tracker.
        context.route("**/*", web._guard_request)
        web.page.on("console", web._on_console)
        web.page.on("pageerror", lambda error: web.console_errors.append(f"exception JavaScript : {error}"))
        try:
            yield web
        finally:
            context.close()

    # --- guards ---------------------------------------------------------------------------------------------
    def _guard_request(self, route: Any) -> None:
        url = route.request.url
        parts = urlsplit(url)
        if parts.scheme in {"data", "blob", "about"} or (parts.hostname or "") in LOCAL_HOSTS:
            route.continue_()
        else:
            self.external_requests.append(f"{route.request.method} {url} (depuis {self.page.url})")
            route.abort("blockedbyclient")

    def _on_console(self, message: Any) -> None:
        if message.type == "error":
            where = message.location.get("url", "") if message.location else ""
            self.console_errors.append(f"{message.text} [{where or self.page.url}]")

    def assert_no_console_error(self) -> None:
        errors, self.console_errors[:] = list(self.console_errors), []
        assert not errors, "Erreurs dans la console du navigateur :\n" + "\n".join(f"  - {e}" for e in errors)

    def assert_no_external_request(self) -> None:
        requests, self.external_requests[:] = list(self.external_requests), []
        assert not requests, "Requêtes hors de 127.0.0.1/localhost :\n" + "\n".join(f"  - {r}" for r in requests)

    def assert_accessible(self, *, context: str | None = None) -> None:
        """axe-core on the current page: no serious or critical violation (a readable list otherwise)."""
        from axe_playwright_python.sync_playwright import Axe

        results = Axe().run(self.page, context=context)
        blocking = [v for v in results.response["violations"] if v.get("impact") in BLOCKING_IMPACTS]
        assert not blocking, f"Accessibilité (axe-core) sur {self.page.url} :\n" + format_violations(blocking)

    def assert_clean(self, *, accessible: bool = True) -> None:
        """What every page must satisfy: no console error, no external request, and (by default) axe-clean."""
        if accessible:
            self.assert_accessible()
        self.assert_no_console_error()
        self.assert_no_external_request()

    # --- navigation -----------------------------------------------------------------------------------------
    def url(self, path: str) -> str:
        return urljoin(self.base_url + "/", path.lstrip("/"))

    def goto(self, path: str, *, status: int = 200) -> Any:
        response = self.page.goto(self.url(path), wait_until="load")
        assert response is not None, f"pas de réponse pour {path}"
        assert response.status == status, f"{path} a répondu {response.status} au lieu de {status}"
        return response

    def login(self, user: Any) -> None:
        """Log in without the form (fast): a session made by Django's test client, handed to the browser."""
        from django.conf import settings
        from django.test import Client

        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        self.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": self.base_url}])

    def login_with_form(self, username: str, password: str = PASSWORD) -> None:
        from django.urls import reverse

        self.goto(reverse("login"))
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", password)
        with self.page.expect_navigation():
            self.page.locator("main form [type=submit]").first.click()

    def nav_paths(self) -> list[str]:
        """The same-site pages the main navigation of the current page links to, in order, without duplicates."""
        hrefs = self.page.eval_on_selector_all("header nav a[href]", "links => links.map(a => a.getAttribute('href'))")
        paths: list[str] = []
        for href in hrefs:
            parts = urlsplit(urljoin(self.page.url, href))
            if (parts.hostname or "") in LOCAL_HOSTS and parts.path not in paths:
                paths.append(parts.path)
        return paths


def format_violations(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        nodes = v.get("nodes", [])
        targets = ", ".join(" ".join(map(str, n.get("target", []))) for n in nodes[:5])
        more = f" (+{len(nodes) - 5})" if len(nodes) > 5 else ""
        lines.append(f"  - [{v['impact']}] {v['id']} : {v['help']} — {len(nodes)} élément(s) : {targets}{more}")
        if nodes and nodes[0].get("failureSummary"):
            summary = " ".join(nodes[0]["failureSummary"].split())
            lines.append(f"      {summary[:300]}")
        lines.append(f"      {v.get('helpUrl', '')}")
    return "\n".join(lines)
