"""`manage.py rules evaluate`: the decisions as JSON on standard output and nothing else; errors in French."""

from __future__ import annotations

import copy
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from compagnon.api.rules import EXAMPLE
from compagnon.rules.engine import evaluate
from compagnon.rules.jsonio import decision_to_json, parse_situation

pytestmark = pytest.mark.django_db

MINIMAL: dict[str, Any] = {
    "contract": {"kind": "professionnalisation", "start_date": "2026-01-05"},
    "supervisor": {"role": "tutor", "relevant_experience_months": 30, "volunteer": True},
}
IMPOSSIBLE_DATE = copy.deepcopy(EXAMPLE)
IMPOSSIBLE_DATE["contract"]["start_date"] = "2026-02-30"


def expected(situation: dict[str, Any]) -> dict[str, Any]:
    return decision_to_json(evaluate(parse_situation(situation)))


def run(*args: str, stdin: Any = None) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    options = {"stdin": stdin} if stdin is not None else {}
    call_command("rules", *args, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def run_failing(*args: str, stdin: Any = None) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    options = {"stdin": stdin} if stdin is not None else {}
    with pytest.raises(CommandError) as caught:
        call_command("rules", *args, stdout=out, stderr=err, **options)
    return out.getvalue(), str(caught.value)


@pytest.fixture
def write(tmp_path: Path):
    def write(document: Any, name: str = "situations.json") -> str:
        path = tmp_path / name
        path.write_text(document if isinstance(document, str) else json.dumps(document), encoding="utf-8")
        return str(path)

    return write


def test_one_situation_in_a_file_gives_one_decision(write):
    out, err = run("evaluate", write(EXAMPLE))
    assert json.loads(out) == expected(EXAMPLE)
    assert err == ""


def test_a_list_gives_the_decisions_in_the_same_order(write):
    out, _ = run("evaluate", write([MINIMAL, EXAMPLE, MINIMAL]))
    assert json.loads(out) == [expected(MINIMAL), expected(EXAMPLE), expected(MINIMAL)]


def test_a_list_of_one_still_gives_a_list(write):
    out, _ = run("evaluate", write([EXAMPLE]))
    assert json.loads(out) == [expected(EXAMPLE)]


def test_an_empty_list_gives_an_empty_list(write):
    out, _ = run("evaluate", write("[]"))
    assert json.loads(out) == []


def test_the_output_is_indented_french_json(write):
    out, _ = run("evaluate", write(EXAMPLE))
    assert out.startswith('{\n  "decision": ')
    # French as it is written, not \u escapes.
    assert "\\u00e9" not in out
    assert "é" in out


def test_standard_input_is_read_with_a_dash():
    out, _ = run("evaluate", "-", stdin=io.StringIO(json.dumps([EXAMPLE, MINIMAL])))
    assert json.loads(out) == [expected(EXAMPLE), expected(MINIMAL)]


def test_standard_input_bytes_are_read_as_utf8_with_or_without_a_byte_order_mark():
    text = json.dumps(EXAMPLE, ensure_ascii=False).encode()
    for data in (text, b"\xef\xbb\xbf" + text):
        out, _ = run("evaluate", "-", stdin=io.TextIOWrapper(io.BytesIO(data)))
        assert json.loads(out) == expected(EXAMPLE)


def test_an_error_in_the_middle_of_a_list_is_reported_at_its_place(write):
    out, message = run_failing("evaluate", write([EXAMPLE, IMPOSSIBLE_DATE, MINIMAL]))
    assert json.loads(out) == [
        expected(EXAMPLE),
        {"error": "contract.start_date : cette date n'existe pas (« 2026-02-30 »).", "path": "contract.start_date"},
        expected(MINIMAL),
    ]
    assert message == "1 situation illisible sur 3 : voir « error » à sa place dans la réponse."


def test_several_errors_are_counted(write):
    _, message = run_failing("evaluate", write([IMPOSSIBLE_DATE, 3, MINIMAL]))
    assert message == "2 situations illisibles sur 3 : voir « error » à leur place dans la réponse."


def test_one_unreadable_situation_gives_its_error_object(write):
    out, message = run_failing("evaluate", write(IMPOSSIBLE_DATE))
    assert json.loads(out) == {
        "error": "contract.start_date : cette date n'existe pas (« 2026-02-30 »).",
        "path": "contract.start_date",
    }
    assert message == "Situation illisible : contract.start_date : cette date n'existe pas (« 2026-02-30 »)."


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"contract": {"kind": "apprentissage",}}', "JSON invalide, ligne 1, colonne 39 : nom de champ entre"),
        ("", "document vide"),
        ("42", "le document doit contenir une situation (un objet JSON) ou une liste de situations"),
    ],
    ids=["bad-json", "empty", "a-number"],
)
def test_an_unreadable_document_fails_in_french_with_its_error_on_stdout(write, text, message):
    out, error = run_failing("evaluate", write(text))
    answer = json.loads(out)
    assert answer["path"] == ""
    assert message in answer["error"]
    assert error == f"Document illisible : {answer['error']}"


def test_a_file_that_is_not_utf8_fails_in_french(tmp_path):
    path = tmp_path / "latin1.json"
    path.write_bytes('{"contract": "é"}'.encode("latin-1"))
    out, error = run_failing("evaluate", str(path))
    assert "n'est pas encodé en UTF-8" in json.loads(out)["error"]
    assert error.startswith("Document illisible : le document n'est pas encodé en UTF-8")


def test_a_missing_file_fails_in_french_and_writes_nothing_on_stdout(tmp_path):
    missing = tmp_path / "absent.json"
    out, error = run_failing("evaluate", str(missing))
    assert out == ""
    assert error == f"Fichier introuvable : « {missing} »."


def test_a_directory_is_not_a_file(tmp_path):
    out, error = run_failing("evaluate", str(tmp_path))
    assert out == ""
    assert error == f"« {tmp_path} » est un dossier, pas un fichier JSON."


def test_an_action_is_required():
    with pytest.raises(CommandError, match="ACTION"):
        call_command("rules")


def _manage(*args: str, stdin: str) -> subprocess.CompletedProcess[str]:
    # Another process cannot see the test database: the legal rules only (the configured data are tested in process).
    return subprocess.run(
        [sys.executable, "manage.py", "rules", *args, "--legal-only"],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=settings.BASE_DIR,
        timeout=60,
    )


def test_from_the_shell_success_exits_0_with_only_json_on_stdout():
    done = _manage("evaluate", "-", stdin=json.dumps([EXAMPLE, MINIMAL]))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [expected(EXAMPLE), expected(MINIMAL)]
    assert done.stderr == ""


def test_from_the_shell_an_unreadable_situation_exits_1_with_the_whole_answer_on_stdout():
    done = _manage("evaluate", "-", stdin=json.dumps([EXAMPLE, IMPOSSIBLE_DATE]))
    assert done.returncode == 1
    assert json.loads(done.stdout)[1]["path"] == "contract.start_date"
    assert "1 situation illisible sur 2" in done.stderr


def test_from_the_shell_invalid_json_exits_1():
    done = _manage("evaluate", "-", stdin="{")
    assert done.returncode == 1
    assert json.loads(done.stdout)["error"].startswith("JSON invalide, ligne 1, colonne 2")
    assert "Document illisible : JSON invalide" in done.stderr


def test_the_configured_opco_amounts_apply_unless_legal_only_is_asked(tmp_path):
    from compagnon.compliance.models import OpcoFundingRule
    from tests.factories import make_opco

    opco = make_opco(code="opco-de-test", name="OPCO de test")
    OpcoFundingRule.objects.create(
        opco=opco, function="master", valid_from="2019-01-01", eur_per_month=230, months=6, note="exemple"
    )
    situation = copy.deepcopy(EXAMPLE)
    situation["employer"]["opco"] = "opco-de-test"
    path = tmp_path / "situation.json"
    path.write_text(json.dumps(situation))
    configured, _ = run("evaluate", str(path))
    assert json.loads(configured)["funding"]["function"]["max_eur"] == 1380
    legal, _ = run("evaluate", str(path), "--legal-only")
    assert json.loads(legal)["funding"]["function"]["max_eur"] == 2760
