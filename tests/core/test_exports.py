"""The export base: CSV that opens cleanly in Excel, XLSX with typed cells, never a formula, streamed."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from compagnon.core import exports
from compagnon.core.exports import ListExport, csv_response, export_response, filename, neutralise, xlsx_response

# Closing a response (as the server does) sends request_finished, which looks at the database connection.
pytestmark = pytest.mark.django_db

HEADERS = ["Nom", "Début", "Actif", "Nombre", "Montant", "Vide"]
ROW = ["Dupont", dt.date(2026, 11, 22), True, -5, Decimal("12.5"), None]
DANGEROUS = ["=1+1", "+33612345678", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd", '=HYPERLINK("http://x")']


def make_export(rows, headers=HEADERS, title="Essai"):
    return ListExport(title=title, headers=headers, rows=iter(rows))


def csv_bytes(export, **kwargs) -> bytes:
    response = csv_response(export, "essai.csv", **kwargs)
    try:
        return b"".join(response.streaming_content)
    finally:
        response.close()


def xlsx_sheets(export):
    response = xlsx_response(export, "essai.xlsx")
    try:
        content = b"".join(response.streaming_content)
    finally:
        response.close()
    return load_workbook(io.BytesIO(content))


def test_csv_starts_with_the_bom_and_separates_cells_with_semicolons_and_lines_with_crlf():
    content = csv_bytes(make_export([ROW, ["Martin", None, False, 3, 1.25, ""]]))

    assert content.startswith(b"\xef\xbb\xbf")
    text = content.decode("utf-8-sig")
    assert text.split("\r\n") == [
        "Nom;Début;Actif;Nombre;Montant;Vide",
        "Dupont;22/11/2026;Oui;-5;12,5;",
        "Martin;;Non;3;1,25;",
        "",
    ]


def test_csv_quotes_a_cell_holding_the_separator_a_quote_or_a_line_break():
    text = csv_bytes(make_export([["a;b", 'dit "oui"', "deux\nlignes", 1, None, None]])).decode("utf-8-sig")

    assert text.split("\r\n")[1] == '"a;b";"dit ""oui""";"deux\nlignes";1;;'


def test_csv_writes_a_datetime_in_local_time_the_french_way():
    moment = dt.datetime(2026, 11, 22, 8, 5, tzinfo=dt.UTC)
    text = csv_bytes(make_export([[moment]], headers=["Quand"])).decode("utf-8-sig")

    assert text.split("\r\n")[1] == "22/11/2026 09:05"  # Europe/Paris, winter time


@pytest.mark.parametrize("cell", DANGEROUS, ids=repr)
def test_csv_never_writes_a_formula(cell):
    text = csv_bytes(make_export([[cell, -7]], headers=["Cellule", "Nombre"])).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))

    # An apostrophe first: a spreadsheet shows the cell as text, and runs nothing.
    assert rows[1] == ["'" + cell, "-7"]


def test_a_genuine_negative_number_is_not_neutralised_but_negative_text_is():
    text = csv_bytes(make_export([[-5, "-5", -1.5]], headers=["Nombre", "Texte", "Décimal"])).decode("utf-8-sig")

    assert text.split("\r\n")[1] == "-5;'-5;-1,5"


def test_neutralise_leaves_harmless_text_alone():
    assert neutralise("Boulangerie") == "Boulangerie"
    assert neutralise("") == ""
    assert neutralise("a=b") == "a=b"
    assert neutralise("=1+1") == "'=1+1"


def test_csv_is_streamed_the_header_leaving_before_any_row_is_read():
    read = []

    def rows():
        for i in range(1000):
            read.append(i)
            yield [f"ligne {i}"]

    response = csv_response(ListExport(title="Essai", headers=["Ligne"], rows=rows()), "essai.csv")
    chunks = iter(response.streaming_content)
    first = next(chunks)
    assert first == "\ufeffLigne\r\n".encode()
    assert read == []
    second = next(chunks)
    assert second.startswith(b"ligne 0\r\n")
    # Rows are written a few hundred at a time, not all at once.
    assert len(read) < 1000
    rest = b"".join(chunks)
    response.close()
    assert rest.endswith(b"ligne 999\r\n")
    assert len(read) == 1000


def test_csv_reports_its_row_count_once_sent_and_a_download_cut_short():
    reports = []
    csv_bytes(make_export([ROW] * 450), on_done=lambda rows, complete: reports.append((rows, complete)))
    assert reports == [(450, True)]

    response = csv_response(make_export([ROW] * 450), "essai.csv", on_done=lambda *report: reports.append(report))
    chunks = iter(response.streaming_content)
    next(chunks), next(chunks)
    response.close()
    assert reports[1] == (exports.CSV_ROWS_PER_WRITE, False)


def test_the_csv_download_is_named_and_typed():
    response = csv_response(make_export([]), "contrats-2026-11-22.csv")
    response.close()

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="contrats-2026-11-22.csv"'


def test_a_file_name_is_the_list_and_the_day():
    assert filename("contrats", "csv", on=dt.date(2026, 11, 22)) == "contrats-2026-11-22.csv"


def test_xlsx_is_readable_with_a_bold_header_and_typed_cells():
    workbook = xlsx_sheets(make_export([ROW, ["Martin", None, False, 3, 1.25, ""]]))
    sheet = workbook["Essai"]
    rows = list(sheet.iter_rows(values_only=True))

    assert rows[0] == tuple(HEADERS)
    assert sheet["A1"].font.bold
    assert rows[1] == ("Dupont", dt.datetime(2026, 11, 22), "Oui", -5, 12.5, None)
    assert rows[2][:5] == ("Martin", None, "Non", 3, 1.25)
    date = sheet["B2"]
    assert date.is_date and date.number_format == "dd/mm/yyyy"
    assert sheet["D2"].data_type == "n" and sheet["D2"].value == -5


def test_xlsx_keeps_a_siret_as_text():
    sheet = xlsx_sheets(make_export([["73282932000074"]], headers=["SIRET"])).active

    assert sheet["A2"].value == "73282932000074" and sheet["A2"].data_type == "s"


@pytest.mark.parametrize("cell", DANGEROUS, ids=repr)
def test_xlsx_never_writes_a_formula(cell):
    sheet = xlsx_sheets(make_export([[cell, -7]], headers=["Cellule", "Nombre"])).active

    assert sheet["A2"].data_type == "s"
    # (An XML reader turns a carriage return into a line feed.)
    assert sheet["A2"].value == "'" + cell.replace("\r", "\n")
    assert sheet["B2"].data_type == "n" and sheet["B2"].value == -7


def test_xlsx_drops_the_control_characters_xml_forbids():
    sheet = xlsx_sheets(make_export([["bip\x07bip"]], headers=["Texte"])).active

    assert sheet["A2"].value == "bipbip"


def test_xlsx_writes_a_datetime_in_local_time():
    moment = dt.datetime(2026, 7, 14, 10, 30, tzinfo=dt.UTC)
    sheet = xlsx_sheets(make_export([[moment]], headers=["Quand"])).active

    assert sheet["A2"].value == dt.datetime(2026, 7, 14, 12, 30)  # Europe/Paris, summer time
    assert sheet["A2"].number_format == "dd/mm/yyyy hh:mm"


def test_xlsx_continues_on_a_second_sheet_past_the_rows_excel_holds(monkeypatch):
    monkeypatch.setattr(exports, "XLSX_MAX_ROWS", 3)
    workbook = xlsx_sheets(make_export([[i] for i in range(5)], headers=["N"], title="Contrats"))

    assert workbook.sheetnames == ["Contrats", "Contrats (2)", "Contrats (3)"]
    assert list(workbook["Contrats (2)"].iter_rows(values_only=True)) == [("N",), (2,), (3,)]


def test_the_xlsx_download_is_named_and_typed_and_reports_its_rows():
    reports = []
    response = xlsx_response(make_export([ROW] * 3), "contrats-2026-11-22.xlsx", on_done=lambda *r: reports.append(r))
    response.close()

    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == 'attachment; filename="contrats-2026-11-22.xlsx"'
    assert reports == [(3, True)]


def test_export_response_picks_the_renderer_and_refuses_an_unknown_format():
    response = export_response(make_export([]), format="xlsx", stem="entreprises")
    response.close()
    assert response["Content-Disposition"].startswith('attachment; filename="entreprises-')

    with pytest.raises(KeyError):
        export_response(make_export([]), format="pdf", stem="entreprises")
