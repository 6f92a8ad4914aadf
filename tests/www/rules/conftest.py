from __future__ import annotations

import html
import re
from urllib.parse import urlencode

from django.urls import reverse

# The baker of docs/rules.md (example 1), as the checker's query string: every condition is met.
BAKER = {
    "contrat": "apprentissage",
    "debut": "2026-09-01",
    "fin": "2028-08-31",
    "niveau": "4",
    "nsf": "221",
    "employeur": "entreprise",
    "effectif": "12",
    "idcc": "1501",
    "statut": "employee",
    "volontaire": "oui",
    "moralite": "oui",
    "naissance": "1985-03-14",
    "diplome": "oui",
    "diplome1_niveau": "5",
    "diplome1_nsf": "221",
    "experience": "30",
    "suivis": "1",
    "alternant_naissance": "2008-02-01",
    "public_prioritaire": "non",
}


def checker_url(params: dict[str, str]) -> str:
    return reverse("rules:check") + "?" + urlencode(params)


def text_of(response) -> str:  # type: ignore[no-untyped-def]
    """What a reader sees, give or take the tags: the HTML without tags, unescaped, white space collapsed (but the
    no-break spaces of French typography kept: « 2 760 € »)."""
    page = re.sub(r"<script.*?</script>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"[ \t\r\n]+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page))).strip()


def assert_clean(response) -> None:  # type: ignore[no-untyped-def]
    """No unknown template variable slipped into the page (strict harness)."""
    assert "INVALID_TEMPLATE_VARIABLE" not in response.content.decode()
