"""Background tasks of the platform core, run by `manage.py db_worker` (django-tasks' database backend).

In tests (and with TASKS_IMMEDIATE=true) the ImmediateBackend runs a task as soon as it is enqueued.
Arguments must be JSON-serialisable: they are stored in the database until a worker picks the task up.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django_tasks import task


@task()
def send_email_task(
    *,
    to: list[str],
    subject: str,
    body: str,
    from_email: str | None = None,
    reply_to: list[str] | None = None,
) -> int:
    """Send one plain-text e-mail through Django's mail API; returns how many messages went out (0 or 1).

    Mail leaves the request this way so that a slow or unreachable SMTP server never delays a page.
    """
    message = EmailMessage(
        subject=subject,
        body=body,
        from_email=from_email or settings.DEFAULT_FROM_EMAIL,
        to=to,
        reply_to=reply_to,
    )
    return message.send(fail_silently=False)
