"""Who may import what, and the API's batches (the same pipeline as a file, answered item by item)."""

from __future__ import annotations

from typing import Any

import pytest

from compagnon.accounts.enums import Role
from compagnon.accounts.scope import Scope
from compagnon.contracts.models import Contract
from compagnon.intake.models import ImportRun
from compagnon.intake.permits import ANYTHING, ImportPermit, permit_for
from compagnon.intake.services import import_batch
from tests.factories import make_training_centre, make_user
from tests.intake.conftest import UAI_A, UAI_B, contract_row

pytestmark = pytest.mark.usefixtures("places")


def test_a_regional_animator_imports_the_contracts_of_their_region(places: dict[str, Any]) -> None:
    user = make_user(role=Role.REGIONAL_ANIMATOR, organisation=places["regions"]["hdf"])

    permit = permit_for(Scope.for_user(user))

    assert permit is not None and permit.departments is not None
    assert {"59", "62"} <= permit.departments and "35" not in permit.departments
    assert permit.centres is None


def test_a_cfa_imports_the_contracts_of_its_centre(places: dict[str, Any]) -> None:
    centre = make_training_centre(uai=UAI_B, commune=places["communes"]["Lille"])
    user = make_user(role=Role.CFA_STAFF, organisation=centre)

    assert permit_for(Scope.for_user(user)) == ImportPermit(centres={UAI_B: centre.pk})


@pytest.mark.parametrize(
    "role", [Role.TERRITORIAL_ANIMATOR, Role.EMPLOYER, Role.SUPERVISOR, Role.MEDIATOR, Role.INSPECTOR], ids=str
)
def test_other_roles_may_not_import(role: str) -> None:
    assert permit_for(Scope.for_user(make_user(role=role))) is None


def test_a_data_provider_and_an_administrator_import_anything() -> None:
    assert permit_for(Scope.for_user(make_user(role=Role.DATA_PROVIDER))) == ANYTHING
    assert permit_for(Scope.for_user(make_user(is_superuser=True))) == ANYTHING


def test_a_contract_outside_the_region_is_refused_with_its_department(places: dict[str, Any]) -> None:
    permit = ImportPermit(departments=frozenset({"59", "62"}))

    answer = import_batch(
        items=[contract_row("C-001"), contract_row("C-002", apprenti_prenom="Hugo", employeur_code_commune="35238")],
        source="region",
        permit=permit,
        partial=True,
    )

    assert [item["status"] for item in answer.items] == ["created", "rejected"]
    (error,) = answer.items[1]["errors"]
    assert error["field"] == "employeur_code_commune" and "35" in error["message"]


def test_a_batch_is_answered_item_by_item_and_imported_again_changes_nothing() -> None:
    items = [contract_row("C-001"), contract_row("C-002", apprenti_prenom="Hugo")]

    first = import_batch(items=items, source="logiciel-cfa")
    second = import_batch(items=items, source="logiciel-cfa")

    assert first.run.status == ImportRun.Status.DONE
    ids = dict(Contract.objects.values_list("source_id", "id"))
    assert first.items == [
        {"index": 0, "status": "created", "id": ids["C-001"], "errors": []},
        {"index": 1, "status": "created", "id": ids["C-002"], "errors": []},
    ]
    assert [(i["status"], i["id"]) for i in second.items] == [("unchanged", ids["C-001"]), ("unchanged", ids["C-002"])]


def test_a_batch_with_a_bad_item_writes_nothing_and_names_the_field() -> None:
    answer = import_batch(
        items=[contract_row("C-001"), contract_row("C-002", date_debut="2026-02-31")], source="logiciel-cfa"
    )

    assert answer.run.status == ImportRun.Status.REJECTED
    assert Contract.objects.count() == 0
    assert answer.items[0]["status"] == "created"  # what it would have done
    assert answer.items[1]["status"] == "rejected"
    assert answer.items[1]["errors"][0]["field"] == "date_debut"


def test_a_batch_takes_numbers_and_nulls_as_json_gives_them() -> None:
    item: dict[str, Any] = {**contract_row("C-001"), "employeur_effectif": 12, "date_rupture": None}

    answer = import_batch(items=[item], source="logiciel-cfa")

    assert answer.items[0]["status"] == "created"
    assert Contract.objects.get().company.headcount == 12


def test_a_batch_reports_unknown_fields_and_missing_required_ones() -> None:
    item = {k: v for k, v in contract_row("C-001").items() if k != "date_fin"} | {"couleur": "bleu"}

    answer = import_batch(items=[item], source="logiciel-cfa")

    assert answer.run.status == ImportRun.Status.REJECTED
    assert any("couleur" in notice for notice in answer.notices)
    assert any("date_fin" in notice or "date de fin" in notice for notice in answer.notices)


def test_a_cfa_batch_may_leave_out_its_own_uai(places: dict[str, Any]) -> None:
    centre = make_training_centre(uai=UAI_B, commune=places["communes"]["Lille"])
    permit = ImportPermit(centres={UAI_B: centre.pk})

    answer = import_batch(
        items=[contract_row("C-001", cfa_uai=""), contract_row("C-002", cfa_uai=UAI_A)],
        source="cfa",
        permit=permit,
        partial=True,
    )

    assert [item["status"] for item in answer.items] == ["created", "rejected"]
    assert Contract.objects.get().training_centre == centre
