"""An animator finds whom to call: the contracts filtered by compliance, then one contract's answer and its article."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from compagnon.accounts.enums import Role
from compagnon.compliance.services import refresh_compliance
from compagnon.contracts.models import Supervision
from tests.browser.helpers import Web

pytestmark = pytest.mark.browser


def test_an_animator_filters_non_compliant_contracts_and_reads_why(web: Web, world: dict[str, Any]) -> None:
    contract = world["contract"]
    # The employer attests neither volunteering nor good character: the answer is « à vérifier ».
    Supervision.objects.filter(contract=contract).update(status="employee", volunteer=False)
    refresh_compliance()
    web.login(world["users"][Role.TERRITORIAL_ANIMATOR])

    web.goto(reverse("contracts:list"))
    web.page.get_by_label("Conformité du tutorat").select_option("ko")
    web.page.get_by_role("button", name="Filtrer").click()
    web.page.wait_for_url("**conformite=ko**")
    link = web.page.get_by_role("link", name=f"n° {contract.pk}")
    assert link.is_visible()
    web.assert_clean()

    link.click()
    panel = web.page.locator("section.compliance")
    panel.wait_for()
    assert "Non éligible" in panel.inner_text()
    assert "Volontariat" in panel.inner_text()
    web.assert_clean()

    panel.get_by_role("link", name="L6223-8-1").first.click()
    web.page.wait_for_url("**/droit/L6223-8-1/**")
    assert "volontaire" in web.page.locator("main").inner_text()
    web.assert_clean()
