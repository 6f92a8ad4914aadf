from __future__ import annotations

import pytest
from django.urls import reverse

from compagnon.accounts.enums import Role
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def assert_clean(html: str) -> None:
    assert "INVALID_TEMPLATE_VARIABLE" not in html


def test_home_page_has_skip_link_landmarks_and_french_language(client):
    client.force_login(make_user(role=Role.REGIONAL_ANIMATOR))
    html = client.get(reverse("home")).content.decode()
    assert_clean(html)
    assert '<html lang="fr">' in html
    assert 'href="#contenu"' in html and 'id="contenu"' in html
    assert "<main" in html and "<header" in html and "<footer" in html
    assert 'aria-label="Navigation principale"' in html
    assert "vendor/htmx/htmx.min.js" in html
    assert "https://" not in html.split("<body")[0]  # no asset from elsewhere
