"""Reading and cleaning a large file in a second process while this one writes what it has cleaned.

Reading a row and cleaning its cells costs about 100 µs of pure Python (compagnon/intake/rows.py), as much as a
good part of its writes: on a machine with two cores, a forked worker reads and cleans the file while the importing
process finds people and writes the rows it receives, batch by batch. The worker never touches the database (it
inherits the importing process's connection and must leave it alone); it only turns (line, cells) into cleaned rows
or their problems, in the file's order, and says how far into the file it is, for the progress bar.

A small file, an API batch or a machine with one core is read in the importing process itself: the same cleaning,
the same order, the same results.
"""

from __future__ import annotations

import multiprocessing
import os
import queue as queues
from collections.abc import Iterable, Iterator
from typing import Any

from compagnon.intake.reading import FileProblem
from compagnon.intake.rows import ContractRow, Problem, RowCleaner

# Cleaned rows sent to the importing process at a time, and batches that may wait in the pipe (bounded: a worker
# faster than the writes must not fill memory with a million cleaned rows).
BATCH_ROWS = 1_000
WAITING_BATCHES = 16
# How long the importing process waits for a batch before checking that the worker is still alive.
POLL_SECONDS = 1.0

Cleaned = ContractRow | list[Problem]


def cleaned_rows(
    rows: Iterable[tuple[int, list[str]]], cleaner: RowCleaner, *, bytes_of: Any = None, parallel: bool = False
) -> Iterator[tuple[Cleaned, int]]:
    """Each row of the file, cleaned (a ContractRow, or the list of its problems), with the bytes read so far."""
    # A daemonic process (a worker of a process pool) may not start one of its own.
    if not parallel or (os.cpu_count() or 1) < 2 or multiprocessing.current_process().daemon:
        for line, cells in rows:
            yield cleaner.clean(line, cells), _bytes_read(bytes_of)
        return
    yield from _from_worker(rows, cleaner, bytes_of)


def _bytes_read(bytes_of: Any) -> int:
    return int(getattr(bytes_of, "bytes_read", 0) or 0)


def _from_worker(
    rows: Iterable[tuple[int, list[str]]], cleaner: RowCleaner, bytes_of: Any
) -> Iterator[tuple[Cleaned, int]]:
    # fork: the worker starts with the open file, the header already read and the reference data loaded.
    context = multiprocessing.get_context("fork")
    pipe: Any = context.Queue(maxsize=WAITING_BATCHES)
    worker = context.Process(target=_clean_in_worker, args=(rows, cleaner, bytes_of, pipe), daemon=True)
    worker.start()
    try:
        while True:
            try:
                kind, payload, read = pipe.get(timeout=POLL_SECONDS)
            except queues.Empty:
                if not worker.is_alive():
                    raise RuntimeError(
                        f"La lecture du fichier s'est arrêtée sans prévenir (code de sortie {worker.exitcode})."
                    ) from None
                continue
            if kind == "rows":
                for cleaned in payload:
                    yield cleaned, read
            elif kind == "end":
                break
            elif kind == "file":
                message, line = payload
                raise FileProblem(message, line=line)
            else:
                raise RuntimeError(f"La lecture du fichier a échoué : {payload}")
        worker.join()
    finally:
        if worker.is_alive():
            worker.terminate()
            worker.join()
        pipe.close()
        pipe.join_thread()


def _clean_in_worker(rows: Iterable[tuple[int, list[str]]], cleaner: RowCleaner, bytes_of: Any, pipe: Any) -> None:
    try:
        batch: list[Cleaned] = []
        for line, cells in rows:
            batch.append(cleaner.clean(line, cells))
            if len(batch) >= BATCH_ROWS:
                pipe.put(("rows", batch, _bytes_read(bytes_of)))
                batch = []
        pipe.put(("rows", batch, _bytes_read(bytes_of)))
        pipe.put(("end", None, _bytes_read(bytes_of)))
    except FileProblem as problem:
        pipe.put(("file", (problem.message, problem.line), 0))
    except BaseException as error:  # noqa: BLE001 - whatever stops the worker is told to the importing process
        pipe.put(("error", f"{type(error).__name__}: {error}", 0))
    finally:
        pipe.close()
        pipe.join_thread()
