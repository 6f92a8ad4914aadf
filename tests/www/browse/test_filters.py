"""Every filter of every list narrows it; every bad value gets its French message next to the field, never a 500."""

from __future__ import annotations

import html

import pytest
from django.urls import reverse

from tests.www.browse.conftest import get_page

pytestmark = pytest.mark.django_db


def rows(content: str, marker: str) -> int:
    return content.count(marker)


def contract_link(contract) -> str:
    return f'href="{reverse("contracts:detail", args=[contract.pk])}"'


@pytest.mark.parametrize(
    ("query", "lille", "arras"),
    [
        pytest.param("", True, True, id="sans-filtre"),
        pytest.param("type=apprentissage", True, False, id="type"),
        pytest.param("type=professionnalisation", False, True, id="type-pro"),
        pytest.param("zone=3216", True, False, id="zone"),
        pytest.param("niveau=5", False, True, id="niveau"),
        pytest.param("debut_du=2025-01-01", True, False, id="debut-du-iso"),
        pytest.param("debut_au=01/01/2025", False, True, id="debut-au-francais"),
        pytest.param("debut_du=2024-01-01&debut_au=2025-12-31", True, True, id="debut-intervalle"),
        pytest.param("q=lefevre", True, False, id="recherche-alternant"),
        pytest.param("q=bernard", False, True, id="recherche-autre-alternant"),
        pytest.param("statut=broken", False, False, id="statut-rompu"),
    ],
)
def test_contract_filters_narrow_the_list(client, world, animator, query, lille, arras):
    _, content = get_page(client, animator, f"{reverse('contracts:list')}?{query}")
    assert (contract_link(world.lille) in content) is lille
    assert (contract_link(world.arras) in content) is arras


def test_contract_filter_by_cfa(client, world, animator):
    _, content = get_page(client, animator, f"{reverse('contracts:list')}?cfa={world.arras_centre.pk}")
    assert contract_link(world.arras) in content
    assert contract_link(world.lille) not in content


def test_contract_status_is_that_of_today(client, world, animator):
    world.lille.rupture_date = world.lille.start_date
    world.lille.rupture_cause = "mutual_agreement"
    world.lille.save()
    _, content = get_page(client, animator, f"{reverse('contracts:list')}?statut=broken")
    assert contract_link(world.lille) in content
    assert contract_link(world.arras) not in content
    assert "Rompu" in content


@pytest.mark.parametrize(
    ("query", "message"),
    [
        pytest.param("type=cdi", "Type de contrat inconnu(e) ou hors de votre périmètre", id="type-inconnu"),
        pytest.param("statut=perdu", "Statut inconnu(e)", id="statut-inconnu"),
        pytest.param("zone=9999", "Zone d'emploi inconnu(e) ou hors de votre périmètre", id="zone-inconnue"),
        pytest.param("zone=5309", "Zone d'emploi inconnu(e) ou hors de votre périmètre", id="zone-hors-perimetre"),
        pytest.param("cfa=abc", "CFA inconnu(e)", id="cfa-pas-un-nombre"),
        pytest.param("niveau=9", "Niveau inconnu(e)", id="niveau-inconnu"),
        pytest.param("debut_du=2025-13-45", "Date invalide : saisissez une date comme 22/11/2026.", id="date-invalide"),
        pytest.param("debut_du=2025-09-01&debut_au=2025-01-01", "Cette date précède", id="dates-inversees"),
        pytest.param("q=" + "x" * 101, "Le texte recherché est trop long : 100 caractères au plus.", id="trop-long"),
        pytest.param("tri=prix", "Tri inconnu : choisissez un tri dans la liste.", id="tri-inconnu"),
        pytest.param("page=-1", "Le numéro de page doit être supérieur ou égal à 1.", id="page-negative"),
        pytest.param("page=deux", "Le numéro de page doit être un nombre entier.", id="page-pas-un-nombre"),
        pytest.param("page=99", "La page 99 n'existe pas : la liste compte 1 page. Voici la dernière.", id="page-loin"),
    ],
)
def test_bad_contract_filters_get_a_french_message_and_the_list_still_shows(client, world, animator, query, message):
    response, content = get_page(client, animator, f"{reverse('contracts:list')}?{query}")
    assert response.status_code == 200
    assert message in html.unescape(content)
    # The bad value is ignored; the other filters and the list still work.
    assert contract_link(world.lille) in content


def test_bad_value_message_sits_next_to_its_field(client, world, animator):
    _, content = get_page(client, animator, f"{reverse('contracts:list')}?debut_du=hier")
    errors = content.split('id="id_debut_du-erreurs"')[1].split("</div>")[0]
    assert "Date invalide" in html.unescape(errors)
    assert 'aria-invalid="true"' in content


@pytest.mark.parametrize(
    ("query", "master", "apprentice"),
    [
        pytest.param("", True, True, id="tous"),
        pytest.param("role=maitre", True, False, id="maitres"),
        pytest.param("role=alternant", False, True, id="alternants"),
        pytest.param("zone=3216", True, True, id="zone"),
        pytest.param("zone=3203", False, False, id="autre-zone"),
        pytest.param("role=maitre&zone=3216", True, False, id="maitres-de-la-zone"),
        pytest.param("q=dupont", True, False, id="nom"),
    ],
)
def test_people_filters_narrow_the_list(client, world, animator, query, master, apprentice):
    _, content = get_page(client, animator, f"{reverse('people:list')}?{query}")
    assert (f'href="{reverse("people:detail", args=[world.lille_master.pk])}"' in content) is master
    assert (f'href="{reverse("people:detail", args=[world.lefevre.pk])}"' in content) is apprentice


@pytest.mark.parametrize(
    ("query", "lille", "arras"),
    [
        pytest.param("", True, True, id="toutes"),
        pytest.param("zone=3203", False, True, id="zone"),
        pytest.param("type=siae", False, True, id="type"),
        pytest.param("naf=10", True, False, id="naf-division"),
        pytest.param("naf=4520a", False, True, id="naf-complet-sans-point"),
        pytest.param("naf=45.20A", False, True, id="naf-complet"),
        pytest.param("q=boulangerie", True, False, id="nom"),
        pytest.param("q=remparts garage", False, True, id="deux-mots"),
    ],
)
def test_company_filters_narrow_the_list(client, world, animator, query, lille, arras):
    _, content = get_page(client, animator, f"{reverse('companies:list')}?{query}")
    assert (f'href="{reverse("companies:detail", args=[world.lille_company.pk])}"' in content) is lille
    assert (f'href="{reverse("companies:detail", args=[world.arras_company.pk])}"' in content) is arras


def test_company_search_by_siret(client, world, animator):
    siret = world.arras_company.siret
    for query in (siret, siret[:9], f"{siret[:3]} {siret[3:6]} {siret[6:9]}"):
        _, content = get_page(client, animator, f"{reverse('companies:list')}?q={query}")
        assert world.arras_company.name in content
        assert world.lille_company.name not in content


@pytest.mark.parametrize(
    ("url", "query", "message"),
    [
        ("companies:list", "naf=ab", "Code NAF invalide : saisissez son début, par exemple 56, 56.10 ou 56.10A."),
        ("companies:list", "naf=56.10AB", "Code NAF trop long"),
        ("companies:list", "type=sarl", "Type d'employeur inconnu(e)"),
        ("people:list", "role=parrain", "Rôle inconnu(e)"),
        ("people:list", "zone=abc", "Zone d'emploi inconnu(e)"),
        ("centres:list", "zone=abc", "Zone d'emploi inconnu(e)"),
        ("centres:list", "tri=prix", "Tri inconnu"),
        ("areas:list", "page=0", "Le numéro de page doit être supérieur ou égal à 1."),
        ("areas:list", "q=" + "é" * 101, "Le texte recherché est trop long"),
    ],
)
def test_bad_filters_of_other_lists_get_a_french_message(client, world, animator, url, query, message):
    response, content = get_page(client, animator, f"{reverse(url)}?{query}")
    assert response.status_code == 200
    assert message in html.unescape(content)


@pytest.mark.parametrize(
    ("query", "lille", "arras"),
    [
        pytest.param("", True, True, id="tous"),
        pytest.param("zone=3203", False, True, id="zone"),
        pytest.param("q=artois", False, True, id="nom"),
        pytest.param("q=metiers lille", True, False, id="nom-accentue"),
    ],
)
def test_centre_filters_narrow_the_list(client, world, animator, query, lille, arras):
    _, content = get_page(client, animator, f"{reverse('centres:list')}?{query}")
    assert (world.lille_centre.name in content) is lille
    assert (html.escape(world.arras_centre.name) in content) is arras


def test_centre_search_by_uai(client, world, animator):
    _, content = get_page(client, animator, f"{reverse('centres:list')}?q={world.arras_centre.uai.lower()}")
    assert html.escape(world.arras_centre.name) in content
    assert world.lille_centre.name not in content


def test_areas_list_counts_contracts_in_scope(client, world, animator):
    _, content = get_page(client, animator, f"{reverse('areas:list')}?q=lille")
    assert 'href="/zones-emploi/3216/"' in content
    assert 'href="/zones-emploi/3203/"' not in content
    assert '<td class="numeric">1</td>' in content


@pytest.mark.parametrize("sort", ["recent", "ancien", "fin"])
def test_contract_sorts(client, world, animator, sort):
    _, content = get_page(client, animator, f"{reverse('contracts:list')}?tri={sort}")
    first, second = (world.lille, world.arras) if sort == "recent" else (world.arras, world.lille)
    assert content.index(contract_link(first)) < content.index(contract_link(second))


@pytest.mark.parametrize(
    ("url", "sorts"),
    [
        ("people:list", ["nom", "recent"]),
        ("companies:list", ["nom", "siret", "recent"]),
        ("centres:list", ["nom", "uai"]),
        ("areas:list", ["nom", "code"]),
    ],
)
def test_every_sort_of_the_other_lists_answers(client, world, animator, url, sorts):
    for sort in sorts:
        response, _ = get_page(client, animator, f"{reverse(url)}?tri={sort}")
        assert response.status_code == 200
