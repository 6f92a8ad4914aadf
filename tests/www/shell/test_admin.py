from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse

from compagnon.core.models import AuditEntry
from compagnon.organisations.models import Opco
from tests.factories import make_contract, make_user
from tests.www.shell.conftest import text_of

pytestmark = pytest.mark.django_db

DOMAIN_APPS = ["core", "accounts", "territory", "organisations", "certifications", "people", "contracts", "compliance"]


def test_every_domain_model_is_registered():
    from django.apps import apps

    missing = [
        m._meta.label
        for label in DOMAIN_APPS
        for m in apps.get_app_config(label).get_models()
        if m not in admin.site._registry
    ]
    assert missing == []


@pytest.fixture
def operator(client):
    user = make_user(is_superuser=True, is_staff=True)
    client.force_login(user)
    return user


def test_every_changelist_and_add_page_opens(client, operator, territory):
    make_contract()
    for model, model_admin in admin.site._registry.items():
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        response = client.get(reverse(f"{prefix}_changelist"))
        assert response.status_code == 200, model
        if model_admin.has_add_permission(response.wsgi_request):
            assert client.get(reverse(f"{prefix}_add")).status_code == 200, model


def test_contract_form_has_no_select_of_all_people_or_companies(client, operator, territory):
    contract = make_contract()
    html = client.get(reverse("admin:contracts_contract_change", args=[contract.pk])).content.decode()
    for field in ["apprentice", "company", "training_centre"]:
        assert f'<select name="{field}"' not in html
        assert f'name="{field}"' in html  # a raw id input instead


def test_admin_search_ignores_accents_and_case(client, operator, territory):
    from tests.factories import make_person

    make_person(first_name="Zoé", last_name="Lefèvre")
    response = client.get(reverse("admin:people_person_changelist"), {"q": "LEFÈVRE"})
    assert "Lefèvre" in text_of(response)


def test_admin_changes_reach_the_audit_journal(client, operator):
    response = client.post(
        reverse("admin:organisations_opco_add"), {"code": "opco-essai-shell", "name": "OPCO d’essai"}
    )
    assert response.status_code == 302
    opco = Opco.objects.get(code="opco-essai-shell")
    client.post(
        reverse("admin:organisations_opco_change", args=[opco.pk]),
        {"code": "opco-essai-shell", "name": "OPCO d’essai bis"},
    )
    client.post(reverse("admin:organisations_opco_delete", args=[opco.pk]), {"post": "yes"})
    actions = list(
        AuditEntry.objects.filter(object_type="organisations.Opco").order_by("id").values_list("action", flat=True)
    )
    assert actions == ["create", "update", "delete"]
    assert AuditEntry.objects.filter(object_type="organisations.Opco", actor=operator).count() == 3


def test_audit_journal_is_read_only_in_the_admin(client, operator):
    entry = AuditEntry.objects.create(action="update", summary="x")
    response = client.post(reverse("admin:core_auditentry_change", args=[entry.pk]), {"summary": "effacé"})
    entry.refresh_from_db()
    assert entry.summary == "x"
    assert response.status_code in (302, 403)
