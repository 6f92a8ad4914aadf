"""Text helpers shared by search and identity matching."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"[^a-z0-9]+")


def normalize(text: str) -> str:
    """Lowercase, strip accents and punctuation: "Lefèvre-Dupont " -> "lefevre dupont".

    Search and deduplication both compare these forms, so "LEFEVRE" finds "Lefèvre".
    """
    if text.isascii():  # most names: no accent to strip, and lower() is then all the folding needed
        return _SPACES.sub(" ", text.lower()).strip()
    decomposed = unicodedata.normalize("NFKD", text or "")
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return _SPACES.sub(" ", ascii_text).strip()
