from __future__ import annotations

import pytest
from django.core import mail as django_mail
from django.test import override_settings
from django.urls import reverse

from compagnon.accounts.enums import Role
from compagnon.core.models import SentMail
from tests.factories import make_user
from tests.www.shell.conftest import assert_clean, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(settings):
    settings.EMAIL_BACKEND = "compagnon.core.mail.RecordingConsoleBackend"
    django_mail.send_mail("Invitation à la réunion", "Bonjour,\nRendez-vous mardi.", None, ["ma@example.org"])
    return SentMail.objects.get()


def test_regional_animator_sees_the_sent_mail_and_its_detail(client, territory, sent, capsys):
    client.force_login(make_user(role=Role.REGIONAL_ANIMATOR))
    html = text_of(client.get(reverse("mail:list")))
    assert_clean(html)
    assert "Invitation à la réunion" in html and "ma@example.org" in html
    assert "en production, les courriels partent par SMTP et ne sont pas enregistrés ici" in html
    detail = client.get(reverse("mail:detail", args=[sent.pk]))
    html = text_of(detail)
    assert_clean(html)
    assert "Rendez-vous mardi." in html


def test_sent_mail_is_forbidden_to_a_territorial_animator(client, territory, sent, capsys):
    client.force_login(make_user(role=Role.TERRITORIAL_ANIMATOR))
    assert client.get(reverse("mail:list")).status_code == 403
    assert client.get(reverse("mail:detail", args=[sent.pk])).status_code == 403


def test_unknown_mail_is_a_404(client):
    client.force_login(make_user(is_superuser=True))
    assert client.get(reverse("mail:detail", args=[999999])).status_code == 404


@override_settings(EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend")
def test_with_smtp_the_page_says_nothing_is_recorded(client):
    client.force_login(make_user(is_superuser=True))
    html = text_of(client.get(reverse("mail:list")))
    assert "Cette instance les envoie déjà par SMTP" in html
    assert "Aucun courriel enregistré." in html


@pytest.mark.parametrize("page", ["abc", "-3", "999999999999"])
def test_a_bad_page_number_shows_a_page_not_an_error(client, page):
    client.force_login(make_user(is_superuser=True))
    assert client.get(reverse("mail:list"), {"page": page}).status_code == 200
