"""supervisions_exporter: the rows of the new masters' list, for its page to export (one query, in chunks)."""

from __future__ import annotations

import datetime as dt

import pytest

from compagnon.contracts.models import Supervision
from compagnon.core.exports import csv_chunks
from compagnon.www.contracts.exports import supervisions_exporter
from tests.factories import make_contract, make_supervisor
from tests.www.exports.conftest import csv_rows

pytestmark = pytest.mark.django_db


def test_a_supervision_row_says_who_the_master_is_and_on_which_contract(world, django_assert_num_queries):
    Supervision.objects.filter(person=world.lille_master).update(novelty="new")
    world.lille_master.email = "jean.dupont@example.org"
    world.lille_master.save()
    supervisions = Supervision.objects.filter(novelty="new").order_by("id")

    with django_assert_num_queries(1):
        body = b"".join(csv_chunks(supervisions_exporter(supervisions)))

    header, row = csv_rows(body)
    line = dict(zip(header, row, strict=True))
    assert line["Nouveauté"] == "Nouveau maître"
    assert (line["Nom"], line["Prénom"], line["Courriel"]) == ("Dupont", "Jean", "jean.dupont@example.org")
    assert line["Rôle"] == "Maître d'apprentissage"
    assert line["Référent"] == "Oui"
    assert line["N° Compagnon du contrat"] == str(world.lille.pk)
    assert line["Date de début du contrat"] == "01/09/2025"
    assert line["Employeur"] == "Boulangerie Dupont"
    assert line["SIRET de l'employeur"] == world.lille_company.siret
    assert line["Zone d'emploi"] == "Lille"
    assert line["Conformité du tutorat"] == ""


def test_the_exporter_runs_one_query_whatever_the_number_of_rows(world, django_assert_num_queries):
    for _ in range(25):
        make_contract(commune=world.territory["communes"]["Lille"], supervisor=make_supervisor())
    export = supervisions_exporter(Supervision.objects.filter(contract__start_date=dt.date(2025, 9, 1)))

    with django_assert_num_queries(1):
        rows = list(export.rows)
    assert len(rows) == 26
