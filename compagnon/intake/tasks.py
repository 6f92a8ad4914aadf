"""Imports of uploaded contract files, in the background: the page stores the file and enqueues, a worker
(`manage.py db_worker`) imports; in tests and with TASKS_IMMEDIATE the task runs as soon as it is enqueued.

The upload waits in settings.IMPORT_DIR under a random name (never the user's: two files may share a name, and a name
is no path). The import writes its counters inside its own transaction, which the page cannot see until it commits;
so the task also writes them to a small JSON file beside the upload, which the run page reads while the run is
`running` (the status itself is committed before the import's transaction starts).
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from compagnon.intake.models import ImportRun

# What the page accepts; the content decides the format (reading.py), the extension only filters obvious mistakes.
UPLOAD_SUFFIXES = (".csv", ".xlsx")


def import_dir() -> Path:
    return Path(settings.IMPORT_DIR)


def store_upload(chunks: Iterable[bytes], *, filename: str) -> str:
    """Write an upload into IMPORT_DIR; returns its stored name (to keep in ImportRun.stored_file)."""
    folder = import_dir()
    folder.mkdir(parents=True, exist_ok=True)
    suffix = Path(filename).suffix.lower()
    name = f"{uuid.uuid4().hex}{suffix if suffix in UPLOAD_SUFFIXES else ''}"
    with (folder / name).open("xb") as out:
        for chunk in chunks:
            out.write(chunk)
    return name


def stored_path(run: ImportRun) -> Path | None:
    """The stored upload of a run, or None when it has none or it is gone (deleted after its import)."""
    name = run.stored_file
    # A bare file name only: a stored name can never point out of IMPORT_DIR.
    if not name or Path(name).name != name or name.startswith("."):
        return None
    path = import_dir() / name
    return path if path.is_file() else None


def progress_path(run: ImportRun) -> Path:
    return import_dir() / f"import-{run.pk}.progress.json"


def write_progress(run: ImportRun) -> None:
    """Publish the counters of a running import for the page (a temporary file, then an atomic rename)."""
    target = progress_path(run)
    data = {"rows": run.rows, "bytes_read": run.bytes_read, "size": run.size}
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".progress-", suffix=".json")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(data, out)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def read_progress(run: ImportRun) -> ImportRun:
    """Set the counters a running import has published (in memory only); any other run is left as stored."""
    if run.status != ImportRun.Status.RUNNING:
        return run
    try:
        data = json.loads(progress_path(run).read_text(encoding="utf-8"))
        run.rows = max(run.rows, int(data["rows"]))
        run.bytes_read = max(run.bytes_read, int(data["bytes_read"]))
        run.size = int(data["size"]) or run.size
    except (OSError, ValueError, KeyError, TypeError):
        pass  # not published yet, or being replaced: the stored counters will do for this second
    return run


def derived_wet_run(run: ImportRun) -> ImportRun | None:
    """The import confirmed from a dry run (the same stored upload), if any."""
    if run.mode != ImportRun.Mode.DRY_RUN or not run.stored_file:
        return None
    return ImportRun.objects.filter(stored_file=run.stored_file, mode=ImportRun.Mode.WET_RUN).order_by("pk").first()


def _fail(run: ImportRun, message: str) -> str:
    ImportRun.objects.filter(pk=run.pk).update(
        status=ImportRun.Status.FAILED, finished_at=timezone.now(), message=message
    )
    return ImportRun.Status.FAILED


@task()
def import_contracts_task(*, run_id: int) -> str:
    """Import the stored upload of a pending run, with the permit its author holds now; returns the final status."""
    from compagnon.accounts.scope import Scope
    from compagnon.intake.permits import permit_for
    from compagnon.intake.services import import_contracts

    run = ImportRun.objects.select_related("created_by", "training_centre").filter(pk=run_id).first()
    if run is None or run.status != ImportRun.Status.PENDING:
        # Gone, or delivered twice: a run is imported once.
        return run.status if run is not None else "missing"
    path = stored_path(run)
    if path is None:
        return _fail(run, "Le fichier déposé est introuvable : déposez-le de nouveau.")
    author: Any = run.created_by
    permit = permit_for(Scope.for_user(author)) if author is not None and author.is_active else None
    if permit is None:
        return _fail(run, "Le compte qui a déposé ce fichier ne permet plus d'importer des contrats.")
    try:
        import_contracts(
            path=path,
            source=run.source,
            dry_run=run.mode == ImportRun.Mode.DRY_RUN,
            partial=run.partial,
            actor=author,
            permit=permit,
            training_centre=run.training_centre,
            channel=run.channel,
            filename=run.filename,
            run=run,
            progress=write_progress,
        )
    except Exception:
        # The page says so in French; the worker logs the traceback.
        unfinished = ImportRun.objects.filter(pk=run.pk).exclude(
            status__in=[ImportRun.Status.DONE, ImportRun.Status.REJECTED]
        )
        unfinished.update(status=ImportRun.Status.FAILED, finished_at=timezone.now())
        unfinished.filter(message="").update(
            message="L'import s'est interrompu sur une erreur inattendue : rien n'a été écrit. Déposez le fichier "
            "de nouveau, ou signalez-le à l'équipe technique avec le numéro de l'import."
        )
        raise
    finally:
        with contextlib.suppress(OSError):
            progress_path(run).unlink()
        if run.mode == ImportRun.Mode.WET_RUN:
            # Personal data is kept no longer than needed: once imported, the upload has served.
            with contextlib.suppress(OSError):
                path.unlink()
    return run.status
