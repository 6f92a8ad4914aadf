"""Finding people who may be the same human, and proposing them to the regional animator (never merging them).

An import matches a person on the normalised "nom prénom" and the birth date, the e-mail as support
(compagnon/intake/writer.py), and creates a new person on any difference: a hyphen, a typo, a first and last name
swapped, a birth date mistyped. Those near-duplicates are what this module looks for:

- the same birth date and a near name: the same once spaces, hyphens and apostrophes are removed ("De La Fontaine" /
  "Delafontaine"), first and last names swapped, a particle on one side only ("de", "du", "le"...), or one letter
  apart (one letter added, removed, replaced, or two neighbours swapped);
- the same normalised name and birth dates one typo apart: one digit, two neighbouring digits swapped, or day and
  month swapped;
- the same normalised name and the same e-mail, with different birth dates or one missing.

Homonyms born on dates far apart are not proposed: "Thomas Martin" is thousands of people.

Pairs are never compared all against all. People are grouped ("blocked") by birth date, then inside a day by keys
that two near names share (their letters without spaces, sorted words, words without particles, and the names with
one letter deleted: two names one edit apart always share one); and by normalised name, for the birth-date cases.
Only the people who share a key are compared, then classified by `classify`, which says why, in French.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Q

from compagnon.core import audit
from compagnon.core.models import AuditEntry
from compagnon.core.text import normalize
from compagnon.people.models import MergeProposal, Person

# Words that a name carries or drops depending on who typed it ("Marie de La Fontaine", "Marie Lafontaine").
PARTICLES = frozenset({"d", "da", "das", "de", "del", "della", "den", "der", "des", "di", "do", "dos", "du", "l", "la"})
PARTICLES |= {"le", "les", "van", "von"}
# Ids per query: below SQLite's and PostgreSQL's limits on parameters, and small enough to stay index lookups.
CHUNK = 500
# Rows read at a time when walking every person.
STREAM_CHUNK = 5_000
# Below this many letters ("Li Wei"), one letter apart is weaker evidence.
SHORT_NAME = 8
# Blocking by one edit (Candidate.blocking_keys): names of EDGE_FROM letters or more by their first and last EDGE
# letters, shorter ones by their one-letter deletions.
EDGE = 4
EDGE_FROM = 9
# Proposals are checked against the stored ones and written this many at a time, so that memory stays flat.
WRITE_BATCH = 5_000
# Past this share of everyone, detection limited to some people walks the whole table once, in birth-date and name
# order, rather than looking their birth dates and names up (a large import touches most people).
WALK_ALL_FROM_SHARE = 0.25
# A block this small is compared pair by pair (at most 6 pairs) without computing its keys.
SMALL_BLOCK = 4

# Scores (out of 100): how sure the detection is, to sort the animator's list; never a threshold to merge.
SCORE_SAME = 100
SCORE_SPACING = 95
SCORE_SWAPPED = 90
SCORE_PARTICLE = 85
SCORE_ONE_LETTER = 80
SCORE_ONE_LETTER_SHORT = 70
SCORE_BIRTH_TYPO = 75
SCORE_SAME_EMAIL = 70
EMAIL_BONUS = 5
EMAIL_PENALTY = 10


@dataclass(slots=True)
class Candidate:
    """What detection reads of a person, with the forms of the name it compares (computed once per person)."""

    id: int
    last_name: str
    first_name: str
    search_name: str
    birth_date: dt.date | None
    email: str
    compact: str = ""
    sorted_words: str = ""
    without_particles: str = ""

    def __post_init__(self) -> None:
        words = self.search_name.split()
        self.compact = "".join(words)
        self.sorted_words = "".join(sorted(words))
        self.without_particles = "".join(sorted(w for w in words if w not in PARTICLES))

    def blocking_keys(self) -> list[tuple[str, str]]:
        """The blocking keys inside one birth date: two near names share at least one.

        One edit apart (a letter inserted, deleted or replaced, two neighbours swapped) touches at most two
        neighbouring letters: two names of 9 letters or more then share their first 4 letters or their last 4. Two
        shorter names share the name itself or one of its one-letter deletions (a dozen keys, for short names only).
        """
        compact = self.compact
        keys = [("words", self.sorted_words), ("head", compact[:EDGE]), ("tail", compact[-EDGE:])]
        if self.without_particles != self.sorted_words:
            keys.append(("words", self.without_particles))
        if len(compact) < EDGE_FROM:
            keys.append(("edit", compact))
            keys.extend(("edit", compact[:i] + compact[i + 1 :]) for i in range(len(compact)))
        return keys


@dataclass(frozen=True)
class Finding:
    score: int
    reasons: list[str]


_COLUMNS = ("id", "last_name", "first_name", "search_name", "birth_date", "email")


def _candidates(rows: Iterable[tuple[int, str, str, str, dt.date | None, str]]) -> Iterator[Candidate]:
    for pk, last, first, name, birth, email in rows:
        yield Candidate(pk, last, first, name, birth, (email or "").strip().lower())


def one_edit_apart(a: str, b: str) -> bool:
    """Exactly one letter inserted, deleted or replaced, or two neighbouring letters swapped."""
    if a == b:
        return False
    if len(a) == len(b):
        diff = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        if len(diff) == 1:
            return True
        return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
    if abs(len(a) - len(b)) != 1:
        return False
    short, long = (a, b) if len(a) < len(b) else (b, a)
    i = 0
    while i < len(short) and short[i] == long[i]:
        i += 1
    return short[i:] == long[i + 1 :]


def birth_date_typo(a: dt.date, b: dt.date) -> str | None:
    """How two different birth dates may be one mistyped: one digit, two neighbours swapped, day and month swapped."""
    if a == b:
        return None
    if a.year == b.year and a.day == b.month and a.month == b.day:
        return "jour et mois inversés"
    x, y = f"{a:%d%m%Y}", f"{b:%d%m%Y}"
    diff = [i for i in range(8) if x[i] != y[i]]
    if len(diff) == 1:
        return "un chiffre diffère"
    if len(diff) == 2 and diff[1] == diff[0] + 1 and x[diff[0]] == y[diff[1]] and x[diff[1]] == y[diff[0]]:
        return "deux chiffres voisins inversés"
    return None


def _day(day: dt.date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else "inconnue"


def _shown(person: Candidate) -> str:
    return f"« {person.first_name} {person.last_name} »"


def _name_reason(a: Candidate, b: Candidate) -> tuple[int, str] | None:
    """How two different names on the same birth date may be one person's: a score and a reason, or None."""
    if a.search_name == b.search_name:
        if (a.last_name, a.first_name) == (b.last_name, b.first_name):
            return SCORE_SAME, "Même nom et même prénom"
        return SCORE_SAME, f"Même nom, accents, majuscules ou traits d'union mis à part ({_shown(a)} / {_shown(b)})"
    if a.compact == b.compact:
        return SCORE_SPACING, f"Même nom, écrit avec ou sans espace ou trait d'union ({_shown(a)} / {_shown(b)})"
    if a.sorted_words == b.sorted_words:
        if normalize(a.last_name) == normalize(b.first_name) and normalize(a.first_name) == normalize(b.last_name):
            return SCORE_SWAPPED, f"Nom et prénom inversés ({_shown(a)} / {_shown(b)})"
        return SCORE_SWAPPED, f"Mêmes mots dans un autre ordre ({_shown(a)} / {_shown(b)})"
    if a.without_particles == b.without_particles:
        return SCORE_PARTICLE, f"Particule (de, du, le…) d'un seul côté ({_shown(a)} / {_shown(b)})"
    if one_edit_apart(a.compact, b.compact):
        score = SCORE_ONE_LETTER if len(a.compact) >= SHORT_NAME else SCORE_ONE_LETTER_SHORT
        if normalize(a.last_name) == normalize(b.last_name):
            what = f"Prénom à une lettre près (« {a.first_name} » / « {b.first_name} »)"
        elif normalize(a.first_name) == normalize(b.first_name):
            what = f"Nom à une lettre près (« {a.last_name} » / « {b.last_name} »)"
        else:
            what = f"Nom ou prénom à une lettre près ({_shown(a)} / {_shown(b)})"
        return score, what
    return None


def classify(a: Candidate, b: Candidate) -> Finding | None:
    """Whether two people may be the same, with a score out of 100 and the reasons in French; None otherwise."""
    reasons: list[str] = []
    if a.birth_date is not None and a.birth_date == b.birth_date:
        named = _name_reason(a, b)
        if named is None:
            return None
        score, reason = named
        reasons += [reason, f"Même date de naissance ({_day(a.birth_date)})"]
    elif a.search_name == b.search_name:
        same_email = bool(a.email) and a.email == b.email
        typo = birth_date_typo(a.birth_date, b.birth_date) if a.birth_date and b.birth_date else None
        if typo is not None:
            score = SCORE_BIRTH_TYPO
            reasons += [
                "Même nom et même prénom",
                f"Dates de naissance proches ({typo}) : {_day(a.birth_date)} et {_day(b.birth_date)}",
            ]
        elif same_email:
            score = SCORE_SAME_EMAIL
            births = (
                f"dates de naissance différentes ({_day(a.birth_date)} et {_day(b.birth_date)})"
                if a.birth_date and b.birth_date
                else "date de naissance manquante d'un côté ou des deux"
            )
            reasons += [f"Même nom, même prénom et même courriel ({a.email})", births.capitalize()]
            return Finding(score=score, reasons=reasons)
        else:
            return None
    else:
        return None
    if a.email and a.email == b.email:
        score = min(100, score + EMAIL_BONUS)
        reasons.append(f"Même courriel ({a.email})")
    elif a.email and b.email:
        score -= EMAIL_PENALTY
        reasons.append("Courriels différents")
    return Finding(score=score, reasons=reasons)


def _pairs_sharing(
    people: list[Candidate], keys: Callable[[Candidate], Iterable[tuple[str, str]]]
) -> Iterator[tuple[Candidate, Candidate]]:
    """The pairs of a block that share a key, each once (all the pairs of a small block: cheaper than its keys)."""
    if len(people) <= SMALL_BLOCK:
        yield from itertools.combinations(people, 2)
        return
    by_key: dict[tuple[str, str], list[Candidate]] = defaultdict(list)
    for person in people:
        for key in set(keys(person)):
            by_key[key].append(person)
    seen: set[tuple[int, int]] = set()
    for group in by_key.values():
        for a, b in itertools.combinations(group, 2):
            pair = (a.id, b.id) if a.id < b.id else (b.id, a.id)
            if pair not in seen:
                seen.add(pair)
                yield a, b


def _birth_keys(person: Candidate) -> list[tuple[str, str]]:
    """Inside one name: keys that two birth dates one typo apart share, and the e-mail.

    "Thomas Martin" is thousands of people: comparing them all against all would cost millions of pairs. Two dates
    one digit apart, or with two neighbouring digits swapped, are the same once the same two neighbouring digits are
    hidden; day and month swapped share their sorted pair.
    """
    keys = [("email", person.email)] if person.email else []
    if person.birth_date is None:
        return keys
    digits = f"{person.birth_date:%d%m%Y}"
    day, month = sorted((person.birth_date.day, person.birth_date.month))
    keys.append(("day-month", f"{day}-{month}-{person.birth_date.year}"))
    keys.extend(("neighbours", digits[:i] + "??" + digits[i + 2 :]) for i in range(7))
    return keys


def _pairs_in_day(people: list[Candidate]) -> Iterator[tuple[Candidate, Candidate]]:
    """The pairs of one birth date whose names share a blocking key."""
    return _pairs_sharing(people, Candidate.blocking_keys)


def _pairs_in_name(people: list[Candidate]) -> Iterator[tuple[Candidate, Candidate]]:
    """The pairs of one normalised name whose birth dates may be one typo apart, or with the same e-mail (the same
    day is the birth-date blocks' work)."""
    for a, b in _pairs_sharing(people, _birth_keys):
        if a.birth_date is None or a.birth_date != b.birth_date:
            yield a, b


def _grouped(rows: Iterable[Candidate], key: Callable[[Candidate], object]) -> Iterator[list[Candidate]]:
    """Consecutive rows with the same key (rows come sorted by it)."""
    for _, group in itertools.groupby(rows, key=key):
        yield list(group)


def _chunks(values: Iterable[object], size: int = CHUNK) -> Iterator[list[object]]:
    it = iter(values)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


def _blocks(person_ids: set[int] | None) -> Iterator[tuple[list[Candidate], Callable[..., Iterator]]]:
    """(people of one block, how to pair them): every birth date and every shared name, or those of `person_ids`.

    Streamed block by block: a million people never sit in memory together."""
    people = Person.objects.not_merged().order_by()
    if person_ids is None or len(person_ids) >= WALK_ALL_FROM_SHARE * people.count():
        by_day = people.filter(birth_date__isnull=False).order_by("birth_date", "id").values_list(*_COLUMNS)
        for day in _grouped(_candidates(by_day.iterator(chunk_size=STREAM_CHUNK)), key=lambda c: c.birth_date):
            if len(day) > 1:
                yield day, _pairs_in_day
        shared = people.values("search_name").annotate(n=Count("id")).filter(n__gt=1).values("search_name")
        by_name = people.filter(search_name__in=shared).order_by("search_name", "id").values_list(*_COLUMNS)
        for same in _grouped(_candidates(by_name.iterator(chunk_size=STREAM_CHUNK)), key=lambda c: c.search_name):
            if len(same) > 1:
                yield same, _pairs_in_name
        return
    days: set[dt.date] = set()
    names: set[str] = set()
    for chunk in _chunks(sorted(person_ids)):
        for name, birth in people.filter(pk__in=chunk).values_list("search_name", "birth_date"):
            names.add(name)
            if birth is not None:
                days.add(birth)
    for chunk in _chunks(sorted(days)):
        rows = people.filter(birth_date__in=chunk).order_by("birth_date", "id").values_list(*_COLUMNS)
        for day in _grouped(_candidates(rows), key=lambda c: c.birth_date):
            yield day, _pairs_in_day
    for chunk in _chunks(sorted(names)):
        rows = people.filter(search_name__in=chunk).order_by("search_name", "id").values_list(*_COLUMNS)
        for same in _grouped(_candidates(rows), key=lambda c: c.search_name):
            if len(same) > 1:
                yield same, _pairs_in_name


def _known_pairs(pairs: Iterable[tuple[int, int]]) -> set[tuple[int, int]]:
    """The pairs among these that already have a proposal, whatever its status (a rejected pair stays rejected)."""
    by_first: dict[int, set[int]] = defaultdict(set)
    for a, b in pairs:
        by_first[a].add(b)
    known: set[tuple[int, int]] = set()
    for chunk in _chunks(sorted(by_first)):
        rows = MergeProposal.objects.filter(person_a_id__in=chunk).values_list("person_a_id", "person_b_id")
        known.update((a, b) for a, b in rows if b in by_first[a])
    return known


def _store(found: dict[tuple[int, int], Finding]) -> int:
    """Store the findings not proposed yet; returns how many."""
    for known in _known_pairs(found):
        del found[known]
    # A detection running at the same time may have stored some of them: the pair is unique in the database.
    MergeProposal.objects.bulk_create(
        (
            MergeProposal(person_a_id=a, person_b_id=b, score=max(0, finding.score), reasons=finding.reasons)
            for (a, b), finding in sorted(found.items())
        ),
        batch_size=CHUNK,
        ignore_conflicts=True,
    )
    return len(found)


def find_duplicates(*, person_ids: Iterable[int] | None = None) -> int:
    """Propose the near-duplicates of these people (of everyone when None); returns how many new proposals.

    A pair is stored once, whatever the order found; pairs already proposed, merged or rejected are skipped; people
    merged into another are left out. After an import: find_duplicates(person_ids=<the people it touched>).
    A pair belongs to one block only (a birth date, or a name across birth dates that differ), so the findings are
    written batch by batch as the blocks go by.
    """
    # A set is used as it is (an import passes over a million ids: no copy).
    touched = None if person_ids is None else person_ids if isinstance(person_ids, set) else set(person_ids)
    if touched is not None and not touched:
        return 0
    created = 0
    found: dict[tuple[int, int], Finding] = {}
    with transaction.atomic():
        for block, pairs in _blocks(touched):
            for a, b in pairs(block):
                if touched is not None and a.id not in touched and b.id not in touched:
                    continue
                finding = classify(a, b)
                if finding is not None:
                    found[(a.id, b.id) if a.id < b.id else (b.id, a.id)] = finding
            if len(found) >= WRITE_BATCH:
                created += _store(found)
                found = {}
        if found:
            created += _store(found)
        if created:
            audit.record(
                actor=None,
                action=AuditEntry.Action.CREATE,
                summary=f"Doublons possibles : {created} proposition(s) de fusion à vérifier",
                changes={"propositions": created, "personnes": "toutes" if touched is None else len(touched)},
            )
    return created


def open_proposals() -> Q:
    """The proposals still to decide whose two people are both unmerged (a merge elsewhere makes a pair moot)."""
    return Q(status__in=MergeProposal.OPEN, person_a__merged_into__isnull=True, person_b__merged_into__isnull=True)
