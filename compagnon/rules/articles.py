"""The articles of the Code du travail the engine cites: their text and the dates of their versions.

From `data/code_du_travail.json` (DILA LEGI through @socialgouv/legi-data, consolidated on 2026-03-27; see
data/SOURCES.md). The data holds articles in force with their version history; an abrogated article (the pre-2019
R6223-24, for instance) is not in it, so the engine cites the article in force and names the old text in a note.
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from compagnon.rules.outcome import LegalBasis


@dataclass(frozen=True, slots=True)
class ArticleVersion:
    number: str  # "1.0"
    start: dt.date
    end: dt.date | None  # None: in force


@dataclass(frozen=True, slots=True)
class Article:
    number: str
    text: str
    in_force_since: dt.date
    versions: tuple[ArticleVersion, ...]
    section: tuple[str, ...]
    nota: str
    modified_by: tuple[str, ...]
    legiarti: str

    @property
    def url(self) -> str:
        """The article on Légifrance (read there for versions older than the data)."""
        return f"https://www.legifrance.gouv.fr/codes/article_lc/{self.legiarti}"


def _date(text: str) -> dt.date | None:
    return None if text.startswith("2999") else dt.date.fromisoformat(text)


@cache
def articles() -> dict[str, Article]:
    raw = json.loads(resources.files("compagnon.rules").joinpath("data/code_du_travail.json").read_text("utf-8"))
    found = {}
    for item in raw["articles"]:
        versions = tuple(
            ArticleVersion(number=v["v"], start=dt.date.fromisoformat(v["from"]), end=_date(v["to"]))
            for v in item["versions"]
        )
        found[item["num"]] = Article(
            number=item["num"],
            text=item["texte"],
            in_force_since=dt.date.fromisoformat(item["in_force_since"]),
            versions=versions,
            section=tuple(item["section"]),
            nota=item["nota"],
            modified_by=tuple(m["text"] for m in item["modified_by"]),
            legiarti=item["legiarti"],
        )
    return found


@cache
def _starts(number: str) -> tuple[dt.date, ...]:
    return tuple(v.start for v in articles()[number].versions)


def version_on(number: str, day: dt.date) -> dt.date:
    """The start of the version of `number` in force on `day` (its first version when `day` is earlier)."""
    starts = _starts(number)
    index = bisect.bisect_right(starts, day) - 1
    return starts[max(index, 0)]


@lru_cache(maxsize=1 << 17)
def basis(number: str, on: dt.date, note: str = "") -> LegalBasis:
    """The legal basis of a rule read on `on`: one shared object per article version (and note).

    Cached by day as well (a few days × a few articles), since every decision asks for half a dozen."""
    return _basis(number, version_on(number, on), note)


@cache
def _basis(number: str, version: dt.date, note: str) -> LegalBasis:
    return LegalBasis(article=number, version=version.isoformat(), note=note)


# The articles the rules read through ON_DAY. A day's dictionary holds all of them from its first use: a plain
# dictionary, whose subscript CPython runs in C, where a dict subclass (with __missing__, to fill it lazily) looks its
# __getitem__ up as a Python-level method on every read, and the engine reads a dozen per decision. A rule that reads
# another article through ON_DAY adds it here (else: KeyError); basis() reads any article.
CITED = (
    "D5151-14",
    "D6273-1",
    "D6325-6",
    "D6325-9",
    "D6325-10",
    "D6332-92",
    "D6332-93",
    "L6222-1",
    "L6222-2",
    "L6222-18",
    "L6223-8-1",
    "L6324-1",
    "L6332-14",
    "R6223-6",
    "R6223-7",
    "R6223-22",
    "R6226-5",
)


class _ByDay(dict[dt.date, dict[str, LegalBasis]]):
    """`ON_DAY[day]`: the articles of CITED as read on `day`, made on first use (emptied past MAX_DAYS days)."""

    __slots__ = ()

    def __missing__(self, day: dt.date) -> dict[str, LegalBasis]:
        if len(self) >= MAX_DAYS:
            self.clear()
        found = self[day] = {number: _basis(number, version_on(number, day), "") for number in CITED}
        return found


def on(day: dt.date) -> dict[str, LegalBasis]:
    """`on(day)["R6223-22"]`: the legal basis of an article of CITED read on `day` (no note), for rules that cite
    several articles on the same day: one dictionary per day (a plain dictionary: the engine asks half a dozen times
    per decision, and an LRU cache's bookkeeping cost more than the lookup). The rules index `ON_DAY` directly: a
    subscript stays in C, where a call to this function costs a Python frame."""
    return ON_DAY[day]


MAX_DAYS = 1 << 16  # some 180 years of days
ON_DAY = _ByDay()
