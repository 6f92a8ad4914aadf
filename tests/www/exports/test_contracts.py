"""/contrats/export/: every contract of the list, with the page's scope, filters and sort, recorded in the audit log."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from compagnon.compliance.models import Decision, SupervisionCompliance
from compagnon.contracts.models import Supervision
from compagnon.core.models import AuditEntry
from tests.factories import make_contract, make_supervisor, make_training_centre
from tests.www.browse.conftest import get_page
from tests.www.exports.conftest import column, csv_rows, download, xlsx_rows

pytestmark = pytest.mark.django_db

URL = reverse("contracts:export")


def test_an_animator_exports_the_contracts_of_their_area_only(client, world, lille_animator):
    response, body = download(client, lille_animator, URL + "?format=csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="contrats-{dt.date.today().isoformat()}.csv"'
    rows = csv_rows(body)
    assert column(rows, "N° Compagnon") == [str(world.lille.pk)]
    assert "Bernard" not in body.decode("utf-8-sig")


def test_a_contract_row_holds_what_an_animator_needs(client, world, lille_animator):
    SupervisionCompliance.objects.create(
        supervision=Supervision.objects.get(contract=world.lille),
        decision=Decision.KO,
        answer={"checks": []},
        computed_at=dt.datetime(2026, 1, 5, tzinfo=dt.UTC),
    )
    _, body = download(client, lille_animator, URL)  # CSV by default

    header, row = csv_rows(body)
    line = dict(zip(header, row, strict=True))
    assert line["Type de contrat"] == "Contrat d'apprentissage"
    assert line["Date de début"] == "01/09/2025"
    assert line["Date de fin prévue"] == "31/08/2027"
    assert line["Date de rupture"] == ""
    assert line["Employeur"] == "Boulangerie Dupont"
    assert line["SIRET de l'employeur"] == world.lille_company.siret
    assert line["Commune du lieu de travail"] == "Lille"
    assert line["Zone d'emploi"] == "Lille"
    assert line["CFA"] == "CFA des métiers de Lille"
    assert line["Niveau"] == "3"
    assert (line["Nom de l'alternant"], line["Prénom de l'alternant"]) == ("Lefèvre", "Camille")
    assert line["Maîtres d'apprentissage et tuteurs"] == "Jean DUPONT (maître d'apprentissage)"
    assert line["Conformité du tutorat"] == "Non conforme"


@pytest.mark.parametrize(
    "query, expected",
    [
        ("zone=3203", ["arras"]),
        ("type=professionnalisation", ["arras"]),
        ("niveau=3", ["lille"]),
        ("q=lefevre", ["lille"]),
        ("debut_du=2025-01-01", ["lille"]),
        ("tri=ancien", ["arras", "lille"]),
        ("tri=recent", ["lille", "arras"]),
        # A refused value is ignored, as on the page.
        ("zone=9999", ["lille", "arras"]),
    ],
    ids=str,
)
def test_the_export_applies_the_filters_and_sort_of_the_list(client, world, animator, query, expected):
    _, body = download(client, animator, f"{URL}?format=csv&{query}")

    pks = {"lille": str(world.lille.pk), "arras": str(world.arras.pk)}
    assert column(csv_rows(body), "N° Compagnon") == [pks[name] for name in expected]


def test_the_xlsx_export_has_the_same_rows_with_real_dates(client, world, lille_animator):
    response, body = download(client, lille_animator, URL + "?format=xlsx")

    assert response["Content-Disposition"] == f'attachment; filename="contrats-{dt.date.today().isoformat()}.xlsx"'
    rows = xlsx_rows(body)
    assert column(rows, "N° Compagnon") == [world.lille.pk]
    assert column(rows, "Date de début") == [dt.datetime(2025, 9, 1)]


def test_an_export_of_contracts_is_recorded_in_the_audit_log(client, world, animator):
    _, body = download(client, animator, URL + "?format=csv&zone=3216&page=3&debut_du=2025-01-01")

    entry = AuditEntry.objects.get(action=AuditEntry.Action.EXPORT)
    assert entry.actor == animator
    assert entry.changes == {
        "liste": "Contrats",
        "format": "csv",
        "filtres": {"zone": "3216", "debut_du": "2025-01-01"},
        "lignes": 1,
        "complet": True,
    }
    assert entry.summary == "Export CSV de la liste « Contrats » : 1 ligne"


def test_an_xlsx_export_is_recorded_too(client, world, animator):
    download(client, animator, URL + "?format=xlsx")

    entry = AuditEntry.objects.get(action=AuditEntry.Action.EXPORT)
    assert (entry.changes["format"], entry.changes["lignes"]) == ("xlsx", 2)


@pytest.mark.parametrize("query", ["format=pdf", "format=", "format=%3Cscript%3E"], ids=str)
def test_an_unknown_format_answers_a_french_400_page(client, world, animator, query):
    response, content = get_page(client, animator, f"{URL}?{query}")

    assert response.status_code == 400
    assert "Format d'export inconnu" in content
    assert "<script>" not in content
    assert f'href="{reverse("contracts:list")}"' in content
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).exists()


def test_the_list_page_links_to_its_export_with_its_filters_but_not_its_page(client, world, animator):
    _, content = get_page(client, animator, reverse("contracts:list") + "?zone=3216&page=1")

    assert f'href="{URL}?zone=3216&amp;format=csv"' in content
    assert f'href="{URL}?zone=3216&amp;format=xlsx"' in content


def test_the_results_swapped_by_htmx_carry_the_export_links_of_the_new_filters(client, world, animator):
    _, content = get_page(client, animator, reverse("contracts:list") + "?type=apprentissage", HX_Request="true")

    assert f'href="{URL}?type=apprentissage&amp;format=csv"' in content


def add_contracts(territory, n):
    lille = territory["communes"]["Lille"]
    for _ in range(n):
        contract = make_contract(commune=lille, supervisor=make_supervisor(), training_centre=make_training_centre())
        Supervision.objects.create(contract=contract, person=make_supervisor(), role="tutor")


def export_queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        b"".join(response.streaming_content)
    return len(captured)


@pytest.mark.parametrize("format", ["csv", "xlsx"])
def test_an_export_runs_the_same_few_queries_for_3_and_30_contracts(client, territory, animator_of, format):
    client.force_login(animator_of(territory))
    add_contracts(territory, 3)
    few = export_queries(client, f"{URL}?format={format}&statut=active")
    add_contracts(territory, 27)
    many = export_queries(client, f"{URL}?format={format}&statut=active")

    # Session, user, memberships, the filter choices, the audit entry and its completion, the contracts, and their
    # masters: one query per chunk of contracts.
    assert few == many <= 10
