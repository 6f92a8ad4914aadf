"""The people of each contract (ContractPerson), kept by database triggers on SQLite and PostgreSQL.

Triggers, not the application, because contracts are written by the ORM, by raw SQL and by bulk loaders
(seed_demo, imports), and the scope of every account depends on this table being right. One row per contract for its
apprentice, one per supervision for its supervisor; each carries the contract's scope columns, which follow the
contract when it changes.

The SQL lives here only: the migration that creates the table installs it, bulk loaders drop and restore it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connections

TABLE = "contracts_contractperson"
CONTRACT = "contracts_contract"
SUPERVISION = "contracts_supervision"
# The contract's columns copied on each row, in this order.
SCOPE_COLUMNS = ("department_id", "employment_area_id", "training_centre_id", "company_id", "opco_id")
COLUMNS = ("person_id", "contract_id", "supervision_id", "role", *SCOPE_COLUMNS)
APPRENTICE, SUPERVISOR = "apprentice", "supervisor"

_scope_of = ", ".join
_insert_into = f"INSERT INTO {TABLE} ({', '.join(COLUMNS)})"


def _select_apprentices(contract: str = "c", where: str = "") -> str:
    scope = _scope_of(f"{contract}.{c}" for c in SCOPE_COLUMNS)
    return (
        f"SELECT {contract}.apprentice_id, {contract}.id, NULL, '{APPRENTICE}', {scope} "
        f"FROM {CONTRACT} {contract}{where}"
    )


def _select_supervisors(where: str = "") -> str:
    scope = _scope_of(f"c.{c}" for c in SCOPE_COLUMNS)
    return (
        f"SELECT s.person_id, c.id, s.id, '{SUPERVISOR}', {scope} "
        f"FROM {SUPERVISION} s JOIN {CONTRACT} c ON c.id = s.contract_id{where}"
    )


def _follow_contract(new: str) -> str:
    """The UPDATE that carries a contract's new columns (and apprentice) onto its rows."""
    scope = ", ".join(f"{c} = {new}.{c}" for c in SCOPE_COLUMNS)
    return (
        f"UPDATE {TABLE} SET {scope}, "
        f"person_id = CASE WHEN role = '{APPRENTICE}' THEN {new}.apprentice_id ELSE person_id END "
        f"WHERE contract_id = {new}.id"
    )


_WATCHED = ", ".join(("apprentice_id", *SCOPE_COLUMNS))
_SUPERVISOR_OF_NEW = _select_supervisors(" WHERE s.id = {new}.id")


def sqlite_triggers() -> list[str]:
    return [
        f"CREATE TRIGGER IF NOT EXISTS contract_people_ai AFTER INSERT ON {CONTRACT} BEGIN "
        f"{_insert_into} VALUES (new.apprentice_id, new.id, NULL, '{APPRENTICE}', "
        f"{_scope_of(f'new.{c}' for c in SCOPE_COLUMNS)}); END",
        f"CREATE TRIGGER IF NOT EXISTS contract_people_au AFTER UPDATE OF {_WATCHED} ON {CONTRACT} BEGIN "
        f"{_follow_contract('new')}; END",
        f"CREATE TRIGGER IF NOT EXISTS contract_people_bd BEFORE DELETE ON {CONTRACT} BEGIN "
        f"DELETE FROM {TABLE} WHERE contract_id = old.id; END",
        f"CREATE TRIGGER IF NOT EXISTS supervision_people_ai AFTER INSERT ON {SUPERVISION} BEGIN "
        f"{_insert_into} {_SUPERVISOR_OF_NEW.format(new='new')}; END",
        f"CREATE TRIGGER IF NOT EXISTS supervision_people_au AFTER UPDATE OF person_id, contract_id ON {SUPERVISION} "
        f"BEGIN DELETE FROM {TABLE} WHERE supervision_id = old.id; "
        f"{_insert_into} {_SUPERVISOR_OF_NEW.format(new='new')}; END",
        f"CREATE TRIGGER IF NOT EXISTS supervision_people_ad AFTER DELETE ON {SUPERVISION} BEGIN "
        f"DELETE FROM {TABLE} WHERE supervision_id = old.id; END",
    ]


SQLITE_TRIGGER_NAMES = [
    "contract_people_ai",
    "contract_people_au",
    "contract_people_bd",
    "supervision_people_ai",
    "supervision_people_au",
    "supervision_people_ad",
]


def postgresql_triggers() -> list[str]:
    """Inserts are followed once per statement, from its transition table: a COPY of 200,000 contracts runs one
    INSERT … SELECT instead of 200,000 trigger calls (PostgreSQL allows a transition table only on a trigger of one
    event, hence the separate insert triggers). Updates and deletes stay row by row."""
    apprentices = _select_apprentices("inserted").replace(f"FROM {CONTRACT} inserted", "FROM inserted")
    supervisors = _select_supervisors().replace(f"FROM {SUPERVISION} s", "FROM inserted s")
    return [
        f"""CREATE OR REPLACE FUNCTION contract_people_of_contract() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        {_follow_contract("NEW")};
        RETURN NEW;
    END IF;
    DELETE FROM {TABLE} WHERE contract_id = OLD.id;
    RETURN OLD;
END $$""",
        f"""CREATE OR REPLACE FUNCTION contract_people_of_new_contracts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    {_insert_into} {apprentices};
    RETURN NULL;
END $$""",
        f"""CREATE OR REPLACE FUNCTION contract_people_of_supervision() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM {TABLE} WHERE supervision_id = OLD.id;
    IF TG_OP = 'UPDATE' THEN
        {_insert_into} {_SUPERVISOR_OF_NEW.format(new="NEW")};
        RETURN NEW;
    END IF;
    RETURN OLD;
END $$""",
        f"""CREATE OR REPLACE FUNCTION contract_people_of_new_supervisions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    {_insert_into} {supervisors};
    RETURN NULL;
END $$""",
        f"CREATE TRIGGER contract_people_ai AFTER INSERT ON {CONTRACT} REFERENCING NEW TABLE AS inserted "
        "FOR EACH STATEMENT EXECUTE FUNCTION contract_people_of_new_contracts()",
        f"CREATE TRIGGER contract_people_au AFTER UPDATE OF {_WATCHED} ON {CONTRACT} "
        "FOR EACH ROW EXECUTE FUNCTION contract_people_of_contract()",
        f"CREATE TRIGGER contract_people_bd BEFORE DELETE ON {CONTRACT} "
        "FOR EACH ROW EXECUTE FUNCTION contract_people_of_contract()",
        f"CREATE TRIGGER supervision_people_ai AFTER INSERT ON {SUPERVISION} REFERENCING NEW TABLE AS inserted "
        "FOR EACH STATEMENT EXECUTE FUNCTION contract_people_of_new_supervisions()",
        f"CREATE TRIGGER supervision_people_ud AFTER DELETE OR UPDATE OF person_id, contract_id ON {SUPERVISION} "
        "FOR EACH ROW EXECUTE FUNCTION contract_people_of_supervision()",
    ]


POSTGRESQL_TRIGGERS = {
    "contract_people_ai": CONTRACT,
    "contract_people_au": CONTRACT,
    "contract_people_bd": CONTRACT,
    "supervision_people_ai": SUPERVISION,
    "supervision_people_ud": SUPERVISION,
}
# Row-by-row triggers of before December 2026, dropped when the triggers are installed.
FORMER_POSTGRESQL_TRIGGERS = {"contract_people_iu": CONTRACT, "supervision_people_iud": SUPERVISION}


def install(connection: Any) -> None:
    """Create the triggers (idempotent)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for sql in sqlite_triggers():
                cursor.execute(sql)
        elif connection.vendor == "postgresql":
            for name, table in {**FORMER_POSTGRESQL_TRIGGERS, **POSTGRESQL_TRIGGERS}.items():
                cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            for sql in postgresql_triggers():
                cursor.execute(sql)
        else:  # pragma: no cover - the project runs on SQLite and PostgreSQL only
            raise NotImplementedError(connection.vendor)


def uninstall(connection: Any) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for name in SQLITE_TRIGGER_NAMES:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
        elif connection.vendor == "postgresql":
            for name, table in POSTGRESQL_TRIGGERS.items():
                cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")


def fill(connection: Any, *, contracts_after: int = 0, supervisions_after: int = 0) -> None:
    """Write the rows of the contracts and supervisions whose id is above the given ones, in two statements."""
    with connection.cursor() as cursor:
        cursor.execute(f"{_insert_into} {_select_apprentices(where=' WHERE c.id > %s')}", [contracts_after])
        cursor.execute(f"{_insert_into} {_select_supervisors(' WHERE s.id > %s')}", [supervisions_after])


@contextmanager
def bulk_load(using: str = "default") -> Iterator[None]:
    """For loaders that insert many contracts: no trigger per row, one INSERT … SELECT at the end.

    Only for loaders that insert (the rows of contracts or supervisions changed meanwhile would not follow): inside
    the block the triggers are dropped; at the end the rows of the contracts and supervisions inserted meanwhile are
    written and the triggers come back. On an error inside a transaction, its rollback restores the triggers.
    """
    connection = connections[using]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {CONTRACT}")
        contracts_before = cursor.fetchone()[0]
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {SUPERVISION}")
        supervisions_before = cursor.fetchone()[0]
    uninstall(connection)
    try:
        yield
    except BaseException:
        if connection.in_atomic_block:
            raise  # the rollback restores the triggers; more SQL now would hide the error
        fill(connection, contracts_after=contracts_before, supervisions_after=supervisions_before)
        install(connection)
        raise
    fill(connection, contracts_after=contracts_before, supervisions_after=supervisions_before)
    install(connection)


SQLITE_INSERT_TRIGGERS = ("contract_people_ai", "supervision_people_ai")


@contextmanager
def bulk_insert(using: str = "default") -> Iterator[None]:
    """For loaders that insert many rows and also update or delete some (contract imports), on SQLite.

    Only the insert triggers are dropped: a row inserted through them costs about 250 µs, against 20 µs for the same
    row inserted directly (measured at 20,000 contracts); the update and delete triggers keep following the rows the
    loader changes. At the end the rows of the contracts and supervisions inserted meanwhile are written in two
    statements and the triggers come back. Meant to run inside the loader's transaction, whose rollback restores the
    triggers on an error. On PostgreSQL nothing changes (dropping a trigger would lock the table for the whole import).
    """
    connection = connections[using]
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {CONTRACT}")
        contracts_before = cursor.fetchone()[0]
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {SUPERVISION}")
        supervisions_before = cursor.fetchone()[0]
        for name in SQLITE_INSERT_TRIGGERS:
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
    try:
        yield
    except BaseException:
        if connection.in_atomic_block:
            raise  # the rollback restores the triggers
        fill(connection, contracts_after=contracts_before, supervisions_after=supervisions_before)
        install(connection)
        raise
    fill(connection, contracts_after=contracts_before, supervisions_after=supervisions_before)
    install(connection)
