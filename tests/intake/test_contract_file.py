"""The benchmark's contract file generator (bench/contract_file.py): the file says what its manifest says.

The checks below read the written file back and judge it with the project's own validators and reference data,
not with the generator's helpers, so a generator bug cannot hide behind itself.
"""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util
import io
import json
import re
import sys
import unicodedata
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from openpyxl import load_workbook

from compagnon.organisations.validators import siret_is_valid, uai_is_valid

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "docs" / "samples" / "contrats-exemple.csv"


def _load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_contract_file", ROOT / "bench" / "contract_file.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


cf = _load_generator()
COL: dict[str, int] = cf.COL
CONTRACT_TYPES = {"apprentissage", "professionnalisation", "pro_a", "periode_reconversion"}
EMPLOYER_TYPES = {"entreprise", "groupement_employeurs", "ett", "association_intermediaire", "siae", "public"}
INITIATIVES = {"employeur", "apprenti", "commun_accord", "autre"}
DATE = re.compile(r"\d\d/\d\d/\d{4}")


def _reference() -> tuple[dict[str, tuple[str, set[str]]], set[str]]:
    with (ROOT / "compagnon" / "territory" / "data" / "communes.csv").open(encoding="utf-8") as handle:
        communes = {
            row["code_insee"]: (row["nom"], set(row["codes_postaux"].split()))
            for row in csv.DictReader(handle)
            if row["region"] == "32"
        }
    with (ROOT / "compagnon" / "certifications" / "data" / "nsf.csv").open(encoding="utf-8") as handle:
        nsf = {row["code"] for row in csv.DictReader(handle)}
    return communes, nsf


COMMUNES, NSF = _reference()
POSTAL_NAMES = {(postal, name) for name, postals in COMMUNES.values() for postal in postals}


def _date(text: str) -> dt.date | None:
    try:
        return dt.datetime.strptime(text, "%d/%m/%Y").date()
    except ValueError:
        return None


def _years_later(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _age(birth: dt.date, on: dt.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def _identity(last: str, first: str, birth: str) -> tuple[str, str, str]:
    """How an importer would recognise a person written in capitals or without accents."""

    def key(text: str) -> str:
        text = text.replace("œ", "oe").replace("Œ", "OE")
        return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).upper()

    return key(last), key(first), birth


def defects(row: list[str]) -> set[str]:
    """The kinds of defect the generator plants, found independently in one row."""
    found = set()
    cell = {name: row[index] for name, index in COL.items()}
    if not siret_is_valid(cell["employeur_siret"]):
        found.add("siret_check_digit")
    start, end = _date(cell["date_debut"]), _date(cell["date_fin"])
    if start and end and end < start:
        found.add("end_before_start")
    if DATE.fullmatch(cell["date_debut"]) and start is None:
        found.add("impossible_date")
    rupture = _date(cell["date_rupture"]) if cell["date_rupture"] else None
    if start and end and rupture and not start < rupture <= end:
        found.add("rupture_outside_the_contract")  # never planted: a second defect on a bad row would show here
    if cell["employeur_code_commune"] and cell["employeur_code_commune"] not in COMMUNES:
        found.add("unknown_commune")
    birth = _date(cell["apprenti_date_naissance"])
    if birth and birth > cf.AS_OF:
        found.add("birth_date_in_future")
    if birth is None:
        found.add("unreadable_birth_date")
    if cell["formation_nsf"] not in NSF:
        found.add("unknown_nsf")
    if not cell["maitre1_nom"]:
        found.add("missing_master1_last_name")
    if cell["type_contrat"] not in CONTRACT_TYPES:
        found.add("unknown_contract_type")
    if any(cell[c] and "@" not in cell[c] for c in ("apprenti_courriel", "maitre1_courriel", "maitre2_courriel")):
        found.add("email_without_at")
    return found


def check_valid_row(row: list[str]) -> None:
    """Everything an importer checks on a good row holds."""
    cell = {name: row[index] for name, index in COL.items()}
    assert siret_is_valid(cell["employeur_siret"]) and siret_is_valid(cell["cfa_siret"])
    assert uai_is_valid(cell["cfa_uai"])
    concluded, start, end = (_date(cell[c]) for c in ("date_conclusion", "date_debut", "date_fin"))
    assert concluded and start and end and concluded <= start <= end
    assert cf.START_FIRST <= start <= cf.START_LAST
    if cell["date_rupture"]:
        rupture = _date(cell["date_rupture"])
        assert rupture and start < rupture <= end and rupture <= cf.AS_OF
        assert cell["cause_rupture"] and cell["initiative_rupture"] in INITIATIVES
    else:
        assert not cell["cause_rupture"] and not cell["initiative_rupture"]
    if cell["employeur_code_commune"]:
        assert cell["employeur_code_commune"] in COMMUNES
        assert not cell["employeur_code_postal"] and not cell["employeur_commune"]
    else:
        assert (cell["employeur_code_postal"], cell["employeur_commune"]) in POSTAL_NAMES
    if cell["lieu_execution_code_commune"]:
        assert cell["lieu_execution_code_commune"] in COMMUNES
        assert cell["lieu_execution_code_commune"] != cell["employeur_code_commune"]
    assert re.fullmatch(r"\d\d\.?\d\d[A-Z]", cell["employeur_naf"])
    assert re.fullmatch(r"\d{4}", cell["employeur_idcc"])
    assert int(cell["employeur_effectif"]) >= 1
    assert cell["employeur_type"] in EMPLOYER_TYPES
    assert cell["type_contrat"] in CONTRACT_TYPES
    apprentice_birth = _date(cell["apprenti_date_naissance"])
    assert apprentice_birth and _years_later(apprentice_birth, 15) <= start < _years_later(apprentice_birth, 30)
    assert cell["apprenti_sexe"] in ("M", "F")
    assert re.fullmatch(r"RNCP\d{5}", cell["formation_rncp"]) and cell["formation_intitule"]
    assert cell["formation_nsf"] in NSF and cell["formation_niveau"] in "34567"
    assert cell["apprenti_dernier_diplome_niveau"] in "34567"
    for master in ("maitre1", "maitre2"):
        if master == "maitre2" and not cell["maitre2_nom"]:
            assert not any(cell[c] for c in COL if c.startswith("maitre2_"))
            continue
        birth = _date(cell[f"{master}_date_naissance"])
        assert cell[f"{master}_nom"] and cell[f"{master}_prenom"] and birth
        assert 25 <= _age(birth, start) <= 64
        assert cell[f"{master}_nsf_diplome"] in NSF and cell[f"{master}_niveau_diplome"] in "34567"
        assert int(cell[f"{master}_experience_mois"]) >= 12
    assert not defects(row)


@pytest.fixture(scope="module")
def contract_file(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[list[str]], dict[str, Any]]:
    """20,000 rows with 2 % bad ones (40 of each kind), written to disk and read back."""
    path = tmp_path_factory.mktemp("contracts") / "contrats.csv"
    manifest_path = path.with_suffix(".json")
    cf.main(["--rows", "20000", "--seed", "7", "--bad-share", "0.02", "--out", str(path), "--manifest",
             str(manifest_path)])  # fmt: skip
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    return rows, json.loads(manifest_path.read_text(encoding="utf-8"))


def test_the_same_seed_gives_the_same_file_and_another_seed_another() -> None:
    first = list(cf.generate(500, seed=3, bad_share=0.02, prefix="X-"))
    assert first == list(cf.generate(500, seed=3, bad_share=0.02, prefix="X-"))
    assert first != list(cf.generate(500, seed=4, bad_share=0.02, prefix="X-"))


def test_every_row_has_the_header_cells_and_a_unique_contract_number(contract_file: Any) -> None:
    rows, manifest = contract_file
    assert tuple(rows[0]) == cf.COLUMNS and len(cf.COLUMNS) == 50
    assert len(rows) == manifest["rows"] + 1 == 20_001
    assert all(len(row) == len(cf.COLUMNS) for row in rows)
    numbers = [row[0] for row in rows[1:]]
    assert len(set(numbers)) == len(numbers) and numbers[0] == "FA13-2026-0000001"


def test_bad_rows_sit_at_the_lines_the_manifest_gives_each_with_its_one_defect(contract_file: Any) -> None:
    rows, manifest = contract_file
    by_kind = manifest["bad_rows"]["by_kind"]
    assert set(by_kind) == {kind for kind, _ in cf.BAD_KINDS}
    bad_lines: dict[int, str] = {}
    for kind, entry in by_kind.items():
        assert entry["count"] == len(entry["lines"]) == 40
        bad_lines.update(dict.fromkeys(entry["lines"], kind))
    assert len(bad_lines) == manifest["bad_rows"]["total"] == 400
    # Spread through the file, not bunched at one end.
    assert min(bad_lines) < 200 and max(bad_lines) > 19_800
    for line, row in enumerate(rows[1:], start=2):
        assert defects(row) == ({bad_lines[line]} if line in bad_lines else set()), (line, row)


def test_valid_rows_pass_every_check_an_importer_makes(contract_file: Any) -> None:
    rows, manifest = contract_file
    bad = {line for entry in manifest["bad_rows"]["by_kind"].values() for line in entry["lines"]}
    for line, row in enumerate(rows[1:], start=2):
        if line not in bad:
            check_valid_row(row)


def test_the_manifest_counts_what_the_file_holds(contract_file: Any) -> None:
    rows, manifest = contract_file
    bad = {line for entry in manifest["bad_rows"]["by_kind"].values() for line in entry["lines"]}
    valid = [row for line, row in enumerate(rows[1:], start=2) if line not in bad]
    assert len(valid) == manifest["valid_rows"] == 19_600
    assert len({row[COL["employeur_siret"]] for row in valid}) == manifest["companies"]
    masters = {
        _identity(row[COL[f"{m}_nom"]], row[COL[f"{m}_prenom"]], row[COL[f"{m}_date_naissance"]])
        for row in valid
        for m in ("maitre1", "maitre2")
        if row[COL[f"{m}_nom"]]
    }
    assert len(masters) == manifest["masters"]
    assert sum(bool(row[COL["maitre2_nom"]]) for row in valid) == manifest["rows_with_master2"]
    assert sum(bool(row[COL["date_rupture"]]) for row in valid) == manifest["ruptures"]
    assert sum(bool(row[COL["employeur_code_commune"]]) for row in valid) == manifest["rows_with_commune_code"]
    assert sum(bool(row[COL["lieu_execution_code_commune"]]) for row in valid) == manifest["rows_with_workplace"]
    types: dict[str, int] = {}
    for row in valid:
        types[row[COL["type_contrat"]]] = types.get(row[COL["type_contrat"]], 0) + 1
    assert types == manifest["contract_types"]


def test_shares_are_near_what_the_benchmark_expects(contract_file: Any) -> None:
    _rows, manifest = contract_file
    valid = manifest["valid_rows"]
    assert 0.2 < manifest["companies"] / valid < 0.3
    assert 0.75 < manifest["contract_types"]["apprentissage"] / valid < 0.85
    assert 0.2 < manifest["ruptures"] / valid < 0.3
    assert 0.25 < manifest["ruptures_within_45_days"] / manifest["ruptures"] < 0.42
    assert 0.05 < manifest["rows_with_master2"] / valid < 0.11
    assert 0.07 < manifest["rows_with_workplace"] / valid < 0.13
    assert 0.45 < manifest["rows_with_commune_code"] / valid < 0.55
    assert 0.005 < manifest["master_variant_rows"] / valid < 0.03
    assert manifest["companies_renamed"] > 0 and manifest["companies_headcount_changed"] > 0


def test_masters_recur_and_some_come_back_after_more_than_three_years(contract_file: Any) -> None:
    rows, manifest = contract_file
    bad = {line for entry in manifest["bad_rows"]["by_kind"].values() for line in entry["lines"]}
    previous_end: dict[tuple[str, str, str], dt.date] = {}
    contracts: dict[tuple[str, str, str], int] = {}
    returning_rows, returning = 0, set()
    for line, row in enumerate(rows[1:], start=2):
        if line in bad:
            continue
        start = _date(row[COL["date_debut"]])
        end = _date(row[COL["date_rupture"]] or row[COL["date_fin"]])
        assert start and end
        is_returning = False
        for m in ("maitre1", "maitre2"):
            if not row[COL[f"{m}_nom"]]:
                continue
            person = _identity(row[COL[f"{m}_nom"]], row[COL[f"{m}_prenom"]], row[COL[f"{m}_date_naissance"]])
            before = previous_end.get(person)
            if before is not None and start > _years_later(before, 3):
                is_returning = True
                returning.add(person)
            previous_end[person] = max(end, before or end)
            contracts[person] = contracts.get(person, 0) + 1
        returning_rows += is_returning
    assert returning_rows == manifest["returning_master_rows"] > 0
    assert len(returning) == manifest["returning_masters"]
    assert sum(count > 1 for count in contracts.values()) > len(contracts) / 4


def test_a_master_keeps_one_e_mail_and_a_company_its_commune_naf_and_idcc(contract_file: Any) -> None:
    rows, manifest = contract_file
    bad = {line for entry in manifest["bad_rows"]["by_kind"].values() for line in entry["lines"]}
    mails: dict[tuple[str, str, str], set[str]] = {}
    companies: dict[str, set[tuple[str, ...]]] = {}
    last_seen: dict[str, tuple[str, str]] = {}
    for line, row in enumerate(rows[1:], start=2):
        if line in bad:
            continue
        person = _identity(row[COL["maitre1_nom"]], row[COL["maitre1_prenom"]], row[COL["maitre1_date_naissance"]])
        if row[COL["maitre1_courriel"]]:
            mails.setdefault(person, set()).add(row[COL["maitre1_courriel"]])
        siret = row[COL["employeur_siret"]]
        town = row[COL["employeur_commune"]] or COMMUNES[row[COL["employeur_code_commune"]]][0]
        companies.setdefault(siret, set()).add(
            (town, row[COL["employeur_naf"]].replace(".", ""), row[COL["employeur_idcc"]], row[COL["employeur_type"]])
        )
        last_seen[siret] = (row[COL["employeur_denomination"]], row[COL["employeur_effectif"]])
    assert all(len(found) == 1 for found in mails.values())
    assert all(len(found) == 1 for found in companies.values())
    for example in manifest["last_row_wins"]:
        assert last_seen[example["employeur_siret"]] == (
            example["employeur_denomination"],
            str(example["employeur_effectif"]),
        )


def test_cp1252_with_commas_reads_back_the_same_rows(tmp_path: Path) -> None:
    rows = list(cf.generate(300, seed=5, bad_share=0.05, prefix="FA13-2026-"))
    path = tmp_path / "contrats.csv"
    assert cf.write_csv(path, rows, separator=",", encoding="cp1252") == 301
    raw = path.read_bytes()
    assert raw.startswith(b"numero_contrat,") and b"\r\n" in raw
    with path.open(encoding="cp1252", newline="") as handle:
        assert list(csv.reader(handle)) == rows
    # Some cells hold a comma (certification titles, causes): they are quoted, not split.
    assert any("," in cell for row in rows for cell in row)


def test_utf8_with_bom_and_stdout(tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    rows = list(cf.generate(20, seed=5, bad_share=0, prefix="FA13-2026-"))
    path = tmp_path / "contrats.csv"
    cf.write_csv(path, rows, encoding="utf-8-sig")
    assert path.read_bytes().startswith("\ufeffnumero_contrat;".encode())
    cf.write_csv("-", rows)
    written = capsysbinary.readouterr().out.decode()
    assert list(csv.reader(io.StringIO(written, newline=""), delimiter=";")) == rows


def test_xlsx_reads_back_the_same_rows_as_text(tmp_path: Path) -> None:
    path = tmp_path / "contrats.xlsx"
    manifest_path = tmp_path / "contrats.json"
    cf.main(["--rows", "200", "--seed", "5", "--bad-share", "0.05", "--format", "xlsx", "--out", str(path),
             "--manifest", str(manifest_path)])  # fmt: skip
    rows = list(cf.generate(200, seed=5, bad_share=0.05, prefix="FA13-2026-"))
    workbook = load_workbook(path, read_only=True)
    read = [["" if value is None else value for value in row] for row in workbook.active.iter_rows(values_only=True)]
    workbook.close()
    assert read == rows
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    assert manifest["format"] == "xlsx" and manifest["bad_rows"]["total"] == 10
    line = manifest["bad_rows"]["by_kind"]["unknown_commune"]["lines"][0]
    assert read[line - 1][COL["employeur_code_commune"]] == "99999"


def test_the_docs_sample_is_what_the_documented_command_writes(tmp_path: Path) -> None:
    assert "--rows 20 --seed 4 --bad-share 0 --encoding utf-8-sig" in (cf.__doc__ or "")
    path = tmp_path / "contrats-exemple.csv"
    cf.main(["--rows", "20", "--seed", "4", "--bad-share", "0", "--encoding", "utf-8-sig", "--out", str(path)])
    assert SAMPLE.read_bytes() == path.read_bytes()
    with SAMPLE.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    assert len(rows) == 21
    for row in rows[1:]:
        check_valid_row(row)
