from __future__ import annotations

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def empty_cache():
    # Login throttling counts failures in the cache: every test starts with none.
    cache.clear()
    yield
    cache.clear()


def assert_clean(html: str) -> None:
    """No unknown template variable slipped into the page (strict harness)."""
    assert "INVALID_TEMPLATE_VARIABLE" not in html


def text_of(response) -> str:  # type: ignore[no-untyped-def]
    """The page's HTML unescaped with whitespace collapsed: what a reader sees, give or take the tags."""
    import html
    import re

    return re.sub(r"\s+", " ", html.unescape(response.content.decode()))
