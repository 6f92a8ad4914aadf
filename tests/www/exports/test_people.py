"""/personnes/export/: the people of the list, with their roles and contracts in the account's scope; audited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from compagnon.accounts.enums import Role
from compagnon.core.models import AuditEntry
from tests.factories import make_contract, make_supervisor, make_user
from tests.www.browse.conftest import get_page
from tests.www.exports.conftest import column, csv_rows, download, xlsx_rows

pytestmark = pytest.mark.django_db

URL = reverse("people:export")


def test_an_animator_exports_the_people_of_their_area_only(client, world, lille_animator):
    response, body = download(client, lille_animator, URL + "?format=csv")

    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="personnes-{dt.date.today().isoformat()}.csv"'
    rows = csv_rows(body)
    assert rows[0] == ["N° Compagnon", "Nom", "Prénom", "Date de naissance", "Courriel", "Rôles", "Nombre de contrats"]
    assert sorted(column(rows, "Nom")) == ["Dupont", "Lefèvre"]
    text = body.decode("utf-8-sig")
    assert "Bernard" not in text and "Petit" not in text


def test_a_person_row_holds_their_roles_and_contracts_in_scope(client, world, lille_animator):
    # A second contract of Jean Dupont in Lille, and one in Arras, which the Lille animator does not see.
    make_contract(commune=world.territory["communes"]["Lille"], supervisor=world.lille_master)
    make_contract(commune=world.territory["communes"]["Arras"], supervisor=world.lille_master)
    _, body = download(client, lille_animator, URL + "?tri=nom")

    rows = csv_rows(body)
    lines = {row[1]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    assert lines["Dupont"]["Rôles"] == "Maître d'apprentissage ou tuteur"
    assert lines["Dupont"]["Nombre de contrats"] == "2"
    assert lines["Dupont"]["Date de naissance"] == "17/05/1980"
    assert lines["Lefèvre"]["Rôles"] == "Alternant"
    assert lines["Lefèvre"]["Nombre de contrats"] == "1"
    assert lines["Lefèvre"]["Date de naissance"] == "01/03/2007"


@pytest.mark.parametrize(
    "query, expected",
    [
        ("role=maitre", ["Dupont", "Petit"]),
        ("role=alternant", ["Bernard", "Lefèvre"]),
        ("zone=3203", ["Bernard", "Petit"]),
        ("q=lefevre", ["Lefèvre"]),
        ("tri=nom", ["Bernard", "Dupont", "Lefèvre", "Petit"]),
    ],
    ids=str,
)
def test_the_export_applies_the_filters_of_the_list(client, world, animator, query, expected):
    _, body = download(client, animator, f"{URL}?{query}")

    names = column(csv_rows(body), "Nom")
    assert (names if "tri" in query else sorted(names)) == expected


def test_a_master_exports_their_apprentice_and_themself_only(client, world):
    user = make_user(role=Role.SUPERVISOR, organisation=world.lille_company, person=world.lille_master)
    _, body = download(client, user, URL + "?format=xlsx")

    assert sorted(column(xlsx_rows(body), "Nom")) == ["Dupont", "Lefèvre"]


def test_an_export_of_people_is_recorded_in_the_audit_log(client, world, animator):
    download(client, animator, URL + "?format=xlsx&role=maitre")

    entry = AuditEntry.objects.get(action=AuditEntry.Action.EXPORT)
    assert entry.actor == animator
    assert entry.changes == {
        "liste": "Personnes",
        "format": "xlsx",
        "filtres": {"role": "maitre"},
        "lignes": 2,
        "complet": True,
    }


def test_an_unknown_format_answers_a_french_400_page(client, world, animator):
    response, content = get_page(client, animator, URL + "?format=ods")

    assert response.status_code == 400
    assert "Le format « ods » n'existe pas." in content


def test_the_list_page_links_to_its_export(client, world, animator):
    _, content = get_page(client, animator, reverse("people:list") + "?role=maitre")

    assert f'href="{URL}?role=maitre&amp;format=csv"' in content


def export_queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        b"".join(response.streaming_content)
    return len(captured)


def test_an_export_runs_the_same_few_queries_for_few_and_many_people(client, world, animator):
    client.force_login(animator)
    few = export_queries(client, URL)
    for _ in range(15):
        make_contract(commune=world.territory["communes"]["Lille"], supervisor=make_supervisor())
    many = export_queries(client, URL)

    assert few == many <= 11
