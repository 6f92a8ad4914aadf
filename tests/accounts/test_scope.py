from __future__ import annotations

import pytest

from compagnon.accounts.enums import Role
from compagnon.accounts.scope import Scope
from compagnon.contracts.models import Contract
from compagnon.organisations.models import Company, TrainingCentre
from compagnon.people.models import Person
from tests.factories import make_chamber, make_contract, make_supervisor, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_contracts(territory):
    lille = make_contract(commune=territory["communes"]["Lille"], supervisor=make_supervisor())
    rennes = make_contract(commune=territory["communes"]["Rennes"], supervisor=make_supervisor())
    return lille, rennes


def visible(user, model=Contract):
    scope = Scope.for_user(user)
    method = {
        Contract: scope.filter_contracts,
        Company: scope.filter_companies,
        Person: scope.filter_people,
        TrainingCentre: scope.filter_training_centres,
    }[model]
    return set(method(model.objects.all()))


def test_regional_animator_sees_their_region_only(territory, two_contracts):
    lille, rennes = two_contracts
    user = make_user(role=Role.REGIONAL_ANIMATOR, organisation=territory["regions"]["hdf"])
    assert visible(user) == {lille}
    assert visible(user, Company) == {lille.company}
    assert lille.apprentice in visible(user, Person)
    assert rennes.apprentice not in visible(user, Person)


def test_territorial_animator_sees_the_areas_of_their_chamber(territory, two_contracts):
    lille, rennes = two_contracts
    arras = make_contract(commune=territory["communes"]["Arras"])
    chamber = make_chamber(areas=[territory["areas"]["Arras"]])
    user = make_user(role=Role.TERRITORIAL_ANIMATOR, organisation=chamber)
    assert visible(user) == {arras}


def test_membership_areas_narrow_the_chamber(territory, two_contracts):
    lille, _ = two_contracts
    make_contract(commune=territory["communes"]["Arras"])
    chamber = make_chamber(areas=[territory["areas"]["Arras"], territory["areas"]["Lille"]])
    user = make_user(role=Role.TERRITORIAL_ANIMATOR, organisation=chamber, areas=[territory["areas"]["Lille"]])
    assert visible(user) == {lille}


def test_master_sees_the_contracts_they_supervise_and_themselves(two_contracts):
    lille, rennes = two_contracts
    master = lille.supervisions.get().person
    user = make_user(role=Role.SUPERVISOR, organisation=lille.company, person=master)
    assert visible(user) == {lille}
    assert visible(user, Person) == {master, lille.apprentice}


def test_cfa_staff_sees_their_centre_contracts(territory):
    contract = make_contract()
    make_contract()
    user = make_user(role=Role.CFA_STAFF)
    centre = user.memberships.get().training_centre
    contract.training_centre = centre
    contract.save()
    assert visible(user) == {contract}
    assert visible(user, TrainingCentre) == {centre}


def test_account_without_membership_sees_nothing(two_contracts):
    assert visible(make_user()) == set()


def test_superuser_sees_everything(two_contracts):
    assert visible(make_user(is_superuser=True)) == set(two_contracts)


def test_regional_animator_sees_every_area_of_their_region(territory, two_contracts):
    from compagnon.territory.models import EmploymentArea

    user = make_user(role=Role.REGIONAL_ANIMATOR, organisation=territory["regions"]["hdf"])
    areas = set(Scope.for_user(user).filter_areas(EmploymentArea.objects.all()))
    assert {territory["areas"][name] for name in ("Lille", "Arras", "Lens")} <= areas
    assert territory["areas"]["Rennes"] not in areas


# --- people: two plans, one answer ------------------------------------------------------------------------------
@pytest.fixture
def people_world(territory):
    """In Lille: a contract with a master; in Arras: another; in Rennes: one out of the region."""
    lille = make_contract(commune=territory["communes"]["Lille"], supervisor=make_supervisor())
    arras = make_contract(commune=territory["communes"]["Arras"], supervisor=make_supervisor())
    rennes = make_contract(commune=territory["communes"]["Rennes"], supervisor=make_supervisor())
    master = lambda contract: contract.supervisions.get().person  # noqa: E731
    return {"lille": lille, "arras": arras, "rennes": rennes, "master": master}


PLANS = ["probe", "collect", "auto"]


@pytest.mark.parametrize("plan", PLANS)
def test_people_in_scope_are_the_same_whatever_the_plan(territory, people_world, plan):
    lille, arras, rennes, master = (people_world[k] for k in ("lille", "arras", "rennes", "master"))
    scope = Scope.for_user(make_user(role=Role.REGIONAL_ANIMATOR, organisation=territory["regions"]["hdf"]))

    def people(**kwargs):
        return set(scope.filter_people(Person.objects.all(), plan=plan, **kwargs))

    assert people() == {lille.apprentice, master(lille), arras.apprentice, master(arras)}
    assert people(supervisors=False) == {lille.apprentice, arras.apprentice}
    assert people(apprentices=False) == {master(lille), master(arras)}
    assert people(area="3216") == {lille.apprentice, master(lille)}
    assert people(area="3216", apprentices=False) == {master(lille)}
    assert people(area="5309") == set()  # Rennes: outside the region, even when asked for


@pytest.mark.parametrize("plan", PLANS)
def test_a_master_sees_themselves_and_their_apprentice_whatever_the_plan(people_world, plan):
    lille, master = people_world["lille"], people_world["master"]
    user = make_user(role=Role.SUPERVISOR, organisation=lille.company, person=master(lille))
    people = set(Scope.for_user(user).filter_people(Person.objects.all(), plan=plan))
    assert people == {master(lille), lille.apprentice}


@pytest.mark.parametrize("plan", PLANS)
def test_superuser_narrowed_to_a_role_and_an_area_whatever_the_plan(people_world, plan):
    lille, master = people_world["lille"], people_world["master"]
    scope = Scope.for_user(make_user(is_superuser=True))
    assert set(scope.filter_people(Person.objects.all(), plan=plan, area="3216", apprentices=False)) == {master(lille)}


def test_the_plan_follows_the_size_of_the_scope(territory, people_world, monkeypatch):
    """Few people in scope: collect them first; many: probe person by person (docs/performance.md)."""
    import compagnon.accounts.scope as scope_module

    user = make_user(role=Role.REGIONAL_ANIMATOR, organisation=territory["regions"]["hdf"])

    def sql(limit):
        monkeypatch.setattr(scope_module, "PEOPLE_COLLECT_MAX", limit)
        return str(Scope.for_user(user).filter_people(Person.objects.all()).query).upper()

    # Two contracts in the region, each with its apprentice and its master: four people-on-contract rows.
    assert "EXISTS" in sql(limit=3)
    assert "EXISTS" not in sql(limit=4)


def test_people_are_probed_in_one_table(territory, people_world):
    """An EXISTS over contracts OR one over supervisions made PostgreSQL hash every contract in scope (1.9 s)."""
    scope = Scope.for_user(make_user(role=Role.REGIONAL_ANIMATOR, organisation=territory["regions"]["hdf"]))
    sql = str(scope.filter_people(Person.objects.all(), plan="probe").query).upper()
    assert sql.count("EXISTS") == 1
    assert "CONTRACTS_CONTRACTPERSON" in sql and "CONTRACTS_SUPERVISION" not in sql
