"""ContractPerson follows contracts and supervisions, whoever writes them: the ORM, raw SQL or a bulk loader."""

from __future__ import annotations

import pytest
from django.db import connection

from compagnon.contracts import people_index
from compagnon.contracts.enums import ContractPersonRole, SupervisionRole
from compagnon.contracts.models import Contract, ContractPerson, Supervision
from tests.factories import make_apprentice, make_company, make_contract, make_supervisor, make_training_centre

pytestmark = pytest.mark.django_db

SCOPE = ("department_id", "employment_area_id", "training_centre_id", "company_id", "opco_id")


def expected_rows() -> set[tuple]:
    """What the table must hold, computed from contracts and supervisions."""
    rows = set()
    for c in Contract.objects.all():
        scope = tuple(getattr(c, f) for f in SCOPE)
        rows.add((c.apprentice_id, c.id, None, ContractPersonRole.APPRENTICE, *scope))
        for s in c.supervisions.all():
            rows.add((s.person_id, c.id, s.id, ContractPersonRole.SUPERVISOR, *scope))
    return rows


def actual_rows() -> set[tuple]:
    fields = ("person_id", "contract_id", "supervision_id", "role", *SCOPE)
    rows = list(ContractPerson.objects.values_list(*fields))
    assert len(rows) == len(set(rows)), "a person-on-contract row is written twice"
    return set(rows)


def test_a_new_contract_and_its_supervisor_are_indexed(territory):
    contract = make_contract(commune=territory["communes"]["Lille"], supervisor=make_supervisor())
    assert actual_rows() == expected_rows()
    roles = set(ContractPerson.objects.filter(contract_id=contract.pk).values_list("role", flat=True))
    assert roles == {ContractPersonRole.APPRENTICE, ContractPersonRole.SUPERVISOR}


def test_the_rows_follow_the_contract_when_it_moves(territory):
    contract = make_contract(commune=territory["communes"]["Lille"], supervisor=make_supervisor())
    arras = territory["communes"]["Arras"]
    contract.workplace_commune = arras
    contract.employment_area = arras.employment_area
    contract.department = arras.department
    contract.training_centre = make_training_centre(commune=arras)
    contract.company = make_company(commune=arras)
    contract.apprentice = make_apprentice()
    contract.save()
    assert actual_rows() == expected_rows()
    Contract.objects.filter(pk=contract.pk).update(employment_area=territory["areas"]["Lens"])  # a queryset update
    assert set(ContractPerson.objects.values_list("employment_area_id", flat=True)) == {"3215"}


def test_supervisions_that_change_or_go_are_followed(territory):
    contract = make_contract(supervisor=make_supervisor())
    supervision = contract.supervisions.get()
    supervision.person = make_supervisor()
    supervision.save()
    Supervision.objects.create(contract=contract, person=make_supervisor(), role=SupervisionRole.MASTER)
    assert actual_rows() == expected_rows()
    supervision.delete()
    assert actual_rows() == expected_rows()
    assert ContractPerson.objects.filter(role=ContractPersonRole.SUPERVISOR).count() == 1


def test_a_deleted_contract_leaves_no_row(territory):
    kept = make_contract(supervisor=make_supervisor())
    gone = make_contract(supervisor=make_supervisor())
    gone.delete()
    assert actual_rows() == expected_rows()
    assert set(ContractPerson.objects.values_list("contract_id", flat=True)) == {kept.pk}


def test_contracts_written_by_raw_sql_are_indexed(territory):
    model = make_contract(supervisor=make_supervisor())
    columns = [f.column for f in Contract._meta.concrete_fields if f.column != "id"]
    values = ["'brut'" if column == "source_id" else column for column in columns]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO contracts_contract ({', '.join(columns)}) "
            f"SELECT {', '.join(values)} FROM contracts_contract WHERE id = %s",
            [model.pk],
        )
    assert Contract.objects.filter(source_id="brut").exists()
    assert actual_rows() == expected_rows()


def test_a_bulk_load_writes_the_rows_once_at_the_end_and_restores_the_triggers(territory):
    make_contract(supervisor=make_supervisor())
    with people_index.bulk_load():
        loaded = make_contract(supervisor=make_supervisor())
        assert not ContractPerson.objects.filter(contract_id=loaded.pk).exists()  # no trigger inside the block
    assert actual_rows() == expected_rows()
    make_contract(supervisor=make_supervisor())  # the triggers are back
    assert actual_rows() == expected_rows()


def test_the_triggers_are_installed_once(territory):
    people_index.install(connection)  # idempotent: installing again must not double the rows
    make_contract(supervisor=make_supervisor())
    assert actual_rows() == expected_rows()


def test_many_rows_inserted_in_one_statement_are_all_indexed(territory):
    """On PostgreSQL the insert triggers run once per statement over its transition table (a COPY of an import)."""
    template = make_contract(supervisor=make_supervisor())
    columns = [f.column for f in Contract._meta.concrete_fields if f.column != "id"]
    values = ["'copie-' || n" if column == "source_id" else column for column in columns]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO contracts_contract ({', '.join(columns)}) "
            f"SELECT {', '.join(values)} FROM contracts_contract, "
            "(SELECT 1 AS n UNION ALL SELECT 2 UNION ALL SELECT 3) AS copies WHERE id = %s",
            [template.pk],
        )
    copies = list(Contract.objects.filter(source_id__startswith="copie-"))
    Supervision.objects.bulk_create(
        Supervision(contract=c, person_id=template.supervisions.get().person_id, role=SupervisionRole.MASTER,
                    start_date=c.start_date, end_date=c.planned_end_date)
        for c in copies
    )  # fmt: skip
    assert len(copies) == 3
    assert actual_rows() == expected_rows()


def test_postgresql_follows_inserts_once_per_statement(territory):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no statement-level triggers")
    with connection.cursor() as cursor:
        # tgtype bit 0 set = FOR EACH ROW; bit 2 = INSERT.
        cursor.execute(
            "SELECT tgname, tgtype & 1 FROM pg_trigger WHERE NOT tgisinternal AND tgtype & 4 = 4 "
            "AND tgrelid IN ('contracts_contract'::regclass, 'contracts_supervision'::regclass) ORDER BY tgname"
        )
        assert cursor.fetchall() == [("contract_people_ai", 0), ("supervision_people_ai", 0)]
