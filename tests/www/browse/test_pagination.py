from __future__ import annotations

import html

import pytest
from django.test import override_settings
from django.urls import reverse

from tests.factories import make_contract
from tests.www.browse.conftest import get_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def animator(territory, animator_of):
    return animator_of(territory)


@pytest.fixture
def seven_contracts(territory):
    lille = territory["communes"]["Lille"]
    return [make_contract(commune=lille) for _ in range(7)]


@override_settings(LIST_PAGE_SIZE=3)
def test_page_links_keep_the_filters(client, seven_contracts, animator):
    _, content = get_page(client, animator, reverse("contracts:list") + "?zone=3216&tri=ancien&page=2")
    content = html.unescape(content)
    assert "Page 2" in content and "sur 3" in content
    assert 'href="?zone=3216&tri=ancien&page=3"' in content
    assert 'href="?zone=3216&tri=ancien&page=1"' in content


@override_settings(LIST_PAGE_SIZE=3, LIST_COUNT_CAP=5)
def test_a_capped_count_says_plus_de_and_the_next_page_still_works(client, seven_contracts, animator):
    _, content = get_page(client, animator, reverse("contracts:list") + "?page=2")
    assert "plus de 5 contrats" in content
    assert "?page=3" in content
    _, content = get_page(client, animator, reverse("contracts:list") + "?page=4")
    assert "La page 4 est au-delà de la fin de la liste." in html.unescape(content)


@override_settings(LIST_PAGE_SIZE=3)
def test_a_page_beyond_the_end_shows_the_last_page(client, seven_contracts, animator):
    response, content = get_page(client, animator, reverse("contracts:list") + "?page=12")
    assert response.status_code == 200
    assert "La page 12 n'existe pas : la liste compte 3 pages. Voici la dernière." in html.unescape(content)
    assert "7 à 7 affichés" in content


def test_an_empty_list_says_so(client, territory, animator):
    _, content = get_page(client, animator, reverse("contracts:list") + "?page=3")
    assert "Aucun résultat pour ces critères." in content


def test_htmx_gets_the_results_and_the_field_errors_only(client, seven_contracts, animator):
    response, content = get_page(client, animator, reverse("contracts:list") + "?debut_du=hier", HX_Request="true")
    assert response.status_code == 200
    assert "<html" not in content
    assert 'id="resultats"' in content
    assert 'id="id_debut_du-erreurs"' in content and 'hx-swap-oob="true"' in content
    assert "Date invalide" in content
    assert "HX-Request" in response["Vary"]


def test_the_full_page_works_without_javascript(client, seven_contracts, animator):
    _, content = get_page(client, animator, reverse("contracts:list"))
    assert '<button type="submit"' in content
    assert 'method="get"' in content


def test_people_list_count_is_capped_lower_than_other_lists(client, settings, monkeypatch):
    # The people list caps its count at PEOPLE_COUNT_CAP (scope checks per person are costly).
    from compagnon.www.people import views
    from tests.factories import make_apprentice, make_contract, make_user

    monkeypatch.setattr(views, "PEOPLE_COUNT_CAP", 2)
    for _ in range(3):
        make_contract(apprentice=make_apprentice())
    client.force_login(make_user(is_superuser=True))
    response = client.get("/personnes/")
    assert response.status_code == 200
    assert "plus de 2" in response.content.decode()


def test_a_search_counts_its_matches_up_to_the_search_cap(client, territory, animator, monkeypatch):
    # A common name matches thousands: the search count stops at SEARCH_COUNT_CAP, the plain list does not.
    from compagnon.www import lists
    from tests.factories import make_apprentice

    monkeypatch.setattr(lists, "SEARCH_COUNT_CAP", 2)
    lille = territory["communes"]["Lille"]
    for _ in range(3):
        make_contract(commune=lille, apprentice=make_apprentice(last_name="Lefebvre"))
    _, content = get_page(client, animator, reverse("contracts:list") + "?q=lefebvre")
    assert "plus de 2 contrats" in content
    _, content = get_page(client, animator, reverse("contracts:list"))
    assert "3 contrats" in content and "plus de" not in content
