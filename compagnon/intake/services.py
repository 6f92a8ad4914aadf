"""Importing a contract file: every row validated, then written in one transaction, or nothing written at all.

The flow (docs/formats.md): read the file (reading.py), match its header (columns.py), clean each row (rows.py),
then, chunk by chunk inside one transaction, find or create the companies, CFAs, certifications and people the rows
name and create, update or leave each contract (writer.py). A dry run (the default) does everything and rolls back, so
that its counts are the import's exact counts. With errors, nothing is written unless `partial` asks for the valid
rows; the problems are kept either way, in the run (ImportProblem). A wet run then classifies the masters
(classification.py) and stores each supervision's compliance.
"""

from __future__ import annotations

import csv
import os
import tempfile
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models.expressions import RawSQL
from django.utils import timezone

from compagnon.certifications.models import NsfGroup
from compagnon.compliance.services import refresh_compliance
from compagnon.contracts import people_index
from compagnon.contracts.models import Supervision
from compagnon.core import audit
from compagnon.core.models import AuditEntry
from compagnon.core.search import bulk_insert_search_index
from compagnon.core.text import normalize
from compagnon.intake.bulk import deferred_indexes
from compagnon.intake.classification import classify_people
from compagnon.intake.columns import HeaderMap, match_headers
from compagnon.intake.models import ImportProblem, ImportRun
from compagnon.intake.permits import ANYTHING, ImportPermit
from compagnon.intake.pipeline import cleaned_rows
from compagnon.intake.reading import FileProblem, open_table
from compagnon.intake.rows import ContractRow, Place, Places, Problem, RowCleaner
from compagnon.intake.writer import ChunkWriter, touched_table
from compagnon.organisations.models import TrainingCentre
from compagnon.people.identity import find_duplicates
from compagnon.territory.models import Commune

DEFAULT_SOURCE = "fichier"
FILE_CHANNELS = (ImportRun.Channel.COMMAND, ImportRun.Channel.UPLOAD)
CHUNK_ROWS = 2_000
PROBLEM_BATCH = 5_000

Progress = Callable[[ImportRun], None]
# An API batch is answered item by item, within one request.
MAX_BATCH_ITEMS = 1_000
# From this file size (about 20,000 contracts), the contracts' secondary indexes are built at the end of the writes.
DEFER_INDEXES_FROM_BYTES = 10_000_000
# From this file size (about 10,000 contracts), the file is read and cleaned in a second process (pipeline.py).
PARALLEL_READING_FROM_BYTES = 5_000_000
# Past this many new people, statistics are refreshed before the queries that follow the writes.
FRESH_STATISTICS_AFTER = 10_000


class RejectedRows(Exception):
    """Raised inside the transaction to roll it back: errors were found and `partial` was not asked."""


def load_places() -> Places:
    communes: dict[str, Place] = {}
    by_postal_name: dict[tuple[str, str], str] = {}
    postal_communes: dict[str, set[str]] = {}
    rows = Commune.objects.values_list("insee_code", "department_id", "employment_area_id", "postal_codes", "name")
    for insee, department, area, postal_codes, name in rows.iterator(chunk_size=5_000):
        communes[insee] = Place(insee, department, area)
        normal = normalize(name)
        for postal in postal_codes.split():
            by_postal_name[(postal, normal)] = insee
            postal_communes.setdefault(postal, set()).add(insee)
    by_postal = {postal: next(iter(codes)) for postal, codes in postal_communes.items() if len(codes) == 1}
    return Places(
        communes=communes,
        by_postal_name=by_postal_name,
        by_postal=by_postal,
        nsf=frozenset(NsfGroup.objects.values_list("code", flat=True)),
        normalize=normalize,
    )


def start_run(
    *,
    source: str,
    filename: str,
    channel: str,
    dry_run: bool,
    partial: bool = False,
    actor: Any = None,
    training_centre: TrainingCentre | None = None,
    size: int = 0,
    stored_file: str = "",
) -> ImportRun:
    return ImportRun.objects.create(
        source=source,
        filename=filename[:255],
        channel=channel,
        mode=ImportRun.Mode.DRY_RUN if dry_run else ImportRun.Mode.WET_RUN,
        partial=partial,
        training_centre=training_centre,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        size=size,
        stored_file=stored_file,
    )


def import_contracts(
    *,
    path: str | os.PathLike[str],
    source: str,
    dry_run: bool = True,
    partial: bool = False,
    actor: Any = None,
    permit: ImportPermit = ANYTHING,
    training_centre: TrainingCentre | None = None,
    channel: str = ImportRun.Channel.COMMAND,
    filename: str | None = None,
    run: ImportRun | None = None,
    progress: Progress | None = None,
) -> ImportRun:
    """Import one contract file; the returned run holds the counts, and its problems every error found."""
    path = Path(path)
    if training_centre is not None:
        permit = ImportPermit(departments=permit.departments, centres={training_centre.uai: training_centre.pk})
    if run is None:
        run = start_run(
            source=source,
            filename=filename or path.name,
            channel=channel,
            dry_run=dry_run,
            partial=partial,
            actor=actor,
            training_centre=training_centre,
            size=path.stat().st_size,
        )

    def rows(spool: _ProblemSpool) -> None:
        with open_table(path, filename=filename or path.name) as table:
            _import_table(run, table.headers, table.rows, spool, permit=permit, progress=progress, bytes_of=table)

    _running(run, rows, size=path.stat().st_size)
    if progress:
        progress(run)
    return run


@dataclass
class BatchAnswer:
    """Per item, in order: created | updated | unchanged | rejected, the contract's id, its problems. Unless the run
    wrote (run.status done and a wet run), the statuses say what the import would do, and nothing was written."""

    run: ImportRun
    items: list[dict[str, Any]]
    notices: list[str]


def import_batch(
    *,
    items: list[dict[str, Any]],
    source: str,
    actor: Any = None,
    permit: ImportPermit = ANYTHING,
    dry_run: bool = False,
    partial: bool = False,
    channel: str = ImportRun.Channel.API,
) -> BatchAnswer:
    """A batch of contracts as JSON objects with the file's column names (POST /api/v1/contracts): the same
    validation, identity and idempotence as a file, answered item by item. Item i is "line" i + 1 of the run."""
    run = start_run(source=source, filename="", channel=channel, dry_run=dry_run, partial=partial, actor=actor)
    headers: list[str] = []
    for item in items:
        headers.extend(key for key in item if key not in headers)
    table = [(index + 1, [_cell(item.get(key)) for key in headers]) for index, item in enumerate(items)]
    outcomes: dict[int, tuple[str, int | None]] = {}

    def rows(spool: _ProblemSpool) -> None:
        _import_table(run, headers, iter(table), spool, permit=permit, outcomes=outcomes)

    _running(run, rows, size=0)
    problems: dict[int, list[dict[str, str]]] = {}
    notices = []
    for line, column, message in run.problems.order_by("line", "id").values_list("line", "column", "message"):
        if line == 0:
            notices.append(message)
        else:
            problems.setdefault(line, []).append({"field": column, "message": message})
    answers = []
    for line in range(1, len(items) + 1):
        status, contract_id = outcomes.get(line, ("rejected", None))
        if line in problems:
            status, contract_id = "rejected", None
        answers.append({"index": line - 1, "status": status, "id": contract_id, "errors": problems.get(line, [])})
    return BatchAnswer(run=run, items=answers, notices=notices)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value).strip()


def _running(run: ImportRun, work: Callable[[_ProblemSpool], None], *, size: int) -> None:
    """Run an import's work with its problems spooled, and leave the run in a final state whatever happens."""
    run.status = ImportRun.Status.RUNNING
    run.started_at = timezone.now()
    run.size = size
    run.save(update_fields=["status", "started_at", "size"])
    spool = _ProblemSpool()
    try:
        try:
            work(spool)
        except FileProblem as problem:
            spool.add(Problem(problem.line or 0, "", problem.message))
            run.status = ImportRun.Status.REJECTED
            run.message = problem.message
        run.finished_at = timezone.now()
        run.save()
        spool.store(run)
    except BaseException:
        ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.FAILED, finished_at=timezone.now())
        raise
    finally:
        spool.close()


def _import_table(
    run: ImportRun,
    header: list[str],
    rows: Iterator[tuple[int, list[str]]],
    spool: _ProblemSpool,
    *,
    permit: ImportPermit,
    progress: Progress | None = None,
    bytes_of: Any = None,
    outcomes: dict[int, tuple[str, int | None]] | None = None,
) -> None:
    headers = match_headers(header)
    # Problems of the file as a whole are at line 1 (its header) for a file, line 0 for an API batch.
    at = 1 if run.channel in FILE_CHANNELS else 0
    for message in headers.problems:
        spool.add(Problem(at, "", message))
    for index, name in headers.unknown:
        where = f"Champ « {name} » inconnu" if at == 0 else f"Colonne {index + 1} inconnue"
        spool.add(Problem(at, name[:60], f"{where}, ignoré(e) : « {name} »."))
    if headers.problems:
        run.status = ImportRun.Status.REJECTED
        run.message = (
            "L'en-tête du fichier ne permet pas de lire les contrats." if at else "Champs obligatoires absents."
        )
        return
    _run_rows(run, rows, headers, spool, permit=permit, progress=progress, bytes_of=bytes_of, outcomes=outcomes)


def _run_rows(
    run: ImportRun,
    rows: Iterator[tuple[int, list[str]]],
    headers: HeaderMap,
    spool: _ProblemSpool,
    *,
    permit: ImportPermit,
    progress: Progress | None,
    bytes_of: Any,
    outcomes: dict[int, tuple[str, int | None]] | None = None,
) -> None:
    today = timezone.localdate()
    cleaner = RowCleaner(headers, load_places(), today=today)
    dry_run = run.mode == ImportRun.Mode.DRY_RUN
    try:
        with _queries_not_kept(), transaction.atomic():
            writer = ChunkWriter(run=run, permit=permit, outcomes=outcomes)
            # New rows are indexed (name search, people of a contract) in a few statements at the end rather than
            # by a trigger per row: on SQLite the triggers cost more than the rows (compagnon/contracts/people_index,
            # compagnon/core/search.py). A company created here and renamed by a later row is indexed once, under
            # its last name.
            # A large file builds the contracts' secondary indexes once at the end (compagnon/intake/bulk.py).
            deferring = deferred_indexes() if run.size >= DEFER_INDEXES_FROM_BYTES else nullcontext()
            with deferring, bulk_insert_search_index(), people_index.bulk_insert():
                chunk: list[ContractRow] = []
                # A large file is read and cleaned by a second process while this one writes (pipeline.py).
                parallel = run.size >= PARALLEL_READING_FROM_BYTES and settings.INTAKE_PARALLEL_READING
                for cleaned, read in cleaned_rows(rows, cleaner, bytes_of=bytes_of, parallel=parallel):
                    run.rows += 1
                    if isinstance(cleaned, list):
                        run.rejected += 1
                        spool.extend(cleaned)
                        continue
                    chunk.append(cleaned)
                    if len(chunk) >= CHUNK_ROWS:
                        _write(writer, chunk, run, spool)
                        chunk = []
                        if progress:
                            run.bytes_read = read
                            progress(run)
                _write(writer, chunk, run, spool)
                writer.finish()
            refused = run.rejected and not run.partial
            if not refused and not dry_run:
                _after_writes(writer)
            if refused or dry_run:
                raise RejectedRows
            _record(run, writer)
    except RejectedRows:
        pass
    run.bytes_read = run.size
    if run.rejected and not run.partial:
        run.status = ImportRun.Status.REJECTED
        run.message = (
            f"{run.rejected} ligne(s) en erreur : rien n'a été écrit. Corrigez le fichier, ou importez les lignes "
            "valides seules."
        )
    else:
        run.status = ImportRun.Status.DONE
        if dry_run:
            run.message = "Vérification : rien n'a été écrit."


@contextmanager
def _queries_not_kept() -> Iterator[None]:
    """With DEBUG (development, `make run`), Django keeps the last 9,000 queries with their parameters: an import's
    inserts and lookups of thousands of values would hold hundreds of MB. None is kept during an import, unless a
    test asked to capture them (force_debug_cursor)."""
    if not settings.DEBUG or connection.force_debug_cursor:
        yield
        return
    kept = connection.queries_log
    connection.queries_log = deque(maxlen=0)
    try:
        yield
    finally:
        connection.queries_log = kept


def _after_writes(writer: ChunkWriter) -> None:
    """What the rows imply: the novelty of the masters whose contracts changed, the compliance of every supervision
    of those masters (capacity counts their contracts together) and of the contracts of companies that changed. A
    file imported again unchanged implies nothing.

    The writer's sets of people grow in place rather than being copied: at a million contracts each holds over a
    million ids (about 100 MB a copy)."""
    fresh_statistics = len(writer.new_people) >= FRESH_STATISTICS_AFTER
    # The people this import named (created, or on a contract it changed), before the people of changed companies
    # join `touched_people`: the near-duplicate search is about names and birth dates, which those did not change.
    named = writer.new_people
    named |= writer.touched_people
    people = writer.touched_people
    people |= writer.people_of_companies(writer.changed_companies)
    if not people and not named:
        return
    if fresh_statistics:
        _analyze()
    classify_people(people)
    # Near-duplicates of the people this import named are proposed to the regional animator, never merged here.
    find_duplicates(person_ids=named)
    with touched_table(people) as table:
        refresh_compliance(
            supervisions=Supervision.objects.filter(person_id__in=RawSQL(f"SELECT id FROM {table}", [])), actor=None
        )


# Tables whose row counts a large import changes, and whose statistics the queries after the writes need.
ANALYZED_TABLES = (
    "contracts_contract", "contracts_supervision", "contracts_contractperson", "people_person",
    "people_supervisorprofile", "people_diploma", "people_experienceperiod", "people_apprenticeprofile",
    "organisations_company", "compliance_supervisioncompliance",
)  # fmt: skip


def _analyze() -> None:
    """Fresh planner statistics: the tables were (nearly) empty when last analysed, and PostgreSQL would plan the
    classification's window and the compliance stream for a handful of rows (nested loops over a million)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA analysis_limit = 1000")  # a sample, not every row of every index
        for table in ANALYZED_TABLES:
            cursor.execute(f"ANALYZE {table}")


def _write(writer: ChunkWriter, chunk: list[ContractRow], run: ImportRun, spool: _ProblemSpool) -> None:
    if not chunk:
        return
    result = writer.write(chunk)
    run.created += result.created
    run.updated += result.updated
    run.unchanged += result.unchanged
    if result.problems:
        run.rejected += len({p.line for p in result.problems})
        spool.extend(result.problems)


def _record(run: ImportRun, writer: ChunkWriter) -> None:
    audit.record(
        actor=run.created_by,
        action=AuditEntry.Action.IMPORT,
        summary=(
            f"Import n°{run.pk} ({run.source}, {run.filename}) : {run.created} contrat(s) créé(s), "
            f"{run.updated} modifié(s), {run.unchanged} inchangé(s), {run.rejected} ligne(s) refusée(s)"
        ),
        obj=run,
        changes={"créés": run.created, "modifiés": run.updated, "inchangés": run.unchanged, "refusés": run.rejected},
    )


class _ProblemSpool:
    """The problems of a run, spooled to a temporary file: a million bad rows must not fill memory, and they are
    stored after the import's transaction (which a refused file rolls back)."""

    def __init__(self) -> None:
        self.file = tempfile.TemporaryFile("w+", encoding="utf-8", newline="")  # noqa: SIM115 - closed by close()
        self.writer = csv.writer(self.file)
        self.count = 0

    def add(self, problem: Problem) -> None:
        self.writer.writerow((problem.line, problem.column, problem.message))
        self.count += 1

    def extend(self, problems: list[Problem]) -> None:
        for problem in problems:
            self.add(problem)

    def store(self, run: ImportRun) -> None:
        self.file.seek(0)
        batch: list[ImportProblem] = []
        with transaction.atomic():
            for line, column, message in csv.reader(self.file):
                batch.append(ImportProblem(run=run, line=int(line), column=column[:60], message=message[:500]))
                if len(batch) >= PROBLEM_BATCH:
                    ImportProblem.objects.bulk_create(batch)
                    batch = []
            ImportProblem.objects.bulk_create(batch)

    def close(self) -> None:
        self.file.close()


def problems_csv(run: ImportRun) -> Iterator[list[str]]:
    """The error report of a run, as rows for a CSV download: line, column, problem."""
    yield ["ligne", "colonne", "problème"]
    problems = run.problems.order_by("line", "id").values_list("line", "column", "message")
    for line, column, message in problems.iterator(chunk_size=5_000):  # a million bad rows must not fill memory
        yield [str(line), column, message]
