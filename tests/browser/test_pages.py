"""Every role, in a real browser: the login page, the home page and each page of the navigation.

On each page: HTTP 200, no console error, no request leaving the machine, no serious or critical axe-core violation.
The pages visited are the ones the navigation offers to that role, so the test grows as pages land.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import NoReverseMatch, reverse

from compagnon.accounts.enums import Role
from tests.browser.helpers import Web

pytestmark = pytest.mark.browser

# The list pages of issue 2; each one the navigation shows to a role is opened for that role.
LIST_URL_NAMES = ["contracts:list", "people:list", "companies:list", "centres:list", "areas:list"]
# Not our pages to audit here: Django's admin, and the API's interactive docs.
NOT_FOLLOWED = ("/admin/", "/api/")
ACCOUNTS = [*Role, "superuser"]


def reversed_or_none(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def test_the_login_page_renders_in_french_and_passes_axe(web: Web) -> None:
    web.goto(reverse("login"))

    assert web.page.locator("html").get_attribute("lang") == "fr"
    assert web.page.locator("h1").first.inner_text().strip() != ""
    assert web.page.locator("#id_username").is_visible()
    assert web.page.locator("#id_password").get_attribute("type") == "password"
    web.assert_clean()


def test_a_wrong_password_says_so_in_french_and_stays_accessible(web: Web, world: dict[str, Any]) -> None:
    web.login_with_form("test.cfa_staff", "pas-le-bon-mot-de-passe")

    assert web.page.url.endswith(reverse("login"))
    assert "mot de passe" in web.page.locator("main").inner_text().lower()
    web.assert_clean()


def test_logging_in_with_the_form_leads_to_the_home_page(web: Web, world: dict[str, Any]) -> None:
    web.login_with_form("test.territorial_animator")

    assert web.page.url == web.url(reverse("home"))
    assert web.page.locator("header nav a").count() >= 1
    web.assert_clean()


@pytest.mark.parametrize("account", ACCOUNTS, ids=str)
def test_each_role_opens_home_and_every_page_of_its_navigation(web: Web, world: dict[str, Any], account: str) -> None:
    web.login(world["users"][account])

    web.goto(reverse("home"))
    web.assert_clean()
    paths = [p for p in web.nav_paths() if not p.startswith(NOT_FOLLOWED)]
    assert reverse("home") in paths, f"la navigation de {account} ne mène pas à l'accueil : {paths}"

    visited = [reverse("home")]
    for path in paths:
        if path in visited:
            continue
        web.goto(path)
        web.assert_clean()
        visited.append(path)

    # Every list page that exists and is in this role's navigation was opened.
    offered = {url for name in LIST_URL_NAMES if (url := reversed_or_none(name)) and url in paths}
    assert offered <= set(visited)


def test_at_375_px_the_navigation_is_reachable_with_the_keyboard(mobile_web: Web, world: dict[str, Any]) -> None:
    web = mobile_web
    web.login(world["users"][Role.TERRITORIAL_ANIMATOR])
    web.goto(reverse("home"))

    focused_nav_link = False
    for _ in range(20):
        web.page.keyboard.press("Tab")
        focus = web.page.evaluate(
            """() => {
                const el = document.activeElement;
                return {
                    tag: el ? el.tagName : null,
                    inNav: !!(el && el.closest('header nav')),
                    expanded: el ? el.getAttribute('aria-expanded') : null,
                    controls: el ? el.getAttribute('aria-controls') : null,
                };
            }"""
        )
        if focus["inNav"] and focus["tag"] == "A":
            focused_nav_link = True
            break
        if focus["tag"] == "BUTTON" and focus["controls"] and focus["expanded"] == "false":
            # A collapsed menu: the keyboard opens it like a click would.
            web.page.keyboard.press("Enter")
    assert focused_nav_link, "au clavier (Tab), aucun lien de la navigation n'a reçu le focus à 375 px"

    link = web.page.locator(":focus")
    box = link.bounding_box()
    assert box is not None and link.is_visible(), "le lien de navigation qui a le focus n'est pas visible"
    assert box["x"] >= 0 and box["x"] + box["width"] <= 375 + 1, f"le lien sort de l'écran : {box}"
    web.assert_clean()


def test_the_browser_guard_blocks_and_reports_external_requests(web: Web) -> None:
    # The guard itself: a page pulling a script from a CDN must be caught, or every other check above is hollow.
    web.goto(reverse("login"))
    web.page.evaluate(
        """() => new Promise(done => {
            const s = document.createElement('script');
            s.src = 'https://cdn.example.com/lib.js';
            s.onerror = s.onload = () => done();
            document.head.appendChild(s);
        })"""
    )
    assert any("cdn.example.com" in r for r in web.external_requests)
    with pytest.raises(AssertionError, match="cdn.example.com"):
        web.assert_no_external_request()
    web.console_errors.clear()


def test_the_accessibility_check_reports_a_serious_violation_readably(web: Web) -> None:
    web.goto(reverse("login"))
    web.page.evaluate("() => { const i = document.createElement('img'); i.src = 'data:,'; document.body.append(i); }")
    with pytest.raises(AssertionError, match=r"\[critical\] image-alt"):
        web.assert_accessible()
    web.console_errors.clear()


def test_the_api_docs_load_with_no_external_request(web: Web) -> None:
    # Swagger UI is usually fetched from a CDN: ours must come from our own static files (intranet).
    web.goto("/api/v1/docs")
    # Swagger UI rendered the schema: at least one operation of /api/v1/ is listed.
    web.page.locator("#swagger-ui .opblock").first.wait_for(state="visible")
    web.assert_clean(accessible=False)  # the third-party Swagger UI is not ours to audit with axe
