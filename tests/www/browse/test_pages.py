from __future__ import annotations

import pytest
from django.urls import reverse

from tests.www.browse.conftest import get_page

pytestmark = pytest.mark.django_db

LISTS = ["contracts:list", "people:list", "companies:list", "centres:list", "areas:list"]


@pytest.mark.parametrize("name", LISTS)
def test_each_list_shows_the_rows_of_the_region_to_its_animator(client, world, regional, name):
    response, content = get_page(client, regional, reverse(name))
    assert response.status_code == 200
    assert "<html" in content


def details(world):
    return {
        "contrat": (reverse("contracts:detail", args=[world.lille.pk]), "Contrat n° "),
        "personne": (reverse("people:detail", args=[world.lefevre.pk]), "Camille LEFÈVRE"),
        "entreprise": (reverse("companies:detail", args=[world.lille_company.pk]), "Boulangerie Dupont"),
        "cfa": (reverse("centres:detail", args=[world.lille_centre.pk]), "CFA des métiers de Lille"),
        "zone": (reverse("areas:detail", args=["3216"]), "Zone d'emploi Lille"),
    }


@pytest.mark.parametrize("kind", ["contrat", "personne", "entreprise", "cfa", "zone"])
def test_each_detail_page_opens_for_the_animator_of_its_area(client, world, lille_animator, kind):
    url, title = details(world)[kind]
    response, content = get_page(client, lille_animator, url)
    assert response.status_code == 200
    assert title in content
