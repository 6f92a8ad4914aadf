from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import openpyxl
import pytest

from compagnon.intake import reading
from compagnon.intake.reading import FileProblem, open_table

SAVE_AS = "Enregistrez le fichier en UTF-8 ou en Windows-1252."


def write(tmp_path: Path, content: bytes, name: str = "contrats.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


def read(path: Path, **kwargs: str) -> tuple[reading.Table, list[tuple[int, list[str]]]]:
    with open_table(path, **kwargs) as table:
        return table, list(table.rows)


def problem(path: Path) -> FileProblem:
    with pytest.raises(FileProblem) as raised, open_table(path) as table:
        list(table.rows)
    return raised.value


# --- CSV: separators --------------------------------------------------------------------------------------------------


def test_semicolon_file_gives_its_headers_and_rows_with_their_lines(tmp_path):
    table, rows = read(write(tmp_path, b"numero_contrat;date_debut\nC-1;01/09/2026\nC-2;02/09/2026\n"))
    assert (table.format, table.encoding, table.delimiter) == ("csv", "utf-8", ";")
    assert table.headers == ["numero_contrat", "date_debut"]
    assert rows == [(2, ["C-1", "01/09/2026"]), (3, ["C-2", "02/09/2026"])]


def test_comma_file_is_read_with_commas(tmp_path):
    table, rows = read(write(tmp_path, b'numero_contrat,employeur_denomination\nC-1,"Durand, fils"\n'))
    assert table.delimiter == ","
    assert rows == [(2, ["C-1", "Durand, fils"])]


def test_tab_file_is_read_with_tabs(tmp_path):
    table, rows = read(write(tmp_path, b"numero_contrat\tdate_debut\nC-1\t01/09/2026\n"))
    assert table.delimiter == "\t"
    assert rows == [(2, ["C-1", "01/09/2026"])]


def test_separators_inside_quoted_headers_do_not_count(tmp_path):
    table, _ = read(write(tmp_path, b'"a,b,c";"d,e";f\n1;2;3\n'))
    assert table.delimiter == ";"
    assert table.headers == ["a,b,c", "d,e", "f"]


def test_a_single_column_file_defaults_to_semicolon(tmp_path):
    table, rows = read(write(tmp_path, b"numero_contrat\nC-1\n"))
    assert table.delimiter == ";"
    assert rows == [(2, ["C-1"])]


# --- CSV: encodings ---------------------------------------------------------------------------------------------------


def test_utf8_file_with_bom_drops_the_bom(tmp_path):
    table, rows = read(write(tmp_path, "\ufeffnom;prénom\nÉlie;Zoé\n".encode()))
    assert table.encoding == "utf-8-sig"
    assert table.headers == ["nom", "prénom"]
    assert rows == [(2, ["Élie", "Zoé"])]


def test_utf8_file_without_bom(tmp_path):
    table, rows = read(write(tmp_path, "nom;prénom\nÉlie;Zoé\n".encode()))
    assert table.encoding == "utf-8"
    assert rows == [(2, ["Élie", "Zoé"])]


def test_windows_1252_file_reads_its_accents(tmp_path):
    table, rows = read(write(tmp_path, "nom;prénom\nÉlie;Zoé €\n".encode("cp1252")))
    assert table.encoding == "cp1252"
    assert table.headers == ["nom", "prénom"]
    assert rows == [(2, ["Élie", "Zoé €"])]


def test_a_utf8_file_with_a_windows_1252_accent_is_refused_with_the_line_of_the_bad_byte(tmp_path):
    content = "nom;prénom\nÉlie;Zoé\nMartin;Léa\n".encode() + "Durand;Hélène\n".encode("cp1252") + b"X;Y\n"
    error = problem(write(tmp_path, content))
    assert error.line == 4
    assert error.message == (
        "Ligne 4 : encodage illisible (octet 0xE9 invalide en UTF-8 alors que le reste du fichier est en UTF-8). "
        + SAVE_AS
    )


def test_a_windows_1252_file_with_a_later_utf8_accent_is_refused_at_its_first_windows_1252_byte(tmp_path):
    content = b"nom;prenom\n" + "Durand;Hélène\n".encode("cp1252") + "Martin;Léa\n".encode()
    error = problem(write(tmp_path, content))
    assert error.line == 2
    assert "octet 0xE9 invalide en UTF-8" in error.message


def test_a_bom_with_windows_1252_bytes_is_a_broken_utf8_file(tmp_path):
    error = problem(write(tmp_path, b"\xef\xbb\xbfnom\n" + "Hélène\n".encode("cp1252")))
    assert error.line == 2
    assert "octet 0xE9 invalide en UTF-8" in error.message


def test_a_byte_undefined_in_windows_1252_is_refused_with_its_line(tmp_path):
    content = "nom;prénom\nÉlie;Zoé\n".encode("cp1252") + b"Ab\x81c;x\n"
    error = problem(write(tmp_path, content))
    assert error.line == 3
    assert error.message == (
        "Ligne 3 : encodage illisible (octet 0x81 inconnu en Windows-1252, l'encodage du reste du fichier). " + SAVE_AS
    )


def test_a_utf8_sequence_cut_at_the_end_of_the_file_is_refused(tmp_path):
    error = problem(write(tmp_path, "nom\nZoé\nx".encode() + b"\xc3"))
    assert error.line == 3
    assert "octet 0xC3 invalide en UTF-8" in error.message


def test_accents_cut_across_read_chunks_are_still_utf8(tmp_path, monkeypatch):
    monkeypatch.setattr(reading, "_CHUNK", 3)
    table, rows = read(write(tmp_path, "nom;prénom\nÉlie;Zoé€\n".encode()))
    assert table.encoding == "utf-8"
    assert rows == [(2, ["Élie", "Zoé€"])]


def test_the_bad_byte_is_located_across_read_chunks(tmp_path, monkeypatch):
    monkeypatch.setattr(reading, "_CHUNK", 3)
    content = "nom;prénom\né;€\n".encode() + b"ab;\xe9\n"
    error = problem(write(tmp_path, content))
    assert error.line == 3
    assert "octet 0xE9" in error.message


def test_utf16_files_are_refused(tmp_path):
    error = problem(write(tmp_path, "nom\tprénom\n".encode("utf-16")))
    assert error.message == "Le fichier est en UTF-16, encodage non accepté. " + SAVE_AS


# --- CSV: lines and cells ---------------------------------------------------------------------------------------------


def test_a_quoted_cell_on_several_lines_keeps_the_next_rows_line_right(tmp_path):
    content = b'numero;commentaire\nC-1;"premier\nsecond\ntroisieme"\nC-2;x\n'
    _, rows = read(write(tmp_path, content))
    assert rows == [(2, ["C-1", "premier\nsecond\ntroisieme"]), (5, ["C-2", "x"])]


def test_a_header_cell_on_several_lines_keeps_the_first_rows_line_right(tmp_path):
    table, rows = read(write(tmp_path, 'a;"date\nde début"\n1;2\n'.encode()))
    assert table.headers == ["a", "date\nde début"]
    assert rows == [(3, ["1", "2"])]


def test_windows_line_endings_count_one_line_each(tmp_path):
    _, rows = read(write(tmp_path, b'a;b\r\n1;"x\r\ny"\r\n2;3\r\n'))
    assert rows == [(2, ["1", "x\r\ny"]), (4, ["2", "3"])]


def test_blank_lines_are_skipped_but_keep_their_line_numbers(tmp_path):
    _, rows = read(write(tmp_path, b"a;b\n1;2\n\n   \n;\n ; \n3;4\n\n"))
    assert rows == [(2, ["1", "2"]), (7, ["3", "4"])]


def test_blank_lines_before_the_header_are_skipped(tmp_path):
    table, rows = read(write(tmp_path, b"\n\na;b\n1;2\n"))
    assert table.headers == ["a", "b"]
    assert rows == [(4, ["1", "2"])]


def test_cells_are_stripped_and_empty_cells_are_empty_text(tmp_path):
    table, rows = read(write(tmp_path, b" a ; b ;c\n  1 ;;\t3 \n"))
    assert table.headers == ["a", "b", "c"]
    assert rows == [(2, ["1", "", "3"])]


def test_empty_header_cells_at_the_end_are_dropped_but_rows_keep_their_cells(tmp_path):
    table, rows = read(write(tmp_path, b"a;;b;;;\n1;;2;;;\n"))
    assert table.headers == ["a", "", "b"]
    assert rows == [(2, ["1", "", "2", "", "", ""])]


def test_a_cell_of_ten_megabytes_is_read(tmp_path):
    long = b"x" * 10_000_000
    _, rows = read(write(tmp_path, b"a;b\n1;" + long + b"\n2;y\n"))
    assert [line for line, _ in rows] == [2, 3]
    assert len(rows[0][1][1]) == 10_000_000


def test_an_unclosed_quote_is_refused_with_the_line_of_its_row(tmp_path):
    error = problem(write(tmp_path, b'a;b\n1;2\n3;"open\n4;5\n6;7\n'))
    assert error.line == 3
    assert error.message.startswith("Ligne 3 : guillemet ouvert et jamais fermé")


def test_text_after_a_closing_quote_is_refused_with_its_line(tmp_path):
    error = problem(write(tmp_path, b'a;b\n1;2\n3;"x"y\n'))
    assert error.line == 3
    assert error.message.startswith("Ligne 3 : guillemet mal placé")


def test_an_unclosed_quote_in_the_header_is_refused(tmp_path):
    error = problem(write(tmp_path, b'a;"b\n1;2\n'))
    assert error.line == 1


# --- CSV: empty files -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [b"", b"\xef\xbb\xbf", b"\n\n  \r\n\t\n", b"\xef\xbb\xbf\r\n\r\n"],
    ids=["empty", "bom-only", "blank-lines", "bom-and-blank-lines"],
)
def test_a_file_without_content_is_empty(tmp_path, content):
    error = problem(write(tmp_path, content))
    assert error.message == "Le fichier est vide."
    assert error.line is None


def test_a_header_row_of_empty_cells_is_refused(tmp_path):
    error = problem(write(tmp_path, b";;;\na;b;c\n"))
    assert error.line == 1
    assert error.message.startswith("Ligne 1 : la ligne d'en-tête ne contient aucun nom de colonne.")


def test_a_header_without_rows_gives_no_rows(tmp_path):
    table, rows = read(write(tmp_path, b"a;b\n"))
    assert table.headers == ["a", "b"]
    assert rows == []


# --- CSV: streaming ---------------------------------------------------------------------------------------------------


def test_rows_are_streamed_and_bytes_read_grows(tmp_path):
    path = write(tmp_path, b"a;b\n" + b"".join(b"%d;%d\n" % (n, n) for n in range(200_000)))
    with open_table(path) as table:
        assert not isinstance(table.rows, list)
        first = next(table.rows)
        early = table.bytes_read
        rest = sum(1 for _ in table.rows)
        assert first == (2, ["0", "0"])
        assert rest == 199_999
        assert 0 < early < table.bytes_read == path.stat().st_size


def test_the_file_is_closed_on_exit(tmp_path):
    with open_table(write(tmp_path, b"a;b\n1;2\n")) as table:
        pass
    with pytest.raises(ValueError):
        next(table.rows)


# --- Format from the content ------------------------------------------------------------------------------------------


def test_a_csv_named_xlsx_is_refused_as_not_a_workbook(tmp_path):
    error = problem(write(tmp_path, b"a;b\n1;2\n", name="contrats.xlsx"))
    assert error.message.startswith("Le fichier XLSX est illisible")


def test_the_filename_argument_is_what_says_xlsx(tmp_path):
    path = write(tmp_path, b"a;b\n1;2\n", name="upload-1234")
    assert read(path)[0].format == "csv"
    with pytest.raises(FileProblem), open_table(path, filename="contrats.xlsx"):
        pass


def test_an_xls_file_is_refused_with_advice(tmp_path):
    error = problem(write(tmp_path, reading._OLE2 + b"\x00" * 100, name="contrats.xls"))
    assert "Excel 97-2003 (.xls)" in error.message


def test_an_ods_file_is_refused_with_advice(tmp_path):
    path = tmp_path / "contrats.ods"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<x/>")
    error = problem(path)
    assert "OpenDocument (.ods)" in error.message


# --- XLSX -------------------------------------------------------------------------------------------------------------


def save_workbook(path: Path, *sheets: list[list[object]]) -> Path:
    workbook = openpyxl.Workbook()
    for number, rows in enumerate(sheets):
        sheet = workbook.active if number == 0 else workbook.create_sheet(f"Feuille {number + 1}")
        assert sheet is not None
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path


def test_xlsx_cells_are_text_dates_iso_and_whole_numbers_without_decimals(tmp_path):
    path = save_workbook(
        tmp_path / "contrats.csv",  # the content decides, not the name
        [
            ["numero_contrat", " date_debut ", "employeur_siret", "employeur_effectif", "taux", "vide", None, None],
            ["C-1", dt.date(2026, 9, 1), 41234567000027, 12.0, 12.5, None, None, None],
            ["  C-2 ", dt.datetime(2026, 9, 2, 0, 0), 41234567000027.0, 3, 0.1, "", "x", None],
            [None, None, None],
            ["C-3", "01/09/2026", True, None, None, None, None, None],
        ],
    )
    table, rows = read(path)
    assert (table.format, table.encoding, table.delimiter) == ("xlsx", None, None)
    assert table.headers == ["numero_contrat", "date_debut", "employeur_siret", "employeur_effectif", "taux", "vide"]
    assert rows == [
        (2, ["C-1", "2026-09-01", "41234567000027", "12", "12.5"]),
        (3, ["C-2", "2026-09-02", "41234567000027", "3", "0.1", "", "x"]),
        (5, ["C-3", "01/09/2026", "VRAI"]),
    ]


def test_xlsx_blank_rows_before_the_header_are_skipped_and_lines_are_sheet_rows(tmp_path):
    path = save_workbook(tmp_path / "contrats.xlsx", [[None], [" "], ["a", "b"], [1, 2], [], [], [3, 4]])
    table, rows = read(path)
    assert table.headers == ["a", "b"]
    assert rows == [(4, ["1", "2"]), (7, ["3", "4"])]


def test_xlsx_only_the_first_sheet_is_read(tmp_path):
    path = save_workbook(tmp_path / "contrats.xlsx", [["a"], ["1"]], [["b"], ["2"]])
    table, rows = read(path)
    assert table.headers == ["a"]
    assert rows == [(2, ["1"])]


def test_an_empty_workbook_is_an_empty_file(tmp_path):
    error = problem(save_workbook(tmp_path / "contrats.xlsx", []))
    assert error.message == "Le fichier est vide."


def test_a_corrupt_xlsx_is_refused(tmp_path):
    error = problem(write(tmp_path, b"PK\x03\x04" + b"\x00garbage" * 50, name="contrats.xlsx"))
    assert error.message.startswith("Le fichier XLSX est illisible : ")


def test_a_zip_that_is_not_a_workbook_is_refused(tmp_path):
    path = tmp_path / "contrats.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "bonjour")
    error = problem(path)
    assert error.message.startswith("Le fichier XLSX est illisible : ")


def test_a_truncated_xlsx_is_refused(tmp_path):
    path = save_workbook(tmp_path / "contrats.xlsx", [["a"], ["1"]])
    path.write_bytes(path.read_bytes()[:400])
    error = problem(path)
    assert error.message.startswith("Le fichier XLSX est illisible : ")


def test_the_workbook_is_closed_on_exit(tmp_path, monkeypatch):
    opened = []
    load = openpyxl.load_workbook

    def spy(*args, **kwargs):
        workbook = load(*args, **kwargs)
        opened.append(workbook)
        return workbook

    monkeypatch.setattr(reading.openpyxl, "load_workbook", spy)
    with open_table(save_workbook(tmp_path / "contrats.xlsx", [["a"], ["1"]])) as table:
        assert list(table.rows) == [(2, ["1"])]
        assert opened[0]._archive.fp is not None
    assert opened[0]._archive.fp is None


def test_the_workbook_is_closed_when_it_is_empty(tmp_path, monkeypatch):
    opened = []
    load = openpyxl.load_workbook

    def spy(*args, **kwargs):
        workbook = load(*args, **kwargs)
        opened.append(workbook)
        return workbook

    monkeypatch.setattr(reading.openpyxl, "load_workbook", spy)
    problem(save_workbook(tmp_path / "contrats.xlsx", []))
    assert opened[0]._archive.fp is None
