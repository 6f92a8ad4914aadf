"""Trigram search on people_person.search_name: FTS5 + triggers on SQLite, pg_trgm GIN index on PostgreSQL.

The SQL comes from compagnon.core.search (one source with the bulk loader). On SQLite, a later migration that remakes
people_person (ALTER of a column) drops its triggers: it must recreate them (tests/www/browse/test_search.py fails if
a raw insert is no longer found).
"""

from django.db import migrations

from compagnon.core.search import postgresql_search_index_sql, run_search_index_sql, sqlite_search_index_sql

SQL = {
    "sqlite": [sqlite_search_index_sql("people_person")],
    "postgresql": [postgresql_search_index_sql("people_person", "person_search_trgm_idx")],
}


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]

    operations = [
        migrations.RunPython(
            lambda apps, schema_editor: run_search_index_sql(schema_editor, SQL, forwards=True),
            lambda apps, schema_editor: run_search_index_sql(schema_editor, SQL, forwards=False),
        )
    ]
