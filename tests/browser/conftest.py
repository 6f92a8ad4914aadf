"""Browser tests: Playwright for Python driving Debian's headless Chromium against pytest-django's live server.

Run them apart from the unit tests (`make test` does): the live server needs transactional tests, which flush the
database and would disturb the unit tests' session-wide reference data.

Chromium missing: the tests are skipped with a message saying how to install it, unless REQUIRE_BROWSER=1 (CI),
which makes them fail instead.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.helpers import Web

# Playwright's sync API keeps an event loop in this thread; Django would then refuse ORM calls from the test itself.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
INSTALL_HINT = (
    f"Chromium est introuvable ({CHROMIUM}) : les tests dans le navigateur sont ignorés. "
    "Pour les lancer : apt-get install chromium (ou CHROMIUM_PATH=/chemin/vers/chromium)."
)


def browser_required() -> bool:
    return os.environ.get("REQUIRE_BROWSER", "").strip().lower() in {"1", "true", "yes", "oui"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if CHROMIUM.exists() or browser_required():
        return
    skip = pytest.mark.skip(reason=INSTALL_HINT)
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"REQUIRE_BROWSER=1 : les tests dans le navigateur sont obligatoires, mais Chromium est introuvable "
            f"({CHROMIUM}). Installez-le : apt-get install chromium.",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def web(browser: Any, live_server: Any, transactional_db: None) -> Iterator[Web]:
    """A fresh browser context (own cookies) with its guards on: console errors and requests that leave the host."""
    with Web.open(browser, live_server.url) as web:
        yield web


@pytest.fixture
def mobile_web(browser: Any, live_server: Any, transactional_db: None) -> Iterator[Web]:
    """The same at a phone's width (375 px)."""
    with Web.open(browser, live_server.url, viewport={"width": 375, "height": 740}) as web:
        yield web


@pytest.fixture
def world(transactional_db: None) -> dict[str, Any]:
    """A small region: one contract in the Lille area, every party to it, and one account per role that sees it."""
    from tests.browser.world import make_world

    return make_world()
