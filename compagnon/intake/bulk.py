"""Inserting many new rows through the driver's fastest path: `executemany` on SQLite, `COPY` on PostgreSQL.

Django's `bulk_create` compiles every value of every row (71 rows per INSERT on SQLite, capped at 999 parameters):
at a million contracts that is most of an import's time (shared/PERFORMANCE.md). Rows here are plain tuples in the
order of `fields`; dates and datetimes as ISO text, which both databases read. Triggers run as for any insert (the
people index, the name search).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import connection, models


class Inserter:
    def __init__(self, model: type[models.Model], fields: Sequence[str]) -> None:
        self.model = model
        self.fields = tuple(fields)
        quote = connection.ops.quote_name
        self.table = model._meta.db_table
        columns = []
        for name in self.fields:
            field = model._meta.get_field(name)
            assert isinstance(field, models.Field) and field.column, name
            columns.append(quote(field.column))
        missing = [
            f.name
            for f in model._meta.concrete_fields
            if not f.null and not f.primary_key and f.name not in self.fields and f.attname not in self.fields
        ]
        assert not missing, f"{model.__name__}: NOT NULL columns not written: {missing}"
        names = ", ".join(columns)
        self.vendor = connection.vendor
        if self.vendor == "postgresql":
            self.statement = f"COPY {quote(self.table)} ({names}) FROM STDIN"
        else:
            marks = ", ".join(["%s"] * len(columns))
            self.statement = f"INSERT INTO {quote(self.table)} ({names}) VALUES ({marks})"

    def next_ids(self, count: int) -> list[int]:
        """Ids for `count` new rows: the sequence's next values on PostgreSQL; above the largest id on SQLite,
        safe there because the import's transaction holds the database's only write lock."""
        if count == 0:
            return []
        with connection.cursor() as cursor:
            if self.vendor == "postgresql":
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [self.table, count]
                )
                return [row[0] for row in cursor.fetchall()]
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {connection.ops.quote_name(self.table)}")
            first = cursor.fetchone()[0] + 1
            return list(range(first, first + count))

    def insert(self, rows: Sequence[tuple[Any, ...]]) -> None:
        if not rows:
            return
        with connection.cursor() as cursor:
            if self.vendor == "postgresql":
                with cursor.cursor.copy(self.statement) as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                cursor.executemany(self.statement, rows)


# The secondary indexes a large import builds once at its end rather than row by row (SQLite). Unique indexes stay:
# they guard invariants, and the import looks contracts, supervisions, companies (SIRET) and profiles up through them.
DEFERRED_INDEX_TABLES = (
    "contracts_contract", "contracts_supervision", "contracts_contractperson", "people_person",
    "organisations_company", "people_diploma", "people_experienceperiod",
)  # fmt: skip
# Non-unique indexes the import's own lookups go through, kept (by their columns): people by name and birth date,
# a master's diplomas and experience periods by profile.
KEPT_INDEX_COLUMNS = {
    "people_person": '("search_name", "birth_date")',
    "people_diploma": '("profile_id")',
    "people_experienceperiod": '("profile_id")',
}


@contextmanager
def deferred_indexes(tables: Sequence[str] = DEFERRED_INDEX_TABLES) -> Iterator[None]:
    """Inside the block, the non-unique indexes of `tables` are dropped; at its end they are created again.

    Inserting a million contracts into a table of 22 indexes writes each row into 22 B-trees at random places, and
    gets slower as they outgrow the page cache; building an index from the finished table is one sort. SQLite only,
    and only inside the import's transaction: other connections keep reading the indexes of their snapshot (WAL), and
    a rollback (a dry run, a refused file, an error) brings the indexes back with everything else. On PostgreSQL
    dropping an index would lock the table against every reader for the whole import: nothing changes there.
    """
    if connection.vendor != "sqlite":
        yield
        return
    marks = ", ".join(["%s"] * len(tables))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ({marks}) "
            "AND sql IS NOT NULL "
            "AND sql NOT LIKE 'CREATE UNIQUE INDEX%%'",
            list(tables),
        )
        indexes = [
            (name, sql)
            for name, table, sql in cursor.fetchall()
            if table not in KEPT_INDEX_COLUMNS or not sql.endswith(KEPT_INDEX_COLUMNS[table])
        ]
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    try:
        yield
    except BaseException:
        if connection.in_atomic_block:
            raise  # the rollback restores them
        _create(indexes)
        raise
    _create(indexes)


def _create(indexes: list[tuple[str, str]]) -> None:
    with connection.cursor() as cursor:
        for _, sql in indexes:
            cursor.execute(sql.replace("%", "%%"))
