from __future__ import annotations

import datetime as dt

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from compagnon.accounts.enums import Role
from compagnon.core.audit import record
from compagnon.core.models import AuditEntry
from tests.factories import make_user
from tests.www.shell.conftest import assert_clean, text_of

pytestmark = pytest.mark.django_db

URL = reverse("audit:list")


@pytest.fixture
def regional(client, territory):
    user = make_user(role=Role.REGIONAL_ANIMATOR, username="journal-pagination")
    client.force_login(user)
    return user


def entry(*, action=AuditEntry.Action.UPDATE, summary="Modification", actor=None, at=None):
    e = record(actor=actor, action=action, summary=summary)
    if at is not None:
        AuditEntry.objects.filter(pk=e.pk).update(at=at)
    return e


@pytest.mark.parametrize("role", [r for r in Role if r != Role.REGIONAL_ANIMATOR], ids=str)
def test_journal_is_forbidden_to_other_roles(client, territory, role):
    client.force_login(make_user(role=role))
    response = client.get(URL)
    assert response.status_code == 403
    html = text_of(response)
    assert_clean(html)
    assert "Accès refusé" in html


def test_journal_is_open_to_the_regional_animator_and_superusers(client, regional):
    entry(summary="Contrat importé")
    html = text_of(client.get(URL))
    assert_clean(html)
    assert "Contrat importé" in html and "Journal des modifications" in html
    client.force_login(make_user(is_superuser=True))
    assert client.get(URL).status_code == 200


def test_journal_filters_by_action_author_and_dates(client, regional):
    other = make_user(username="dominique")
    today = timezone.localdate()
    old = timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=30), dt.time(10)))
    entry(summary="ancienne", at=old)
    entry(summary="de dominique", actor=other)
    entry(summary="une connexion", action=AuditEntry.Action.LOGIN)

    def shown(**params):
        return text_of(client.get(URL, params))

    html = shown(action="login")
    assert "une connexion" in html and "de dominique" not in html
    html = shown(auteur="domin")
    assert "de dominique" in html and "ancienne" not in html
    html = shown(du=(today - dt.timedelta(days=1)).isoformat())
    assert "ancienne" not in html and "de dominique" in html
    html = shown(au=(today - dt.timedelta(days=30)).strftime("%d/%m/%Y"))
    assert "ancienne" in html and "de dominique" not in html


@pytest.mark.parametrize(
    "params, field, message",
    [
        ({"du": "2026-13-45"}, "du", "Date invalide : saisissez une date comme 22/11/2026."),
        ({"au": "hier"}, "au", "Date invalide : saisissez une date comme 22/11/2026."),
        ({"du": "2026-11-22", "au": "2026-11-01"}, "au", "La date de fin précède la date de début."),
        ({"action": "pirater"}, "action", "Action inconnue : choisissez une action dans la liste."),
        ({"auteur": "x" * 151}, "auteur", "L'auteur recherché est trop long"),
        ({"page": "abc"}, None, "Le numéro de page doit être un nombre entier."),
        ({"page": "0"}, None, "Le numéro de page doit être supérieur ou égal à 1."),
    ],
    ids=["bad-date", "word-date", "reversed-range", "unknown-action", "long-author", "page-text", "page-zero"],
)
def test_bad_filters_give_a_french_message_next_to_the_field_and_a_200(client, regional, params, field, message):
    entry(summary="toujours listée")
    response = client.get(URL, params)
    assert response.status_code == 200
    html = text_of(response)
    assert_clean(html)
    assert message in html
    # The refused filter is ignored, the list is still shown.
    assert "toujours listée" in html
    if field:
        assert f'id="id_{field}_error"' in html
        assert f'aria-describedby="id_{field}' in html


@override_settings(LIST_PAGE_SIZE=2)
def test_journal_is_paginated_and_keeps_filters(client, regional):
    # Entries of this test only (reference data loading may have written to the journal too).
    for n in range(5):
        entry(summary=f"entrée {n}", action=AuditEntry.Action.IMPORT, actor=regional)
    query = {"action": "import", "auteur": regional.username}
    html = text_of(client.get(URL, query))
    assert "5 entrées — 1 à 2 affichées" in html
    assert "Page 1 sur 3" in html
    assert "?action=import&amp;auteur=journal-pagination&amp;page=2" in client.get(URL, query).content.decode()
    html = text_of(client.get(URL, {**query, "page": 3}))
    assert "entrée 0" in html and "entrée 4" not in html
    # Past the end: the last page, not an error.
    assert "entrée 0" in text_of(client.get(URL, {**query, "page": 99}))


def test_journal_runs_a_bounded_number_of_queries(client, regional, django_assert_max_num_queries):
    for n in range(60):
        entry(summary=f"entrée {n}")
    with django_assert_max_num_queries(9):
        client.get(URL)
