"""Every name-search table keeps its three triggers after all migrations: a migration that remakes a table on SQLite
drops them silently, and searches then miss every new or renamed row."""

from __future__ import annotations

import pytest
from django.db import connection

from compagnon.core.search import SEARCH_TABLES

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("table", SEARCH_TABLES)
def test_each_search_table_has_its_insert_update_and_delete_triggers(table: str) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL searches through a trigram index, which follows the table by itself")
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [table])
        names = {name for (name,) in cursor.fetchall()}

    assert {f"{table}_fts_ai", f"{table}_fts_ad", f"{table}_fts_au"} <= names
