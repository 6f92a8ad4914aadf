"""Plain factory functions with sensible defaults; keyword arguments override anything.

A tiny territory (two regions, three zones d'emploi) is enough for most tests; tests that need all of France
call the `reference_data` fixture instead.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from compagnon.accounts.enums import ROLE_ORGANISATION, Role
from compagnon.accounts.models import Membership, User
from compagnon.certifications.models import Certification, NsfGroup
from compagnon.contracts.enums import ContractKind, ContractSource, SupervisionRole
from compagnon.contracts.models import Contract, Supervision
from compagnon.core.text import normalize
from compagnon.organisations.models import Company, Opco, TrainingCentre
from compagnon.organisations.validators import LA_POSTE_SIREN, luhn_ok, uai_check_letter
from compagnon.people.models import ApprenticeProfile, Person, SupervisorProfile
from compagnon.territory.models import Chamber, Commune, Department, EmploymentArea, Region

_seq = itertools.count(1)


def make_siret(n: int) -> str:
    """A SIRET with valid Luhn keys on both the SIREN and the SIRET."""
    base = f"{n:08d}"[-8:]
    siren = next(base + str(d) for d in range(10) if luhn_ok(base + str(d)))
    assert siren != LA_POSTE_SIREN
    nic = "0001"
    return next(siren + nic + str(d) for d in range(10) if luhn_ok(siren + nic + str(d)))


def make_uai(n: int) -> str:
    digits = f"{n % 10_000_000:07d}"
    return digits + uai_check_letter(digits)


def make_territory() -> dict[str, Any]:
    """Hauts-de-France (59, 62) with Lille, Arras and Lens areas, and Bretagne (35) with Rennes."""
    hdf, _ = Region.objects.get_or_create(code="32", defaults={"name": "Hauts-de-France"})
    bzh, _ = Region.objects.get_or_create(code="53", defaults={"name": "Bretagne"})
    nord, _ = Department.objects.get_or_create(code="59", defaults={"name": "Nord", "region": hdf})
    pdc, _ = Department.objects.get_or_create(code="62", defaults={"name": "Pas-de-Calais", "region": hdf})
    ille, _ = Department.objects.get_or_create(code="35", defaults={"name": "Ille-et-Vilaine", "region": bzh})
    areas = {}
    for code, name, region in [
        ("3216", "Lille", hdf),
        ("3203", "Arras", hdf),
        ("3215", "Lens", hdf),
        ("5309", "Rennes", bzh),
    ]:
        area, _ = EmploymentArea.objects.get_or_create(code=code, defaults={"name": name})
        area.regions.add(region)
        areas[name] = area
    communes = {}
    for insee, name, dept, area, postal in [
        ("59350", "Lille", nord, areas["Lille"], "59000 59160 59260 59777 59800"),
        ("59512", "Roubaix", nord, areas["Lille"], "59100"),
        ("62041", "Arras", pdc, areas["Arras"], "62000"),
        ("62498", "Lens", pdc, areas["Lens"], "62300"),
        ("35238", "Rennes", ille, areas["Rennes"], "35000 35200 35700"),
    ]:
        commune, _ = Commune.objects.get_or_create(
            insee_code=insee,
            defaults={
                "name": name,
                "search_name": normalize(name),
                "department": dept,
                "employment_area": area,
                "postal_codes": postal,
                "population": 100_000,
            },
        )
        communes[name] = commune
    return {"regions": {"hdf": hdf, "bzh": bzh}, "areas": areas, "communes": communes}


def make_chamber(
    *,
    name: str | None = None,
    kind: str = "cci",
    areas: list[EmploymentArea] | None = None,
    region: Region | None = None,
) -> Chamber:
    territory = make_territory()
    chamber = Chamber.objects.create(
        name=name or f"Chambre {next(_seq)}", kind=kind, region=region or territory["regions"]["hdf"]
    )
    chamber.areas.set(areas if areas is not None else [territory["areas"]["Lille"]])
    return chamber


def make_opco(**kwargs: Any) -> Opco:
    n = next(_seq)
    defaults = {"code": f"opco-{n}", "name": f"OPCO {n}"}
    return Opco.objects.create(**(defaults | kwargs))


def _place(commune: Commune | None) -> dict[str, Any]:
    commune = commune or make_territory()["communes"]["Lille"]
    return {"commune": commune, "employment_area": commune.employment_area, "department": commune.department}


def make_company(*, commune: Commune | None = None, **kwargs: Any) -> Company:
    n = next(_seq)
    name = kwargs.pop("name", f"Entreprise {n}")
    place = _place(commune)
    defaults = {
        "siret": make_siret(n),
        "name": name,
        "search_name": normalize(name),
        "naf": "56.10A",
        "idcc": "1979",
        "headcount": 8,
    } | place
    return Company.objects.create(**(defaults | kwargs))


def make_training_centre(*, commune: Commune | None = None, **kwargs: Any) -> TrainingCentre:
    n = next(_seq)
    name = kwargs.pop("name", f"CFA {n}")
    place = _place(commune)
    place.pop("department")
    return TrainingCentre.objects.create(
        **({"uai": make_uai(n), "name": name, "search_name": normalize(name)} | place | kwargs)
    )


def make_person(*, first_name: str | None = None, last_name: str | None = None, **kwargs: Any) -> Person:
    n = next(_seq)
    first_name = first_name or "Camille"
    last_name = last_name or f"Martin{n}"
    defaults = {"birth_date": dt.date(1980, 5, 17)}
    return Person.objects.create(
        first_name=first_name,
        last_name=last_name,
        search_name=normalize(f"{last_name} {first_name}"),
        **(defaults | kwargs),
    )


def make_apprentice(**kwargs: Any) -> Person:
    person = make_person(birth_date=kwargs.pop("birth_date", dt.date(2007, 3, 1)), **kwargs)
    ApprenticeProfile.objects.create(person=person, sex="F")
    return person


def make_supervisor(**kwargs: Any) -> Person:
    person = make_person(**kwargs)
    SupervisorProfile.objects.create(person=person, job_title="Chef de cuisine")
    return person


def make_certification(**kwargs: Any) -> Certification:
    n = next(_seq)
    nsf, _ = NsfGroup.objects.get_or_create(
        code="221", defaults={"label": "Agro-alimentaire, alimentation, cuisine", "domain": "22"}
    )
    defaults = {"rncp_code": f"RNCP{90000 + n}", "title": f"CAP Cuisine {n}", "level": 3, "nsf": nsf}
    return Certification.objects.create(**(defaults | kwargs))


def make_contract(
    *,
    company: Company | None = None,
    apprentice: Person | None = None,
    supervisor: Person | None = None,
    commune: Commune | None = None,
    **kwargs: Any,
) -> Contract:
    company = company or make_company(commune=commune)
    commune = commune or company.commune
    start = kwargs.pop("start_date", dt.date(2025, 9, 1))
    contract = Contract.objects.create(
        **(
            {
                "kind": ContractKind.APPRENTISSAGE,
                "company": company,
                "workplace_commune": commune,
                "employment_area": commune.employment_area,
                "department": commune.department,
                "apprentice": apprentice or make_apprentice(),
                "start_date": start,
                "planned_end_date": start.replace(year=start.year + 2) - dt.timedelta(days=1),
                "source": ContractSource.FORM,
            }
            | kwargs
        )
    )
    if supervisor is not None:
        Supervision.objects.create(contract=contract, person=supervisor, role=SupervisionRole.MASTER, is_referent=True)
    return contract


def make_user(
    *,
    role: str | None = None,
    organisation: Any = None,
    areas: list[EmploymentArea] | None = None,
    person: Person | None = None,
    password: str = "motdepasse-de-test",
    **kwargs: Any,
) -> User:
    """An account, with one membership when `role` is given (its organisation of the kind the role calls for)."""
    n = next(_seq)
    username = kwargs.pop("username", f"user{n}")
    user = User.objects.create_user(username=username, password=password, person=person, **kwargs)
    if role is not None:
        field = ROLE_ORGANISATION[role]
        if organisation is None:
            organisation = {
                "region": lambda: make_territory()["regions"]["hdf"],
                "chamber": make_chamber,
                "training_centre": make_training_centre,
                "company": make_company,
                "opco": make_opco,
            }[field]()
        membership = Membership.objects.create(user=user, role=role, **{field: organisation})
        if areas:
            membership.areas.set(areas)
    return user


ALL_ROLES = list(Role)
