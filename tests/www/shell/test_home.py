from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from compagnon.accounts.enums import Role
from tests.factories import make_chamber, make_contract, make_training_centre, make_user
from tests.www.shell.conftest import assert_clean

pytestmark = pytest.mark.django_db


def figures(html: str) -> dict[str, str]:
    """{label: figure} of the home page cards."""
    pairs = re.findall(r'card-figure">([^<]*)</span>\s*<span class="card-label">([^<]*)</span>', html)
    return {label.strip(): figure.strip() for figure, label in pairs}


@pytest.fixture
def lille_and_arras(territory):
    today = timezone.localdate()
    lille, arras = territory["communes"]["Lille"], territory["communes"]["Arras"]
    centre = make_training_centre(commune=lille)
    # Lille: one new contract (started 10 days ago), one older active, one broken new one.
    make_contract(commune=lille, start_date=today - dt.timedelta(days=10), training_centre=centre)
    make_contract(commune=lille, start_date=today - dt.timedelta(days=200))
    make_contract(
        commune=lille,
        start_date=today - dt.timedelta(days=20),
        rupture_date=today - dt.timedelta(days=2),
        rupture_cause="trial_period",
    )
    # Arras: two new contracts, out of a Lille animator's scope.
    make_contract(commune=arras, start_date=today - dt.timedelta(days=5))
    make_contract(commune=arras, start_date=today - dt.timedelta(days=3))
    return territory


def test_territorial_animator_counts_only_their_areas(client, lille_and_arras):
    chamber = make_chamber(areas=[lille_and_arras["areas"]["Lille"]])
    client.force_login(make_user(role=Role.TERRITORIAL_ANIMATOR, organisation=chamber))
    html = client.get(reverse("home")).content.decode()
    assert_clean(html)
    shown = figures(html)
    assert shown["nouveaux contrats : maîtres à contacter"] == "1"
    assert shown["contrats en cours"] == "2"
    assert shown["entreprises"] == "3"
    assert shown["personnes"] == "3"
    assert shown["CFA"] == "1"


def test_regional_animator_counts_the_whole_region(client, lille_and_arras):
    client.force_login(make_user(role=Role.REGIONAL_ANIMATOR, organisation=lille_and_arras["regions"]["hdf"]))
    shown = figures(client.get(reverse("home")).content.decode())
    assert shown["nouveaux contrats : maîtres à contacter"] == "3"
    assert shown["contrats en cours"] == "4"


def test_each_figure_links_to_its_list(client, lille_and_arras):
    client.force_login(make_user(role=Role.REGIONAL_ANIMATOR))
    html = client.get(reverse("home")).content.decode()
    for name in ["companies:list", "people:list", "centres:list"]:
        assert f'href="{reverse(name)}"' in html
    today = timezone.localdate()
    since = today - dt.timedelta(days=44)
    contracts = reverse("contracts:list")
    assert f'href="{contracts}?statut=active"' in html
    assert f'href="{contracts}?statut=active&amp;debut_du={since.isoformat()}&amp;debut_au={today.isoformat()}"' in html


def test_the_new_contracts_link_lists_exactly_the_contracts_counted(client, lille_and_arras):
    client.force_login(make_user(role=Role.REGIONAL_ANIMATOR, organisation=lille_and_arras["regions"]["hdf"]))
    html = client.get(reverse("home")).content.decode()
    shown = figures(html)
    link = re.search(r'href="([^"]*debut_du[^"]*)"', html).group(1).replace("&amp;", "&")
    listing = client.get(link)
    assert listing.status_code == 200
    assert f"{shown['nouveaux contrats : maîtres à contacter']} contrat" in " ".join(listing.content.decode().split())


@override_settings(LIST_COUNT_CAP=2)
def test_counts_are_capped(client, lille_and_arras):
    client.force_login(make_user(is_superuser=True))
    shown = figures(client.get(reverse("home")).content.decode())
    assert shown["contrats en cours"] == "plus de 2"


@pytest.mark.parametrize("role", list(Role), ids=str)
def test_home_page_runs_a_bounded_number_of_queries(client, lille_and_arras, django_assert_max_num_queries, role):
    user = make_user(role=role)
    client.force_login(user)
    # session, user, demo flag, memberships (3 or 4), 5 capped counts: the number does not grow with the data.
    with django_assert_max_num_queries(12):
        response = client.get(reverse("home"))
    assert response.status_code == 200


def test_an_account_without_membership_is_told_whom_to_contact(client, territory):
    make_user(role=Role.REGIONAL_ANIMATOR, email="animation@region.example", first_name="Alix", last_name="Durand")
    client.force_login(make_user())
    html = client.get(reverse("home")).content.decode()
    assert_clean(html)
    assert "Votre compte n'a encore accès à aucune donnée." in html
    assert "animation@region.example" in html
    assert "card-figure" not in html
    # Only the home page in the navigation: no list it could not open.
    assert reverse("contracts:list") not in html
