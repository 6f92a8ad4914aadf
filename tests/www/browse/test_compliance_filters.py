"""The contract and people lists filtered by the compliance the rules engine stored: whom to call first."""

from __future__ import annotations

import html

import pytest
from django.urls import reverse
from django.utils import timezone

from compagnon.compliance.models import SupervisionCompliance
from compagnon.contracts.enums import SupervisionRole
from compagnon.contracts.models import Supervision
from tests.factories import make_contract, make_supervisor
from tests.www.browse.conftest import get_page

pytestmark = pytest.mark.django_db


def supervised(territory, decisions):
    """A contract in Lille whose supervisors have these stored answers."""
    contract = make_contract(commune=territory["communes"]["Lille"])
    people = []
    for index, decision in enumerate(decisions):
        person = make_supervisor(last_name=f"Maitre{decision.capitalize()}{contract.pk}x{index}")
        supervision = Supervision.objects.create(
            contract=contract, person=person, role=SupervisionRole.MASTER, is_referent=index == 0
        )
        SupervisionCompliance.objects.create(
            supervision=supervision, decision=decision, answer={}, computed_at=timezone.now()
        )
        people.append(person)
    return contract, people


@pytest.fixture
def world(territory):
    return {
        "ko": supervised(territory, ["ko", "ok"]),
        "unknown": supervised(territory, ["unknown"]),
        "ok": supervised(territory, ["ok"]),
        "none": (make_contract(commune=territory["communes"]["Lille"]), []),
    }


def shown_contracts(client, user, value):
    _, content = get_page(client, user, reverse("contracts:list") + f"?conformite={value}")
    return content


@pytest.mark.parametrize(("value", "expected"), [("ko", {"ko"}), ("unknown", {"unknown"}), ("ok", {"ok"})])
def test_contracts_by_the_compliance_of_their_supervisions(client, world, animator_of, territory, value, expected):
    content = shown_contracts(client, animator_of(territory), value)
    shown = {key for key, (contract, _) in world.items() if f'href="/contrats/{contract.pk}/"' in content}
    assert shown == expected


@pytest.mark.parametrize(("value", "expected"), [("ko", ["ko"]), ("unknown", ["unknown"]), ("ok", ["ok", "ko"])])
def test_masters_by_the_compliance_of_their_own_supervisions(client, world, animator_of, territory, value, expected):
    # The compliant co-master of the non-compliant contract is compliant himself.
    _, content = get_page(client, animator_of(territory), reverse("people:list") + f"?conformite={value}")
    people = {(key, i): person for key, (_, persons) in world.items() for i, person in enumerate(persons)}
    shown = sorted({key for (key, i), person in people.items() if f'href="/personnes/{person.pk}/"' in content})
    assert shown == sorted(set(expected))
    if value == "ok":
        ko_master, ok_comaster = world["ko"][1]
        assert f'href="/personnes/{ok_comaster.pk}/"' in content
        assert f'href="/personnes/{ko_master.pk}/"' not in content


def test_an_unknown_compliance_value_is_refused_in_french(client, world, animator_of, territory):
    response, content = get_page(client, animator_of(territory), reverse("contracts:list") + "?conformite=peut-etre")
    assert response.status_code == 200
    assert "Conformité inconnu(e) ou hors de votre périmètre" in html.unescape(content)
