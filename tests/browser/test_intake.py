"""A regional animator imports a contract file: checked first, then confirmed; the new masters appear in their list."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse

from compagnon.accounts.enums import Role
from compagnon.intake import tasks
from compagnon.intake.models import ImportRun
from compagnon.intake.services import start_run
from tests.browser.helpers import Web

pytestmark = pytest.mark.browser

SAMPLE = Path(__file__).resolve().parents[2] / "docs" / "samples" / "contrats-exemple.csv"


@pytest.fixture
def region(world: dict[str, Any], settings: Any, tmp_path: Path) -> dict[str, Any]:
    """The browser world with France's communes and NSF groups: the sample's rows are all over Hauts-de-France."""
    settings.IMPORT_DIR = tmp_path / "imports"
    call_command("load_reference_data", verbosity=0)
    return world


def count(web: Web, label: str) -> str:
    """The figure next to a label of the run's counts."""
    return web.page.locator(f"#etat-import dt:text-is('{label}') + dd").inner_text().strip()


def test_an_animator_imports_a_file_confirms_it_and_finds_the_new_masters(web: Web, region: dict[str, Any]) -> None:
    web.login(region["users"][Role.REGIONAL_ANIMATOR])

    web.goto(reverse("home"))
    web.page.get_by_role("link", name="Importer des contrats").click()
    web.page.wait_for_url(f"**{reverse('intake:list')}")
    assert web.page.get_by_label("Source").input_value() == "fichier"
    assert web.page.get_by_role("link", name="Télécharger le modèle de fichier (CSV)").is_visible()
    web.assert_clean()

    web.page.get_by_label("Fichier de contrats").set_input_files(str(SAMPLE))
    web.page.get_by_role("button", name="Vérifier le fichier").click()
    web.page.wait_for_url("**/imports/*/")
    state = web.page.locator("#etat-import")
    state.get_by_text("Terminé").wait_for()
    assert web.page.get_by_role("heading", level=1).inner_text().startswith("Vérification n°")
    assert web.page.get_by_label("Progression de la lecture du fichier").get_attribute("value") == "100"
    assert count(web, "Contrats à créer") == "20"
    assert "Aucun problème." in state.inner_text()
    web.assert_clean()

    web.page.get_by_role("button", name="Confirmer l'import").click()
    web.page.wait_for_url("**/imports/*/")
    web.page.get_by_role("heading", name="Import n°", exact=False).wait_for()
    assert count(web, "Contrats créés") == "20"
    assert count(web, "Lignes refusées") == "0"
    web.assert_clean()

    web.page.get_by_role("link", name="Voir les nouveaux maîtres").click()
    web.page.wait_for_url(f"**{reverse('intake:new_masters')}")
    master = web.page.get_by_role("link", name="Grégory QUÉVAL")
    assert master.count() == 1
    assert "Nouveau maître" in web.page.locator("#resultats").inner_text()
    web.assert_clean()

    master.click()
    web.page.wait_for_url("**/personnes/*/")
    assert "QUÉVAL" in web.page.get_by_role("heading", level=1).inner_text()
    web.assert_clean()


def test_the_run_page_follows_a_running_import_and_stops_when_it_is_done(web: Web, region: dict[str, Any]) -> None:
    animator = region["users"][Role.REGIONAL_ANIMATOR]
    tasks.import_dir().mkdir(parents=True)
    run = start_run(source="fichier", filename="gros.csv", channel="upload", dry_run=True, actor=animator, size=1000)
    web.login(animator)

    web.goto(reverse("intake:run", args=[run.pk]))
    web.page.get_by_text("attend son tour").wait_for()
    assert web.page.get_by_role("link", name="Actualiser").is_visible()
    web.assert_clean()

    ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.RUNNING)
    run.status, run.rows, run.bytes_read = ImportRun.Status.RUNNING, 6000, 400
    tasks.write_progress(run)
    bar = web.page.get_by_label("Progression de la lecture du fichier")
    web.page.wait_for_function("() => document.querySelector('#etat-import progress')?.getAttribute('value') === '40'")
    assert "lignes lues" in web.page.locator("#etat-import").inner_text()
    web.assert_clean()

    ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.DONE, rows=12000, created=12000, size=1000)
    web.page.locator("#etat-import").get_by_text("Terminé").wait_for()
    assert bar.get_attribute("value") == "100"
    assert web.page.locator("#etat-import[hx-trigger]").count() == 0
    web.assert_clean()


def test_an_animator_enters_a_contract_by_hand_and_corrects_a_mistake(web: Web, world: dict[str, Any]) -> None:
    from compagnon.certifications.models import NsfGroup
    from tests.intake.conftest import SIRET_A

    NsfGroup.objects.get_or_create(code="221", defaults={"label": "Agro-alimentaire", "domain": "22"})
    web.login(world["users"][Role.REGIONAL_ANIMATOR])
    web.goto(reverse("intake:list"))
    web.page.get_by_role("link", name="Saisir un contrat à la main").click()
    web.page.wait_for_url(f"**{reverse('intake:entry')}")
    web.assert_clean()

    page = web.page
    page.get_by_label("Numéro du contrat", exact=False).first.fill("SAISIE-1")
    page.get_by_label("Date de début du contrat", exact=False).fill("2026-09-01")
    page.get_by_label("Date de fin du contrat", exact=False).fill("2026-08-31")  # before the start: refused
    page.get_by_label("SIRET de l'employeur", exact=False).fill(SIRET_A)
    page.get_by_label("Dénomination de l'employeur", exact=False).fill("Boulangerie du Beffroi")
    page.get_by_label("Code commune INSEE de l'employeur", exact=False).fill("59350")
    page.get_by_label("Nom de naissance de l'apprenti", exact=False).fill("Martin")
    page.get_by_label("Prénom de l'apprenti", exact=False).fill("Léa")
    page.get_by_label("Nom de naissance du maître d'apprentissage ou tuteur n°1", exact=False).fill("Lefèvre")
    page.get_by_label("Prénom du maître d'apprentissage ou tuteur n°1", exact=False).fill("Paul")
    page.get_by_role("button", name="Enregistrer le contrat").click()

    page.get_by_text("La date de fin précède la date de début du contrat.").wait_for()
    web.assert_clean()
    page.get_by_label("Date de fin du contrat", exact=False).fill("2028-08-31")
    page.get_by_role("button", name="Enregistrer le contrat").click()

    page.wait_for_url("**/contrats/*/")
    page.get_by_text("Contrat enregistré.").wait_for()
    assert "Lefèvre" in page.content() or "LEFÈVRE" in page.content()
    web.assert_clean()

    # Months later the contract breaks: the animator corrects it from its page.
    page.get_by_role("link", name="Corriger ce contrat").click()
    page.wait_for_url("**/imports/saisie/?contrat=*")
    assert page.get_by_label("Numéro du contrat", exact=False).first.input_value() == "SAISIE-1"
    assert page.get_by_label("Numéro du contrat", exact=False).first.is_disabled()
    web.assert_clean()
    page.get_by_label("Date de rupture du contrat", exact=False).fill("2026-10-15")
    page.get_by_label("Cause de la rupture", exact=False).fill("Démission")
    page.get_by_role("button", name="Enregistrer les corrections").click()

    page.wait_for_url("**/contrats/*/")
    page.get_by_text("Contrat mis à jour.").wait_for()
    assert "15/10/2026" in page.content()
    web.assert_clean()
