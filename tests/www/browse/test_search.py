"""Name search through the trigram index: FTS5 on SQLite, pg_trgm on PostgreSQL (same results on both)."""

from __future__ import annotations

import pytest
from django.db import connection

from compagnon.accounts.enums import Role
from compagnon.organisations.models import Company, TrainingCentre
from compagnon.people.models import Person
from tests.factories import make_company, make_person, make_training_centre

pytestmark = pytest.mark.django_db


@pytest.fixture
def lefevre(db):
    return make_person(first_name="Camille", last_name="Lefèvre")


@pytest.mark.parametrize("text", ["lefevre", "LEFE", "Lefèvre", "lefèvre camille", "camille lefe", "efèv", "le", "LE"])
def test_a_name_is_found_whatever_the_case_and_accents(lefevre, text):
    make_person(first_name="Hugo", last_name="Martin")
    assert list(Person.objects.search(text)) == [lefevre]


@pytest.mark.parametrize("text", ["lefevres", "dupont", "camille martin", "ef", "zz"])
def test_a_name_that_is_not_there_is_not_found(lefevre, text):
    assert not Person.objects.search(text).exists()


def test_short_words_are_a_prefix_of_the_name(lefevre):
    assert list(Person.objects.search("l")) == [lefevre]
    assert not Person.objects.search("c").exists()  # "camille" is not the start of "lefevre camille"


def test_a_blank_search_changes_nothing(lefevre):
    assert Person.objects.search("  -- ").count() == Person.objects.count()


def test_rows_written_by_raw_sql_are_found_and_forgotten(lefevre):
    """seed_demo writes people with executemany / COPY: the index (triggers on SQLite) follows anyway."""
    table = Person._meta.db_table
    rows = [(f"Nom{i}", "Zoé", f"lefevrier{i} zoe", "2000-01-01") for i in range(3)]
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} (last_name, first_name, birth_name, search_name, birth_date, email, phone,"
            " created_at) VALUES (%s, %s, '', %s, %s, '', '', CURRENT_TIMESTAMP)",
            [(a, b, c, d) for a, b, c, d in rows],
        )
    assert Person.objects.search("lefevri").count() == 3
    assert Person.objects.search("lefev").count() == 4
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET search_name = 'dupond zoe' WHERE search_name = 'lefevrier0 zoe'")
        cursor.execute(f"DELETE FROM {table} WHERE search_name = 'lefevrier1 zoe'")
    assert Person.objects.search("lefevri").count() == 1
    assert Person.objects.search("dupond").count() == 1


def test_companies_and_centres_are_searched_by_name_too(territory):
    company = make_company(name="Boulangerie Lefèvre")
    make_company(name="Garage Martin")
    centre = make_training_centre(name="CFA Régional des Métiers")
    assert list(Company.objects.search("boulang lefe")) == [company]
    assert list(TrainingCentre.objects.search("regional metiers")) == [centre]


def test_search_uses_the_trigram_index(lefevre):
    sql, params = Person.objects.search("lefevre").query.sql_with_params()
    if connection.vendor == "sqlite":
        assert "people_person_fts MATCH" in sql
    else:
        with connection.cursor() as cursor:
            # A test table is tiny: forbid the plain scans so the plan shows whether the trigram index can serve.
            cursor.execute("SET enable_seqscan = off; SET enable_indexscan = off")
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        assert "person_search_trgm_idx" in plan


def test_bulk_inserts_are_indexed_at_the_end_of_the_block(lefevre):
    from compagnon.core.search import bulk_insert_search_index

    table = Person._meta.db_table
    with bulk_insert_search_index(), connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} (last_name, first_name, birth_name, search_name, email, phone, created_at)"
            " VALUES ('Lefebvre', 'Zoé', '', %s, '', '', CURRENT_TIMESTAMP)",
            [(f"lefebvre{i} zoe",) for i in range(5)],
        )
    assert Person.objects.search("lefebvre").count() == 5
    # The insert trigger is back for the next rows.
    make_person(first_name="Zoé", last_name="Lefebvre")
    assert Person.objects.search("lefebvre").count() == 6


def test_rows_renamed_or_deleted_inside_the_block_leave_a_sound_index(lefevre):
    """Rows inserted inside the block have no index entry until its end: renaming or deleting one must not ask FTS5
    to delete an entry it never held (that corrupts an external-content index); rows from before keep following."""
    from compagnon.core.search import bulk_insert_search_index

    before = make_person(first_name="Zoé", last_name="Avant")
    with bulk_insert_search_index():
        renamed = make_person(first_name="Zoé", last_name="Provisoire")
        gone = make_person(first_name="Zoé", last_name="Effacee")
        Person.objects.filter(pk=renamed.pk).update(last_name="Definitif", search_name="definitif zoe")
        Person.objects.filter(pk=before.pk).update(last_name="Apres", search_name="apres zoe")
        Person.objects.filter(pk=gone.pk).delete()
    assert list(Person.objects.search("definitif").values_list("pk", flat=True)) == [renamed.pk]
    assert list(Person.objects.search("apres").values_list("pk", flat=True)) == [before.pk]
    assert not Person.objects.search("provisoire").exists()
    assert not Person.objects.search("avant").exists()
    assert not Person.objects.search("effacee").exists()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            # Raises "database disk image is malformed" when the index and its table disagree.
            cursor.execute("INSERT INTO people_person_fts(people_person_fts, rank) VALUES ('integrity-check', 1)")
    # Outside the block, the triggers of the migration are back: a rename is followed at once.
    Person.objects.filter(pk=renamed.pk).update(search_name="ultime zoe")
    assert list(Person.objects.search("ultime").values_list("pk", flat=True)) == [renamed.pk]


def test_an_error_inside_a_transaction_comes_through_and_the_rollback_restores_the_trigger(lefevre):
    from django.db import IntegrityError, transaction

    from compagnon.core.search import bulk_insert_search_index

    with pytest.raises(IntegrityError), transaction.atomic(), bulk_insert_search_index():
        # A person without a name breaks a NOT NULL constraint: that error, not a later one, must reach the caller.
        Person.objects.create(first_name="Zoé", last_name=None, search_name="x")
    make_person(first_name="Zoé", last_name="Lefebvre")
    assert Person.objects.search("lefebvre").count() == 1


def test_a_searched_list_sorts_its_matches_by_name_without_the_name_index(client, territory):
    """PostgreSQL would walk the whole name index testing each row (650 ms for "dub" at 10^6 contracts)."""
    from django.test.utils import CaptureQueriesContext

    from tests.factories import make_apprentice, make_contract, make_user

    lille = territory["communes"]["Lille"]
    for first, last in [("Zoé", "Dubois"), ("Anne", "Dubus"), ("Léa", "Adubert"), ("Hugo", "Martin")]:
        make_contract(commune=lille, apprentice=make_apprentice(first_name=first, last_name=last))
    client.force_login(make_user(role=Role.REGIONAL_ANIMATOR, organisation=territory["regions"]["hdf"]))
    with CaptureQueriesContext(connection) as captured:
        content = client.get("/personnes/?q=dub").content.decode()
    assert content.index("ADUBERT") < content.index("DUBOIS") < content.index("DUBUS")
    assert "MARTIN" not in content
    page_query = next(q["sql"] for q in captured if "ORDER BY" in q["sql"] and "people_person" in q["sql"])
    assert 'ORDER BY LOWER("people_person"."search_name")' in page_query
