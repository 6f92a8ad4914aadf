"""Lists and detail pages show only what the account's scope covers; out of scope is 404, not 403."""

from __future__ import annotations

import pytest
from django.urls import reverse

from compagnon.accounts.enums import Role
from tests.factories import make_user
from tests.www.browse.conftest import get_page

pytestmark = pytest.mark.django_db


def lille_objects(world):
    return {
        "contracts": world.lille.pk,
        "people": world.lefevre.pk,
        "companies": world.lille_company.pk,
        "centres": world.lille_centre.pk,
        "areas": "3216",
    }


@pytest.mark.parametrize("feature", ["contracts", "people", "companies", "centres", "areas"])
def test_an_animator_of_another_area_gets_404_and_no_row(client, world, arras_animator, feature):
    pk = lille_objects(world)[feature]
    detail = reverse(f"{feature}:detail", args=[pk])
    response, _ = get_page(client, arras_animator, detail)
    assert response.status_code == 404
    response, content = get_page(client, arras_animator, reverse(f"{feature}:list"))
    assert response.status_code == 200
    assert f'href="{detail}"' not in content


@pytest.mark.parametrize("feature", ["contracts", "people", "companies", "centres", "areas"])
def test_the_animator_of_the_area_sees_the_row(client, world, lille_animator, feature):
    detail = reverse(f"{feature}:detail", args=[lille_objects(world)[feature]])
    _, content = get_page(client, lille_animator, reverse(f"{feature}:list"))
    assert f'href="{detail}"' in content


def test_a_master_sees_their_contract_and_apprentice_only(client, world):
    user = make_user(role=Role.SUPERVISOR, organisation=world.lille_company, person=world.lille_master)
    _, content = get_page(client, user, reverse("people:list"))
    assert world.lefevre.last_name.upper() in content
    assert "PETIT" not in content
    assert get_page(client, user, reverse("contracts:detail", args=[world.lille.pk]))[0].status_code == 200
    assert get_page(client, user, reverse("contracts:detail", args=[world.arras.pk]))[0].status_code == 404
    # Areas are the animators' working unit: other roles may not open them.
    assert get_page(client, user, reverse("areas:list"))[0].status_code == 403


def test_person_page_lists_contracts_as_apprentice_and_as_supervisor_in_scope(client, world, lille_animator):
    _, content = get_page(client, lille_animator, reverse("people:detail", args=[world.lille_master.pk]))
    assert f'href="{reverse("contracts:detail", args=[world.lille.pk])}"' in content
    assert "Aucun contrat comme alternant dans votre périmètre." in content
    _, content = get_page(client, lille_animator, reverse("people:detail", args=[world.lefevre.pk]))
    assert "Aucun contrat encadré dans votre périmètre." in content


def test_contract_page_shows_its_supervisions(client, world, lille_animator):
    _, content = get_page(client, lille_animator, reverse("contracts:detail", args=[world.lille.pk]))
    assert f'href="{reverse("people:detail", args=[world.lille_master.pk])}"' in content
    assert "Maître d&#x27;apprentissage" in content


def test_regional_animator_sees_the_areas_of_their_region(client, world, regional):
    _, content = get_page(client, regional, reverse("areas:list"))
    assert 'href="/zones-emploi/3216/"' in content
