"""Entering a contract by hand: the import's checks, field by field, and the contract's page afterwards."""

from __future__ import annotations

from html import unescape
from typing import Any

import pytest
from django.test import Client

from compagnon.accounts.enums import Role
from compagnon.contracts.enums import ContractSource
from compagnon.contracts.models import Contract
from compagnon.intake.models import ImportRun
from tests.factories import make_user
from tests.intake.conftest import UAI_B, contract_row

URL = "/imports/saisie/"


def logged_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def form_data(**overrides: str) -> dict[str, str]:
    # The browser's date inputs send ISO dates.
    row = contract_row("S-001", date_debut="2026-09-01", date_fin="2028-08-31", date_conclusion="2026-08-20")
    return row | overrides


def test_the_form_shows_every_section_with_labels(regional: Any) -> None:
    html = unescape(logged_in(regional).get(URL).content.decode())

    for title in ("Le contrat", "L'employeur", "L'alternant", "La formation", "Maître d'apprentissage ou tuteur n° 1"):
        assert title in html
    assert 'type="date"' in html and "(obligatoire)" in html


def test_a_valid_contract_is_stored_like_an_imported_one_and_opens_its_page(regional: Any) -> None:
    response = logged_in(regional).post(URL, form_data())

    contract = Contract.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/contrats/{contract.pk}/"
    assert (contract.source, contract.source_name, contract.source_id) == (ContractSource.FORM, "saisie", "S-001")
    assert contract.supervisions.get().person.last_name == "Lefèvre"
    assert ImportRun.objects.get().channel == ImportRun.Channel.FORM


def test_entering_the_same_number_again_updates_the_contract(regional: Any) -> None:
    client = logged_in(regional)
    client.post(URL, form_data())

    response = client.post(URL, form_data(date_rupture="2026-10-15", cause_rupture="Démission"))

    assert response.status_code == 302
    assert Contract.objects.get().rupture_cause == "resignation"


@pytest.mark.parametrize(
    "overrides, field, words",
    [
        ({"employeur_siret": "12345678901234"}, "employeur_siret", "clé"),
        ({"date_fin": "2026-01-01"}, "date_fin", "précède"),
        ({"date_debut": "2026-02-31"}, "date_debut", "impossible"),
        ({"maitre1_nom": ""}, "maitre1_nom", "manquante"),
        ({"employeur_code_commune": "99999"}, "employeur_code_commune", "inconnue"),
        ({"numero_contrat": ""}, "numero_contrat", "manquante"),
        ({"type_contrat": "cdi"}, "type_contrat", "choix"),
    ],
    ids=["siret", "end-before-start", "impossible-date", "no-master", "unknown-commune", "no-number", "bad-kind"],
)
def test_bad_input_is_shown_on_its_field_and_nothing_is_written(
    regional: Any, overrides: dict[str, str], field: str, words: str
) -> None:
    response = logged_in(regional).post(URL, form_data(**overrides))

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors and words in " ".join(errors[field]).lower()
    assert Contract.objects.count() == 0


def test_a_contract_outside_the_region_is_refused(regional: Any) -> None:
    response = logged_in(regional).post(URL, form_data(employeur_code_commune="35238"))

    assert "hors de votre région" in " ".join(response.context["form"].errors["employeur_code_commune"])
    assert Contract.objects.count() == 0


def test_a_cfa_enters_its_own_contracts_and_its_uai_is_prefilled(cfa_staff: Any, lille_centre: Any) -> None:
    client = logged_in(cfa_staff)
    assert f'value="{lille_centre.uai}"' in client.get(URL).content.decode()

    refused = client.post(URL, form_data(cfa_uai=UAI_B))
    accepted = client.post(URL, form_data(cfa_uai=""))

    assert "cfa_uai" in refused.context["form"].errors
    assert accepted.status_code == 302
    assert Contract.objects.get().training_centre == lille_centre


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.TERRITORIAL_ANIMATOR, Role.EMPLOYER, Role.SUPERVISOR], ids=str)
def test_roles_that_may_not_import_may_not_enter_a_contract(role: str) -> None:
    assert logged_in(make_user(role=role)).get(URL).status_code == 403


# --- correcting a stored contract -------------------------------------------------------------------------------


def imported(client: Client, **overrides: str) -> Contract:
    client.post(URL, form_data(**overrides))
    return Contract.objects.get(source_id=overrides.get("numero_contrat", "S-001"))


def test_a_stored_contract_opens_in_the_form_as_it_is_and_keeps_its_number(regional: Any) -> None:
    client = logged_in(regional)
    contract = imported(client)

    response = client.get(f"{URL}?contrat={contract.pk}")

    form = response.context["form"]
    assert form["numero_contrat"].value() == "S-001" and form.fields["numero_contrat"].disabled
    assert form["maitre1_nom"].value() == "Lefèvre" and form["date_debut"].value() == "2026-09-01"
    html = unescape(response.content.decode())
    assert f"Corriger le contrat n° {contract.pk}" in html
    assert f'name="contrat" value="{contract.pk}"' in html


def test_a_correction_updates_the_contract_under_its_own_source_and_number(regional: Any) -> None:
    from compagnon.core.models import AuditEntry
    from compagnon.intake.prefill import contract_cells

    client = logged_in(regional)
    contract = imported(client)
    cells = contract_cells(contract)

    response = client.post(
        URL,
        cells | {"contrat": str(contract.pk), "numero_contrat": "AUTRE-NUMERO", "date_rupture": "2026-10-15",
                 "cause_rupture": "Démission"},
    )  # fmt: skip

    assert response.status_code == 302 and response["Location"] == f"/contrats/{contract.pk}/"
    contract.refresh_from_db()
    assert (contract.source_name, contract.source_id) == ("saisie", "S-001")  # the disabled number is not taken
    assert (contract.rupture_date.isoformat(), contract.rupture_cause) == ("2026-10-15", "resignation")
    assert Contract.objects.count() == 1
    entry = AuditEntry.objects.filter(object_type="contracts.Contract", object_id=str(contract.pk)).latest("id")
    assert "date de rupture" in entry.changes


def test_the_contract_page_offers_the_correction_to_accounts_that_may_import(regional: Any, territorial: Any) -> None:
    contract = imported(logged_in(regional))
    link = f"{URL}?contrat={contract.pk}"

    assert link in logged_in(regional).get(f"/contrats/{contract.pk}/").content.decode()
    territorial_page = logged_in(territorial).get(f"/contrats/{contract.pk}/")
    assert territorial_page.status_code == 200 and link not in territorial_page.content.decode()


@pytest.mark.parametrize("value", ["abc", "999999"], ids=["not-a-number", "unknown"])
def test_an_unknown_contract_to_correct_is_not_found(regional: Any, value: str) -> None:
    client = logged_in(regional)
    assert client.get(f"{URL}?contrat={value}").status_code == 404
    assert client.post(URL, form_data() | {"contrat": value}).status_code == 404
    assert Contract.objects.count() == 0


def test_a_cfa_may_not_correct_another_cfas_contract(regional: Any, cfa_staff: Any) -> None:
    other = imported(logged_in(regional), cfa_uai=UAI_B, numero_contrat="S-002")

    client = logged_in(cfa_staff)
    assert client.get(f"{URL}?contrat={other.pk}").status_code == 404
    assert client.post(URL, form_data(date_rupture="2026-10-15") | {"contrat": str(other.pk)}).status_code == 404
    other.refresh_from_db()
    assert other.rupture_date is None


def test_a_contract_without_a_number_cannot_be_corrected_here(regional: Any, places: dict[str, Any]) -> None:
    from tests.factories import make_contract

    contract = make_contract(commune=places["communes"]["Lille"])
    Contract.objects.filter(pk=contract.pk).update(source_id="")

    response = logged_in(regional).get(f"{URL}?contrat={contract.pk}", follow=True)

    assert response.redirect_chain[-1][0] == f"/contrats/{contract.pk}/"
    assert "pas de numéro d'origine" in unescape(response.content.decode())
