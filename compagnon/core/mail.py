"""Development mail backend: prints to the console and keeps a copy for the "courriels envoyés" page."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.mail.backends.console import EmailBackend as ConsoleBackend
from django.core.mail.message import EmailMessage


class RecordingConsoleBackend(ConsoleBackend):
    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        from compagnon.core.models import SentMail

        sent = super().send_messages(email_messages) or 0
        SentMail.objects.bulk_create(
            SentMail(
                from_email=message.from_email,
                to=", ".join(message.to),
                subject=str(message.subject),
                body=str(message.body),
            )
            for message in email_messages
        )
        return sent
