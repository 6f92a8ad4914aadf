"""Exporting a list in the browser: the links under the results download the file, with the keyboard too."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.browser.helpers import Web

pytestmark = pytest.mark.browser


def test_the_regional_animator_downloads_the_contracts_as_csv_for_excel(web: Web, world: dict[str, Any]) -> None:
    web.login(world["users"]["regional_animator"])
    web.goto(reverse("contracts:list"))
    web.assert_clean()

    link = web.page.get_by_role("link", name="CSV (toute la liste, pour Excel)")
    with web.page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename.startswith("contrats-") and download.suggested_filename.endswith(".csv")
    content = Path(download.path()).read_bytes()

    assert content.startswith(b"\xef\xbb\xbf")
    lines = content.decode("utf-8-sig").split("\r\n")
    assert lines[0].startswith("N° Compagnon;Origine;Source;")
    # The region's contract, and not the one in Rennes.
    assert len([line for line in lines[1:] if line]) == 1
    assert f"{world['contract'].pk};" in lines[1] and "Boulangerie du Vieux-Lille" in lines[1]
    web.assert_no_console_error()
    web.assert_no_external_request()


def test_the_excel_export_keeps_the_filters_and_opens_from_the_keyboard(web: Web, world: dict[str, Any]) -> None:
    web.login(world["users"]["regional_animator"])
    web.goto(reverse("contracts:list") + "?type=apprentissage")

    link = web.page.get_by_role("link", name="Excel (toute la liste, fichier XLSX)")
    assert "type=apprentissage" in (link.get_attribute("href") or "")
    link.focus()
    with web.page.expect_download() as info:
        web.page.keyboard.press("Enter")
    download = info.value
    assert download.suggested_filename.endswith(".xlsx")

    sheet = load_workbook(io.BytesIO(Path(download.path()).read_bytes())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "N° Compagnon" and [row[0] for row in rows[1:]] == [world["contract"].pk]
    web.assert_no_console_error()
