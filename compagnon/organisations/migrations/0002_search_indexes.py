"""Trigram search on organisations_company.search_name and organisations_trainingcentre.search_name: FTS5 + triggers
on SQLite, pg_trgm GIN index on PostgreSQL.

The SQL comes from compagnon.core.search (one source with the bulk loader). On SQLite, a later migration that remakes
one of these tables (ALTER of a column) drops its triggers: it must recreate them (tests/www/browse/test_search.py
fails if a raw insert is no longer found).
"""

from django.db import migrations

from compagnon.core.search import postgresql_search_index_sql, run_search_index_sql, sqlite_search_index_sql

SQL = {
    "sqlite": [
        sqlite_search_index_sql("organisations_company"),
        sqlite_search_index_sql("organisations_trainingcentre"),
    ],
    "postgresql": [
        postgresql_search_index_sql("organisations_company", "company_search_trgm_idx"),
        postgresql_search_index_sql("organisations_trainingcentre", "centre_search_trgm_idx"),
    ],
}


class Migration(migrations.Migration):
    dependencies = [("organisations", "0001_initial")]

    operations = [
        migrations.RunPython(
            lambda apps, schema_editor: run_search_index_sql(schema_editor, SQL, forwards=True),
            lambda apps, schema_editor: run_search_index_sql(schema_editor, SQL, forwards=False),
        )
    ]
