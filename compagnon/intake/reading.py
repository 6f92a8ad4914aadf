"""Reading a contract file, CSV or XLSX, as a header and a stream of rows of text cells.

Rows are streamed, never loaded whole: a file of a million contracts reads in constant memory. Each row comes with the
physical line it starts on (the header is line 1 in a file without leading blank lines), so that every message about
a row names the line the user sees in their editor or spreadsheet.

CSV encodings are decided before any row is read, by a streamed pass over the bytes: a file is UTF-8 (with or without
BOM) or Windows-1252 as a whole. A file mixing both is refused with the line of the first bad byte, rather than read
with some letters silently wrong.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import os
import re
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import IO, Any

import openpyxl

# A cell may be long (validation rejects it then, with its line); the csv module's default limit (128 KiB) would end
# the whole read instead. The limit is process-wide: only ever raise it.
_FIELD_SIZE_LIMIT = 1 << 30
_CHUNK = 1 << 20
_BOM = codecs.BOM_UTF8
_ZIP = b"PK\x03\x04"
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls (Excel 97-2003)
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_SAVE_AS = "Enregistrez le fichier en UTF-8 ou en Windows-1252."

# The five bytes Windows-1252 leaves undefined.
_CP1252_UNDEFINED = (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d")
_QUOTED = re.compile(r'"[^"]*"')


class FileProblem(Exception):
    """The whole file cannot be read; `message` says why in French, `line` where when a line is to blame."""

    def __init__(self, message: str, *, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass
class Table:
    format: str
    encoding: str | None
    delimiter: str | None
    headers: list[str]
    rows: Iterator[tuple[int, list[str]]]
    _position: Callable[[], int] | None = field(default=None, repr=False)

    @property
    def bytes_read(self) -> int:
        """About how far into the file the rows have got, in bytes (0 when unknown), for progress bars."""
        return self._position() if self._position is not None else 0


@contextmanager
def open_table(path: str | os.PathLike[str], *, filename: str | None = None) -> Iterator[Table]:
    """The file's header and rows, its format read from its first bytes.

    `filename` is the name the user gave when `path` is a stored upload: a file named .xlsx that is not a workbook is
    refused as such, rather than read as a CSV of garbage.
    """
    name = os.fspath(filename if filename is not None else path).lower()
    with open(path, "rb") as raw:
        start = raw.read(128)
    if start.startswith(_ZIP) and b"opendocument" in start:
        raise FileProblem(
            "Les fichiers OpenDocument (.ods) ne sont pas acceptés : enregistrez le fichier au format .xlsx ou CSV."
        )
    if start.startswith(_ZIP):
        with _open_xlsx(path) as table:
            yield table
        return
    if start.startswith(_OLE2):
        raise FileProblem(
            "Les fichiers Excel 97-2003 (.xls) ne sont pas acceptés : enregistrez le fichier au format .xlsx ou CSV."
        )
    if name.endswith((".xlsx", ".xlsm")) and start:
        raise FileProblem("Le fichier XLSX est illisible : ce n'est pas un classeur Excel (il n'est pas compressé).")
    if start.startswith(_UTF16_BOMS):
        raise FileProblem(f"Le fichier est en UTF-16, encodage non accepté. {_SAVE_AS}")
    with _open_csv(path) as table:
        yield table


# --- CSV --------------------------------------------------------------------------------------------------------------


def detect_encoding(path: str | os.PathLike[str]) -> str:
    """'utf-8', 'utf-8-sig' or 'cp1252', from streamed passes; FileProblem for a mix or an undefined byte.

    Valid UTF-8 (the common case) costs one strict decoding pass. Otherwise a second pass tells Windows-1252 from a
    broken UTF-8 file: decoded with "surrogateescape", each invalid byte stays one character while a valid multi-byte
    sequence shrinks to one, so the file holds valid UTF-8 accents exactly when it decodes to fewer characters than
    it has bytes.
    """
    with open(path, "rb") as raw:
        bom = raw.read(len(_BOM)) == _BOM
        start = raw.tell() if bom else 0
        invalid = _first_invalid_utf8(raw, start)
        if invalid is None:
            return "utf-8-sig" if bom else "utf-8"
        multibyte, undefined = _scan_non_utf8(raw, start)
        if multibyte or bom:
            raise _encoding_problem(raw, invalid, "invalide en UTF-8 alors que le reste du fichier est en UTF-8")
        if undefined is not None:
            raise _encoding_problem(raw, undefined, "inconnu en Windows-1252, l'encodage du reste du fichier")
    return "cp1252"


def _first_invalid_utf8(raw: IO[bytes], start: int) -> int | None:
    """The offset of the first byte that is not valid UTF-8, or None."""
    raw.seek(start)
    decoder = codecs.getincrementaldecoder("utf-8")()
    offset = start
    final = False
    while not final:
        chunk = raw.read(_CHUNK)
        final = not chunk
        pending = len(decoder.getstate()[0])
        try:
            decoder.decode(chunk, final)
        except UnicodeDecodeError as error:
            return offset - pending + error.start
        offset += len(chunk)
    return None


def _scan_non_utf8(raw: IO[bytes], start: int) -> tuple[bool, int | None]:
    """Whether the file holds a valid multi-byte UTF-8 sequence; the offset of its first byte undefined in cp1252."""
    raw.seek(start)
    decoder = codecs.getincrementaldecoder("utf-8")("surrogateescape")
    offset = start
    characters = 0
    undefined: int | None = None
    final = False
    while not final:
        chunk = raw.read(_CHUNK)
        final = not chunk
        characters += len(decoder.decode(chunk, final))
        if undefined is None:
            found = [index for byte in _CP1252_UNDEFINED if (index := chunk.find(byte)) >= 0]
            if found:
                undefined = offset + min(found)
        offset += len(chunk)
    return characters < offset - start, undefined


def _encoding_problem(raw: IO[bytes], offset: int, why: str) -> FileProblem:
    raw.seek(offset)
    byte = raw.read(1)[0]
    raw.seek(0)
    lines = 1
    while offset > 0:
        chunk = raw.read(min(_CHUNK, offset))
        if not chunk:
            break
        lines += chunk.count(b"\n")
        offset -= len(chunk)
    return FileProblem(f"Ligne {lines} : encodage illisible (octet 0x{byte:02X} {why}). {_SAVE_AS}", line=lines)


def sniff_delimiter(line: str) -> str:
    """The header line's separator: the most frequent of ';', ',' and tab outside quotes (';' when none)."""
    bare = _QUOTED.sub("", line)
    counts = {delimiter: bare.count(delimiter) for delimiter in (";", ",", "\t")}
    best = max(counts, key=lambda delimiter: counts[delimiter])
    return best if counts[best] else ";"


@contextmanager
def _open_csv(path: str | os.PathLike[str]) -> Iterator[Table]:
    encoding = detect_encoding(path)
    if csv.field_size_limit() < _FIELD_SIZE_LIMIT:
        csv.field_size_limit(_FIELD_SIZE_LIMIT)
    with open(path, encoding=encoding, newline="") as text:
        delimiter = sniff_delimiter(_first_content_line(text))
        text.seek(0)
        reader = csv.reader(text, delimiter=delimiter, strict=True)
        headers = _header(reader)
        raw: Any = text.buffer
        yield Table(
            format="csv",
            encoding=encoding,
            delimiter=delimiter,
            headers=headers,
            rows=_csv_rows(reader),
            _position=raw.raw.tell if hasattr(raw, "raw") else None,
        )


def _first_content_line(text: IO[str]) -> str:
    for line in text:
        if line.strip():
            return line
    raise FileProblem("Le fichier est vide.")


def _header(reader: Any) -> list[str]:
    """The first non-blank row, its trailing empty cells dropped (spreadsheets add them)."""
    while True:
        line = reader.line_num + 1
        row = _next_csv_row(reader, line)
        if row is None:
            raise FileProblem("Le fichier est vide.")
        if len(row) > 1 or (row and row[0].strip()):
            break
    headers = _trim([cell.strip() for cell in row])
    if not headers:
        raise FileProblem(
            f"Ligne {line} : la ligne d'en-tête ne contient aucun nom de colonne. La première ligne du fichier doit "
            "donner le nom de chaque colonne.",
            line=line,
        )
    return headers


def _csv_rows(reader: Any) -> Iterator[tuple[int, list[str]]]:
    strip = str.strip
    last = reader.line_num  # the header's last line
    try:
        for row in reader:
            line = last + 1
            last = reader.line_num
            cells = list(map(strip, row))
            if any(cells):
                yield line, cells
    except csv.Error as error:
        raise _csv_problem(error, last + 1) from error


def _next_csv_row(reader: Any, line: int) -> list[str] | None:
    try:
        return next(reader, None)
    except csv.Error as error:
        raise _csv_problem(error, line) from error


def _csv_problem(error: csv.Error, line: int) -> FileProblem:
    text = str(error)
    if "unexpected end of data" in text:
        message = (
            f"Ligne {line} : guillemet ouvert et jamais fermé, la cellule court jusqu'à la fin du fichier. "
            "Fermez le guillemet ou retirez-le."
        )
    elif "expected after" in text:
        message = (
            f"Ligne {line} : guillemet mal placé, une cellule entre guillemets doit être suivie du séparateur. "
            'Doublez le guillemet ("") s\'il fait partie du texte.'
        )
    else:
        message = f"Ligne {line} : ligne illisible en CSV ({text})."
    return FileProblem(message, line=line)


# --- XLSX -------------------------------------------------------------------------------------------------------------


@contextmanager
def _open_xlsx(path: str | os.PathLike[str]) -> Iterator[Table]:
    with open(path, "rb") as raw:
        try:
            # A file object, not the path: given a path, openpyxl judges it by its extension, and uploads have any name.
            workbook = openpyxl.load_workbook(raw, read_only=True, data_only=True)
        except Exception as error:  # a damaged zip or XML part surfaces as whatever zipfile or the XML parser raises
            raise _xlsx_problem(error) from error
        try:
            if not workbook.worksheets:
                raise FileProblem("Le fichier est vide.")
            sheet: Any = workbook.worksheets[0]
            # Some software writes a wrong sheet size ("A1"): read every row the sheet has, not the size it announces.
            sheet.reset_dimensions()
            rows = _xlsx_values(sheet)
            first = next(rows, None)
            if first is None:
                raise FileProblem("Le fichier est vide.")
            yield Table(format="xlsx", encoding=None, delimiter=None, headers=first[1], rows=rows)
        finally:
            workbook.close()


def _xlsx_values(sheet: Any) -> Iterator[tuple[int, list[str]]]:
    convert = _convert
    try:
        for line, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = [convert(value) for value in values]
            while cells and not cells[-1]:
                cells.pop()
            if cells:
                yield line, cells
    except Exception as error:  # a sheet damaged past its first rows
        raise _xlsx_problem(error) from error


def _convert(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "VRAI" if value else "FAUX"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        # SIRET, postcodes and codes typed as numbers come back as floats: 12345678200010.0 is "12345678200010".
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value).strip()


def _xlsx_problem(error: BaseException) -> FileProblem:
    if isinstance(error, zipfile.BadZipFile):
        reason = "l'archive est endommagée ou incomplète"
    elif isinstance(error, KeyError):
        reason = "il manque une partie du classeur, ce n'est sans doute pas un fichier .xlsx"
    else:
        reason = f"contenu endommagé ({type(error).__name__} : {error})"
    return FileProblem(
        f"Le fichier XLSX est illisible : {reason}. Ouvrez-le dans un tableur et enregistrez-le de nouveau."
    )


def _trim(cells: list[str]) -> list[str]:
    end = len(cells)
    while end and not cells[end - 1]:
        end -= 1
    return cells[:end]
