"""The settings module read from the environment: each case starts a fresh interpreter with its own environment."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
# Every variable that settings.py reads: removed from the child's environment so that each case states its own.
SETTINGS_VARIABLES = tuple(
    sorted(
        set(
            re.findall(
                r'env_(?:str|bool|int|list)\(\s*"([A-Z0-9_]+)"', (ROOT / "compagnon" / "settings.py").read_text()
            )
        )
    )
)
PRINT_SETTINGS = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "db = s.DATABASES['default']; "
    "print(json.dumps({'DEBUG': s.DEBUG, 'ENGINE': db['ENGINE'], 'NAME': str(db['NAME']), 'HOST': db.get('HOST'), "
    "'PORT': db.get('PORT'), 'USER': db.get('USER'), 'ALLOWED_HOSTS': s.ALLOWED_HOSTS, "
    "'TASKS': s.TASKS['default']['BACKEND'], 'EMAIL_BACKEND': s.EMAIL_BACKEND, "
    "'OPTIONS': db.get('OPTIONS', {})}))"
)


def start_django(**environ: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in SETTINGS_VARIABLES}
    env |= {"DJANGO_SETTINGS_MODULE": "compagnon.settings", "PYTHONWARNINGS": "error"} | environ
    return subprocess.run(
        [sys.executable, "-c", PRINT_SETTINGS], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


def started(result: subprocess.CompletedProcess[str]) -> dict[str, object]:
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_no_environment_at_all_runs_in_development_mode_on_the_sqlite_file() -> None:
    values = started(start_django())
    assert values["DEBUG"] is True
    assert values["ENGINE"] == "django.db.backends.sqlite3"
    assert values["NAME"] == str(ROOT / "var" / "compagnon.sqlite3")
    assert values["ALLOWED_HOSTS"] == ["127.0.0.1", "localhost", "[::1]", "testserver"]
    # Outside tests, tasks wait in the database for `manage.py db_worker`.
    assert values["TASKS"] == "django_tasks_db.DatabaseBackend"
    assert values["EMAIL_BACKEND"] == "compagnon.core.mail.RecordingConsoleBackend"


def test_production_without_secret_key_refuses_to_start_with_a_french_message() -> None:
    result = start_django(DEBUG="False")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DEBUG=False avec la clé de développement : définissez SECRET_KEY" in result.stderr


def test_production_with_a_secret_key_starts() -> None:
    values = started(
        start_django(
            DEBUG="false", SECRET_KEY="une-vraie-clé-longue-et-secrète-" * 2, ALLOWED_HOSTS="compagnon.example"
        )
    )
    assert values["DEBUG"] is False
    assert values["ALLOWED_HOSTS"] == ["compagnon.example"]


def test_a_bad_debug_value_is_a_clear_error() -> None:
    result = start_django(DEBUG="peut-être")
    assert result.returncode != 0
    assert "DEBUG='peut-être' : valeur booléenne attendue (true/false, 1/0)." in result.stderr


def test_a_bad_integer_is_a_clear_error() -> None:
    result = start_django(DB_CONN_MAX_AGE="beaucoup")
    assert result.returncode != 0
    assert "DB_CONN_MAX_AGE='beaucoup' : nombre entier attendu." in result.stderr


def test_database_url_chooses_a_sqlite_file_and_creates_its_folder(tmp_path: Path) -> None:
    path = tmp_path / "ailleurs" / "base.sqlite3"
    values = started(start_django(DATABASE_URL=f"sqlite:///{path}"))
    assert values["ENGINE"] == "django.db.backends.sqlite3"
    assert values["NAME"] == str(path)
    assert path.parent.is_dir()


@pytest.mark.parametrize("scheme", ["postgres", "postgresql"])
def test_database_url_chooses_postgresql(scheme: str) -> None:
    values = started(start_django(DATABASE_URL=f"{scheme}://compagnon@db.example:6543/compagnon_prod"))
    assert values["ENGINE"] == "django.db.backends.postgresql"
    assert (values["NAME"], values["HOST"], values["PORT"], values["USER"]) == (
        "compagnon_prod",
        "db.example",
        6543,
        "compagnon",
    )
    # Scoped lists are short correlated lookups: JIT compilation cost more than it saved. Server-side cursors are
    # read to their end (exports, the compliance stream of an import): planned for every row, not the first 10 %.
    assert values["OPTIONS"]["options"] == "-c jit=off -c cursor_tuple_fraction=1"


def test_an_unknown_database_scheme_is_a_clear_error() -> None:
    result = start_django(DATABASE_URL="oracle2://x@y/z")
    assert result.returncode != 0
    assert "DATABASE_URL='oracle2://x@y/z'" in result.stderr


def test_tasks_immediate_runs_tasks_without_a_worker() -> None:
    values = started(start_django(TASKS_IMMEDIATE="oui"))
    assert values["TASKS"] == "django_tasks.backends.immediate.ImmediateBackend"


def test_an_smtp_host_switches_mail_to_smtp() -> None:
    values = started(start_django(EMAIL_HOST="smtp.example"))
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"


def test_the_platform_speaks_french_on_paris_time() -> None:
    assert settings.LANGUAGE_CODE == "fr-fr"
    assert settings.TIME_ZONE == "Europe/Paris"
    assert settings.USE_TZ is True


def test_tests_run_tasks_immediately() -> None:
    assert settings.TASKS["default"]["BACKEND"] == "django_tasks.backends.immediate.ImmediateBackend"


def test_every_environment_variable_that_settings_read_is_documented() -> None:
    documented = set(re.findall(r"^\| `([A-Z0-9_]+)`", (ROOT / "docs" / "configuration.md").read_text(), re.M))
    assert "DATABASE_URL" in SETTINGS_VARIABLES and "SECRET_KEY" in SETTINGS_VARIABLES
    missing = sorted(set(SETTINGS_VARIABLES) - documented)
    assert not missing, f"absentes de docs/configuration.md : {missing}"


def test_postgresql_plans_server_side_cursors_for_every_row(db) -> None:
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL planner setting")
    with connection.cursor() as cursor:
        cursor.execute("SHOW cursor_tuple_fraction")
        assert cursor.fetchone()[0] == "1"
