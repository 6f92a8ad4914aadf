"""A large file is read and cleaned by a second process: the same results as in one process, every problem told."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from compagnon.contracts.models import Contract
from compagnon.intake import pipeline
from compagnon.intake.models import ImportRun
from compagnon.intake.rows import RowCleaner
from compagnon.intake.services import import_contracts
from tests.intake.conftest import contract_row

pytestmark = pytest.mark.usefixtures("places")
Files = Callable[..., Path]


@pytest.fixture
def in_two_processes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("compagnon.intake.services.PARALLEL_READING_FROM_BYTES", 0)
    monkeypatch.setattr(pipeline, "BATCH_ROWS", 7)  # several batches, the last one short


@pytest.fixture
def in_one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("compagnon.intake.services.PARALLEL_READING_FROM_BYTES", 10**12)


def rows_with_mistakes() -> list[dict[str, str]]:
    rows = []
    for n in range(40):
        overrides = {"apprenti_prenom": f"Prénom{n}", "apprenti_date_naissance": f"{1 + n % 28:02d}/03/2008"}
        if n % 9 == 4:
            overrides["date_fin"] = "31/02/2028"  # impossible date
        if n % 13 == 6:
            overrides["employeur_siret"] = "12345678901234"  # bad checksum
        rows.append(contract_row(f"C-{n:03d}", **overrides))
    return rows


def run_of(path: Path) -> tuple[tuple[str, int, int, int], list[tuple[int, str, str]]]:
    run = import_contracts(path=path, source="cfa-lille", partial=True)
    counts = (run.status, run.rows, run.created, run.rejected)
    return counts, list(run.problems.order_by("line", "column").values_list("line", "column", "message"))


def test_two_processes_give_the_results_of_one(contract_file: Files, monkeypatch: pytest.MonkeyPatch) -> None:
    path = contract_file(rows_with_mistakes())
    monkeypatch.setattr("compagnon.intake.services.PARALLEL_READING_FROM_BYTES", 10**12)
    alone = run_of(path)
    monkeypatch.setattr("compagnon.intake.services.PARALLEL_READING_FROM_BYTES", 0)
    monkeypatch.setattr(pipeline, "BATCH_ROWS", 7)
    forked = []
    real = pipeline._from_worker

    def spy(*args, **kwargs):
        forked.append(True)
        return real(*args, **kwargs)

    monkeypatch.setattr(pipeline, "_from_worker", spy)

    assert run_of(path) == alone
    assert forked, "the second process was not used"
    assert alone[0] == ("done", 40, 33, 7)


@pytest.mark.usefixtures("in_two_processes")
def test_a_broken_encoding_found_by_the_second_process_refuses_the_file_at_its_line(contract_file: Files) -> None:
    rows = [contract_row(f"C-{n:04d}", apprenti_prenom="Zoé" if n == 2_500 else "Léa") for n in range(3_000)]
    path = contract_file(rows)
    path.write_bytes(path.read_bytes().replace("Zoé".encode(), b"Zo\xe9"))  # Windows-1252 inside UTF-8

    run = import_contracts(path=path, source="cfa-lille", dry_run=False)

    assert run.status == ImportRun.Status.REJECTED
    assert "2502" in run.message  # row 2,500 is line 2,502 (the header is line 1)
    assert Contract.objects.count() == 0


@pytest.mark.usefixtures("in_two_processes")
def test_a_second_process_that_dies_stops_the_import_and_writes_nothing(
    contract_file: Files, monkeypatch: pytest.MonkeyPatch
) -> None:
    clean = RowCleaner.clean

    def dying(self, line, cells):
        if line == 20:
            os._exit(3)  # as if killed: no message through the pipe
        return clean(self, line, cells)

    monkeypatch.setattr(RowCleaner, "clean", dying)
    monkeypatch.setattr(pipeline, "POLL_SECONDS", 0.05)
    path = contract_file([contract_row(f"C-{n:03d}", apprenti_prenom=f"P{n}") for n in range(40)])

    with pytest.raises(RuntimeError, match="code de sortie 3"):
        import_contracts(path=path, source="cfa-lille", dry_run=False)

    assert Contract.objects.count() == 0
    assert ImportRun.objects.get().status == ImportRun.Status.FAILED


@pytest.mark.usefixtures("in_one_process")
def test_a_small_file_stays_in_one_process(contract_file: Files, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_fork(*args, **kwargs):
        raise AssertionError("a small file must not start a second process")

    monkeypatch.setattr(pipeline, "_from_worker", no_fork)
    run = import_contracts(path=contract_file([contract_row()]), source="cfa-lille")
    assert run.created == 1


@pytest.mark.usefixtures("in_two_processes")
def test_a_daemonic_process_reads_the_file_itself(contract_file: Files, monkeypatch: pytest.MonkeyPatch) -> None:
    import multiprocessing

    def no_fork(*args, **kwargs):
        raise AssertionError("a daemonic process may not start a second process")

    monkeypatch.setattr(pipeline, "_from_worker", no_fork)
    monkeypatch.setitem(multiprocessing.current_process()._config, "daemon", True)
    run = import_contracts(path=contract_file([contract_row()]), source="cfa-lille")
    assert run.created == 1
