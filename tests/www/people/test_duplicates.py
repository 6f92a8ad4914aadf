"""« Doublons à vérifier »: who sees it, what it shows, and the merge / reject / undo decisions with bad input."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse

from compagnon.accounts.enums import Role
from compagnon.accounts.models import ApiToken
from compagnon.contracts.enums import SupervisionRole
from compagnon.contracts.models import Supervision
from compagnon.people.models import MergeProposal, Person
from tests.factories import make_contract, make_person, make_supervisor, make_user
from tests.www.shell.conftest import assert_clean, text_of

pytestmark = pytest.mark.django_db

URL = reverse("people:duplicates")
BORN = dt.date(1979, 11, 4)


def proposal_for(a: Person, b: Person, **kwargs) -> MergeProposal:
    low, high = sorted([a.pk, b.pk])
    defaults = {"score": 95, "reasons": ["Nom à une lettre près (« Dupont » / « Dupond »)"]}
    return MergeProposal.objects.create(person_a_id=low, person_b_id=high, **(defaults | kwargs))


def url(name: str, proposal: MergeProposal) -> str:
    return reverse(f"people:{name}", args=[proposal.pk])


@pytest.fixture
def pair(territory):
    """Paul Dupont and Paul Dupond, masters of two contracts in Lille."""
    lille = territory["communes"]["Lille"]
    dupont = make_supervisor(last_name="Dupont", first_name="Paul", birth_date=BORN, email="p.dupont@example.fr")
    dupond = make_supervisor(last_name="Dupond", first_name="Paul", birth_date=BORN)
    first = make_contract(commune=lille, supervisor=dupont, start_date=dt.date(2022, 9, 1))
    second = make_contract(commune=lille, supervisor=dupond, start_date=dt.date(2024, 9, 1))
    return {"kept": dupont, "merged": dupond, "contracts": [first, second], "proposal": proposal_for(dupont, dupond)}


@pytest.fixture
def animator(territory, client):
    user = make_user(role=Role.REGIONAL_ANIMATOR, organisation=territory["regions"]["hdf"], username="animatrice")
    client.force_login(user)
    return user


def test_the_regional_animator_sees_the_two_people_side_by_side_with_the_reasons(client, animator, pair):
    response = client.get(URL)

    assert response.status_code == 200
    assert_clean(response.content.decode())
    html = text_of(response)
    assert "Doublons à vérifier" in html
    assert "Paul DUPONT et Paul DUPOND" in html
    assert "Nom à une lettre près (« Dupont » / « Dupond »)" in html
    assert "04/11/1979" in html and "p.dupont@example.fr" in html
    first, second = pair["contracts"]
    # Numbers are written the French way ("2 785"): PostgreSQL's ids pass 1,000 in a long test run.
    digits = re.sub(r"(?<=\d)\s(?=\d{3}\b)", "", html)
    assert f"Contrat n° {first.pk}" in digits and f"Contrat n° {second.pk}" in digits
    assert "maître d'apprentissage" in html and "du 01/09/2024 au 31/08/2026" in html
    assert html.count("Fusionner (garder celle-ci)") == 2
    assert "Ce ne sont pas les mêmes personnes" in html


def test_the_page_runs_the_same_queries_for_one_proposal_or_many(client, animator, pair, territory,
                                                                  django_assert_max_num_queries):  # fmt: skip
    client.get(URL)
    lille = territory["communes"]["Lille"]
    for n in range(5):
        a = make_supervisor(last_name=f"Bernard{n}", first_name="Léa", birth_date=BORN)
        b = make_supervisor(last_name=f"Bernart{n}", first_name="Léa", birth_date=BORN)
        make_contract(commune=lille, supervisor=a)
        make_contract(commune=lille, apprentice=b)
        proposal_for(a, b)
    with django_assert_max_num_queries(12):
        response = client.get(URL)
    assert text_of(response).count("Fusionner (garder celle-ci)") == 12


@pytest.mark.parametrize(
    "role, status",
    [
        (Role.TERRITORIAL_ANIMATOR, 403),
        (Role.CFA_STAFF, 403),
        (Role.INSPECTOR, 403),
        (Role.MEDIATOR, 403),
        (Role.EMPLOYER, 403),
    ],
    ids=str,
)
def test_other_roles_may_not_open_the_page(client, territory, pair, role, status):
    client.force_login(make_user(role=role))

    assert client.get(URL).status_code == status
    assert client.post(url("duplicate_merge", pair["proposal"]), {"garder": pair["kept"].pk}).status_code == status


def test_a_superuser_sees_every_proposal(client, pair, territory):
    rennes = territory["communes"]["Rennes"]
    a, b = make_person(last_name="Le Gall", first_name="Yann"), make_person(last_name="Legall", first_name="Yann")
    make_contract(commune=rennes, apprentice=a), make_contract(commune=rennes, apprentice=b)
    proposal_for(a, b)
    client.force_login(make_user(is_superuser=True))

    html = text_of(client.get(URL))

    assert "Paul DUPONT et Paul DUPOND" in html and "Yann LE GALL et Yann LEGALL" in html


def test_a_pair_with_someone_outside_the_region_is_neither_shown_nor_decided(client, animator, pair, territory):
    rennes = territory["communes"]["Rennes"]
    outside = make_person(last_name="Dupont", first_name="Paul", birth_date=dt.date(1979, 11, 5))
    make_contract(commune=rennes, apprentice=outside)
    proposal = proposal_for(pair["kept"], outside, reasons=["Dates de naissance proches"])

    html = text_of(client.get(URL))

    assert "Dates de naissance proches" not in html
    for name in ("duplicate_merge", "duplicate_reject", "duplicate_undo"):
        assert client.post(url(name, proposal), {"garder": pair["kept"].pk}).status_code == 404


def test_merging_asks_to_confirm_then_merges_and_says_so(client, animator, pair):
    proposal, kept = pair["proposal"], pair["kept"]

    response = client.post(url("duplicate_merge", proposal), {"garder": kept.pk})

    assert response.status_code == 200
    html = text_of(response)
    assert "Fusionner ces deux personnes ?" in html and "Tutorats : 1" in html
    assert "la fusion peut être annulée" in html
    proposal.refresh_from_db()
    assert proposal.status == MergeProposal.Status.PROPOSED

    response = client.post(url("duplicate_merge", proposal), {"garder": kept.pk, "confirmer": "oui"}, follow=True)

    html = text_of(response)
    assert "Paul DUPOND a été fusionnée dans Paul DUPONT" in html
    proposal.refresh_from_db()
    assert proposal.status == MergeProposal.Status.MERGED and proposal.decided_by == animator
    assert Supervision.objects.filter(person=kept).count() == 2
    # The merged pair is no longer to check; it is under « Fusionnées », with its undo button.
    assert "Aucun doublon à vérifier" in html
    merged_tab = text_of(client.get(URL, {"statut": "fusionnees"}))
    assert "Gardée : Paul DUPONT" in merged_tab and "Annuler la fusion" in merged_tab
    assert "fusionnée" in merged_tab


def test_a_double_submit_merges_once_and_says_it_was_already_done(client, animator, pair):
    data = {"garder": pair["kept"].pk, "confirmer": "oui"}
    client.post(url("duplicate_merge", pair["proposal"]), data)

    response = client.post(url("duplicate_merge", pair["proposal"]), data, follow=True)

    assert "Cette proposition a déjà été traitée" in text_of(response)
    assert Person.objects.filter(merged_into__isnull=False).count() == 1


@pytest.mark.parametrize("keep", ["", "abc", "other"], ids=["missing", "not-a-number", "not-in-the-pair"])
def test_a_bad_choice_of_person_to_keep_merges_nothing(client, animator, pair, keep):
    if keep == "other":
        keep = make_person().pk

    response = client.post(url("duplicate_merge", pair["proposal"]), {"garder": keep, "confirmer": "oui"}, follow=True)

    assert "Choisissez laquelle des deux personnes garder" in text_of(response)
    assert not Person.objects.filter(merged_into__isnull=False).exists()


def test_unknown_proposals_answer_404_and_actions_refuse_get(client, animator, pair):
    missing = MergeProposal(pk=pair["proposal"].pk + 100)
    for name in ("duplicate_merge", "duplicate_reject", "duplicate_undo"):
        assert client.post(url(name, missing), {"garder": 1}).status_code == 404
        assert client.get(url(name, pair["proposal"])).status_code == 405


def test_actions_need_the_csrf_token(animator, pair):
    client = Client(enforce_csrf_checks=True)
    client.force_login(animator)

    response = client.post(url("duplicate_merge", pair["proposal"]), {"garder": pair["kept"].pk, "confirmer": "oui"})

    assert response.status_code == 403
    assert not Person.objects.filter(merged_into__isnull=False).exists()


def test_a_conflicting_merge_is_refused_with_the_reason(client, animator, pair):
    second = pair["contracts"][1]
    Supervision.objects.create(contract=second, person=pair["kept"], role=SupervisionRole.MASTER)

    response = client.post(url("duplicate_merge", pair["proposal"]), {"garder": pair["kept"].pk}, follow=True)

    assert f"encadrent le même contrat avec le même rôle (n°{second.pk})" in text_of(response)
    assert not Person.objects.filter(merged_into__isnull=False).exists()


def test_saying_they_are_different_people_asks_to_confirm_then_files_the_pair(client, animator, pair):
    proposal = pair["proposal"]

    assert "Ce ne sont pas les mêmes personnes ?" in text_of(client.post(url("duplicate_reject", proposal)))
    response = client.post(url("duplicate_reject", proposal), {"confirmer": "oui"}, follow=True)

    assert "cette paire ne sera plus proposée" in text_of(response)
    proposal.refresh_from_db()
    assert proposal.status == MergeProposal.Status.REJECTED
    assert "Paul DUPONT et Paul DUPOND" in text_of(client.get(URL, {"statut": "ecartees"}))
    again = client.post(url("duplicate_reject", proposal), {"confirmer": "oui"}, follow=True)
    assert "déjà été traitée" in text_of(again)


def test_undoing_a_merge_asks_to_confirm_then_separates_them_again(client, animator, pair):
    proposal, kept, merged = pair["proposal"], pair["kept"], pair["merged"]
    client.post(url("duplicate_merge", proposal), {"garder": kept.pk, "confirmer": "oui"})

    assert "Annuler la fusion ?" in text_of(client.post(url("duplicate_undo", proposal)))
    response = client.post(url("duplicate_undo", proposal), {"confirmer": "oui"}, follow=True)

    assert "Fusion annulée : Paul DUPOND a retrouvé ses contrats" in text_of(response)
    assert Supervision.objects.filter(person=merged).count() == 1
    proposal.refresh_from_db()
    assert proposal.status == MergeProposal.Status.UNDONE
    # Back among the pairs to check, to merge the other way round or to set aside.
    assert "Paul DUPONT et Paul DUPOND" in text_of(client.get(URL))
    again = client.post(url("duplicate_undo", proposal), {"confirmer": "oui"}, follow=True)
    assert "il n'y a pas de fusion à annuler" in text_of(again)


def test_an_unknown_tab_or_page_shows_the_default_tab(client, animator, pair):
    response = client.get(URL, {"statut": "n'importe", "page": "x"})

    assert response.status_code == 200
    assert "Paul DUPONT et Paul DUPOND" in text_of(response)


def test_merged_people_leave_the_people_list_and_the_api_even_for_a_superuser(client, pair):
    superuser = make_user(is_superuser=True)
    client.force_login(superuser)
    merged = client.post(url("duplicate_merge", pair["proposal"]), {"garder": pair["kept"].pk, "confirmer": "oui"})
    assert "a été fusionnée" in text_of(client.get(merged["Location"]))  # the message, read

    html = text_of(client.get(reverse("people:list"), {"q": "paul dupon"}))
    assert "DUPONT Paul" in html and "DUPOND" not in html
    # The merged person's page leads to the kept one.
    detail = client.get(reverse("people:detail", args=[pair["merged"].pk]))
    assert detail.status_code == 302 and detail["Location"] == reverse("people:detail", args=[pair["kept"].pk])
    token = ApiToken.objects.create(user=superuser)
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token.key}").get(reverse("api:list_people"), {"name": "dupon"})
    assert [p["last_name"] for p in api.json()["items"]] == ["Dupont"]
