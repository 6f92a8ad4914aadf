"""Importing contracts from the page: upload, dry run, confirmation, partial import, problems, scope."""

from __future__ import annotations

import json
from html import unescape
from typing import Any

import pytest
from django.urls import reverse

from compagnon.accounts.enums import Role
from compagnon.contracts.models import Contract
from compagnon.core.exports import neutralise
from compagnon.intake import tasks
from compagnon.intake.models import ImportRun
from compagnon.intake.services import start_run
from compagnon.www.intake import forms as intake_forms
from tests.factories import make_territory, make_training_centre, make_user
from tests.intake.conftest import HEADER, UAI_A
from tests.www.intake.conftest import contract_row, csv_bytes

pytestmark = pytest.mark.django_db


def page(response: Any) -> str:
    content = response.content.decode()
    assert "INVALID_TEMPLATE_VARIABLE" not in content
    return " ".join(unescape(content).split())


def post_upload(client: Any, user: Any, file: Any, **fields: Any) -> Any:
    client.force_login(user)
    data = {"source": "cfa-lille", "file": file} | fields
    if file is None:
        data.pop("file")
    return client.post(reverse("intake:list"), data)


# --- the upload page -----------------------------------------------------------------------------------------------


def test_the_import_page_offers_the_form_the_template_and_the_format_help(client, regional):
    client.force_login(regional)
    html = page(client.get(reverse("intake:list")))
    assert "Importer des contrats" in html
    assert 'enctype="multipart/form-data"' in html
    assert reverse("intake:template") in html
    assert "Format du fichier attendu" in html and "JJ/MM/AAAA" in html and "Windows-1252" in html
    assert "<code>numero_contrat</code>" in html
    # The source is prefilled with the command's default for a regional animator; its help explains identity.
    assert 'value="fichier"' in html
    assert "réimporter un fichier corrigé sous la même source met à jour" in html
    assert "Importer les lignes valides et signaler les autres" in html


def test_a_cfa_finds_its_uai_as_the_source(client, cfa_staff):
    client.force_login(cfa_staff)
    html = page(client.get(reverse("intake:list")))
    assert f'value="{UAI_A}"' in html


def test_the_template_is_a_csv_for_excel_with_every_column(client, regional):
    client.force_login(regional)
    response = client.get(reverse("intake:template"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    body = response.content
    assert body.startswith("\ufeff".encode())
    header = body.decode("utf-8-sig").splitlines()[0].split(";")
    assert header == HEADER


def test_accounts_that_may_not_import_get_403(client, territorial):
    client.force_login(territorial)
    assert client.get(reverse("intake:list")).status_code == 403
    assert client.get(reverse("intake:template")).status_code == 403


# --- upload, dry run, confirmation ------------------------------------------------------------------------------------


def test_a_valid_upload_is_stored_checked_without_writing_and_shown(client, regional, upload, import_dir):
    response = post_upload(client, regional, upload([contract_row("C-001"), contract_row("C-002")]))

    run = ImportRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("intake:run", args=[run.pk])
    assert (run.mode, run.status, run.channel) == ("dry_run", "done", "upload")
    assert (run.rows, run.created, run.rejected) == (2, 2, 0)
    assert (run.source, run.filename, run.created_by) == ("cfa-lille", "contrats.csv", regional)
    assert Contract.objects.count() == 0
    stored = import_dir / run.stored_file
    assert stored.is_file() and stored.suffix == ".csv"
    assert not list(import_dir.glob("*.progress.json"))

    html = page(client.get(response["Location"]))
    assert "Vérification n°" in html and "Terminé" in html
    assert "Contrats à créer</dt> <dd> 2 </dd>" in html
    assert "Confirmer l'import" in html
    assert "Aucun problème." in html
    assert 'hx-trigger="every 1s"' not in html


def test_confirming_a_dry_run_writes_the_contracts_once(client, regional, upload, import_dir):
    post_upload(client, regional, upload([contract_row("C-001"), contract_row("C-002")]))
    dry = ImportRun.objects.get()

    response = client.post(reverse("intake:confirm", args=[dry.pk]))

    wet = ImportRun.objects.exclude(pk=dry.pk).get()
    assert response["Location"] == reverse("intake:run", args=[wet.pk])
    assert (wet.mode, wet.status, wet.created, wet.stored_file) == ("wet_run", "done", 2, dry.stored_file)
    assert Contract.objects.filter(source_name="cfa-lille").count() == 2
    # Once imported, the upload (personal data) is deleted.
    assert not (import_dir / dry.stored_file).exists()
    html = page(client.get(response["Location"]))
    assert "Import n°" in html and "Contrats créés</dt> <dd> 2 </dd>" in html
    assert f"vérification n° {dry.pk}" in html
    assert reverse("intake:new_masters") in html
    dry_html = page(client.get(reverse("intake:run", args=[dry.pk])))
    assert f"voir l'import n° {wet.pk}" in dry_html and "Confirmer l'import" not in dry_html

    # A second click (or a reload of the form) leads to the same import.
    again = client.post(reverse("intake:confirm", args=[dry.pk]))
    assert again["Location"] == reverse("intake:run", args=[wet.pk])
    assert ImportRun.objects.count() == 2


def test_a_file_with_errors_writes_nothing_and_cannot_be_confirmed(client, regional, upload):
    rows = [contract_row("C-001"), contract_row("C-002", date_debut="31/02/2026")]
    post_upload(client, regional, upload(rows))
    run = ImportRun.objects.get()
    assert (run.status, run.rejected) == ("rejected", 1)

    html = page(client.get(reverse("intake:run", args=[run.pk])))
    assert "Refusé" in html and "rien n'a été écrit" in html
    assert "Confirmer l'import" not in html
    assert '<td class="numeric">3</td>' in html and "<code>date_debut</code>" in html

    response = client.post(reverse("intake:confirm", args=[run.pk]), follow=True)
    assert "ne peut pas être confirmé" in page(response)
    assert ImportRun.objects.count() == 1
    assert Contract.objects.count() == 0


def test_a_partial_import_writes_the_valid_rows_and_reports_the_others(client, regional, upload):
    rows = [contract_row("C-001"), contract_row("C-002", date_debut="31/02/2026"), contract_row("C-003")]
    post_upload(client, regional, upload(rows), partial="on")
    dry = ImportRun.objects.get()
    assert (dry.status, dry.partial, dry.created, dry.rejected) == ("done", True, 2, 1)
    html = page(client.get(reverse("intake:run", args=[dry.pk])))
    assert "Confirmer l'import" in html and "ne seront pas importées" in html

    client.post(reverse("intake:confirm", args=[dry.pk]))

    wet = ImportRun.objects.get(mode="wet_run")
    assert (wet.status, wet.partial, wet.created, wet.rejected) == ("done", True, 2, 1)
    assert sorted(Contract.objects.values_list("source_id", flat=True)) == ["C-001", "C-003"]


def test_reimporting_a_corrected_file_under_the_same_source_updates(client, regional, upload):
    for first_name in ("Léa", "Léane"):
        post_upload(client, regional, upload([contract_row("C-001", apprenti_prenom=first_name)]))
        dry = ImportRun.objects.filter(mode="dry_run").latest("pk")
        client.post(reverse("intake:confirm", args=[dry.pk]))
    wet = ImportRun.objects.filter(mode="wet_run").latest("pk")
    assert (wet.created, wet.updated) == (0, 1)
    assert Contract.objects.get().apprentice.first_name == "Léane"


def test_a_cfa_imports_only_its_own_contracts(client, cfa_staff, upload, places):
    other = make_training_centre(commune=places["communes"]["Arras"])
    rows = [contract_row("C-001"), contract_row("C-002", cfa_uai=other.uai)]
    post_upload(client, cfa_staff, upload(rows), source=UAI_A)
    run = ImportRun.objects.get()
    assert run.training_centre.uai == UAI_A
    assert (run.status, run.rejected) == ("rejected", 1)


# --- bad input ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, content, message",
    [
        (None, None, "Choisissez le fichier de contrats à importer."),
        ("contrats.csv", b"", "Le fichier est vide"),
        ("contrats.txt", b"a;b\n1;2\n", "Format non accepté : déposez un fichier .csv ou .xlsx"),
        ("contrats.xls", b"\xd0\xcf\x11\xe0", "Format non accepté"),
        ("contrats", b"a;b\n", "Format non accepté"),
    ],
    ids=["no file", "empty file", "text file", "old excel", "no extension"],
)
def test_bad_files_are_refused_in_french_and_nothing_is_stored(
    client, regional, upload, import_dir, name, content, message
):
    file = None if name is None else upload(name=name, content=content)
    response = post_upload(client, regional, file)
    assert response.status_code == 200
    html = page(response)
    assert message in html
    assert 'aria-invalid="true"' in html and "Le formulaire contient des erreurs" in html
    assert ImportRun.objects.count() == 0
    assert not import_dir.exists() or not any(import_dir.iterdir())


def test_a_file_too_big_is_refused_with_its_size(client, regional, upload, monkeypatch):
    monkeypatch.setattr(intake_forms, "MAX_UPLOAD_BYTES", 100)
    response = post_upload(client, regional, upload([contract_row()]))
    assert response.status_code == 200
    assert "Le fichier est trop volumineux" in page(response)
    assert ImportRun.objects.count() == 0


def test_a_blank_source_is_refused(client, regional, upload):
    response = post_upload(client, regional, upload(), source="   ")
    assert "Indiquez la source du fichier" in page(response)
    assert ImportRun.objects.count() == 0


def test_an_unreadable_file_is_reported_on_its_run_page(client, regional, upload):
    post_upload(client, regional, upload(name="contrats.xlsx", content=b"pas un classeur"))
    run = ImportRun.objects.get()
    assert run.status == "rejected"
    html = page(client.get(reverse("intake:run", args=[run.pk])))
    assert "Refusé" in html and run.message in html


# --- progress -------------------------------------------------------------------------------------------------------


def test_a_running_import_shows_its_published_progress_and_keeps_polling(client, regional, import_dir):
    import_dir.mkdir(parents=True)
    run = start_run(source="s", filename="f.csv", channel="upload", dry_run=True, actor=regional, size=100)
    ImportRun.objects.filter(pk=run.pk).update(status="running")
    run.status, run.rows, run.bytes_read = "running", 4000, 50
    tasks.write_progress(run)
    client.force_login(regional)

    partial = page(client.get(reverse("intake:run", args=[run.pk]), headers={"HX-Request": "true"}))

    assert partial.startswith('<section id="etat-import"')
    assert 'hx-trigger="every 1s"' in partial
    assert 'value="50"' in partial and "4 000 lignes lues" in partial.replace("\u202f", " ")
    # Without JavaScript: the full page, with a link that refreshes it.
    full = page(client.get(reverse("intake:run", args=[run.pk])))
    assert "<html" in full and ">Actualiser</a>" in full


def test_a_pending_import_says_it_waits_and_a_finished_one_stops_polling(client, regional):
    run = start_run(source="s", filename="f.csv", channel="upload", dry_run=True, actor=regional)
    client.force_login(regional)
    html = page(client.get(reverse("intake:run", args=[run.pk]), headers={"HX-Request": "true"}))
    assert "attend son tour" in html and 'hx-trigger="every 1s"' in html
    ImportRun.objects.filter(pk=run.pk).update(status="done")
    html = page(client.get(reverse("intake:run", args=[run.pk]), headers={"HX-Request": "true"}))
    assert "hx-trigger" not in html and 'value="100"' in html


def test_the_task_publishes_progress_outside_the_import_transaction(client, regional, upload, monkeypatch):
    monkeypatch.setattr("compagnon.intake.services.CHUNK_ROWS", 1)
    seen = []
    publish = tasks.write_progress

    def spy(run):
        publish(run)
        seen.append(json.loads(tasks.progress_path(run).read_text()))

    monkeypatch.setattr(tasks, "write_progress", spy)
    post_upload(client, regional, upload([contract_row("C-001"), contract_row("C-002"), contract_row("C-003")]))

    assert [entry["rows"] for entry in seen] == [1, 2, 3, 3]
    assert all(entry["size"] > 0 for entry in seen)
    run = ImportRun.objects.get()
    assert not tasks.progress_path(run).exists()


def test_the_task_fails_in_french_when_the_file_is_gone_or_the_author_may_no_longer_import(regional, places):
    gone = start_run(source="s", filename="f.csv", channel="upload", dry_run=True, actor=regional, stored_file="x")
    tasks.import_contracts_task.enqueue(run_id=gone.pk)
    gone.refresh_from_db()
    assert (gone.status, gone.message) == ("failed", "Le fichier déposé est introuvable : déposez-le de nouveau.")

    nobody = make_user(role=Role.TERRITORIAL_ANIMATOR)
    name = tasks.store_upload([csv_bytes([contract_row()])], filename="f.csv")
    run = start_run(source="s", filename="f.csv", channel="upload", dry_run=True, actor=nobody, stored_file=name)
    tasks.import_contracts_task.enqueue(run_id=run.pk)
    run.refresh_from_db()
    assert run.status == "failed" and "ne permet plus d'importer" in run.message


def test_a_stored_name_never_leaves_the_import_folder(regional, import_dir):
    import_dir.mkdir(parents=True)
    (import_dir.parent / "secret.csv").write_text("x")
    run = start_run(source="s", filename="f.csv", channel="upload", dry_run=True, stored_file="../secret.csv")
    assert tasks.stored_path(run) is None


# --- problems report ------------------------------------------------------------------------------------------------


def test_the_problems_report_is_an_excel_csv_with_formulas_neutralised(client, regional, upload):
    header = [*HEADER, '=HYPERLINK("http://x")']
    rows = [contract_row("C-001"), contract_row("C-002", date_debut="31/02/2026")]
    post_upload(client, regional, upload(content=csv_bytes(rows, header=header)))
    run = ImportRun.objects.get()

    response = client.get(reverse("intake:problems", args=[run.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert f"import-{run.pk}-problemes.csv" in response["Content-Disposition"]
    body = b"".join(response.streaming_content)
    assert body.startswith("\ufeff".encode())
    lines = body.decode("utf-8-sig").split("\r\n")
    assert lines[0] == "ligne;colonne;problème"
    unknown = next(line for line in lines if "inconnue" in line)
    assert unknown.startswith('1;"\'=HYPERLINK(""http://x"")";')
    assert any(line.startswith("3;date_debut;") for line in lines)


@pytest.mark.parametrize("cell", ["=1+1", "+33 6", "-2", "@SOMME(A1)", "\tx"])
def test_cells_a_spreadsheet_would_run_are_neutralised(cell):
    assert neutralise(cell) == "'" + cell


def test_plain_cells_are_left_alone():
    assert neutralise("Date invalide") == "Date invalide"
    assert neutralise("") == ""


def test_the_run_page_shows_the_first_100_problems_and_links_the_full_report(client, regional, upload):
    rows = [contract_row(f"C-{i:03d}", date_debut="31/02/2026") for i in range(120)]
    post_upload(client, regional, upload(rows))
    run = ImportRun.objects.get()
    html = page(client.get(reverse("intake:run", args=[run.pk])))
    assert "Les 100 premiers problèmes sur 120." in html
    assert html.count("<code>date_debut</code>") == 100
    assert reverse("intake:problems", args=[run.pk]) in html


# --- who sees which runs --------------------------------------------------------------------------------------------


@pytest.fixture
def cfa_run(client, cfa_staff, upload):
    post_upload(client, cfa_staff, upload(), source=UAI_A)
    client.logout()
    return ImportRun.objects.get()


def run_urls(run):
    return [reverse(name, args=[run.pk]) for name in ("intake:run", "intake:problems")]


def test_a_cfa_run_is_seen_by_its_cfa_and_its_region(client, cfa_run, lille_centre, regional):
    colleague = make_user(role=Role.CFA_STAFF, organisation=lille_centre)
    for user in (colleague, regional):
        client.force_login(user)
        assert [client.get(url).status_code for url in run_urls(cfa_run)] == [200, 200]
        assert reverse("intake:run", args=[cfa_run.pk]) in page(client.get(reverse("intake:list")))


def test_a_run_out_of_scope_answers_404(client, cfa_run, places):
    other_cfa = make_user(role=Role.CFA_STAFF, organisation=make_training_centre(commune=places["communes"]["Arras"]))
    other_region = make_user(role=Role.REGIONAL_ANIMATOR, organisation=make_territory()["regions"]["bzh"])
    provider = make_user(role=Role.DATA_PROVIDER)
    for user in (other_cfa, other_region, provider):
        client.force_login(user)
        assert [client.get(url).status_code for url in run_urls(cfa_run)] == [404, 404]
        assert client.post(reverse("intake:confirm", args=[cfa_run.pk])).status_code == 404
        assert reverse("intake:run", args=[cfa_run.pk]) not in page(client.get(reverse("intake:list")))
    assert ImportRun.objects.count() == 1


def test_confirm_answers_only_post(client, cfa_run, cfa_staff):
    client.force_login(cfa_staff)
    assert client.get(reverse("intake:confirm", args=[cfa_run.pk])).status_code == 405


def test_the_list_of_runs_runs_a_bounded_number_of_queries(client, regional, django_assert_max_num_queries):
    for _ in range(30):
        start_run(source="s", filename="f.csv", channel="upload", dry_run=True, actor=regional)
    client.force_login(regional)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("intake:list")).status_code == 200
