from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from compagnon.accounts.enums import Role
from compagnon.contracts.enums import ContractKind
from compagnon.contracts.models import Contract
from compagnon.organisations.models import Company, TrainingCentre
from compagnon.people.models import Person
from tests.factories import (
    make_apprentice,
    make_certification,
    make_chamber,
    make_company,
    make_contract,
    make_supervisor,
    make_training_centre,
    make_user,
)


@dataclass
class World:
    """Two employment areas, each with a company, a CFA, a master, an apprentice and a contract."""

    territory: dict
    lille: Contract
    arras: Contract
    lille_master: Person
    lefevre: Person
    lille_company: Company
    lille_centre: TrainingCentre
    arras_company: Company
    arras_centre: TrainingCentre


@pytest.fixture
def world(territory) -> World:
    lille_commune, arras_commune = territory["communes"]["Lille"], territory["communes"]["Arras"]
    lille_company = make_company(commune=lille_commune, name="Boulangerie Dupont", naf="10.71C")
    arras_company = make_company(commune=arras_commune, name="Garage des Remparts", naf="45.20A", kind="siae")
    lille_centre = make_training_centre(commune=lille_commune, name="CFA des métiers de Lille")
    arras_centre = make_training_centre(commune=arras_commune, name="CFA de l'Artois")
    lefevre = make_apprentice(first_name="Camille", last_name="Lefèvre")
    master = make_supervisor(first_name="Jean", last_name="Dupont")
    lille = make_contract(
        company=lille_company,
        apprentice=lefevre,
        supervisor=master,
        training_centre=lille_centre,
        certification=make_certification(level=3),
        start_date=dt.date(2025, 9, 1),
    )
    arras = make_contract(
        company=arras_company,
        apprentice=make_apprentice(first_name="Léo", last_name="Bernard"),
        supervisor=make_supervisor(first_name="Anne", last_name="Petit"),
        training_centre=arras_centre,
        certification=make_certification(level=5),
        kind=ContractKind.PROFESSIONNALISATION,
        start_date=dt.date(2024, 9, 2),
    )
    return World(territory, lille, arras, master, lefevre, lille_company, lille_centre, arras_company, arras_centre)


@pytest.fixture
def regional(world):
    return make_user(role=Role.REGIONAL_ANIMATOR, organisation=world.territory["regions"]["hdf"])


@pytest.fixture
def animator(world):
    """A territorial animator over both areas of the world: sees everything in it, and has area choices."""
    areas = [world.territory["areas"]["Lille"], world.territory["areas"]["Arras"]]
    return make_user(role=Role.TERRITORIAL_ANIMATOR, organisation=make_chamber(areas=areas))


@pytest.fixture
def lille_animator(world):
    return make_user(
        role=Role.TERRITORIAL_ANIMATOR, organisation=make_chamber(areas=[world.territory["areas"]["Lille"]])
    )


@pytest.fixture
def arras_animator(world):
    return make_user(
        role=Role.TERRITORIAL_ANIMATOR, organisation=make_chamber(areas=[world.territory["areas"]["Arras"]])
    )


def get_page(client, user, url, **headers):
    client.force_login(user)
    response = client.get(url, headers=headers)
    content = response.content.decode()
    assert "INVALID_TEMPLATE_VARIABLE" not in content
    return response, content


@pytest.fixture
def animator_of():
    """A territorial animator over the Lille and Arras areas of a territory."""

    def make(territory):
        areas = [territory["areas"]["Lille"], territory["areas"]["Arras"]]
        return make_user(role=Role.TERRITORIAL_ANIMATOR, organisation=make_chamber(areas=areas))

    return make
