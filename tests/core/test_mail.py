"""Outgoing mail in development: printed on the console and kept for the "courriels envoyés" page."""

from __future__ import annotations

import pytest
from django.core.mail import EmailMessage, get_connection, send_mail

from compagnon.core.models import SentMail

pytestmark = pytest.mark.django_db


def test_the_recording_backend_prints_and_keeps_every_message(capsys) -> None:  # type: ignore[no-untyped-def]
    connection = get_connection("compagnon.core.mail.RecordingConsoleBackend")
    messages = [
        EmailMessage("Premier", "Bonjour", "ne-pas-repondre@compagnon.localhost", ["un@example.fr"]),
        EmailMessage("Second", "Au revoir", "ne-pas-repondre@compagnon.localhost", ["deux@example.fr", "trois@ex.fr"]),
    ]

    assert connection.send_messages(messages) == 2

    kept = list(SentMail.objects.order_by("id").values_list("to", "subject", "body"))
    assert kept == [("un@example.fr", "Premier", "Bonjour"), ("deux@example.fr, trois@ex.fr", "Second", "Au revoir")]
    out = capsys.readouterr().out
    assert "Subject: Premier" in out and "Subject: Second" in out


def test_django_send_mail_goes_through_the_configured_backend(settings) -> None:  # type: ignore[no-untyped-def]
    settings.EMAIL_BACKEND = "compagnon.core.mail.RecordingConsoleBackend"

    send_mail("Objet", "Corps", None, ["maitre@example.fr"])

    assert SentMail.objects.get().from_email == settings.DEFAULT_FROM_EMAIL


def test_the_sent_mail_is_listed_newest_first() -> None:
    older = SentMail.objects.create(from_email="a@x.fr", to="b@x.fr", subject="ancien", body="")
    newer = SentMail.objects.create(from_email="a@x.fr", to="b@x.fr", subject="récent", body="")
    assert list(SentMail.objects.all()) == [newer, older]
    assert str(newer) == "récent"
