"""The list of new masters: the scheme's audience, in the account's scope, filtered, paged, in bounded queries."""

from __future__ import annotations

import datetime as dt
from html import unescape
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from compagnon.accounts.enums import Role
from compagnon.compliance.models import SupervisionCompliance
from compagnon.contracts.models import Supervision
from tests.factories import make_chamber, make_company, make_contract, make_supervisor, make_training_centre, make_user

pytestmark = pytest.mark.django_db
URL = reverse("intake:new_masters")


def add_master(commune, *, novelty: str, start: dt.date, decision: str | None = None, centre=None, **names: Any):
    master = make_supervisor(**names)
    contract = make_contract(
        company=make_company(commune=commune),
        supervisor=master,
        training_centre=centre or make_training_centre(commune=commune),
        start_date=start,
    )
    supervision = Supervision.objects.get(contract=contract)
    supervision.novelty = novelty
    supervision.save(update_fields=["novelty"])
    if decision:
        SupervisionCompliance.objects.create(
            supervision=supervision, decision=decision, answer={}, computed_at=timezone.now()
        )
    return supervision


@pytest.fixture
def masters(places):
    communes = places["communes"]
    return {
        "lille_new": add_master(communes["Lille"], novelty="new", start=dt.date(2026, 9, 1), decision="ko",
                                first_name="Paul", last_name="Lefèvre"),
        "lille_old": add_master(communes["Lille"], novelty="new", start=dt.date(2025, 9, 1), decision="ok",
                                first_name="Anne", last_name="Petit"),
        "arras_back": add_master(communes["Arras"], novelty="returning", start=dt.date(2026, 1, 5),
                                 decision="unknown", first_name="Marc", last_name="Durand"),
        "arras_same": add_master(communes["Arras"], novelty="continuing", start=dt.date(2026, 2, 1),
                                 first_name="Luc", last_name="Martin"),
        "rennes_new": add_master(communes["Rennes"], novelty="new", start=dt.date(2026, 9, 1),
                                 first_name="Yann", last_name="Le Goff"),
    }  # fmt: skip


def text(response) -> str:
    assert response.status_code == 200
    content = response.content.decode()
    assert "INVALID_TEMPLATE_VARIABLE" not in content
    return " ".join(unescape(content).split())


def names_in(page: str) -> list[str]:
    order = []
    for name in ("Paul LEFÈVRE", "Anne PETIT", "Marc DURAND", "Luc MARTIN", "Yann LE GOFF"):
        if name in page:
            order.append((page.index(name), name))
    return [name for _, name in sorted(order)]


def test_new_and_returning_masters_of_the_scope_by_area_then_latest_contract(client, regional, masters):
    client.force_login(regional)
    page = text(client.get(URL))
    # Arras before Lille (by name), the latest contract first; continuing masters and Rennes (Bretagne) are not shown.
    assert names_in(page) == ["Marc DURAND", "Paul LEFÈVRE", "Anne PETIT"]
    lille_new = masters["lille_new"]
    assert f'href="{reverse("people:detail", args=[lille_new.person_id])}"' in page
    assert f'href="{reverse("contracts:detail", args=[lille_new.contract_id])}">01/09/2026</a>' in page
    assert "Nouveau maître" in page and "De retour après une longue interruption" in page
    assert "✗</span> Non conforme" in page and "?</span> À vérifier" in page and "✓</span> Conforme" in page
    assert "3 maîtres" in page
    assert "au moins 3 ans" in page


@pytest.mark.parametrize(
    "query, expected",
    [
        ("zone=3216", ["Paul LEFÈVRE", "Anne PETIT"]),
        ("debut_du=2026-01-01", ["Marc DURAND", "Paul LEFÈVRE"]),
        ("debut_du=01/01/2026&debut_au=31/08/2026", ["Marc DURAND"]),
        ("nouveaute=new", ["Paul LEFÈVRE", "Anne PETIT"]),
        ("nouveaute=returning", ["Marc DURAND"]),
        ("conformite=ko", ["Paul LEFÈVRE"]),
        ("conformite=unknown", ["Marc DURAND"]),
        ("conformite=ok", ["Anne PETIT"]),
        ("q=petit", ["Anne PETIT"]),
    ],
    ids=str,
)
def test_filters(client, regional, masters, query, expected):
    client.force_login(regional)
    assert names_in(text(client.get(f"{URL}?{query}"))) == expected


@pytest.mark.parametrize(
    "query, message",
    [
        ("debut_du=pas-une-date", "Date invalide : saisissez une date comme 22/11/2026."),
        ("debut_au=31/02/2026", "Date invalide"),
        ("debut_du=2026-09-01&debut_au=2026-01-01", "Cette date précède la date « Début du contrat à partir du »."),
        ("zone=5309", "Zone d'emploi inconnu(e) ou hors de votre périmètre"),
        ("nouveaute=continuing", "Nouveauté inconnu(e)"),
        ("conformite=peut-etre", "Conformité inconnu(e)"),
        ("page=abc", "Le numéro de page doit être un nombre entier."),
        ("page=99", "La page 99 n'existe pas"),
    ],
    ids=str,
)
def test_bad_filters_are_explained_in_french_and_ignored(client, regional, masters, query, message):
    client.force_login(regional)
    page = text(client.get(f"{URL}?{query}"))
    assert message in page
    # The bad value is ignored: the masters are still listed.
    assert "Paul LEFÈVRE" in page


def test_a_cfa_sees_the_new_masters_of_its_own_contracts(client, places):
    centre = make_training_centre(commune=places["communes"]["Lille"])
    add_master(places["communes"]["Lille"], novelty="new", start=dt.date(2026, 9, 1), centre=centre,
               first_name="Paul", last_name="Lefèvre")  # fmt: skip
    add_master(places["communes"]["Lille"], novelty="new", start=dt.date(2026, 9, 1),
               first_name="Anne", last_name="Petit")  # fmt: skip
    client.force_login(make_user(role=Role.CFA_STAFF, organisation=centre))
    assert names_in(text(client.get(URL))) == ["Paul LEFÈVRE"]


def test_a_territorial_animator_sees_their_areas_only(client, places, masters):
    client.force_login(
        make_user(role=Role.TERRITORIAL_ANIMATOR, organisation=make_chamber(areas=[places["areas"]["Arras"]]))
    )
    assert names_in(text(client.get(URL))) == ["Marc DURAND"]


@pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.APPRENTICE, Role.EMPLOYER, Role.DATA_PROVIDER], ids=str)
def test_roles_outside_the_scheme_work_get_403(client, places, role):
    client.force_login(make_user(role=role))
    assert client.get(URL).status_code == 403


def test_an_htmx_request_gets_the_results_and_the_errors_only(client, regional, masters):
    client.force_login(regional)
    page = text(client.get(f"{URL}?debut_du=bof", headers={"HX-Request": "true"}))
    assert "<html" not in page and 'id="resultats"' in page
    assert 'hx-swap-oob="true"' in page and "Date invalide" in page


def count_queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(f"{URL}?nouveaute=new").status_code == 200
    return len(captured)


def test_the_list_runs_the_same_bounded_queries_for_5_and_50_rows(
    client, places, regional, django_assert_max_num_queries
):
    def add(n: int) -> None:
        for i in range(n):
            commune = places["communes"]["Lille" if i % 2 else "Arras"]
            add_master(commune, novelty="new", start=dt.date(2026, 1, 1) + dt.timedelta(days=i),
                       decision=["ok", "ko", None][i % 3])  # fmt: skip

    add(5)
    client.force_login(regional)
    # Session, user, memberships (2), demo banner, area choices, a capped count, the ids of the page, its rows.
    with django_assert_max_num_queries(10):
        few = count_queries(client)
    add(50)
    with django_assert_max_num_queries(10):
        many = count_queries(client)
    assert few == many


def test_the_new_masters_export_follows_the_filters_and_is_audited(client: Any, regional: Any) -> None:
    from compagnon.core.models import AuditEntry
    from compagnon.intake.services import import_batch
    from tests.intake.conftest import contract_row

    import_batch(items=[contract_row("C-001"), contract_row("C-002", apprenti_prenom="Hugo", maitre1_nom="Durand",
                                                            maitre1_prenom="Anne")], source="test")  # fmt: skip
    client.force_login(regional)

    everything = client.get("/nouveaux-maitres/export/").getvalue().decode("utf-8-sig")
    only_anne = client.get("/nouveaux-maitres/export/", {"q": "durand"}).getvalue().decode("utf-8-sig")

    assert ";Lefèvre;Paul;" in everything and ";Durand;Anne;" in everything
    assert ";Durand;Anne;" in only_anne and ";Lefèvre;Paul;" not in only_anne
    assert everything.splitlines()[0].count(";") > 5
    assert AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).count() == 2
