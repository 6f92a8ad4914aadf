"""A stored contract written back as cells: submitted as they are, they change nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from compagnon.certifications.models import Certification
from compagnon.contracts.models import Contract
from compagnon.intake.prefill import contract_cells
from compagnon.intake.services import import_batch, import_contracts
from compagnon.organisations.models import Company, TrainingCentre
from compagnon.people.models import ApprenticeProfile, Diploma, ExperiencePeriod, Person, SupervisorProfile
from tests.intake.conftest import SIRET_B, UAI_B, contract_row

pytestmark = pytest.mark.usefixtures("places")
Files = Callable[..., Path]


def varied_rows() -> list[dict[str, str]]:
    return [
        contract_row("C-001"),
        contract_row(
            "C-002",
            apprenti_prenom="Hugo",
            apprenti_sexe="M",
            apprenti_situation_avant_contrat="demandeur d'emploi",
            date_rupture="15/10/2026",
            cause_rupture="Rupture pendant la période d'essai",
            initiative_rupture="apprenti",
            lieu_execution_code_commune="59512",
            maitre2_nom="Durand",
            maitre2_prenom="Anne",
            maitre2_date_naissance="03/04/1975",
            maitre2_emploi="Cheffe de production",
            maitre2_niveau_diplome="5",
        ),
        contract_row(
            "C-003",
            apprenti_prenom="Zoé",
            type_contrat="professionnalisation",
            employeur_siret=SIRET_B,
            employeur_denomination="Garage du Nord",
            employeur_type="groupement_employeurs",
            employeur_effectif="",
            cfa_uai=UAI_B,
            cfa_denomination="CFA du Nord",
            apprenti_situation_avant_contrat="scolaire",
            date_rupture="02/02/2027",
            cause_rupture="Exclusion définitive du CFA",
            initiative_rupture="CFA",
            maitre1_experience_mois="",
        ),
    ]


def test_a_contract_written_back_as_cells_is_unchanged_when_submitted_again(contract_file: Files) -> None:
    run = import_contracts(path=contract_file(varied_rows()), source="cfa-lille", dry_run=False)
    assert (run.created, list(run.problems.values_list("line", "column", "message"))) == (3, [])

    before = snapshot()
    for contract in Contract.objects.order_by("source_id"):
        cells = contract_cells(contract)
        assert cells["numero_contrat"] == contract.source_id
        answer = import_batch(items=[cells], source=contract.source_name)
        assert answer.items[0]["status"] == "unchanged", (contract.source_id, answer.items[0], answer.notices)
    assert snapshot() == before


def snapshot() -> dict[str, list[tuple]]:
    """What an import may change besides the contract itself."""
    tables = {
        "companies": (Company, ("siret", "name", "naf", "idcc", "headcount", "kind", "commune_id", "opco_id")),
        "people": (Person, ("last_name", "first_name", "birth_date", "email")),
        "apprentices": (ApprenticeProfile, ("person_id", "sex", "prior_situation", "highest_diploma_level")),
        "masters": (SupervisorProfile, ("person_id", "job_title")),
        "diplomas": (Diploma, ("profile_id", "title", "level", "nsf_id")),
        "experiences": (ExperiencePeriod, ("profile_id", "start_date", "end_date")),
        "centres": (TrainingCentre, ("uai", "siret", "name")),
        "certifications": (Certification, ("rncp_code", "title", "level", "nsf_id")),
    }
    return {name: list(model.objects.order_by("id").values_list(*fields)) for name, (model, fields) in tables.items()}


def test_the_cells_name_both_masters_the_referent_first(contract_file: Files) -> None:
    import_contracts(path=contract_file(varied_rows()), source="cfa-lille", dry_run=False)

    cells = contract_cells(Contract.objects.get(source_id="C-002"))

    assert (cells["maitre1_nom"], cells["maitre2_nom"]) == ("Lefèvre", "Durand")
    assert cells["maitre2_emploi"] == "Cheffe de production"
    assert cells["lieu_execution_code_commune"] == "59512"
    assert (cells["date_rupture"], cells["initiative_rupture"]) == ("2026-10-15", "apprenti")
