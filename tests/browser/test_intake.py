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
