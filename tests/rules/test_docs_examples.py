"""The worked examples of docs/rules.md are run: each « entrée » gives the « sortie » shown under it.

Only the fields shown are compared; in a list of checks (or warnings, rights), items are matched by their `code`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from compagnon.rules import evaluate, jsonio

DOC = Path(__file__).resolve().parents[2] / "docs" / "rules.md"
BLOCK = re.compile(r"```json (entrée|sortie)\n(.*?)```", re.S)


def examples() -> list[tuple[dict[str, Any], dict[str, Any]]]:
    blocks = BLOCK.findall(DOC.read_text())
    pairs = []
    for (kind_in, given), (kind_out, shown) in zip(blocks[::2], blocks[1::2], strict=True):
        assert (kind_in, kind_out) == ("entrée", "sortie"), "an « entrée » block is followed by its « sortie »"
        pairs.append((json.loads(given), json.loads(shown)))
    return pairs


def contains(actual: Any, shown: Any, where: str = "") -> None:
    if isinstance(shown, dict):
        assert isinstance(actual, dict), where
        for key, value in shown.items():
            assert key in actual, f"{where}.{key} missing"
            contains(actual[key], value, f"{where}.{key}")
    elif isinstance(shown, list) and shown and isinstance(shown[0], dict) and "code" in shown[0]:
        by_code = {item["code"]: item for item in actual}
        for item in shown:
            assert item["code"] in by_code, f"{where}: no {item['code']} in {sorted(by_code)}"
            contains(by_code[item["code"]], item, f"{where}[{item['code']}]")
    else:
        assert actual == shown, f"{where}: {actual!r} != {shown!r}"


def test_the_document_has_worked_examples():
    assert len(examples()) >= 5


@pytest.mark.parametrize(("given", "shown"), examples(), ids=[f"exemple-{n + 1}" for n in range(len(examples()))])
def test_each_worked_example_gives_the_output_shown(given, shown):
    decision = jsonio.decision_to_json(evaluate(jsonio.parse_situation(given)))
    contains(decision, shown)


def test_every_code_the_engine_answers_with_is_documented():
    source = "\n".join(path.read_text() for path in (DOC.parents[1] / "compagnon" / "rules").glob("*.py"))
    codes = set(re.findall(r'(?:_check\(\s*|code=(?:"[A-Z_]+" if master else )?)"([A-Z][A-Z0-9_]+)"', source))
    codes |= set(re.findall(r'"((?:MASTER|TUTOR)_CAPACITY)"', source))
    assert {"MASTER_ADULT", "TUTOR_EXPERIENCE", "CPF_MASTER_CREDIT", "APPRENTICE_AGE"} <= codes
    documented = DOC.read_text()
    assert sorted(code for code in codes if f"`{code}`" not in documented) == []
