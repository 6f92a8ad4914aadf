"""The demo accounts: one per role, plus every chamber's animators and mediator, all with the same password.

This module is the one place that lists them; `seed_demo` creates them and `demo_logins` prints them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission
from django.db.models import Count, Q

from compagnon.accounts.enums import Role
from compagnon.accounts.models import Membership, User
from compagnon.contracts.models import Contract, Supervision
from compagnon.demo import catalogue as cat
from compagnon.territory.models import Chamber, Region

# Documented in the README; fictitious data only, never on a server reachable from outside.
DEMO_PASSWORD = "compagnon-demo"
REGIONAL_GROUP = "Animation régionale"
# The apps whose models the regional animator may fix in the Django admin. Accounts stay with the superuser: the
# right to change an account is the right to give oneself any power.
ADMIN_APPS = ("territory", "organisations", "certifications", "people", "contracts", "compliance")
SHOWCASE_AREA = "3216"  # Lille: the role accounts of the trio work there


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str | None  # None: the superuser
    first_name: str
    last_name: str
    description: str  # French, printed by demo_logins


# The main list, one account per role (what `make run` prints first).
ROLE_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount("admin", None, "", "", "Superutilisateur : tout voir, tout faire, administration Django"),
    DemoAccount(
        "animateur.regional",
        Role.REGIONAL_ANIMATOR,
        "Hélène",
        "Vandewalle",
        "Animatrice régionale : toute la région, administration des données",
    ),
    DemoAccount(
        "animateur.lille",
        Role.TERRITORIAL_ANIMATOR,
        "Karim",
        "Bensaïd",
        "Animateur territorial, CCI Grand Lille : zone d'emploi de Lille",
    ),
    DemoAccount("cfa", Role.CFA_STAFF, "Sophie", "Delcroix", "Coordinatrice d'un CFA de la zone de Lille"),
    DemoAccount("maitre", Role.SUPERVISOR, "", "", "Maître d'apprentissage (plusieurs apprentis au fil des ans)"),
    DemoAccount("apprenti", Role.APPRENTICE, "", "", "Apprenti de ce maître d'apprentissage"),
    DemoAccount("employeur", Role.EMPLOYER, "Marc", "Deschamps", "Employeur : l'entreprise de ce maître"),
    DemoAccount("mediateur", Role.MEDIATOR, "Nadia", "Haddad", "Médiatrice consulaire, CCI Grand Lille"),
    DemoAccount(
        "inspecteur", Role.INSPECTOR, "Bruno", "Maes", "Inspection de l'apprentissage : toute la région (lecture)"
    ),
    DemoAccount("fournisseur", Role.DATA_PROVIDER, "", "", "Fournisseur de données : l'OPCO de cet employeur"),
)


@dataclass(frozen=True)
class ChamberAccount:
    username: str
    role: str  # territorial animator or mediator
    chamber: str
    areas: tuple[str, ...]  # empty: every area of the chamber
    first_name: str
    last_name: str


# Every zone has an animator in its CCI, in the CMA and in the chamber of agriculture, and each chamber a mediator.
CHAMBER_ACCOUNTS: tuple[ChamberAccount, ...] = (
    ChamberAccount("animateur.lille", Role.TERRITORIAL_ANIMATOR, cat.CCI_GRAND_LILLE, ("3216",), "Karim", "Bensaïd"),
    ChamberAccount(
        "animateur.roubaix", Role.TERRITORIAL_ANIMATOR, cat.CCI_GRAND_LILLE, ("3218",), "Julie", "Verhaeghe"
    ),
    ChamberAccount("animateur.douai", Role.TERRITORIAL_ANIMATOR, cat.CCI_GRAND_LILLE, ("3212",), "Thomas", "Lemaire"),
    ChamberAccount(
        "animateur.valenciennes", Role.TERRITORIAL_ANIMATOR, "CCI Grand Hainaut", ("3222",), "Céline", "Dupuis"
    ),
    ChamberAccount(
        "animateur.cambrai-maubeuge",
        Role.TERRITORIAL_ANIMATOR,
        "CCI Grand Hainaut",
        ("3208", "3217"),
        "Pascal",
        "Lefranc",
    ),
    ChamberAccount("animateur.arras", Role.TERRITORIAL_ANIMATOR, "CCI Artois", ("3203",), "Aurélie", "Catteau"),
    ChamberAccount(
        "animateur.lens-bethune", Role.TERRITORIAL_ANIMATOR, "CCI Artois", ("3215", "3205"), "Rachid", "Kowalczyk"
    ),
    ChamberAccount(
        "animateur.dunkerque", Role.TERRITORIAL_ANIMATOR, "CCI Littoral Hauts-de-France", ("3213",), "Anne", "Decock"
    ),
    ChamberAccount(
        "animateur.calais-saint-omer",
        Role.TERRITORIAL_ANIMATOR,
        "CCI Littoral Hauts-de-France",
        ("3207", "3219"),
        "Ludovic",
        "Sueur",
    ),
    ChamberAccount(
        "animateur.boulogne-berck",
        Role.TERRITORIAL_ANIMATOR,
        "CCI Littoral Hauts-de-France",
        ("3206", "3204"),
        "Marion",
        "Fournier",
    ),
    ChamberAccount(
        "animateur.cma.metropole",
        Role.TERRITORIAL_ANIMATOR,
        "CMA Hauts-de-France",
        ("3216", "3218", "3212"),
        "Stéphane",
        "Wallet",
    ),
    ChamberAccount(
        "animateur.cma.hainaut",
        Role.TERRITORIAL_ANIMATOR,
        "CMA Hauts-de-France",
        ("3222", "3208", "3217"),
        "Virginie",
        "Hanot",
    ),
    ChamberAccount(
        "animateur.cma.artois",
        Role.TERRITORIAL_ANIMATOR,
        "CMA Hauts-de-France",
        ("3203", "3205", "3215"),
        "Grégory",
        "Nowak",
    ),
    ChamberAccount(
        "animateur.cma.littoral",
        Role.TERRITORIAL_ANIMATOR,
        "CMA Hauts-de-France",
        ("3213", "3207", "3206", "3204", "3219"),
        "Émilie",
        "Vermeersch",
    ),
    ChamberAccount(
        "animateur.agri.nord",
        Role.TERRITORIAL_ANIMATOR,
        "Chambre d'agriculture du Nord-Pas-de-Calais",
        ("3216", "3218", "3212", "3222", "3208", "3217", "3213"),
        "François",
        "Deleplanque",
    ),
    ChamberAccount(
        "animateur.agri.pas-de-calais",
        Role.TERRITORIAL_ANIMATOR,
        "Chambre d'agriculture du Nord-Pas-de-Calais",
        ("3203", "3204", "3205", "3206", "3207", "3215", "3219"),
        "Laure",
        "Bouchez",
    ),
    ChamberAccount("mediateur", Role.MEDIATOR, cat.CCI_GRAND_LILLE, (), "Nadia", "Haddad"),
    ChamberAccount("mediateur.grand-hainaut", Role.MEDIATOR, "CCI Grand Hainaut", (), "Olivier", "Delmotte"),
    ChamberAccount("mediateur.artois", Role.MEDIATOR, "CCI Artois", (), "Sandrine", "Flament"),
    ChamberAccount("mediateur.littoral", Role.MEDIATOR, "CCI Littoral Hauts-de-France", (), "Yannick", "Ducrocq"),
    ChamberAccount("mediateur.cma", Role.MEDIATOR, "CMA Hauts-de-France", (), "Isabelle", "Gosselin"),
    ChamberAccount(
        "mediateur.agri", Role.MEDIATOR, "Chambre d'agriculture du Nord-Pas-de-Calais", (), "Jean-Marc", "Lagache"
    ),
)

ALL_USERNAMES = tuple(dict.fromkeys([a.username for a in ROLE_ACCOUNTS] + [a.username for a in CHAMBER_ACCOUNTS]))


def _user(username: str, first_name: str = "", last_name: str = "", **extra: object) -> User:
    """Create or reset a demo account: same password, no earlier memberships.

    The password is hashed once for all (hashing is deliberately slow: 30 accounts would take 15 s).
    """
    user = User.objects.filter(username=username).first() or User(username=username)
    user.first_name, user.last_name = first_name, last_name
    user.email = f"{username}@demo.compagnon.example"
    user.is_active = True
    for key, value in extra.items():
        setattr(user, key, value)
    user.password = _password_hash()
    user.save()
    user.memberships.all().delete()
    return user


@cache
def _password_hash() -> str:
    return make_password(DEMO_PASSWORD)


def _membership(user: User, role: str, areas: Iterable[str] = (), **organisation: object) -> Membership:
    membership = Membership.objects.create(user=user, role=role, **organisation)
    if areas:
        membership.areas.set(list(areas))
    return membership


def _showcase_contract(as_of: dt.date) -> Contract:
    """A contract running today in Lille whose master has supervised several contracts, in a company with several
    contracts and an OPCO: the master, apprentice, employer, CFA and data-provider accounts all look at it.

    Bounded queries (a few hundred candidates) so that it stays instant at a million contracts.
    """
    running = Contract.objects.filter(
        Q(rupture_date__isnull=True) | Q(rupture_date__gt=as_of),
        start_date__lte=as_of,
        planned_end_date__gte=as_of,
        kind="apprentissage",
        opco__isnull=False,
        training_centre__isnull=False,
        company__kind="ordinary",
    )
    candidates = list(running.filter(employment_area_id=SHOWCASE_AREA).order_by("id")[:300]) or list(
        running.order_by("id")[:300]
    )
    if not candidates:
        candidates = list(Contract.objects.exclude(training_centre=None).order_by("id")[:300])
    if not candidates:
        raise ValueError("aucun contrat pour les comptes de démonstration")
    referents = dict(
        Supervision.objects.filter(contract__in=candidates, is_referent=True).values_list("contract_id", "person_id")
    )
    per_master = dict(
        Supervision.objects.filter(person_id__in=set(referents.values()))
        .values("person_id")
        .annotate(n=Count("id"))
        .values_list("person_id", "n")
    )
    per_company = dict(
        Contract.objects.filter(company_id__in={c.company_id for c in candidates})
        .values("company_id")
        .annotate(n=Count("id"))
        .values_list("company_id", "n")
    )

    def score(contract: Contract) -> tuple[int, int, int]:
        master = referents.get(contract.pk)
        return (min(per_master.get(master, 0), 3), min(per_company.get(contract.company_id, 0), 4), -contract.pk)

    return max(candidates, key=score)


def create_demo_accounts(*, as_of: dt.date) -> dict[str, User]:
    """Create (or reset) every demo account, linked to people and organisations that have contracts."""
    region = Region.objects.get(code=cat.REGION_CODE)
    chambers = {c.name: c for c in Chamber.objects.filter(name__in=[name for name, _, _ in cat.CHAMBERS])}
    showcase = _showcase_contract(as_of)
    master_id = (
        Supervision.objects.filter(contract=showcase).order_by("-is_referent", "id").values_list("person_id", flat=True)
    )[0]
    users: dict[str, User] = {}

    users["admin"] = _user("admin", is_staff=True, is_superuser=True)
    spec = {a.username: a for a in ROLE_ACCOUNTS}

    regional = spec["animateur.regional"]
    users[regional.username] = user = _user(
        regional.username, regional.first_name, regional.last_name, is_staff=True, is_superuser=False
    )
    _membership(user, Role.REGIONAL_ANIMATOR, region=region)
    group, _ = Group.objects.get_or_create(name=REGIONAL_GROUP)
    group.permissions.set(Permission.objects.filter(content_type__app_label__in=ADMIN_APPS))
    user.groups.set([group])

    for account in CHAMBER_ACCOUNTS:
        users[account.username] = user = _user(account.username, account.first_name, account.last_name)
        _membership(user, account.role, account.areas, chamber=chambers[account.chamber])

    inspector = spec["inspecteur"]
    users["inspecteur"] = user = _user(inspector.username, inspector.first_name, inspector.last_name)
    _membership(user, Role.INSPECTOR, region=region)

    cfa = spec["cfa"]
    users["cfa"] = user = _user(cfa.username, cfa.first_name, cfa.last_name)
    _membership(user, Role.CFA_STAFF, training_centre_id=showcase.training_centre_id)

    master = showcase.supervisions.get(person_id=master_id).person
    users["maitre"] = user = _user("maitre", master.first_name, master.last_name, person=master)
    _membership(user, Role.SUPERVISOR, company_id=showcase.company_id)

    apprentice = showcase.apprentice
    users["apprenti"] = user = _user("apprenti", apprentice.first_name, apprentice.last_name, person=apprentice)
    _membership(user, Role.APPRENTICE, company_id=showcase.company_id)

    employer = spec["employeur"]
    users["employeur"] = user = _user(employer.username, employer.first_name, employer.last_name)
    _membership(user, Role.EMPLOYER, company_id=showcase.company_id)

    users["fournisseur"] = user = _user("fournisseur", "Service", "Échanges de données")
    _membership(user, Role.DATA_PROVIDER, opco_id=showcase.opco_id)
    return users


def describe_accounts() -> list[tuple[str, str]]:
    """(username, French description) for the main list, completed with the organisations found in the database."""
    rows = []
    users = {
        u.username: u
        for u in User.objects.filter(username__in=ALL_USERNAMES).prefetch_related(
            "memberships__training_centre", "memberships__company", "memberships__opco", "memberships__chamber"
        )
    }
    for account in ROLE_ACCOUNTS:
        user = users.get(account.username)
        if user is None:
            continue
        detail = account.description
        organisations = [str(m.organisation) for m in user.memberships.all() if m.organisation is not None]
        if account.role in (Role.CFA_STAFF, Role.SUPERVISOR, Role.APPRENTICE, Role.EMPLOYER, Role.DATA_PROVIDER):
            who = user.get_full_name()
            detail = f"{detail} — {', '.join(organisations)}" + (f" ({who})" if account.role in (
                Role.SUPERVISOR, Role.APPRENTICE) and who else "")  # fmt: skip
        rows.append((account.username, detail))
    others = [a.username for a in CHAMBER_ACCOUNTS if a.username in users and a.username not in dict(rows)]
    if others:
        rows.append(("…", "autres animateurs et médiateurs des chambres : " + ", ".join(others)))
    return rows
