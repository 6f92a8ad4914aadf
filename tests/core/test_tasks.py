"""Background tasks: immediate in tests, stored in the database for `manage.py db_worker` otherwise."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail
from django_tasks import TaskResultStatus

from compagnon.core.models import SentMail
from compagnon.core.tasks import send_email_task

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_a_task_runs_at_once_in_tests_and_sends_its_mail() -> None:
    result = send_email_task.enqueue(to=["maitre@example.fr"], subject="Bienvenue", body="Votre guide est prêt.")

    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == 1
    [message] = mail.outbox
    assert message.to == ["maitre@example.fr"]
    assert message.subject == "Bienvenue"
    assert message.from_email == "Compagnon <ne-pas-repondre@compagnon.localhost>"


@pytest.mark.django_db
def test_in_development_a_task_mail_is_printed_and_kept_for_the_sent_mail_page(settings, capsys) -> None:  # type: ignore[no-untyped-def]
    settings.EMAIL_BACKEND = "compagnon.core.mail.RecordingConsoleBackend"

    send_email_task.enqueue(
        to=["a@example.fr", "b@example.fr"], subject="Réunion collective", body="Rendez-vous jeudi à Lens."
    )

    sent = SentMail.objects.get()
    assert (sent.to, sent.subject, sent.body) == (
        "a@example.fr, b@example.fr",
        "Réunion collective",
        "Rendez-vous jeudi à Lens.",
    )
    assert "Subject: =?utf-8?q?R=C3=A9union_collective?=" in capsys.readouterr().out


def test_task_arguments_must_be_json_serialisable() -> None:
    # What the database backend stores must survive a round trip through JSON: a set would not.
    with pytest.raises(TypeError, match="Unsupported type"):
        send_email_task.enqueue(to={"x@example.fr"}, subject="s", body="b")  # type: ignore[arg-type]


def test_the_worker_runs_an_enqueued_task_from_the_database(tmp_path: Path) -> None:
    """End to end outside the test settings: enqueue into SQLite, `db_worker --batch` sends, the mail is kept."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "TASKS_IMMEDIATE", "EMAIL_HOST")}
    env |= {"DATABASE_URL": f"sqlite:///{tmp_path / 'worker.sqlite3'}", "DJANGO_SETTINGS_MODULE": "compagnon.settings"}

    def run(*args: str) -> str:
        done = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    manage = [sys.executable, "manage.py"]
    run(*manage, "migrate", "--no-input", "--verbosity=0")
    enqueue = (
        "import django; django.setup(); from compagnon.core.tasks import send_email_task; "
        "r = send_email_task.enqueue(to=['cfa@example.fr'], subject='Bilan tripartite', body='Demain 10 h.'); "
        "print(r.status)"
    )
    assert run(sys.executable, "-c", enqueue).strip() == "READY"
    run(*manage, "db_worker", "--batch", "--no-startup-delay", "--no-reload")
    count = (
        "import django; django.setup(); from compagnon.core.models import SentMail; "
        "print(SentMail.objects.filter(to='cfa@example.fr', subject='Bilan tripartite').count())"
    )
    assert run(sys.executable, "-c", count).strip() == "1"
