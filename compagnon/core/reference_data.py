"""Loading reference data from CSV files: read and check every row first, then write only what changed.

The loaders (`load_territory`, `load_nsf`, `load_opcos`) share these pieces so that each of them is a short list of
columns and checks. Reference data is small enough (35k communes) to hold in memory, which turns an idempotent load
into a diff of two dictionaries and a handful of bulk queries instead of one query per row.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import connection, models

# Errors beyond this many are counted, not listed: a wholly wrong file would otherwise print 35k lines.
MAX_LISTED_ERRORS = 20
# SQLite compiled without SQLITE_MAX_VARIABLE_NUMBER raised allows 999 parameters per query.
SQLITE_MAX_PARAMETERS = 999


class ReferenceDataError(Exception):
    """A reference file is missing or malformed; `errors` says where, in French, one line each."""

    def __init__(self, errors: list[str], total: int | None = None) -> None:
        self.errors = errors
        self.total = total if total is not None else len(errors)
        lines = list(errors)
        if self.total > len(errors):
            lines.append(f"… et {self.total - len(errors)} autre(s) erreur(s).")
        super().__init__("\n".join(lines))


class ErrorCollector:
    """Gathers every problem of a file so the operator fixes them in one pass, not one run per error."""

    def __init__(self) -> None:
        self.errors: list[str] = []
        self.total = 0

    def add(self, filename: str, line: int, column: str | None, message: str) -> None:
        self.total += 1
        if len(self.errors) < MAX_LISTED_ERRORS:
            where = f"{filename}, ligne {line}" + (f", champ « {column} »" if column else "")
            self.errors.append(f"{where} : {message}")

    def raise_if_any(self) -> None:
        if self.total:
            raise ReferenceDataError(self.errors, self.total)


def read_csv(path: Path, *, columns: list[str], errors: ErrorCollector) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line number, row) for each data row; a missing file or column stops here, with nothing written."""
    if not path.is_file():
        raise ReferenceDataError([f"{path.name} : fichier introuvable ({path})."])
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        try:
            header = reader.fieldnames or []
            missing = [name for name in columns if name not in header]
            if missing:
                names = ", ".join(f"« {name} »" for name in missing)
                raise ReferenceDataError([f"{path.name}, ligne 1 : colonne(s) absente(s) : {names}."])
            for row in reader:
                # line_num counts physical lines, so it stays right if a quoted field ever holds a newline.
                line = reader.line_num
                if None in row or any(value is None for value in row.values()):
                    errors.add(path.name, line, None, f"nombre de champs incorrect (attendu : {len(header)}).")
                    continue
                yield line, {name: (value or "").strip() for name, value in row.items()}
        except UnicodeDecodeError as exc:
            # A file re-saved from Excel is often Windows-1252: say so rather than fail on a traceback.
            raise ReferenceDataError(
                [f"{path.name}, vers la ligne {reader.line_num + 1} : le fichier n'est pas encodé en UTF-8."]
            ) from exc
        except csv.Error as exc:
            raise ReferenceDataError([f"{path.name}, ligne {reader.line_num} : CSV illisible ({exc})."]) from exc


@dataclass(frozen=True)
class Column:
    """A checked CSV column: `pattern` must match the whole value (an empty value passes when `optional`)."""

    name: str
    pattern: str
    message: str
    optional: bool = False
    # Compiled once: a load checks some 280,000 values.
    regex: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "regex", re.compile(self.pattern))

    def check(self, value: str) -> bool:
        if value == "":
            return self.optional
        return self.regex.fullmatch(value) is not None


def check_row(
    row: Mapping[str, str], columns: list[Column], *, filename: str, line: int, errors: ErrorCollector
) -> bool:
    ok = True
    for column in columns:
        value = row[column.name]
        if not column.check(value):
            shown = f"« {value} »" if value else "valeur vide"
            errors.add(filename, line, column.name, f"{shown} : {column.message}")
            ok = False
    return ok


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    updated_keys: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


@dataclass
class LoadReport:
    """What a load did, per model (keyed by the model's French plural name, in load order)."""

    counts: dict[str, Counts] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return any(c.changed for c in self.counts.values())

    def merge(self, other: LoadReport) -> LoadReport:
        return LoadReport(counts=self.counts | other.counts)

    def lines(self) -> list[str]:
        return [
            f"{label[0].upper()}{label[1:]} : {fr_int(c.created)} ajout(s), {fr_int(c.updated)} mise(s) à jour, "
            f"{fr_int(c.unchanged)} inchangé(s)"
            for label, c in self.counts.items()
        ]

    def as_changes(self) -> dict[str, Any]:
        """The audit entry's detail: counts, and which keys were updated (capped: a first load updates nothing)."""
        return {
            label: {"créés": c.created, "mis à jour": c.updated, "clés mises à jour": c.updated_keys[:100]}
            for label, c in self.counts.items()
            if c.changed
        }


def fr_int(n: int) -> str:
    """34969 -> "34 969" with a narrow no-break space, as French typography writes it."""
    return f"{n:,}".replace(",", "\u202f")


def batch_size(n_fields: int) -> int:
    """Rows per query so that a bulk statement stays under SQLite's parameter cap; PostgreSQL has no such cap."""
    if connection.vendor == "sqlite":
        return max(1, SQLITE_MAX_PARAMETERS // (n_fields + 2))
    return 2000


def sync_rows(
    model: type[models.Model],
    wanted: Mapping[str, dict[str, Any]],
    *,
    key: str,
    fields: list[str],
) -> Counts:
    """Make the table hold `wanted` (key -> field values): create what is missing, update what differs.

    Rows absent from the file are kept: a commune merged away may still be the workplace of a past contract, and
    every foreign key to reference data protects its target.
    `fields` use attribute names (`department_id`), so the comparison needs no join and no model instance.
    """
    pk_name = model._meta.pk.attname
    read = [pk_name] if key == pk_name else [pk_name, key]
    existing = {row[key]: row for row in model._default_manager.values(*read, *fields)}
    to_create: list[models.Model] = []
    to_update: list[models.Model] = []
    counts = Counts()
    for code, values in wanted.items():
        current = existing.get(code)
        if current is None:
            to_create.append(model(**{key: code, **values}))
            counts.created += 1
        elif any(current[name] != values[name] for name in fields):
            to_update.append(model(**{pk_name: current[pk_name], key: code, **values}))
            counts.updated += 1
            counts.updated_keys.append(code)
        else:
            counts.unchanged += 1
    if to_create:
        model._default_manager.bulk_create(to_create, batch_size=batch_size(len(fields) + 1))
    if to_update:
        # bulk_update writes a CASE per field: each row costs about 2 parameters per field, plus its key.
        update_fields = [model._meta.get_field(name).name for name in fields]
        model._default_manager.bulk_update(to_update, update_fields, batch_size=batch_size(2 * len(fields) + 1))
    return counts


def sync_links(
    through: type[models.Model],
    *,
    source: str,
    target: str,
    wanted: Mapping[str, set[str]],
) -> set[str]:
    """Make an M2M table hold exactly `wanted` (source key -> target keys) for the sources given; return the
    source keys whose links changed."""
    existing: dict[str, set[str]] = {}
    for src, dst in through._default_manager.values_list(source, target):
        existing.setdefault(src, set()).add(dst)
    changed: set[str] = set()
    to_add: list[models.Model] = []
    stale: list[tuple[str, str]] = []
    for src, targets in wanted.items():
        current = existing.get(src, set())
        if current != targets:
            changed.add(src)
            to_add.extend(through(**{source: src, target: dst}) for dst in targets - current)
            stale.extend((src, dst) for dst in current - targets)
    if to_add:
        through._default_manager.bulk_create(to_add, batch_size=batch_size(3))
    for src, dst in stale:
        through._default_manager.filter(**{source: src, target: dst}).delete()
    return changed
