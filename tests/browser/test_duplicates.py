"""The regional animator finds two records of one master, merges them keeping one, then undoes the merge."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from compagnon.accounts.enums import Role
from compagnon.contracts.models import Supervision
from compagnon.people.identity import find_duplicates
from compagnon.people.models import MergeProposal, Person
from tests.browser.helpers import Web
from tests.factories import make_contract, make_supervisor

pytestmark = pytest.mark.browser


@pytest.fixture
def duplicate(world: dict[str, Any]) -> dict[str, Any]:
    """The world's master Karim Benali, recorded again as « Karim Ben Ali » on a second contract in Lille."""
    master = world["contract"].supervisions.get().person
    again = make_supervisor(first_name="Karim", last_name="Ben Ali", birth_date=master.birth_date)
    make_contract(company=world["company"], supervisor=again, start_date=dt.date.today() - dt.timedelta(days=400))
    assert find_duplicates(person_ids=[again.pk]) == 1
    return {"master": master, "again": again}


def test_an_animator_merges_two_records_of_a_master_then_undoes_it(web: Web, duplicate: dict[str, Any], world) -> None:
    master, again = duplicate["master"], duplicate["again"]
    web.login(world["users"][Role.REGIONAL_ANIMATOR])

    web.goto(reverse("home"))
    web.page.get_by_role("link", name="Doublons à vérifier").click()
    web.page.wait_for_url(f"**{reverse('people:duplicates')}*")
    card = web.page.get_by_role("article", name="Karim BENALI et Karim BEN ALI")
    assert "Même nom, écrit avec ou sans espace ou trait d'union" in card.inner_text()
    assert "Même date de naissance" in card.inner_text()
    web.assert_clean()

    card.get_by_role("button", name="Fusionner (garder celle-ci) : Karim BENALI").click()
    web.page.get_by_role("heading", name="Fusionner ces deux personnes ?").wait_for()
    assert "Tutorats : 1" in web.page.locator("main").inner_text()
    web.assert_clean()

    web.page.get_by_role("button", name="Confirmer la fusion").click()
    web.page.get_by_text("Karim BEN ALI a été fusionnée dans Karim BENALI").wait_for()
    assert "Aucun doublon à vérifier" in web.page.locator("main").inner_text()
    assert Supervision.objects.filter(person=master).count() == 2
    assert Person.objects.get(pk=again.pk).merged_into_id == master.pk
    web.assert_clean()

    web.page.get_by_role("link", name="Fusionnées").click()
    web.page.get_by_role("button", name="Annuler la fusion").click()
    web.page.get_by_role("heading", name="Annuler la fusion ?").wait_for()
    web.assert_clean()

    web.page.get_by_role("button", name="Confirmer l'annulation").click()
    web.page.get_by_text("Fusion annulée : Karim BEN ALI a retrouvé ses contrats").wait_for()
    assert Supervision.objects.filter(person=again).count() == 1
    assert MergeProposal.objects.get().status == MergeProposal.Status.UNDONE
    web.assert_clean()
