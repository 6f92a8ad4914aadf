"""How the checker's answer and the articles are shown: French words for the engine's codes, links to the articles.

Nothing here decides anything: the statuses, messages and amounts are the engine's (compagnon/rules); this module
only names them for a reader and points each answer at the page of its article.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from urllib.parse import urlencode

from django.urls import reverse

from compagnon.core.templatetags.fr import format_money
from compagnon.rules.articles import Article, articles
from compagnon.rules.outcome import Decision, LegalBasis, Status

# The date of the DILA LEGI export the articles come from (compagnon/rules/data/SOURCES.md); a test keeps the two
# in step.
CONSOLIDATED_ON = dt.date(2026, 3, 27)


@dataclass(frozen=True)
class Verdict:
    symbol: str
    word: str
    explanation: str


VERDICTS = {
    Status.OK: Verdict("✓", "Éligible", "Toutes les conditions vérifiées sont remplies, d'après les réponses données."),
    Status.KO: Verdict("✗", "Non éligible", "Au moins une condition n'est pas remplie : voyez le détail ci-dessous."),
    Status.UNKNOWN: Verdict(
        "?",
        "À vérifier",
        "Aucune condition n'est contredite, mais une information manque ou une personne doit juger : voyez les "
        "points «\u00a0À vérifier\u00a0» ci-dessous.",
    ),
}
# Status words always come with their symbol and their text: colour only reinforces them.
CHECK_STATUS = {
    Status.OK: ("✓", "Condition remplie"),
    Status.KO: ("✗", "Condition non remplie"),
    Status.UNKNOWN: ("?", "À vérifier"),
}
RIGHT_STATUS = {
    Status.OK: ("✓", "Droit ouvert"),
    Status.KO: ("✗", "Ne s'applique pas"),
    Status.UNKNOWN: ("?", "À vérifier"),
}
CHECK_TITLES = {
    "SUPERVISOR_ROLE": "Rôle de la personne qui encadre",
    "CONTRACT_KIND": "Type de contrat à cette date",
    "MASTER_STATUS": "Statut du maître d'apprentissage",
    "MASTER_VOLUNTEER": "Volontariat",
    "MASTER_ADULT": "Majorité",
    "MASTER_GOOD_CHARACTER": "Garanties de moralité",
    "MASTER_COMPETENCE": "Compétence professionnelle",
    "MASTER_CAPACITY": "Nombre d'apprentis suivis",
    "TUTOR_VOLUNTEER": "Volontariat du tuteur",
    "TUTOR_EXPERIENCE": "Expérience du tuteur",
    "TUTOR_CAPACITY": "Nombre d'alternants suivis",
}
RIGHT_TITLES = {
    "CPF_MASTER_CREDIT": "Crédit sur le compte personnel de formation du maître",
    "EXTERNAL_TUTORING": "Tutorat externe financé par l'OPCO",
}
WARNING_TITLES = {
    "APPRENTICE_AGE": "Âge de l'apprenti",
    "APPRENTICE_AGE_UNKNOWN": "Âge de l'apprenti",
    "SECOND_TUTOR_NOT_APPLICABLE": "Second tuteur",
}


@dataclass(frozen=True)
class Reference:
    """An answer's article: its number, the date of the version cited, a note, and its page ("" when the data does
    not hold it, as for an abrogated article)."""

    article: str
    version: dt.date
    note: str
    url: str


def reference(basis: LegalBasis) -> Reference:
    version = dt.date.fromisoformat(basis.version)
    url = ""
    if basis.article in articles():
        url = reverse("rules:article", args=[basis.article]) + "?" + urlencode({"version": basis.version})
    return Reference(article=basis.article, version=version, note=basis.note, url=url)


@dataclass(frozen=True)
class Line:
    """One check, right or warning as shown: a title, a status (symbol and words), the engine's message."""

    code: str
    title: str
    status: str  # "ok" | "ko" | "unknown" | "" (warnings have none)
    symbol: str
    status_text: str
    message: str
    reference: Reference
    amount_eur: int | None = None


@dataclass(frozen=True)
class FundingLine:
    title: str
    ceiling: str  # "230 € par mois, 12 mois au plus"
    max_eur: int | None  # None: unknown; 0: does not apply
    reason: str
    source: str
    reference: Reference


@dataclass(frozen=True)
class CapacityView:
    limit: int | None
    extra_for_extended: int
    current: int | None
    master: bool


@dataclass(frozen=True)
class ProbationView:
    date: dt.date | None
    estimated: bool
    message: str
    reference: Reference


@dataclass(frozen=True)
class Answer:
    status: str
    verdict: Verdict
    checks: list[Line]
    capacity: CapacityView
    funding: list[FundingLine]
    probation: ProbationView | None
    rights: list[Line]
    warnings: list[Line]


def present(decision: Decision, *, master: bool) -> Answer:
    training, function = decision.funding.supervisor_training, decision.funding.function
    capacity = decision.capacity
    probation = decision.probation_end
    return Answer(
        status=decision.decision.value,
        verdict=VERDICTS[decision.decision],
        checks=[
            _line(check.code, CHECK_TITLES, check.status, CHECK_STATUS, check.message, check.basis)
            for check in decision.checks
        ],
        capacity=CapacityView(
            limit=capacity.limit,
            extra_for_extended=capacity.extra_for_extended,
            current=capacity.current,
            master=master,
        ),
        funding=[
            FundingLine(
                title="Formation du maître d'apprentissage ou du tuteur",
                ceiling=f"{format_money(training.eur_per_hour)} de l'heure, {training.max_hours} heures au plus",
                max_eur=training.max_eur,
                reason=training.reason,
                source=training.source,
                reference=reference(training.basis),
            ),
            FundingLine(
                title="Exercice de la fonction de maître d'apprentissage"
                if master
                else "Exercice de la fonction de tuteur",
                ceiling=f"{format_money(function.eur_per_month)} par mois, {function.months} mois au plus",
                max_eur=function.max_eur,
                reason=function.reason,
                source=function.source,
                reference=reference(function.basis),
            ),
        ],
        probation=None
        if probation is None
        else ProbationView(
            date=probation.date,
            estimated=probation.estimated,
            message=probation.message,
            reference=reference(probation.basis),
        ),
        rights=[
            _line(right.code, RIGHT_TITLES, right.status, RIGHT_STATUS, right.message, right.basis, right.amount_eur)
            for right in decision.rights
        ],
        warnings=[
            Line(
                code=warning.code,
                title=WARNING_TITLES.get(warning.code, warning.code),
                status="",
                symbol="!",
                status_text="Attention",
                message=warning.message,
                reference=reference(warning.basis),
            )
            for warning in decision.warnings
        ],
    )


def _line(
    code: str,
    titles: dict[str, str],
    status: Status,
    words: dict[Status, tuple[str, str]],
    message: str,
    basis: LegalBasis,
    amount_eur: int | None = None,
) -> Line:
    symbol, text = words[status]
    return Line(
        code=code,
        title=titles.get(code, code),
        status=status.value,
        symbol=symbol,
        status_text=text,
        message=message,
        reference=reference(basis),
        amount_eur=amount_eur,
    )


# --- articles -------------------------------------------------------------------------------------------------------

# The data keeps each article's text on one line: its enumerations (« 1° », « II. - », « a) ») begin a new paragraph
# when they follow a colon, a semicolon or a full stop (« au 1° de l'article » in the middle of a sentence does not).
_ENUMERATION = re.compile(r"(?<=[:;.])\s+(?=(?:\d+° |[IVX]+\. ?- |[a-z]\) ))")


def paragraphs(text: str) -> list[str]:
    return [part for part in _ENUMERATION.split(text.strip()) if part]


def section_title(text: str) -> str:
    return " ".join(text.split()).rstrip(".")


def natural_key(number: str) -> tuple[int, ...]:
    """« L6222-18-1 » → (6222, 18, 1): articles in the order of the Code, whatever their letter."""
    return tuple(int(part) for part in re.findall(r"\d+", number))


@dataclass(frozen=True)
class ArticleEntry:
    number: str
    where: str  # the section and sub-section inside the chapter
    excerpt: str


@dataclass(frozen=True)
class Chapter:
    title: str
    path: str  # « Sixième partie : … › Livre II : … › Titre II : … »
    entries: list[ArticleEntry]


@dataclass(frozen=True)
class Part:
    title: str
    chapters: list[Chapter]


EXCERPT_LENGTH = 140


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= EXCERPT_LENGTH:
        return text
    return text[: EXCERPT_LENGTH - 1].rsplit(" ", 1)[0] + " …"


def _chapter_of(article: Article) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """(part, the path down to the chapter, what lies below it): a chapter gathers an article's neighbours."""
    section = tuple(section_title(item) for item in article.section)
    depth = next((i for i, item in enumerate(section) if item.startswith("Chapitre")), len(section) - 1)
    return section[0], section[1 : depth + 1], section[depth + 1 :]


@cache
def article_parts() -> tuple[Part, ...]:
    """The articles of the data, by part of the Code (législative, réglementaire), then by chapter, in code order."""
    chapters: dict[tuple[str, tuple[str, ...]], list[ArticleEntry]] = {}
    for article in sorted(articles().values(), key=lambda a: natural_key(a.number)):
        part, path, below = _chapter_of(article)
        chapters.setdefault((part, path), []).append(
            ArticleEntry(number=article.number, where=" › ".join(below), excerpt=_excerpt(article.text))
        )
    parts: dict[str, list[Chapter]] = {}
    for (part, path), entries in chapters.items():
        parts.setdefault(part, []).append(Chapter(title=path[-1], path=" › ".join(path[:-1]), entries=entries))
    # The legislative part first, as in the Code.
    order = sorted(parts, key=lambda title: (title != "Partie législative", title))
    return tuple(Part(title=title, chapters=parts[title]) for title in order)


@dataclass(frozen=True)
class VersionRow:
    number: str
    start: dt.date
    end: dt.date | None
    cited: bool
    in_force: bool


def version_rows(article: Article, cited: dt.date | None) -> list[VersionRow]:
    return [
        VersionRow(
            number=version.number,
            start=version.start,
            end=version.end,
            cited=version.start == cited,
            in_force=version.end is None,
        )
        for version in reversed(article.versions)
    ]


def cited_version(article: Article, requested: str | None) -> dt.date | None:
    """The version a checker's answer cites (`?version=AAAA-MM-JJ`), when it is one of the article's versions."""
    if not requested:
        return None
    try:
        day = dt.date.fromisoformat(requested)
    except ValueError:
        return None
    return day if any(version.start == day for version in article.versions) else None
