"""/entreprises/export/: the companies of the list; public register data, not recorded in the audit log."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from compagnon.core.models import AuditEntry
from tests.factories import make_company
from tests.www.browse.conftest import get_page
from tests.www.exports.conftest import column, csv_rows, download, xlsx_rows

pytestmark = pytest.mark.django_db

URL = reverse("companies:export")


def test_an_animator_exports_the_companies_of_their_area_only(client, world, lille_animator):
    response, body = download(client, lille_animator, URL + "?format=csv")

    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="entreprises-{dt.date.today().isoformat()}.csv"'
    header, row = csv_rows(body)
    line = dict(zip(header, row, strict=True))
    assert line == {
        "SIRET": world.lille_company.siret,
        "Raison sociale": "Boulangerie Dupont",
        "Type d'employeur": world.lille_company.get_kind_display(),
        "Code NAF": "10.71C",
        "IDCC": "1979",
        "Effectif": "8",
        "Commune": "Lille",
        "Code INSEE de la commune": "59350",
        "Département": "59",
        "Zone d'emploi": "Lille",
        "OPCO": "",
    }
    assert "Garage des Remparts" not in body.decode("utf-8-sig")


@pytest.mark.parametrize(
    "query, expected",
    [
        ("naf=45", ["Garage des Remparts"]),
        ("zone=3216", ["Boulangerie Dupont"]),
        ("type=siae", ["Garage des Remparts"]),
        ("q=boulang", ["Boulangerie Dupont"]),
        ("tri=nom", ["Boulangerie Dupont", "Garage des Remparts"]),
    ],
    ids=str,
)
def test_the_export_applies_the_filters_of_the_list(client, world, animator, query, expected):
    _, body = download(client, animator, f"{URL}?format=xlsx&{query}")

    rows = xlsx_rows(body)
    assert column(rows, "Raison sociale") == expected
    assert isinstance(column(rows, "Effectif")[0], int)


def test_an_export_of_companies_is_not_recorded_in_the_audit_log(client, world, animator):
    download(client, animator, URL)

    assert not AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).exists()


def test_a_company_name_that_looks_like_a_formula_is_exported_as_text(client, world, animator):
    make_company(commune=world.territory["communes"]["Lille"], name='=HYPERLINK("http://example.org";"Cliquez")')
    _, body = download(client, animator, URL + "?format=csv&q=cliquez")
    assert column(csv_rows(body), "Raison sociale") == ['\'=HYPERLINK("http://example.org";"Cliquez")']

    _, body = download(client, animator, URL + "?format=xlsx&q=cliquez")
    assert column(xlsx_rows(body), "Raison sociale") == ['\'=HYPERLINK("http://example.org";"Cliquez")']


def test_an_unknown_format_answers_a_french_400_page(client, world, animator):
    response, content = get_page(client, animator, URL + "?format=json")

    assert response.status_code == 400
    assert "Format d'export inconnu" in content


def test_the_list_page_links_to_its_export(client, world, animator):
    _, content = get_page(client, animator, reverse("companies:list") + "?naf=10")

    assert f'href="{URL}?naf=10&amp;format=xlsx"' in content


def test_an_export_runs_the_same_few_queries_for_few_and_many_companies(client, world, animator):
    client.force_login(animator)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(URL)
            b"".join(response.streaming_content)
        return len(captured)

    few = queries()
    for _ in range(20):
        make_company(commune=world.territory["communes"]["Arras"])
    assert few == queries() <= 8
