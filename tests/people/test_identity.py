"""Detection of near-duplicates: each kind proposed once, homonyms left alone, blocks rather than all pairs."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.core.management import call_command
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from compagnon.core.models import AuditEntry
from compagnon.core.text import normalize
from compagnon.people import identity
from compagnon.people.identity import birth_date_typo, find_duplicates, one_edit_apart
from compagnon.people.models import MergeProposal, Person
from tests.factories import make_person

pytestmark = pytest.mark.django_db

BORN = dt.date(1985, 3, 12)


def person(last: str, first: str, born: dt.date | None = BORN, email: str = ""):
    return make_person(last_name=last, first_name=first, birth_date=born, email=email)


def proposal_between(a, b) -> MergeProposal:
    low, high = sorted([a.pk, b.pk])
    return MergeProposal.objects.get(person_a_id=low, person_b_id=high)


@pytest.mark.parametrize(
    "first, second, reason",
    [
        (("Lefèvre", "Hélène"), ("LEFEVRE", "Helene"), "accents, majuscules"),
        (("Lefèvre-Dupont", "Paul"), ("Lefevre Dupont", "Paul"), "traits d'union mis à part"),
        (("De La Fontaine", "Marie"), ("Delafontaine", "Marie"), "avec ou sans espace"),
        (("Benali", "Karim"), ("Karim", "Benali"), "Nom et prénom inversés"),
        (("de Villiers", "Anne"), ("Villiers", "Anne"), "Particule"),
        (("Dupont", "Mathieu"), ("Dupont", "Matthieu"), "Prénom à une lettre près"),
        (("Dupond", "Claire"), ("Dupont", "Claire"), "Nom à une lettre près"),
        (("Martin", "Lucie"), ("Matrin", "Lucie"), "Nom à une lettre près"),
    ],
    ids=["accents", "hyphen", "spaces", "swapped", "particle", "first-name-typo", "last-name-typo", "transposed"],
)
def test_a_near_name_on_the_same_birth_date_is_proposed(first, second, reason):
    a, b = person(*first), person(*second)

    assert find_duplicates() == 1

    proposal = proposal_between(a, b)
    assert proposal.status == MergeProposal.Status.PROPOSED
    assert any(reason in r for r in proposal.reasons), proposal.reasons
    assert "Même date de naissance (12/03/1985)" in proposal.reasons
    assert 0 < proposal.score <= 100


@pytest.mark.parametrize(
    "other_birth, reason",
    [
        (dt.date(1985, 3, 13), "un chiffre diffère"),
        (dt.date(1958, 3, 12), "deux chiffres voisins inversés"),
        (dt.date(1985, 12, 3), "jour et mois inversés"),
    ],
    ids=["one-digit", "neighbours", "day-month"],
)
def test_the_same_name_with_a_mistyped_birth_date_is_proposed(other_birth, reason):
    a, b = person("Moreau", "Julien"), person("Moreau", "Julien", other_birth)

    assert find_duplicates() == 1
    assert any(reason in r for r in proposal_between(a, b).reasons)


def test_the_same_name_and_email_with_another_or_no_birth_date_is_proposed():
    a = person("Petit", "Sarah", BORN, email="sarah.petit@example.fr")
    b = person("Petit", "Sarah", dt.date(1990, 7, 1), email="Sarah.Petit@example.fr")
    c = person("Petit", "Sarah", None, email="sarah.petit@example.fr")

    assert find_duplicates() == 3

    assert "Même nom, même prénom et même courriel (sarah.petit@example.fr)" in proposal_between(a, b).reasons
    assert any("manquante" in r for r in proposal_between(a, c).reasons)


def test_homonyms_born_far_apart_are_not_proposed():
    person("Martin", "Thomas", dt.date(1970, 1, 5))
    person("Martin", "Thomas", dt.date(1992, 9, 28))
    person("Martin", "Thomas", None)
    # Different e-mails do not make them one either.
    person("Martin", "Thomas", dt.date(1981, 6, 14), email="t.martin@example.fr")
    person("Martin", "Thomas", dt.date(2001, 2, 3), email="thomas.martin@example.org")

    assert find_duplicates() == 0
    assert not MergeProposal.objects.exists()


def test_different_names_on_the_same_birth_date_are_not_proposed():
    person("Martin", "Thomas")
    person("Bernard", "Thomas")
    person("Martin", "Léa")
    person("Martine", "Léo")  # two edits apart

    assert find_duplicates() == 0


def test_merged_people_are_left_out():
    a, b = person("Dupont", "Claire"), person("Dupond", "Claire")
    b.merged_into = a
    b.save()

    assert find_duplicates() == 0


def test_a_pair_is_proposed_once_in_canonical_order_and_never_again_after_a_rejection():
    a, b = person("Garcia", "Inès"), person("Garcia", "Ines")

    assert find_duplicates() == 1
    assert find_duplicates() == 0
    assert find_duplicates(person_ids=[b.pk]) == 0
    proposal = proposal_between(a, b)
    assert (proposal.person_a_id, proposal.person_b_id) == (min(a.pk, b.pk), max(a.pk, b.pk))

    proposal.status = MergeProposal.Status.REJECTED
    proposal.save()
    assert find_duplicates() == 0
    assert MergeProposal.objects.count() == 1


def test_three_variants_give_the_three_pairs_once_each():
    person("Lefèvre", "Hélène")
    person("Lefevre", "Helene")
    person("Lefebvre", "Hélène")

    assert find_duplicates() == 3
    assert find_duplicates() == 0


def test_detection_limited_to_some_people_only_proposes_their_pairs():
    a, b = person("Roux", "Chloé"), person("Roux", "Chloe")
    c, d = person("Blanc", "Hugo", dt.date(1990, 1, 1)), person("Blanc", "Hugo", dt.date(1990, 1, 2))

    assert find_duplicates(person_ids=[]) == 0
    assert find_duplicates(person_ids=[c.pk]) == 1
    assert MergeProposal.objects.get().person_a_id == min(c.pk, d.pk)
    assert find_duplicates(person_ids=[a.pk, b.pk, c.pk, d.pk]) == 1
    assert MergeProposal.objects.count() == 2


def test_detection_writes_an_audit_entry_when_it_proposes():
    person("Roux", "Chloé"), person("Roux", "Chloe")
    # The journal may hold entries of data loaded once for the whole session (reference data).
    before = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0

    find_duplicates()

    entry = AuditEntry.objects.get(id__gt=before)
    assert entry.action == AuditEntry.Action.CREATE
    assert entry.summary == "Doublons possibles : 1 proposition(s) de fusion à vérifier"


def test_the_command_says_how_many_proposals_it_made(capsys):
    person("Roux", "Chloé"), person("Roux", "Chloe")

    call_command("find_duplicates")

    assert "1 nouvelle(s) proposition(s) de fusion à vérifier" in capsys.readouterr().out


def test_one_edit_apart():
    assert one_edit_apart("martin", "martine")
    assert one_edit_apart("martin", "marton")
    assert one_edit_apart("martin", "matrin")
    assert not one_edit_apart("martin", "martin")
    assert not one_edit_apart("abcd", "bcde")  # they share a one-letter deletion, yet are two edits apart
    assert not one_edit_apart("martin", "bernard")


def test_birth_date_typo():
    assert birth_date_typo(dt.date(1985, 3, 12), dt.date(1985, 3, 13)) == "un chiffre diffère"
    assert birth_date_typo(dt.date(1985, 3, 12), dt.date(1985, 12, 3)) == "jour et mois inversés"
    assert birth_date_typo(dt.date(1985, 3, 12), dt.date(1992, 9, 28)) is None
    assert birth_date_typo(dt.date(1985, 3, 12), dt.date(1958, 12, 3)) is None  # day and month swapped, not the year
    assert birth_date_typo(dt.date(1985, 3, 12), dt.date(1985, 3, 12)) is None


LAST = ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau", "Simon"]
LAST += ["Laurent", "Lefebvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier", "Morel"]
FIRST = ["Léa", "Hugo", "Chloé", "Louis", "Emma", "Jules", "Inès", "Adam", "Jade", "Lucas", "Manon", "Nathan", "Zoé"]
FIRST += ["Karim", "Sarah", "Yanis", "Camille", "Paul", "Lina", "Théo", "Rose", "Noah", "Alice", "Tom", "Anna"]


def test_blocking_keeps_a_few_thousand_people_quick_and_finds_the_planted_duplicates(monkeypatch):
    rng = random.Random(4)
    names: dict[tuple[str, str], dt.date] = {}
    while len(names) < 4_000:
        last, first = f"{rng.choice(LAST)}{rng.choice('abcdefgh')}{rng.choice('ijklmnop')}", rng.choice(FIRST)
        names[last, first] = dt.date(1960, 1, 1) + dt.timedelta(days=rng.randrange(40 * 365))
    people = Person.objects.bulk_create(
        Person(last_name=last, first_name=first, search_name=normalize(f"{last} {first}"), birth_date=born)
        for (last, first), born in names.items()
    )
    planted = [person(p.first_name, p.last_name, p.birth_date) for p in people[:10]]  # swapped names
    planted += [person(p.last_name + "e", p.first_name, p.birth_date) for p in people[10:20]]  # one letter more
    calls = 0
    classify = identity.classify

    def counting(a, b):
        nonlocal calls
        calls += 1
        return classify(a, b)

    monkeypatch.setattr(identity, "classify", counting)

    created = find_duplicates()

    assert created >= 20
    for original, copy in zip(people[:20], planted, strict=True):
        assert proposal_between(original, copy)
    # 4,020 people are 8 million pairs: the blocks compare a few hundred.
    assert calls < 5_000


_letters = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=14)


@st.composite
def one_edit(draw: st.DrawFn) -> tuple[str, str]:
    """A name of two words and the same name with one letter inserted, deleted, replaced or two neighbours swapped."""
    name = f"{draw(_letters)} {draw(_letters)}"
    compact_positions = [i for i, c in enumerate(name) if c != " "]
    kind = draw(st.sampled_from(["insert", "delete", "replace", "swap"]))
    i = draw(st.sampled_from(compact_positions))
    letter = draw(st.sampled_from("abcdefghijklmnopqrstuvwxyz"))
    if kind == "insert":
        other = name[:i] + letter + name[i:]
    elif kind == "delete":
        other = name[:i] + name[i + 1 :]
    elif kind == "replace":
        other = name[:i] + letter + name[i + 1 :]
    else:
        j = next((k for k in compact_positions if k > i), None)
        assume(j is not None)
        other = name[:i] + name[j] + name[i + 1 : j] + name[i] + name[j + 1 :]
    assume(len(other.replace(" ", "")) >= 2)
    return name, other


@given(one_edit())
@settings(max_examples=500, deadline=None)
def test_two_names_one_edit_apart_share_a_blocking_key(pair: tuple[str, str]) -> None:
    first, second = (identity.Candidate(1, "", "", " ".join(name.split()), BORN, "") for name in pair)
    if not one_edit_apart(first.compact, second.compact):
        return  # the edit gave back the same letters (a letter replaced by itself, two equal neighbours swapped)
    assert set(first.blocking_keys()) & set(second.blocking_keys())


@given(st.dates(min_value=dt.date(1940, 1, 1), max_value=dt.date(2012, 12, 31)), st.data())
@settings(max_examples=500, deadline=None)
def test_two_birth_dates_one_typo_apart_share_a_key(day: dt.date, data: st.DataObject) -> None:
    digits = f"{day:%d%m%Y}"
    i = data.draw(st.integers(0, 7))
    if data.draw(st.booleans()) and i < 7:
        typed = digits[:i] + digits[i + 1] + digits[i] + digits[i + 2 :]
    else:
        typed = digits[:i] + data.draw(st.sampled_from("0123456789")) + digits[i + 1 :]
    try:
        other = dt.datetime.strptime(typed, "%d%m%Y").date()
    except ValueError:
        return  # not a date: the file's own check refuses it
    assume(f"{other:%d%m%Y}" == typed and other.year >= 1900)
    a, b = (identity.Candidate(n, "", "", "martin lea", born, "") for n, born in ((1, day), (2, other)))
    if birth_date_typo(day, other) is None:
        return
    assert set(identity._birth_keys(a)) & set(identity._birth_keys(b))


def test_a_person_is_never_proposed_with_themselves():
    # "noelloic" gives the key "noeloic" twice (the doubled letter deleted either way); five people on one day are
    # compared through their keys, not pair by pair.
    for last, first in [("Noel", "Loic"), ("Martin", "Hugo"), ("Petit", "Zoé"), ("Roux", "Inès"), ("Simon", "Léa")]:
        person(last, first)

    assert find_duplicates() == 0
    assert not MergeProposal.objects.exists()
