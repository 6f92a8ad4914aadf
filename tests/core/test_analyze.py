from __future__ import annotations

from unittest import mock

import pytest
from django.db import connection

from compagnon.core.apps import analyze_after_migrations
from tests.factories import make_contract

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(connection.vendor != "sqlite", reason="ANALYZE after migrations is for SQLite only")
def test_migrations_that_ran_refresh_sqlite_statistics(territory):
    make_contract()  # SQLite keeps no statistics for an empty table
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS sqlite_stat1")
        analyze_after_migrations(using="default", plan=[("migration", False)])
        cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'contracts_contract'")
        assert cursor.fetchone()[0] > 0


def test_no_migration_applied_means_no_analyze():
    with mock.patch.object(connection, "cursor") as cursor:
        analyze_after_migrations(using="default", plan=[])
    cursor.assert_not_called()
