"""Importing contract files: dry run, errors, partial import, idempotence, updates, identity, new masters."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from compagnon.certifications.models import Certification
from compagnon.compliance.models import SupervisionCompliance
from compagnon.contracts.enums import SupervisionNovelty
from compagnon.contracts.models import Contract, Supervision
from compagnon.core.models import AuditEntry
from compagnon.intake.models import ImportRun
from compagnon.intake.services import import_contracts
from compagnon.organisations.models import Company, TrainingCentre
from compagnon.people.models import ApprenticeProfile, Diploma, ExperiencePeriod, Person
from tests.factories import make_training_centre
from tests.intake.conftest import SIRET_A, SIRET_B, UAI_A, UAI_B, contract_row

pytestmark = pytest.mark.usefixtures("places")
Files = Callable[..., Path]


def wet(path: Path, **kwargs: Any) -> ImportRun:
    return import_contracts(path=path, source=kwargs.pop("source", "cfa-lille"), dry_run=False, **kwargs)


def problems(run: ImportRun) -> list[tuple[int, str, str]]:
    return list(run.problems.values_list("line", "column", "message"))


def test_a_dry_run_counts_what_it_would_create_and_writes_nothing(contract_file: Files) -> None:
    path = contract_file([contract_row("C-001"), contract_row("C-002", apprenti_prenom="Hugo")])

    run = import_contracts(path=path, source="cfa-lille")

    assert (run.status, run.rows, run.created, run.updated, run.rejected) == ("done", 2, 2, 0, 0)
    assert Contract.objects.count() == 0
    assert Person.objects.count() == 0
    assert Company.objects.count() == 0


def test_a_wet_run_creates_contracts_with_their_company_cfa_certification_people_and_masters(
    contract_file: Files,
) -> None:
    path = contract_file([contract_row("C-001"), contract_row("C-002", apprenti_prenom="Hugo")])

    run = wet(path)

    assert (run.status, run.created) == ("done", 2)
    contract = Contract.objects.get(source_name="cfa-lille", source_id="C-001")
    assert contract.company.siret == SIRET_A
    assert contract.company.idcc == "0843"
    assert contract.employment_area_id == "3216"
    assert contract.training_centre.uai == UAI_A
    assert contract.certification.rncp_code == "RNCP35316"
    assert contract.apprentice.apprentice_profile.sex == "F"
    assert contract.last_import == run
    master = Supervision.objects.get(contract=contract)
    assert (master.person.last_name, master.role, master.is_referent) == ("Lefèvre", "master", True)
    # One master for both contracts: the same person, with the diploma and experience the file declares.
    assert Person.objects.filter(last_name="Lefèvre").count() == 1
    profile = master.person.supervisor_profile
    assert list(profile.diplomas.values_list("title", "level", "nsf_id")) == [("BP Boulanger", 4, "221")]
    period = profile.experiences.get()
    assert period.end_date == dt.date(2026, 8, 31)
    assert period.start_date == dt.date(2021, 9, 1)
    assert SupervisionCompliance.objects.filter(supervision__contract__last_import=run).count() == 2
    assert AuditEntry.objects.filter(action="import", object_id=str(run.pk)).exists()


def test_the_same_file_imported_twice_changes_nothing_the_second_time(contract_file: Files) -> None:
    path = contract_file([contract_row("C-001"), contract_row("C-002", apprenti_prenom="Hugo")])
    wet(path)
    counts = [m.objects.count() for m in (Contract, Person, Company, Supervision, Diploma, ExperiencePeriod)]

    again = wet(path)

    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert [m.objects.count() for m in (Contract, Person, Company, Supervision, Diploma, ExperiencePeriod)] == counts


def test_a_corrected_file_updates_what_changed_and_the_audit_log_says_what_and_from_which_import(
    contract_file: Files,
) -> None:
    wet(contract_file([contract_row("C-001"), contract_row("C-002", apprenti_prenom="Hugo")]))
    corrected = contract_file(
        [
            contract_row(
                "C-001",
                date_rupture="10/10/2026",
                cause_rupture="Rupture pendant la période d'essai",
                initiative_rupture="apprenti",
            ),
            contract_row("C-002", apprenti_prenom="Hugo", maitre1_nom="Durand", maitre1_prenom="Anne"),
        ]
    )

    run = wet(corrected)

    assert (run.created, run.updated, run.unchanged) == (0, 2, 0)
    broken = Contract.objects.get(source_id="C-001")
    assert (broken.rupture_date, broken.rupture_cause, broken.rupture_initiative) == (
        dt.date(2026, 10, 10),
        "trial_period",
        "apprentice",
    )
    assert broken.rupture_cause_text == "Rupture pendant la période d'essai"
    replaced = Contract.objects.get(source_id="C-002")
    assert [s.person.last_name for s in replaced.supervisions.all()] == ["Durand"]
    entry = AuditEntry.objects.get(object_type="contracts.Contract", object_id=str(broken.pk))
    assert entry.changes["import"] == run.pk
    assert entry.changes["date de rupture"] == [None, "2026-10-10"]
    assert f"import n°{run.pk}" in entry.summary


def test_a_file_with_errors_writes_nothing_and_reports_each_error_with_its_line_and_column(
    contract_file: Files,
) -> None:
    path = contract_file(
        [
            contract_row("C-001"),
            contract_row("C-002", employeur_siret="12345678901234"),
            contract_row("C-003", date_fin="01/01/2026"),
            contract_row("C-004", date_debut="31/02/2026"),
            contract_row("C-005", employeur_code_commune="99999"),
            contract_row("C-006", apprenti_date_naissance="01/01/2099"),
            contract_row("C-007", formation_nsf="999"),
            contract_row("C-008", maitre1_nom=""),
        ]
    )

    run = wet(path)

    assert run.status == ImportRun.Status.REJECTED
    assert (run.rows, run.rejected) == (8, 7)
    assert Contract.objects.count() == 0 and Person.objects.count() == 0
    found = {(line, column) for line, column, _ in problems(run)}
    assert found == {
        (3, "employeur_siret"),
        (4, "date_fin"),
        (5, "date_debut"),
        (6, "employeur_code_commune"),
        (7, "apprenti_date_naissance"),
        (8, "formation_nsf"),
        (9, "maitre1_nom"),
    }
    messages = {(line, column): message for line, column, message in problems(run)}
    assert "clé" in messages[(3, "employeur_siret")]
    assert "précède" in messages[(4, "date_fin")]
    assert "99999" in messages[(6, "employeur_code_commune")]
    assert "futur" in messages[(7, "apprenti_date_naissance")]
    assert "999" in messages[(8, "formation_nsf")]
    assert "rien n'a été écrit" in run.message


def test_the_partial_option_imports_the_valid_rows_and_keeps_the_rejected_ones(contract_file: Files) -> None:
    path = contract_file([contract_row("C-001"), contract_row("C-002", date_debut="32/13/2026")])

    run = wet(path, partial=True)

    assert (run.status, run.created, run.rejected) == ("done", 1, 1)
    assert list(Contract.objects.values_list("source_id", flat=True)) == ["C-001"]
    assert [(line, column) for line, column, _ in problems(run)] == [(3, "date_debut")]


def test_a_contract_number_twice_in_a_file_is_an_error_naming_the_first_line(contract_file: Files) -> None:
    run = wet(contract_file([contract_row("C-001"), contract_row("C-002"), contract_row("C-001")]))

    assert run.status == ImportRun.Status.REJECTED
    ((line, column, message),) = problems(run)
    assert (line, column) == (4, "numero_contrat")
    assert "ligne 2" in message


def test_a_contract_number_twice_across_chunks_is_an_error_too(
    contract_file: Files, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("compagnon.intake.services.CHUNK_ROWS", 2)

    run = wet(contract_file([contract_row("C-001"), contract_row("C-002"), contract_row("C-001")]))

    assert run.status == ImportRun.Status.REJECTED
    assert [(line, column) for line, column, _ in problems(run)] == [(4, "numero_contrat")]


def test_a_missing_required_column_refuses_the_file_before_reading_rows(contract_file: Files) -> None:
    path = contract_file([contract_row()], header=["numero_contrat", "date_debut"])

    run = wet(path)

    assert run.status == ImportRun.Status.REJECTED
    assert run.rows == 0
    assert all(line == 1 for line, _, _ in problems(run))
    assert any("date_fin" in message or "date de fin" in message for _, _, message in problems(run))


def test_an_empty_file_is_refused_with_a_message(tmp_path: Path) -> None:
    path = tmp_path / "vide.csv"
    path.write_bytes(b"")

    run = wet(path)

    assert run.status == ImportRun.Status.REJECTED
    assert "vide" in run.message


def test_unknown_columns_are_reported_not_silently_dropped(contract_file: Files) -> None:
    from tests.intake.conftest import HEADER

    run = wet(contract_file([contract_row()], header=[*HEADER, "couleur_preferee"]))

    assert run.status == "done" and run.created == 1
    assert any("couleur_preferee" in message for _, _, message in problems(run))


def test_a_master_named_with_another_case_and_no_accent_is_the_same_person(contract_file: Files) -> None:
    wet(contract_file([contract_row("C-001"), contract_row("C-002", apprenti_prenom="Hugo", maitre1_nom="LEFEVRE")]))

    assert Person.objects.filter(search_name="lefevre paul").count() == 1


def test_a_master_without_birth_date_is_matched_on_the_email(contract_file: Files) -> None:
    wet(contract_file([contract_row("C-001")]))

    wet(contract_file([contract_row("C-002", apprenti_prenom="Hugo", maitre1_date_naissance="")]))

    assert Person.objects.filter(search_name="lefevre paul").count() == 1


def test_two_people_with_the_same_name_and_different_birth_dates_stay_two(contract_file: Files) -> None:
    wet(
        contract_file(
            [
                contract_row("C-001"),
                contract_row("C-002", apprenti_prenom="Hugo", maitre1_date_naissance="03/03/1990"),
            ]
        )
    )

    assert Person.objects.filter(search_name="lefevre paul").count() == 2


def test_when_rows_disagree_on_a_company_the_last_row_wins_and_the_change_is_audited(contract_file: Files) -> None:
    wet(contract_file([contract_row("C-001")]))

    run = wet(
        contract_file(
            [
                contract_row(
                    "C-002", apprenti_prenom="Hugo", employeur_effectif="15", employeur_denomination="Lefèvre SA"
                )
            ]
        )
    )

    company = Company.objects.get(siret=SIRET_A)
    assert (company.headcount, company.name) == (15, "Lefèvre SA")
    assert run.rejected == 0
    entry = AuditEntry.objects.get(object_type="organisations.Company", object_id=str(company.pk))
    assert entry.changes["effectif"] == [12, 15]


def test_an_unknown_rncp_code_creates_its_certification_from_the_row(contract_file: Files) -> None:
    wet(
        contract_file(
            [contract_row(formation_rncp="RNCP99999", formation_intitule="BTS Boulange", formation_niveau="5")]
        )
    )

    certification = Certification.objects.get(rncp_code="RNCP99999")
    assert (certification.title, certification.level, certification.nsf_id) == ("BTS Boulange", 5, "221")


def test_an_unknown_rncp_code_without_its_level_is_an_error(contract_file: Files) -> None:
    run = wet(contract_file([contract_row(formation_rncp="RNCP99999", formation_niveau="")]))

    assert [(line, column) for line, column, _ in problems(run)] == [(2, "formation_niveau")]


def test_a_cfa_imports_only_its_own_contracts(contract_file: Files, places: dict[str, Any]) -> None:
    centre = make_training_centre(uai=UAI_B, commune=places["communes"]["Lille"])

    run = wet(
        contract_file(
            [
                contract_row("C-001", cfa_uai=UAI_B),
                contract_row("C-002", cfa_uai=UAI_A),
                contract_row("C-3", cfa_uai=""),
            ]
        ),
        training_centre=centre,
        partial=True,
    )

    assert run.created == 2
    assert [(line, column) for line, column, _ in problems(run)] == [(3, "cfa_uai")]
    assert set(Contract.objects.values_list("training_centre__uai", flat=True)) == {UAI_B}
    assert not TrainingCentre.objects.filter(uai=UAI_A).exists()


def test_a_second_master_and_a_tutor_for_a_professionalisation_contract(contract_file: Files) -> None:
    wet(
        contract_file(
            [
                contract_row("C-001", maitre2_nom="Durand", maitre2_prenom="Anne", maitre2_date_naissance="01/01/1975"),
                contract_row(
                    "C-002", type_contrat="professionnalisation", apprenti_prenom="Hugo", employeur_siret=SIRET_B
                ),
            ]
        )
    )

    team = Contract.objects.get(source_id="C-001").supervisions.order_by("-is_referent")
    assert [(s.person.last_name, s.is_referent) for s in team] == [("Lefèvre", True), ("Durand", False)]
    assert Contract.objects.get(source_id="C-002").supervisions.get().role == "tutor"


def test_a_second_master_half_filled_is_an_error(contract_file: Files) -> None:
    run = wet(contract_file([contract_row(maitre2_nom="Durand")]))

    assert [(line, column) for line, column, _ in problems(run)] == [(2, "maitre2_prenom")]


# --- new masters ---------------------------------------------------------------------------------------------
def novelty(number: str) -> str:
    return Supervision.objects.get(contract__source_id=number).novelty


def test_a_first_supervision_is_new_a_later_one_continuing(contract_file: Files) -> None:
    wet(
        contract_file(
            [
                contract_row("C-001", date_debut="01/09/2024", date_fin="31/08/2026"),
                contract_row("C-002", apprenti_prenom="Hugo", date_debut="01/09/2026", date_fin="31/08/2028"),
            ]
        )
    )

    assert (novelty("C-001"), novelty("C-002")) == (SupervisionNovelty.NEW, SupervisionNovelty.CONTINUING)


def test_a_master_back_three_years_after_their_last_contract_ended_is_returning(contract_file: Files) -> None:
    wet(
        contract_file(
            [
                contract_row("C-001", date_debut="01/09/2019", date_fin="31/08/2021", date_conclusion=""),
                contract_row("C-002", apprenti_prenom="Hugo", date_debut="31/08/2024", date_fin="31/08/2026"),
            ]
        )
    )

    assert novelty("C-002") == SupervisionNovelty.RETURNING


def test_a_rupture_ends_a_supervision_for_the_returning_rule(contract_file: Files) -> None:
    # Planned to end on 31/08/2023, broken on 15/10/2020: three years after the rupture, the master is back.
    broken = contract_row(
        "C-001", date_debut="01/09/2020", date_fin="31/08/2023", date_rupture="15/10/2020", date_conclusion=""
    )
    wet(contract_file([broken, contract_row("C-002", apprenti_prenom="Hugo", date_debut="15/10/2023")]))
    assert novelty("C-002") == SupervisionNovelty.RETURNING

    wet(contract_file([broken, contract_row("C-002", apprenti_prenom="Hugo", date_debut="14/10/2023")]))

    assert novelty("C-002") == SupervisionNovelty.CONTINUING


def test_an_earlier_contract_imported_later_reclassifies_the_later_one(contract_file: Files) -> None:
    wet(contract_file([contract_row("C-002", date_debut="01/09/2026", date_fin="31/08/2028")]))
    assert novelty("C-002") == SupervisionNovelty.NEW

    wet(contract_file([contract_row("C-001", apprenti_prenom="Hugo", date_debut="01/09/2025", date_fin="31/08/2027")]))

    assert (novelty("C-001"), novelty("C-002")) == (SupervisionNovelty.NEW, SupervisionNovelty.CONTINUING)


def test_on_the_same_start_date_the_lower_contract_number_is_earlier(contract_file: Files) -> None:
    wet(contract_file([contract_row("10"), contract_row("9", apprenti_prenom="Hugo")]))

    assert (novelty("9"), novelty("10")) == (SupervisionNovelty.NEW, SupervisionNovelty.CONTINUING)


def test_the_apprentice_profile_keeps_what_the_file_says(contract_file: Files) -> None:
    wet(contract_file([contract_row()]))

    profile = ApprenticeProfile.objects.get()
    assert (profile.sex, profile.prior_situation, profile.highest_diploma_level) == ("F", "school", 3)


# --- the command ---------------------------------------------------------------------------------------------
def test_the_command_is_a_dry_run_by_default(contract_file: Files, capsys: pytest.CaptureFixture[str]) -> None:
    call_command("import_contracts", str(contract_file([contract_row()])))

    out = capsys.readouterr().out
    assert "rien n'a été écrit" in out and "à créer : 1" in out
    assert Contract.objects.count() == 0


def test_the_command_writes_with_wet_run_and_exits_zero(
    contract_file: Files, capsys: pytest.CaptureFixture[str]
) -> None:
    call_command("import_contracts", str(contract_file([contract_row()])), "--wet-run", "--source", "cfa-lille")

    assert "contrats créés : 1" in capsys.readouterr().out
    assert Contract.objects.get().source_name == "cfa-lille"


def test_the_command_prints_every_error_and_exits_one(contract_file: Files, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        call_command("import_contracts", str(contract_file([contract_row(date_fin="01/01/2020")])), "--wet-run")

    assert exit_info.value.code == 1
    assert "ligne 2, colonne date_fin" in capsys.readouterr().out
    assert Contract.objects.count() == 0


def test_the_command_exits_two_on_an_unreadable_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "vide.csv"
    path.write_bytes(b"")

    with pytest.raises(SystemExit) as exit_info:
        call_command("import_contracts", str(path))

    assert exit_info.value.code == 2
    assert "vide" in capsys.readouterr().out


def test_classify_all_gives_the_same_answer_as_classifying_each_person(contract_file: Files) -> None:
    from compagnon.intake.classification import classify_all

    wet(
        contract_file(
            [
                contract_row("C-001", date_debut="01/09/2019", date_fin="31/08/2021", date_conclusion=""),
                contract_row("C-002", apprenti_prenom="Hugo", date_debut="31/08/2024", date_fin="31/08/2026"),
                contract_row("C-003", apprenti_prenom="Zoé", date_debut="01/09/2025", date_fin="31/08/2027"),
            ]
        )
    )
    expected = dict(Supervision.objects.values_list("contract__source_id", "novelty"))
    Supervision.objects.update(novelty="")

    assert classify_all() == 3
    assert dict(Supervision.objects.values_list("contract__source_id", "novelty")) == expected
    assert expected == {"C-001": "new", "C-002": "returning", "C-003": "continuing"}


def test_a_company_created_then_renamed_in_the_same_import_is_found_by_its_last_name(
    contract_file: Files, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("compagnon.intake.services.CHUNK_ROWS", 1)

    wet(
        contract_file(
            [
                contract_row("C-001"),
                contract_row("C-002", apprenti_prenom="Hugo", employeur_denomination="Fournil du Vieux-Lille"),
            ]
        )
    )

    assert list(Company.objects.search("fournil").values_list("siret", flat=True)) == [SIRET_A]
    assert not Company.objects.search("lefevre").exists()
    assert Person.objects.search("hugo").count() == 1
    assert Person.objects.search("lefevre").count() == 1


def test_the_lookup_of_known_contracts_goes_through_the_source_index() -> None:
    from django.db import connection

    from compagnon.intake.writer import EXISTING_CONTRACTS_SQL

    if connection.vendor != "sqlite":
        pytest.skip("the query plan checked is SQLite's (PostgreSQL uses the index either way)")
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + EXISTING_CONTRACTS_SQL.format(keys="%s, %s"), ["src", "a", "b"])
        plan = " ".join(str(row) for row in cursor.fetchall())

    assert "contract_unique_source_name_id" in plan and "SCAN contracts_contract" not in plan


@pytest.mark.parametrize(
    ("sql", "columns", "index"),
    [
        ("PEOPLE_COLUMNS_SQL", "search_name, birth_date", "person_identity_idx"),
        ("SELECT profile_id FROM people_experienceperiod", "profile_id, start_date, end_date", "profile_id"),
    ],
)
def test_the_lookups_by_several_columns_go_through_an_index(sql: str, columns: str, index: str) -> None:
    """A lookup that scans the table costs more with each import: at a million people, every chunk read them all."""
    from django.db import connection

    from compagnon.intake import writer

    if connection.vendor != "sqlite":
        pytest.skip("the query plan checked is SQLite's")
    width = len(columns.split(","))
    with connection.cursor() as cursor:
        cursor.execute(
            "EXPLAIN QUERY PLAN " + writer.tuples_sql(getattr(writer, sql, sql), columns, 2), ["x"] * 2 * width
        )
        plan = " ".join(str(row) for row in cursor.fetchall())

    assert index in plan
    assert "SCAN people_person" not in plan and "SCAN people_experienceperiod" not in plan


@pytest.fixture
def recomputed(monkeypatch: pytest.MonkeyPatch) -> list[set[str]]:
    """The contract numbers of the supervisions whose compliance each import asked for."""
    from compagnon.intake import services

    calls: list[set[str]] = []
    real = services.refresh_compliance

    def spy(*, supervisions: Any, **kwargs: Any) -> Any:
        calls.append(set(supervisions.values_list("contract__source_id", flat=True)))
        return real(supervisions=supervisions, **kwargs)

    monkeypatch.setattr(services, "refresh_compliance", spy)
    return calls


def test_a_file_imported_again_unchanged_recomputes_nothing(contract_file: Files, recomputed: list[set[str]]) -> None:
    path = contract_file([contract_row("C-001"), contract_row("C-002", apprenti_prenom="Hugo")])
    wet(path)
    assert recomputed == [{"C-001", "C-002"}]

    wet(path)

    assert recomputed == [{"C-001", "C-002"}]


def test_a_company_that_changes_gets_the_compliance_of_its_supervisions_recomputed(
    contract_file: Files, recomputed: list[set[str]]
) -> None:
    wet(contract_file([contract_row("C-001")]))
    other_master = {"maitre1_nom": "Durand", "maitre1_prenom": "Anne", "maitre1_courriel": ""}

    wet(contract_file([contract_row("C-002", apprenti_prenom="Hugo", employeur_effectif="300", **other_master)]))

    assert recomputed[-1] == {"C-001", "C-002"}


def test_a_company_that_changes_sends_only_the_people_named_to_the_duplicate_search(
    contract_file: Files, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The masters of a company whose headcount changed get their compliance again, not a new duplicate search."""
    from compagnon.intake import services

    wet(contract_file([contract_row("C-001")]))
    first_master = Person.objects.get(last_name="Lefèvre").pk
    searched: list[set[int]] = []
    monkeypatch.setattr(services, "find_duplicates", lambda *, person_ids: searched.append(set(person_ids)) or 0)
    other_master = {"maitre1_nom": "Durand", "maitre1_prenom": "Anne", "maitre1_courriel": ""}

    wet(contract_file([contract_row("C-002", apprenti_prenom="Hugo", employeur_effectif="300", **other_master)]))

    assert searched and first_master not in searched[-1]
    assert set(Person.objects.filter(first_name__in=["Hugo", "Anne"]).values_list("pk", flat=True)) == searched[-1]


def test_a_new_contract_of_a_master_recomputes_their_other_supervisions(
    contract_file: Files, recomputed: list[set[str]]
) -> None:
    wet(contract_file([contract_row("C-001"), contract_row("C-009", apprenti_prenom="Zoé", employeur_siret=SIRET_B,
                                                            maitre1_nom="Durand", maitre1_prenom="Anne")]))  # fmt: skip

    wet(contract_file([contract_row("C-002", apprenti_prenom="Hugo")]))

    assert recomputed[-1] == {"C-001", "C-002"}


def test_a_10_mb_cell_is_refused_with_its_line_and_the_rest_of_the_file_is_read(contract_file: Files) -> None:
    huge = "x" * 10_000_000

    run = wet(contract_file([contract_row("C-001"), contract_row("C-002", employeur_denomination=huge)]), partial=True)

    assert (run.created, run.rejected) == (1, 1)
    ((line, column, message),) = problems(run)
    assert (line, column) == (3, "employeur_denomination")
    assert len(message) < 300 and "10" in message


def test_a_file_in_broken_encoding_is_refused_naming_the_line(tmp_path: Path, contract_file: Files) -> None:
    path = contract_file([contract_row("C-001"), contract_row("C-002", apprenti_prenom="Zoé")])
    data = path.read_bytes().replace("Zoé".encode(), b"Zo\xe9")  # Windows-1252 inside a UTF-8 file
    path.write_bytes(data)

    run = wet(path)

    assert run.status == ImportRun.Status.REJECTED
    assert Contract.objects.count() == 0
    assert "Ligne 3" in run.message or "ligne 3" in run.message


def test_a_windows_1252_file_with_commas_is_read(tmp_path: Path) -> None:
    from tests.intake.conftest import HEADER

    row = contract_row("C-001", apprenti_prenom="Zoé", employeur_denomination="Boulangerie Lefèvre, Fils")
    path = tmp_path / "cp1252.csv"
    with path.open("w", encoding="cp1252", newline="") as out:
        writer = csv.writer(out, delimiter=",")
        writer.writerow(HEADER)
        writer.writerow([row.get(column, "") for column in HEADER])

    run = wet(path)

    assert run.created == 1
    assert Contract.objects.get().apprentice.first_name == "Zoé"
    assert Company.objects.get().name == "Boulangerie Lefèvre, Fils"


def test_an_xlsx_file_is_imported_like_a_csv(tmp_path: Path) -> None:
    from openpyxl import Workbook

    from tests.intake.conftest import HEADER

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    row = contract_row("C-001") | {"date_debut": dt.datetime(2026, 9, 1), "employeur_effectif": 12}
    sheet.append([row.get(column) for column in HEADER])
    path = tmp_path / "contrats.xlsx"
    workbook.save(path)

    run = wet(path)

    assert run.created == 1
    contract = Contract.objects.get()
    assert contract.start_date == dt.date(2026, 9, 1) and contract.company.headcount == 12


@pytest.mark.parametrize(
    "start, latest_end, expected",
    [
        ("2026-09-01", None, "new"),
        ("2026-08-31", "2023-08-31", "returning"),
        ("2026-08-30", "2023-08-31", "continuing"),
        ("2027-02-28", "2024-02-29", "returning"),
        ("2027-02-27", "2024-02-29", "continuing"),
    ],
    ids=["first", "three-years-to-the-day", "a-day-short", "29-february", "29-february-a-day-short"],
)
def test_novelty_at_the_boundaries(start: str, latest_end: str | None, expected: str) -> None:
    from compagnon.intake.classification import novelty_of

    end = dt.date.fromisoformat(latest_end) if latest_end else None
    assert novelty_of(dt.date.fromisoformat(start), end, gap_years=3) == expected


def test_the_gap_is_a_setting(contract_file: Files, settings: Any) -> None:
    settings.RETURNING_MASTER_GAP_YEARS = 2
    wet(
        contract_file(
            [
                contract_row("C-001", date_debut="01/09/2020", date_fin="31/08/2022", date_conclusion=""),
                contract_row("C-002", apprenti_prenom="Hugo", date_debut="31/08/2024", date_fin="31/08/2026"),
            ]
        )
    )

    assert novelty("C-002") == SupervisionNovelty.RETURNING


def test_an_import_proposes_the_near_duplicates_it_brings_and_merges_nothing(contract_file: Files) -> None:
    from compagnon.people.models import MergeProposal

    wet(contract_file([contract_row("C-001")]))
    # The same master, first and last names swapped by another CFA's software.
    wet(contract_file([contract_row("C-002", apprenti_prenom="Hugo", maitre1_nom="Paul", maitre1_prenom="Lefèvre")]))

    proposal = MergeProposal.objects.get()
    assert {proposal.person_a.last_name, proposal.person_b.last_name} == {"Lefèvre", "Paul"}
    assert Person.objects.filter(merged_into__isnull=False).count() == 0


def test_a_merged_master_named_again_by_a_file_is_the_person_kept(contract_file: Files) -> None:
    from compagnon.people.models import MergeProposal
    from compagnon.people.services import merge_people

    wet(contract_file([contract_row("C-001")]))
    wet(contract_file([contract_row("C-002", apprenti_prenom="Hugo", maitre1_nom="Paul", maitre1_prenom="Lefèvre")]))
    proposal = MergeProposal.objects.get()
    kept = Person.objects.get(last_name="Lefèvre")
    merge_people(proposal=proposal, keep=kept, actor=None)

    wet(contract_file([contract_row("C-003", apprenti_prenom="Zoé", maitre1_nom="Paul", maitre1_prenom="Lefèvre")]))

    assert Supervision.objects.get(contract__source_id="C-003").person == kept


def test_a_large_import_refreshes_the_planner_statistics(contract_file: Files, monkeypatch: pytest.MonkeyPatch) -> None:
    from compagnon.intake import services

    analysed: list[bool] = []
    real = services._analyze
    monkeypatch.setattr(services, "FRESH_STATISTICS_AFTER", 2)
    monkeypatch.setattr(services, "_analyze", lambda: analysed.append(True) or real())

    run = wet(contract_file([contract_row("C-001"), contract_row("C-002", apprenti_prenom="Hugo")]))

    assert run.created == 2 and analysed == [True]


def _indexes() -> set[str]:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'index'")
        else:
            cursor.execute("SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()")
        return {name for (name,) in cursor.fetchall()}


@pytest.mark.parametrize("partial", [True, False], ids=["written", "refused-and-rolled-back"])
def test_a_large_import_builds_the_indexes_at_its_end_and_keeps_every_one(
    contract_file: Files, monkeypatch: pytest.MonkeyPatch, partial: bool
) -> None:
    from django.db import connection

    from compagnon.intake.writer import ChunkWriter

    monkeypatch.setattr("compagnon.intake.services.DEFER_INDEXES_FROM_BYTES", 0)
    during: list[set[str]] = []
    real_write = ChunkWriter.write
    monkeypatch.setattr(ChunkWriter, "write", lambda self, rows: during.append(_indexes()) or real_write(self, rows))
    before = _indexes()

    run = wet(contract_file([contract_row("C-001"), contract_row("C-002", date_fin="01/01/2020")]), partial=partial)

    assert _indexes() == before
    if connection.vendor == "sqlite":
        assert "contract_area_start_idx" not in during[0] and "contract_unique_source_name_id" in during[0]
        assert "person_birth_date_idx" not in during[0] and "company_naf_name_idx" not in during[0]
        # The import's own lookups keep their indexes: people by name and birth date, profiles' diplomas and periods.
        assert "person_identity_idx" in during[0]
        assert any(name.startswith("people_diploma_profile_id") for name in during[0])
        assert any(name.startswith("people_experienceperiod_profile_id") for name in during[0])
        assert not any(name.startswith("people_experienceperiod_nsf_id") for name in during[0])
    assert run.created == 1 and Contract.objects.count() == (1 if partial else 0)
    assert Person.objects.search("lefevre").count() == (1 if partial else 0)


def test_a_master_with_two_contracts_run_to_their_end_is_experienced(contract_file: Files) -> None:
    wet(
        contract_file(
            [
                contract_row("C-001", date_debut="01/09/2020", date_fin="31/08/2022", date_conclusion=""),
                contract_row(
                    "C-002", apprenti_prenom="Hugo", date_debut="01/09/2022", date_fin="31/08/2024", date_conclusion=""
                ),  # fmt: skip
                contract_row(
                    "C-003",
                    apprenti_prenom="Zoé",
                    date_debut="01/09/2020",
                    date_fin="31/08/2022",
                    date_conclusion="",
                    date_rupture="15/10/2020",
                    maitre1_nom="Durand",
                    maitre1_prenom="Anne",
                ),  # fmt: skip
                contract_row(
                    "C-004",
                    apprenti_prenom="Léo",
                    date_debut="01/09/2022",
                    date_fin="31/08/2024",
                    date_conclusion="",
                    maitre1_nom="Durand",
                    maitre1_prenom="Anne",
                ),  # fmt: skip
            ]
        )
    )

    on_the_day = Person.objects.experienced_masters(on=dt.date(2024, 8, 31))
    after = Person.objects.experienced_masters(on=dt.date(2024, 9, 1))

    assert list(on_the_day) == []
    assert [(p.last_name, p.completed_supervisions) for p in after] == [("Lefèvre", 2)]


def test_with_debug_an_import_keeps_no_query_in_memory(contract_file: Files, settings: Any) -> None:
    """DEBUG keeps the last 9,000 queries with their parameters: a large import's would fill memory."""
    from django.db import connection, reset_queries

    settings.DEBUG = True
    reset_queries()
    wet(contract_file([contract_row("C-001"), contract_row("C-002", apprenti_prenom="Hugo")]))

    assert Contract.objects.count() == 2  # a query made after the import is kept again
    assert not [q for q in connection.queries if "contracts_supervision" in q["sql"]]
    assert any("COUNT" in q["sql"] for q in connection.queries)
