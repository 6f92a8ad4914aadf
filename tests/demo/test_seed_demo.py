"""seed_demo: a deterministic, realistic, consistent demo region, and accounts that see something."""

from __future__ import annotations

import datetime as dt
import hashlib
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count, F, Q

from compagnon.accounts.enums import Role
from compagnon.accounts.models import User
from compagnon.accounts.scope import Scope
from compagnon.contracts.models import Contract, Supervision
from compagnon.core.models import AuditEntry, DemoDataset
from compagnon.core.text import normalize
from compagnon.demo import catalogue as cat
from compagnon.demo.accounts import CHAMBER_ACCOUNTS, DEMO_PASSWORD, REGIONAL_GROUP, ROLE_ACCOUNTS
from compagnon.demo.generator import add_months
from compagnon.demo.services import seed_demo
from compagnon.organisations.models import Company, TrainingCentre
from compagnon.organisations.validators import siret_is_valid, uai_is_valid
from compagnon.people.models import ApprenticeProfile, Person, SupervisorProfile
from compagnon.territory.models import Chamber
from tests.factories import make_contract

pytestmark = pytest.mark.django_db
AS_OF = dt.date(2026, 11, 23)


@pytest.fixture
def seeded(reference_data):  # type: ignore[no-untyped-def]
    return seed_demo(contracts=400, seed=11, as_of=AS_OF)


def fingerprint() -> str:
    """A hash over the key fields of what was generated (ids excluded: sequences differ between runs)."""
    digest = hashlib.sha256()
    contracts = Contract.objects.order_by("source_id").values_list(
        "source_id", "kind", "company__siret", "company__name", "workplace_commune_id", "apprentice__search_name",
        "apprentice__birth_date", "certification__rncp_code", "training_centre__uai", "start_date",
        "planned_end_date", "rupture_date", "rupture_cause", "rupture_initiative",
    )  # fmt: skip
    for row in contracts:
        digest.update(repr(row).encode())
    supervisions = Supervision.objects.order_by("contract__source_id", "person__search_name", "role").values_list(
        "contract__source_id", "person__search_name", "person__birth_date", "role", "is_referent", "is_second_tutor"
    )
    for row in supervisions:
        digest.update(repr(row).encode())
    return digest.hexdigest()


def seeded_fingerprint(*, contracts: int, seed: int) -> str:
    with transaction.atomic():
        seed_demo(contracts=contracts, seed=seed, as_of=AS_OF)
        value = fingerprint()
        transaction.set_rollback(True)
    return value


def test_same_seed_and_size_give_the_same_region(reference_data):  # type: ignore[no-untyped-def]
    assert seeded_fingerprint(contracts=300, seed=5) == seeded_fingerprint(contracts=300, seed=5)


def test_another_seed_gives_another_region(reference_data):  # type: ignore[no-untyped-def]
    assert seeded_fingerprint(contracts=300, seed=5) != seeded_fingerprint(contracts=300, seed=6)


def test_it_creates_the_contracts_asked_for_and_marks_the_database_as_fictitious(seeded):  # type: ignore[no-untyped-def]
    assert Contract.objects.count() == 400
    assert Contract.objects.filter(source="demo").count() == 400
    assert DemoDataset.objects.get().contracts == 400
    entry = AuditEntry.objects.get(action="seed")
    assert "400" in entry.summary and entry.actor is None
    # Companies and masters grow with N: a few contracts per company, not one company for all.
    assert 400 / 6 < Company.objects.count() < 400 / 2
    assert Person.objects.filter(apprentice_profile__isnull=False).count() >= 350


def test_rows_created_afterwards_get_fresh_ids(seeded):  # type: ignore[no-untyped-def]
    # seed_demo assigns ids itself: PostgreSQL's sequences must have been moved past them.
    contract = make_contract()
    assert contract.pk > Contract.objects.exclude(pk=contract.pk).order_by("-pk").values_list("pk", flat=True)[0]
    assert Supervision.objects.create(contract=contract, person=contract.apprentice, role="master").pk


@pytest.mark.parametrize("account", ROLE_ACCOUNTS, ids=lambda a: a.username)
def test_every_role_account_sees_contracts(seeded, account):  # type: ignore[no-untyped-def]
    user = User.objects.get(username=account.username)
    assert user.check_password(DEMO_PASSWORD)
    if account.role is None:
        assert user.is_superuser
    else:
        assert set(user.memberships.values_list("role", flat=True)) == {account.role}
    assert Scope.for_user(user).filter_contracts(Contract.objects.all()).exists()


def test_every_chamber_account_sees_contracts(seeded):  # type: ignore[no-untyped-def]
    for account in CHAMBER_ACCOUNTS:
        user = User.objects.get(username=account.username)
        assert Scope.for_user(user).filter_contracts(Contract.objects.all()).exists(), account.username


def test_master_apprentice_and_employer_accounts_are_the_people_of_one_contract(seeded):  # type: ignore[no-untyped-def]
    master = User.objects.get(username="maitre")
    apprentice = User.objects.get(username="apprenti")
    employer = User.objects.get(username="employeur")
    contract = Contract.objects.get(apprentice=apprentice.person)
    assert contract.supervisions.filter(person=master.person).exists()
    assert employer.memberships.get().company_id == contract.company_id
    assert User.objects.get(username="cfa").memberships.get().training_centre_id == contract.training_centre_id
    assert User.objects.get(username="fournisseur").memberships.get().opco_id == contract.opco_id
    assert Supervision.objects.filter(person=master.person).count() >= 2


def test_the_regional_animator_may_fix_domain_data_in_the_admin(seeded):  # type: ignore[no-untyped-def]
    user = User.objects.get(username="animateur.regional")
    assert user.is_staff and not user.is_superuser
    assert user.groups.filter(name=REGIONAL_GROUP).exists()
    assert user.has_perm("contracts.change_contract") and user.has_perm("organisations.change_company")
    assert not user.has_perm("accounts.change_user")


def test_every_zone_has_one_cci_the_cma_and_the_chamber_of_agriculture(seeded):  # type: ignore[no-untyped-def]
    for area in cat.ALL_AREAS:
        kinds = sorted(Chamber.objects.filter(areas=area).values_list("kind", flat=True))
        assert kinds == ["agriculture", "cci", "cma"], area


def test_denormalised_places_and_search_names_are_consistent(seeded):  # type: ignore[no-untyped-def]
    assert not Contract.objects.exclude(
        employment_area=F("workplace_commune__employment_area"), department=F("workplace_commune__department")
    ).exists()
    assert not Company.objects.exclude(
        employment_area=F("commune__employment_area"), department=F("commune__department")
    ).exists()
    assert not TrainingCentre.objects.exclude(employment_area=F("commune__employment_area")).exists()
    assert set(Contract.objects.values_list("department_id", flat=True)) <= set(cat.DEPARTMENTS)
    for person in Person.objects.all():
        assert person.search_name == normalize(f"{person.last_name} {person.first_name}")
    for organisation in [*Company.objects.all(), *TrainingCentre.objects.all()]:
        assert organisation.search_name == normalize(organisation.name)
    # The contract's OPCO is its employer's.
    assert not Contract.objects.exclude(opco=F("company__opco")).exclude(opco=None, company__opco=None).exists()


def test_identifiers_are_valid(seeded):  # type: ignore[no-untyped-def]
    sirets = list(Company.objects.values_list("siret", flat=True))
    assert len(set(sirets)) == len(sirets)
    assert all(siret_is_valid(s) for s in sirets)
    centres = list(TrainingCentre.objects.all())
    assert 30 <= len(centres) <= 60
    assert all(uai_is_valid(c.uai) and siret_is_valid(c.siret) for c in centres)
    assert all(code.startswith("RNCP9") for code in Contract.objects.values_list("certification__rncp_code", flat=True))


def test_supervision_follows_the_contract_kind(seeded):  # type: ignore[no-untyped-def]
    # One référent per contract (R6223-23); a contrat de professionnalisation has tutors (L6325-3-1).
    assert (
        not Contract.objects.annotate(referents=Count("supervisions", filter=Q(supervisions__is_referent=True)))
        .exclude(referents=1)
        .exists()
    )
    assert not Supervision.objects.filter(contract__kind="professionnalisation").exclude(role="tutor").exists()
    assert not Supervision.objects.filter(contract__kind="apprentissage").exclude(role="master").exists()
    assert SupervisorProfile.objects.count() == Supervision.objects.values("person").distinct().count()
    assert ApprenticeProfile.objects.count() == Contract.objects.values("apprentice").distinct().count()


def test_masters_supervise_over_the_years_and_new_ones_arrive_each_year(reference_data):  # type: ignore[no-untyped-def]
    seed_demo(contracts=2000, seed=3, as_of=AS_OF)
    per_master = Supervision.objects.values("person").annotate(n=Count("contract"))
    assert per_master.filter(n__gte=3).exists()
    first_years = {}
    for person_id, start in Supervision.objects.order_by("start_date").values_list("person_id", "start_date"):
        first_years.setdefault(person_id, start.year if start.month >= 8 else start.year - 1)
    for school_year in range(2022, 2027):
        assert sum(1 for y in first_years.values() if y == school_year) > 50
    # A few tutoring teams (two masters, one référent) and second tutors of GE / ETT (D6325-10).
    assert Supervision.objects.filter(is_referent=False, is_second_tutor=False).exists()


def test_ruptures_are_calibrated_on_the_published_rates(reference_data):  # type: ignore[no-untyped-def]
    seed_demo(contracts=2000, seed=8, as_of=AS_OF)
    rows = list(
        Contract.objects.values_list(
            "kind", "start_date", "planned_end_date", "rupture_date", "rupture_cause", "rupture_initiative",
            "certification__level",
        )
    )  # fmt: skip
    old_enough = [r for r in rows if add_months(r[1], 9) <= AS_OF]
    broken_early = [r for r in old_enough if r[3] is not None and r[3] <= add_months(r[1], 9)]
    rate = len(broken_early) / len(old_enough)
    assert 0.13 <= rate <= 0.29, rate  # rules-fr §6.1: about 20 %
    # By level (§6.2): CAP above higher education.
    by_level = {}
    for low, high in ((3, 3), (5, 7)):
        group = [r for r in old_enough if low <= r[6] <= high]
        by_level[low] = sum(1 for r in group if r in broken_early) / len(group)
    assert by_level[3] > by_level[5]
    broken = [r for r in rows if r[3] is not None]
    assert all(r[3] <= AS_OF and r[1] <= r[3] <= r[2] for r in broken)
    mutual = sum(1 for r in broken if r[4] == "mutual_agreement") / len(broken)
    free_period = sum(1 for r in broken if (r[3] - r[1]).days <= cat.FREE_PERIOD_CALENDAR_DAYS) / len(broken)
    assert 0.35 <= mutual <= 0.65  # §6.11: about half
    assert free_period >= 0.2  # §6.12: a substantial share within the first 45 days
    for kind, start, _end, rupture, cause, initiative, _level in broken:
        days = (rupture - start).days
        if cause == "trial_period":
            assert days <= cat.FREE_PERIOD_CALENDAR_DAYS and initiative in ("apprentice", "employer")
        else:
            assert days > cat.PRO_TRIAL_CALENDAR_DAYS
        if cause == "resignation":
            assert kind == "apprentissage" and initiative == "apprentice"
        if cause == "mutual_agreement":
            assert initiative == "both"
    assert not Contract.objects.filter(rupture_date__isnull=True).exclude(rupture_cause="", rupture_initiative="")


def test_starts_are_mostly_in_september_and_october_over_six_school_years(seeded):  # type: ignore[no-untyped-def]
    starts = list(Contract.objects.values_list("start_date", flat=True))
    assert sum(1 for d in starts if d.month in (9, 10)) / len(starts) > 0.45
    assert min(starts) >= dt.date(2021, 8, 1)
    assert max(starts) <= AS_OF + dt.timedelta(days=31)


def test_if_empty_loads_once_then_does_nothing(reference_data):  # type: ignore[no-untyped-def]
    out = io.StringIO()
    call_command("seed_demo", "--contracts", "300", "--seed", "4", "--if-empty", stdout=out)
    assert Contract.objects.count() == 300
    assert "compagnon-demo" in out.getvalue() and "animateur.regional" in out.getvalue()
    again = io.StringIO()
    call_command("seed_demo", "--contracts", "300", "--if-empty", stdout=again)
    assert Contract.objects.count() == 300
    assert DemoDataset.objects.count() == 1
    assert "déjà" in again.getvalue()


def test_it_refuses_a_database_that_has_contracts(reference_data):  # type: ignore[no-untyped-def]
    make_contract()
    with pytest.raises(CommandError, match="déjà des contrats"):
        call_command("seed_demo", "--contracts", "300", stdout=io.StringIO())
    assert Contract.objects.count() == 1


def test_it_asks_for_the_reference_data_when_missing(reference_data, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(cat, "ALL_AREAS", (*cat.ALL_AREAS, "9999"))
    with pytest.raises(CommandError, match="load_reference_data"):
        call_command("seed_demo", "--contracts", "300", stdout=io.StringIO())


def test_demo_logins_prints_the_accounts(seeded):  # type: ignore[no-untyped-def]
    out = io.StringIO()
    call_command("demo_logins", stdout=out)
    for account in ROLE_ACCOUNTS:
        assert account.username in out.getvalue()
    assert DEMO_PASSWORD in out.getvalue()


def test_demo_logins_says_when_there_is_no_demo(db):  # type: ignore[no-untyped-def]
    out = io.StringIO()
    call_command("demo_logins", stdout=out)
    assert "seed_demo" in out.getvalue()


def test_account_roles_cover_every_role():
    assert {a.role for a in ROLE_ACCOUNTS} - {None} == set(Role)


def test_every_seeded_name_is_found_by_search_and_indexing_goes_on_afterwards(seeded):  # type: ignore[no-untyped-def]
    # seed_demo indexes its rows in one statement at the end (bulk_insert_search_index): none may be missed.
    for person in Person.objects.order_by("?")[:20]:
        assert Person.objects.search(person.search_name).filter(pk=person.pk).exists(), person.search_name
    for company in Company.objects.order_by("?")[:20]:
        assert Company.objects.search(company.search_name).filter(pk=company.pk).exists(), company.search_name
    newcomer = Person.objects.create(first_name="Zéphyrin", last_name="Quillebeuf", search_name="quillebeuf zephyrin")
    assert list(Person.objects.search("quillebeuf")) == [newcomer]


def test_the_people_of_each_contract_are_indexed_after_the_bulk_load(seeded):  # type: ignore[no-untyped-def]
    from compagnon.contracts.models import ContractPerson
    from tests.contracts.test_people_index import actual_rows, expected_rows

    assert ContractPerson.objects.count() == Contract.objects.count() + Supervision.objects.count()
    assert actual_rows() == expected_rows()
    make_contract()  # the triggers are back after the load
    assert actual_rows() == expected_rows()
