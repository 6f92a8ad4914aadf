"""The permission matrix: every page URL × every role (plus superuser, an account with no membership, and anonymous)
× an object in the account's own scope / in another scope, from ONE table (STYLE: Permissions; pretix).

Reading a row: the URL, its object (own / other scope, or none), the method, then the expected status for each
column of ACTORS. 302 for anonymous means "redirected to the login page". Out of scope is 404, a page the role may
not open is 403. BUG(n): n is the right answer but a known bug gives another; the test fails once it is fixed, so the
marker gets removed.

Add a row for every new page; test_every_page_url_is_in_the_matrix fails otherwise.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from compagnon.accounts.enums import Role
from compagnon.accounts.models import ApiToken
from compagnon.api.rules import EXAMPLE
from compagnon.core.models import SentMail
from compagnon.intake.models import ImportRun
from compagnon.people.models import MergeProposal
from tests.factories import (
    make_apprentice,
    make_chamber,
    make_company,
    make_contract,
    make_opco,
    make_supervisor,
    make_training_centre,
    make_user,
)

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class BUG:
    expected: int


ANONYMOUS, SUPERUSER, NO_ROLE = "anonyme", "superuser", "sans_habilitation"
R = Role
ACTORS = [
    ANONYMOUS,
    SUPERUSER,
    NO_ROLE,
    R.REGIONAL_ANIMATOR,
    R.TERRITORIAL_ANIMATOR,
    R.CFA_STAFF,
    R.SUPERVISOR,
    R.APPRENTICE,
    R.EMPLOYER,
    R.MEDIATOR,
    R.INSPECTOR,
    R.DATA_PROVIDER,
]

# fmt: off
MATRIX: list[tuple[str, str | None, str, tuple[int | BUG, ...]]] = [
    # url name                 object   method  anon  super none  reg   terr  cfa   sup   appr  empl  med   insp  data
    ("home",                   None,    "get",  (302, 200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200)),
    ("login",                  None,    "get",  (200, 302,  302,  302,  302,  302,  302,  302,  302,  302,  302,  302)),
    ("logout",                 None,    "post", (302, 302,  302,  302,  302,  302,  302,  302,  302,  302,  302,  302)),
    ("logout",                 None,    "get",  (302, 405,  405,  405,  405,  405,  405,  405,  405,  405,  405,  405)),
    ("profile",                None,    "get",  (302, 200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200)),
    ("profile_token",          None,    "post", (302, 302,  302,  302,  302,  302,  302,  302,  302,  302,  302,  302)),
    ("password_change",        None,    "get",  (302, 200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200)),
    ("password_change_done",   None,    "get",  (302, 200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200)),
    ("audit:list",             None,    "get",  (302, 200,  403,  200,  403,  403,  403,  403,  403,  403,  403,  403)),
    ("mail:list",              None,    "get",  (302, 200,  403,  200,  403,  403,  403,  403,  403,  403,  403,  403)),
    ("mail:detail",            "mail",  "get",  (302, 200,  403,  200,  403,  403,  403,  403,  403,  403,  403,  403)),
    ("contracts:list",         None,    "get",  (302, 200,  403,  200,  200,  200,  200,  200,  200,  200,  200,  200)),
    ("contracts:export",       None,    "get",  (302, 200,  403,  200,  200,  200,  200,  200,  200,  200,  200,  200)),
    ("contracts:detail",       "own",   "get",  (302, 200,  403,  200,  200,  200,  200,  200,  200,  200,  200,  200)),
    ("contracts:detail",       "other", "get",  (302, 200,  403,  404,  404,  404,  404,  404,  404,  404,  404,  404)),
    ("people:list",            None,    "get",  (302, 200,  403,  200,  200,  200,  200,  200,  200,  200,  200,  200)),
    ("people:export",          None,    "get",  (302, 200,  403,  200,  200,  200,  200,  200,  200,  200,  200,  200)),
    ("people:detail",          "own",   "get",  (302, 200,  403,  200,  200,  200,  200,  200,  200,  200,  200,  200)),
    ("people:detail",          "other", "get",  (302, 200,  403,  404,  404,  404,  404,  404,  404,  404,  404,  404)),
    # Near-duplicates: the regional animator decides (docs/identity.md). Merging without saying whom to keep and
    # undoing what is not merged redirect with a message; setting aside first asks to confirm (200).
    ("people:duplicates",      None,    "get",  (302, 200,  403,  200,  403,  403,  403,  403,  403,  403,  403,  403)),
    ("people:duplicate_merge", "own",   "post", (302, 302,  403,  302,  403,  403,  403,  403,  403,  403,  403,  403)),
    ("people:duplicate_merge", "other", "post", (302, 302,  403,  404,  403,  403,  403,  403,  403,  403,  403,  403)),
    ("people:duplicate_merge", "own",   "get",  (302, 405,  405,  405,  405,  405,  405,  405,  405,  405,  405,  405)),
    ("people:duplicate_reject", "own",  "post", (302, 200,  403,  200,  403,  403,  403,  403,  403,  403,  403,  403)),
    ("people:duplicate_reject", "other", "post", (302, 200, 403,  404,  403,  403,  403,  403,  403,  403,  403,  403)),
    ("people:duplicate_undo",  "own",   "post", (302, 302,  403,  302,  403,  403,  403,  403,  403,  403,  403,  403)),
    ("people:duplicate_undo",  "other", "post", (302, 302,  403,  404,  403,  403,  403,  403,  403,  403,  403,  403)),
    ("companies:list",         None,    "get",  (302, 200,  403,  200,  200,  200,  200,  200,  200,  200,  200,  200)),
    ("companies:export",       None,    "get",  (302, 200,  403,  200,  200,  200,  200,  200,  200,  200,  200,  200)),
    ("companies:detail",       "own",   "get",  (302, 200,  403,  200,  200,  200,  200,  200,  200,  200,  200,  200)),
    ("companies:detail",       "other", "get",  (302, 200,  403,  404,  404,  404,  404,  404,  404,  404,  404,  404)),
    ("centres:list",           None,    "get",  (302, 200,  403,  200,  200,  200,  200,  200,  200,  200,  200,  200)),
    ("centres:detail",         "own",   "get",  (302, 200,  403,  200,  200,  200,  200,  200,  200,  200,  200,  200)),
    ("centres:detail",         "other", "get",  (302, 200,  403,  404,  404,  404,  404,  404,  404,  404,  404,  404)),
    ("areas:list",             None,    "get",  (302, 200,  403,  200,  200,  403,  403,  403,  403,  200,  200,  403)),
    ("areas:detail",           "own",   "get",  (302, 200,  403,  200,  200,  403,  403,  403,  403,  200,  200,  403)),
    ("areas:detail",           "other", "get",  (302, 200,  403,  404,  404,  403,  403,  403,  403,  404,  404,  403)),
    # The API: a Bearer token instead of a session; 401 without one; lists are scoped (an account without a
    # membership gets an empty list), and an object out of scope answers 404 like an unknown one.
    ("api:api-root",           None,    "get",  (200, 200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200)),
    ("api:openapi-json",       None,    "get",  (200, 200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200)),
    ("api:openapi-view",       None,    "get",  (200, 200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200)),
    ("api:list_contracts",     None,    "get",  (401, 200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200)),
    ("api:get_contract",       "own",   "get",  (401, 200,  404,  200,  200,  200,  200,  200,  200,  200,  200,  200)),
    ("api:get_contract",       "other", "get",  (401, 200,  404,  404,  404,  404,  404,  404,  404,  404,  404,  404)),
    ("api:list_people",        None,    "get",  (401, 200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200)),
    ("api:list_companies",     None,    "get",  (401, 200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200)),
    ("api:list_employment_areas", None, "get",  (401, 200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200)),
    ("api:list_supervisions",  None,    "get",  (401, 200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200)),
    # Sending contracts: whoever may import (compagnon/intake/permits.py); a refused contract is still a 200 answer.
    ("api:post_contracts",     None,    "post", (401, 200,  403,  200,  403,  200,  403,  403,  403,  403,  403,  200)),
    # Importing contract files (www/intake): whoever may import (compagnon/intake/permits.py). A run is seen by its
    # author, its CFA and its region's animators (docs/import.md); confirming a run that cannot be confirmed redirects.
    ("intake:list",            None,    "get",  (302, 200,  403,  200,  403,  200,  403,  403,  403,  403,  403,  200)),
    ("intake:list",            None,    "post", (302, 200,  403,  200,  403,  200,  403,  403,  403,  403,  403,  200)),
    ("intake:template",        None,    "get",  (302, 200,  403,  200,  403,  200,  403,  403,  403,  403,  403,  200)),
    ("intake:entry",           None,    "get",  (302, 200,  403,  200,  403,  200,  403,  403,  403,  403,  403,  200)),
    ("intake:entry",           None,    "post", (302, 200,  403,  200,  403,  200,  403,  403,  403,  403,  403,  200)),
    # Correcting a stored contract (?contrat=<id>): a contract the account may not see is not found.
    ("intake:entry",           "own",   "get",  (302, 200,  403,  200,  403,  200,  403,  403,  403,  403,  403,  200)),
    ("intake:entry",           "other", "get",  (302, 200,  403,  404,  403,  404,  403,  403,  403,  403,  403,  404)),
    ("intake:run",             "own",   "get",  (302, 200,  403,  200,  403,  200,  403,  403,  403,  403,  403,  200)),
    ("intake:run",             "other", "get",  (302, 200,  403,  404,  403,  404,  403,  403,  403,  403,  403,  404)),
    ("intake:problems",        "own",   "get",  (302, 200,  403,  200,  403,  200,  403,  403,  403,  403,  403,  200)),
    ("intake:problems",        "other", "get",  (302, 200,  403,  404,  403,  404,  403,  403,  403,  403,  403,  404)),
    ("intake:confirm",         "own",   "post", (302, 302,  403,  302,  403,  302,  403,  403,  403,  403,  403,  302)),
    ("intake:confirm",         "other", "post", (302, 302,  403,  404,  403,  404,  403,  403,  403,  403,  403,  404)),
    # New and returning masters: the roles that contact, follow or oversee them.
    ("intake:new_masters",     None,    "get",  (302, 200,  403,  200,  200,  200,  403,  403,  403,  200,  200,  403)),
    ("intake:new_masters_export", None, "get",  (302, 200,  403,  200,  200,  200,  403,  403,  403,  200,  200,  403)),
    # The rules engine is public: the law is for everyone, with or without an account or a token.
    ("api:evaluate_rules",     None,    "post", (200, 200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200)),
    ("api:evaluate_rules",     None,    "get",  (405, 405,  405,  405,  405,  405,  405,  405,  405,  405,  405,  405)),
    # The eligibility checker and the articles it cites are public too: the same page for every actor.
    ("rules:check",            None,    "get",  (200, 200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200)),
    ("rules:check",            "answer", "get", (200, 200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200)),
    ("rules:articles",         None,    "get",  (200, 200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200)),
    ("rules:article",          "article", "get", (200, 200, 200,  200,  200,  200,  200,  200,  200,  200,  200,  200)),
    ("rules:article",          "unknown", "get", (404, 404, 404,  404,  404,  404,  404,  404,  404,  404,  404,  404)),
]
# fmt: on

# Not in this table: the Django admin (staff only, tested on its own) and the API's catch-all JSON 404.
OUTSIDE_MATRIX_PREFIXES = ("admin:", "api:not-found")
# API URLs that take an object, and which of the scene's objects.
API_OBJECTS = {"api:get_contract": ("contract_id", "contracts")}
# POSTed URLs that read a JSON body, and the body they are sent.
JSON_BODIES = {
    "api:evaluate_rules": EXAMPLE,
    "api:post_contracts": {
        "dry_run": True,
        "contracts": [
            {
                "numero_contrat": "M-1",
                "type_contrat": "apprentissage",
                "date_debut": "01/09/2026",
                "date_fin": "31/08/2028",
                "employeur_siret": "73282932000074",
                "employeur_denomination": "Boulangerie",
                "employeur_code_commune": "59350",
                "apprenti_nom": "Martin",
                "apprenti_prenom": "Léa",
                "maitre1_nom": "Durand",
                "maitre1_prenom": "Paul",
            }
        ],
    },
}
# The public pages' objects: the checker with facts in its query string, an article of the data, an unknown one.
PUBLIC_OBJECTS = {
    "answer": ([], "?contrat=apprentissage&debut=2026-09-01&volontaire=oui&experience=30&suivis=1"),
    "article": (["R6223-22"], "?version=2019-01-01"),
    "unknown": (["R9999-1"], ""),
}


@dataclass
class Scene:
    """Contract A in Lille (Hauts-de-France), B in Rennes (Bretagne); every account is built around A."""

    own: dict[str, object]
    other: dict[str, object]
    users: dict[str, object]
    mail: SentMail


def _contract(commune):
    opco = make_opco()
    company = make_company(commune=commune, opco=opco)
    centre = make_training_centre(commune=commune)
    master = make_supervisor()
    apprentice = make_apprentice()
    contract = make_contract(
        company=company,
        apprentice=apprentice,
        supervisor=master,
        training_centre=centre,
        opco=opco,
        start_date=dt.date(2025, 9, 1),
    )
    # A number of origin, as every imported contract has: the entry form corrects only those.
    contract.source_name, contract.source_id = "matrice", f"M-{contract.pk}"
    contract.save(update_fields=["source_name", "source_id"])
    return contract, master


@pytest.fixture
def scene(territory) -> Scene:
    own, own_master = _contract(territory["communes"]["Lille"])
    other, _ = _contract(territory["communes"]["Rennes"])
    lille_chamber = make_chamber(areas=[territory["areas"]["Lille"]])
    organisation = {
        R.REGIONAL_ANIMATOR: territory["regions"]["hdf"],
        R.TERRITORIAL_ANIMATOR: lille_chamber,
        R.CFA_STAFF: own.training_centre,
        R.SUPERVISOR: own.company,
        R.APPRENTICE: own.company,
        R.EMPLOYER: own.company,
        R.MEDIATOR: lille_chamber,
        R.INSPECTOR: territory["regions"]["hdf"],
        R.DATA_PROVIDER: own.opco,
    }
    person = {R.SUPERVISOR: own_master, R.APPRENTICE: own.apprentice}
    users: dict[str, object] = {
        role: make_user(role=role, organisation=org, person=person.get(role)) for role, org in organisation.items()
    }
    users[SUPERUSER] = make_user(is_superuser=True, is_staff=True)
    users[NO_ROLE] = make_user()

    def objects(contract):
        return {
            "contracts": contract.pk,
            "people": contract.apprentice_id,
            "companies": contract.company_id,
            "centres": contract.training_centre_id,
            "areas": contract.employment_area_id,
            # A proposal to merge the contract's two people (never merged here: no one to keep, no confirmation).
            "duplicates": MergeProposal.objects.create(
                person_a_id=min(contract.apprentice_id, contract.supervisions.get().person_id),
                person_b_id=max(contract.apprentice_id, contract.supervisions.get().person_id),
                score=80,
            ).pk,
        }

    mail = SentMail.objects.create(from_email="a@example.org", to="b@example.org", subject="Essai", body="Bonjour")
    # Import runs: the own one a file of the own CFA sent by the data provider; the other one of the Rennes CFA.
    own_run, other_run = (
        ImportRun.objects.create(
            source="s", channel="upload", mode="dry_run", status="done", training_centre=centre, created_by=author
        )
        for centre, author in [(own.training_centre, users[R.DATA_PROVIDER]), (other.training_centre, None)]
    )
    own_objects, other_objects = objects(own) | {"intake": own_run.pk}, objects(other) | {"intake": other_run.pk}
    return Scene(own=own_objects, other=other_objects, users=users, mail=mail)


def url_for(scene: Scene, name: str, obj: str | None) -> str:
    if obj is None:
        return reverse(name)
    if obj == "mail":
        return reverse(name, args=[scene.mail.pk])
    if obj in PUBLIC_OBJECTS:
        args, query = PUBLIC_OBJECTS[obj]
        return reverse(name, args=args) + query
    objects = scene.own if obj == "own" else scene.other
    if name == "intake:entry":
        return reverse(name) + f"?contrat={objects['contracts']}"
    if name in API_OBJECTS:
        argument, feature = API_OBJECTS[name]
        return reverse(name, kwargs={argument: objects[feature]})
    feature = "duplicates" if name.startswith("people:duplicate_") else name.split(":")[0]
    return reverse(name, args=[objects[feature]])


def row_id(row) -> str:
    name, obj, method, _ = row
    return f"{method.upper()} {name}" + (f" ({obj})" if obj else "")


@pytest.mark.parametrize("row", MATRIX, ids=[row_id(r) for r in MATRIX])
def test_permission_matrix(scene, row):
    name, obj, method, expected_row = row
    assert len(expected_row) == len(ACTORS), "one expected status per actor"
    url = url_for(scene, name, obj)
    wrong, fixed = [], []
    for actor, expected in zip(ACTORS, expected_row, strict=True):
        client = Client()
        if actor != ANONYMOUS and name.startswith("api:"):
            token, _ = ApiToken.objects.get_or_create(user=scene.users[actor])
            client = Client(HTTP_AUTHORIZATION=f"Bearer {token.key}")
        elif actor != ANONYMOUS:
            client.force_login(scene.users[actor])
        body = JSON_BODIES.get(name) if method == "post" else None
        if body is not None:
            response = client.post(url, json.dumps(body), content_type="application/json")
        else:
            response = getattr(client, method)(url)
        status = response.status_code
        if status == 302 and actor == ANONYMOUS and expected == 302:
            assert response["Location"].startswith(reverse("login")), f"{actor}: redirected elsewhere than login"
        if isinstance(expected, BUG):
            if status == expected.expected:
                fixed.append(actor)
            continue
        if status != expected:
            wrong.append(f"{actor}: {status}, attendu {expected}")
    assert not wrong, f"{method.upper()} {url}: " + "; ".join(wrong)
    assert not fixed, f"{method.upper()} {url}: now answers right for {fixed}: remove the BUG marker"


def _named_urls(resolver: URLResolver, namespace: str = "") -> set[str]:
    names = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _named_urls(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_page_url_is_in_the_matrix():
    pages = {name for name in _named_urls(get_resolver()) if not name.startswith(OUTSIDE_MATRIX_PREFIXES)}
    covered = {name for name, *_ in MATRIX}
    assert pages - covered == set(), "pages missing from the permission matrix"
    assert covered - pages == set(), "matrix rows for URLs that no longer exist"
