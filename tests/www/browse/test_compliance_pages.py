"""The rules engine's answers where animators read them: the contract page and the master's page."""

from __future__ import annotations

import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from compagnon.compliance.models import SupervisionCompliance
from compagnon.contracts.models import Supervision
from tests.factories import make_contract, make_supervisor
from tests.www.browse.conftest import get_page

pytestmark = pytest.mark.django_db


def test_the_contract_page_shows_each_supervisors_answer_with_its_articles(client, territory, animator_of):
    minor = make_supervisor(birth_date=None)
    contract = make_contract(commune=territory["communes"]["Lille"])
    Supervision.objects.create(
        contract=contract, person=minor, role="master", is_referent=True, status="employee", volunteer=False
    )
    _, content = get_page(client, animator_of(territory), reverse("contracts:detail", args=[contract.pk]))
    content = html.unescape(content)
    assert "Conformité du tutorat" in content
    assert "Non éligible" in content  # not a volunteer
    assert "Volontariat" in content and "Condition non remplie" in content
    assert "Majorité" in content and "À vérifier" in content  # birth date unknown: never guessed
    assert reverse("rules:article", args=["L6223-8-1"]) in content
    assert "Financement par l'OPCO" in content and "Fin de la période des 45 jours" in content


def test_a_contract_without_supervisor_has_no_panel(client, territory, animator_of):
    contract = make_contract(commune=territory["communes"]["Lille"])
    _, content = get_page(client, animator_of(territory), reverse("contracts:detail", args=[contract.pk]))
    assert "Conformité du tutorat" not in html.unescape(content)


def test_the_masters_page_shows_the_stored_answer_of_each_supervision(client, territory, animator_of):
    master = make_supervisor()
    checked = make_contract(commune=territory["communes"]["Lille"], supervisor=master)
    make_contract(commune=territory["communes"]["Lille"], supervisor=master)
    SupervisionCompliance.objects.create(
        supervision=checked.supervisions.get(), decision="ko", answer={}, computed_at=timezone.now()
    )
    _, content = get_page(client, animator_of(territory), reverse("people:detail", args=[master.pk]))
    content = html.unescape(content)
    assert "Conformité" in content
    assert "Non conforme" in content and "Pas encore calculée" in content


def test_the_masters_page_computes_the_answer_of_the_contracts_running_today(client, territory, animator_of):
    import datetime as dt

    master = make_supervisor(birth_date=None)
    today = dt.date.today()
    running = make_contract(
        commune=territory["communes"]["Lille"], supervisor=master, start_date=today - dt.timedelta(days=60)
    )
    ended = make_contract(
        commune=territory["communes"]["Lille"], supervisor=master, start_date=today - dt.timedelta(days=1000)
    )
    _, content = get_page(client, animator_of(territory), reverse("people:detail", args=[master.pk]))
    content = html.unescape(content)
    assert "Conformité du tutorat" in content
    # Numbers are written the French way ("1 923"): PostgreSQL's ids pass 1,000 in a long test run.
    content = re.sub(r"(?<=\d)\s(?=\d{3}\b)", "", content)
    assert f"Contrat n° {running.pk}</a>" in content
    assert f"Contrat n° {ended.pk}</a>" not in content
    assert "Majorité" in content  # the checks themselves, not only a word
