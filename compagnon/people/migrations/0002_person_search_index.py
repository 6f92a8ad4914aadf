"""Trigram search on people_person.search_name: FTS5 + triggers on SQLite, pg_trgm GIN index on PostgreSQL.

Written by hand. On SQLite, a later migration that remakes people_person (ALTER of a column) drops its triggers:
it must recreate them (tests/www/browse/test_search.py fails if a raw insert is no longer found).
"""

from django.db import migrations


def sqlite_fts(table: str, column: str) -> tuple[list[str], list[str]]:
    fts = f"{table}_fts"
    forwards = [
        f"CREATE VIRTUAL TABLE {fts} USING fts5({column}, content='{table}', content_rowid='id', tokenize='trigram')",
        f"CREATE TRIGGER {fts}_ai AFTER INSERT ON {table} BEGIN "
        f"INSERT INTO {fts}(rowid, {column}) VALUES (new.id, new.{column}); END",
        f"CREATE TRIGGER {fts}_ad AFTER DELETE ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, {column}) VALUES ('delete', old.id, old.{column}); END",
        f"CREATE TRIGGER {fts}_au AFTER UPDATE OF {column} ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, {column}) VALUES ('delete', old.id, old.{column}); "
        f"INSERT INTO {fts}(rowid, {column}) VALUES (new.id, new.{column}); END",
        f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",
    ]
    backwards = [f"DROP TRIGGER IF EXISTS {fts}_{suffix}" for suffix in ("ai", "ad", "au")]
    backwards.append(f"DROP TABLE IF EXISTS {fts}")
    return forwards, backwards


def postgresql_trgm(table: str, column: str, index: str) -> tuple[list[str], list[str]]:
    forwards = [
        "CREATE EXTENSION IF NOT EXISTS pg_trgm",
        f"CREATE INDEX IF NOT EXISTS {index} ON {table} USING gin ({column} gin_trgm_ops)",
    ]
    return forwards, [f"DROP INDEX IF EXISTS {index}"]


SQL = {
    "sqlite": sqlite_fts("people_person", "search_name"),
    "postgresql": postgresql_trgm("people_person", "search_name", "person_search_trgm_idx"),
}


def run(apps, schema_editor, *, forwards: bool) -> None:
    statements = SQL.get(schema_editor.connection.vendor)
    if statements is None:
        return
    for sql in statements[0 if forwards else 1]:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]

    operations = [
        migrations.RunPython(
            lambda apps, schema_editor: run(apps, schema_editor, forwards=True),
            lambda apps, schema_editor: run(apps, schema_editor, forwards=False),
        )
    ]
