"""Name search that stays fast at millions of rows, on SQLite and PostgreSQL.

Tables with a normalised `search_name` column (people, companies, training centres) carry a trigram index:
- SQLite: an FTS5 virtual table `<table>_fts` (tokenize='trigram', external content), kept in sync by triggers, so
  that raw `executemany` inserts are indexed too; queried as `id IN (SELECT rowid FROM … MATCH …)`;
- PostgreSQL: a GIN `gin_trgm_ops` index on search_name, used by `LIKE '%word%'`.
See the search migrations of compagnon/people and compagnon/organisations.

A trigram index cannot match fewer than 3 characters: a query made only of such short words falls back to a prefix
match on the (btree-indexed) search_name.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from django.db import connections
from django.db.models import Model, QuerySet
from django.db.models.expressions import RawSQL

from compagnon.core.text import normalize

M = TypeVar("M", bound=Model)

TRIGRAM = 3
# normalize() only keeps [a-z0-9 ]: every string that starts with a prefix sorts below prefix + "~".
_ABOVE_NORMALISED = "~"


def search_by_name(queryset: QuerySet[M], text: str, *, field: str = "search_name") -> QuerySet[M]:
    """Rows whose normalised name contains every word of `text` ("LEFE" and "lefèvre" both find "Lefèvre")."""
    words = normalize(text).split()
    if not words:
        return queryset
    long_words = [w for w in words if len(w) >= TRIGRAM]
    short_words = [w for w in words if len(w) < TRIGRAM]
    if not long_words:
        return prefix_match(queryset, " ".join(words), field=field)
    vendor = connections[queryset.db].vendor
    if vendor == "sqlite":
        table = f"{queryset.model._meta.db_table}_fts"
        # Words hold only [a-z0-9]: quoting each as an FTS5 string is safe; juxtaposed strings mean AND.
        match = " ".join(f'"{w}"' for w in long_words)
        queryset = queryset.filter(pk__in=RawSQL(f"SELECT rowid FROM {table} WHERE {table} MATCH %s", [match]))
    else:
        for word in long_words:
            queryset = queryset.filter(**{f"{field}__contains": word})
    # Short words cannot use the trigram index; they only narrow what the long words found.
    for word in short_words:
        queryset = queryset.filter(**{f"{field}__contains": word})
    return queryset


def prefix_match(queryset: QuerySet[M], prefix: str, *, field: str = "search_name") -> QuerySet[M]:
    """`field` starts with `prefix` (already normalised), through the btree index on every database.

    SQLite's LIKE is case-insensitive and so never uses a plain index: a range does.
    """
    if connections[queryset.db].vendor == "sqlite":
        lookups: dict[str, Any] = {f"{field}__gte": prefix, f"{field}__lt": prefix + _ABOVE_NORMALISED}
        return queryset.filter(**lookups)
    return queryset.filter(**{f"{field}__startswith": prefix})


SEARCH_TABLES = ("people_person", "organisations_company", "organisations_trainingcentre")


@contextmanager
def bulk_insert_search_index(using: str = "default", tables: Iterable[str] = SEARCH_TABLES) -> Iterator[None]:
    """For loaders that insert many rows (seed_demo, imports): index them in one statement at the end.

    On SQLite the per-row trigger costs about 5× the FTS5 work itself (measured: 200,000 names in 8–15 s through the
    trigger, under 2 s in one INSERT … SELECT; 240 µs a company inside an import). Inside the block the insert
    triggers are dropped, and the update and delete triggers only touch the rows indexed before the block (a row
    inserted meanwhile has no entry yet: FTS5's 'delete' of an entry it never held would corrupt its index). At the
    end the rows inserted meanwhile (id above the previous maximum) are indexed with their final names, and the
    triggers of the migration come back. On an error inside a transaction, its rollback restores the triggers;
    outside one, they are restored here before the error goes on. On PostgreSQL the GIN index needs nothing.
    """
    connection = connections[using]
    if connection.vendor != "sqlite":
        yield
        return
    tables = list(tables)
    with connection.cursor() as cursor:
        before = {}
        for table in tables:
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
            before[table] = cursor.fetchone()[0]
            for suffix in TRIGGER_SUFFIXES:
                cursor.execute(f"DROP TRIGGER IF EXISTS {table}_fts_{suffix}")
            for sql in _triggers(table, "search_name", indexed_up_to=before[table])[1:]:
                cursor.execute(sql)
    try:
        yield
    except BaseException:
        if connection.in_atomic_block:
            # The enclosing transaction rolls back the dropped trigger with the rows: running SQL now, in a
            # transaction that failed, would only hide the original error.
            raise
        _index_new_rows_and_restore(connection, tables, before)
        raise
    _index_new_rows_and_restore(connection, tables, before)


def _index_new_rows_and_restore(connection: Any, tables: list[str], before: dict[str, int]) -> None:
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(
                f"INSERT INTO {table}_fts(rowid, search_name) SELECT id, search_name FROM {table} WHERE id > %s",
                [before[table]],
            )
            for suffix in TRIGGER_SUFFIXES:
                cursor.execute(f"DROP TRIGGER IF EXISTS {table}_fts_{suffix}")
            for sql in _triggers(table, "search_name"):
                cursor.execute(sql)


TRIGGER_SUFFIXES = ("ai", "ad", "au")


# The schema of the search indexes, written by the search migrations of people and organisations and restored by
# bulk_insert_search_index: one source, so the triggers the loader puts back are the ones the migration created.
def _triggers(table: str, column: str, *, indexed_up_to: int | None = None) -> list[str]:
    """The insert, delete and update triggers of `table`'s FTS5 index; with `indexed_up_to`, the delete and update
    triggers only for the rows up to that id (bulk_insert_search_index)."""
    fts = f"{table}_fts"
    when = "" if indexed_up_to is None else f" WHEN old.id <= {int(indexed_up_to)}"
    return [
        f"CREATE TRIGGER {fts}_ai AFTER INSERT ON {table} BEGIN "
        f"INSERT INTO {fts}(rowid, {column}) VALUES (new.id, new.{column}); END",
        f"CREATE TRIGGER {fts}_ad AFTER DELETE ON {table}{when} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, {column}) VALUES ('delete', old.id, old.{column}); END",
        f"CREATE TRIGGER {fts}_au AFTER UPDATE OF {column} ON {table}{when} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, {column}) VALUES ('delete', old.id, old.{column}); "
        f"INSERT INTO {fts}(rowid, {column}) VALUES (new.id, new.{column}); END",
    ]


def sqlite_search_index_sql(table: str, column: str = "search_name") -> tuple[list[str], list[str]]:
    """FTS5 trigram table over `table.column` (external content) and the triggers that keep it in sync."""
    fts = f"{table}_fts"
    forwards = [
        f"CREATE VIRTUAL TABLE {fts} USING fts5({column}, content='{table}', content_rowid='id', tokenize='trigram')",
        *_triggers(table, column),
        f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",
    ]
    backwards = [f"DROP TRIGGER IF EXISTS {fts}_{suffix}" for suffix in TRIGGER_SUFFIXES]
    backwards.append(f"DROP TABLE IF EXISTS {fts}")
    return forwards, backwards


def restore_sqlite_search_triggers(connection: Any, tables: Iterable[str], column: str = "search_name") -> None:
    """After a migration that remade one of these tables on SQLite (which drops the table's triggers): the triggers
    back, and the index rebuilt from the table. A no-op elsewhere."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for table in tables:
            forwards, _ = sqlite_search_index_sql(table, column)
            for sql in forwards[1:]:  # the FTS table itself survives the remake
                cursor.execute(sql.replace("CREATE TRIGGER ", "CREATE TRIGGER IF NOT EXISTS "))


def postgresql_search_index_sql(table: str, index: str, column: str = "search_name") -> tuple[list[str], list[str]]:
    """pg_trgm GIN index over `table.column`, used by LIKE '%word%'."""
    forwards = [
        "CREATE EXTENSION IF NOT EXISTS pg_trgm",
        f"CREATE INDEX IF NOT EXISTS {index} ON {table} USING gin ({column} gin_trgm_ops)",
    ]
    return forwards, [f"DROP INDEX IF EXISTS {index}"]


def run_search_index_sql(
    schema_editor: Any, sql_by_vendor: dict[str, list[tuple[list[str], list[str]]]], *, forwards: bool
) -> None:
    """Run the forwards (or, in reverse order, the backwards) statements of this database's vendor."""
    pairs = sql_by_vendor.get(schema_editor.connection.vendor, [])
    statements = [s for f, _ in pairs for s in f] if forwards else [s for _, b in reversed(pairs) for s in b]
    for sql in statements:
        schema_editor.execute(sql)
