"""Exports of lists (STYLE: Import and export; pretix ListExporter).

A list export only yields rows of plain values (str, int, float, Decimal, date, datetime, bool, None) under French
headers; this module renders them, streamed, as
- CSV that opens cleanly in Excel (DESIGN §5): UTF-8 with a BOM, `;` between cells, CRLF, dates as 22/11/2026,
  booleans as Oui/Non, decimals with a comma;
- XLSX: an openpyxl write-only workbook written to a temporary file, then streamed; dates are real dates shown as
  dd/mm/yyyy.

In both, a text cell that a spreadsheet would run as a formula (it starts with =, +, -, @, a tab or a carriage
return: "CSV injection") gets a leading apostrophe and stays text. A number is never touched: -5 stays the number -5.

Rows are read from the database in chunks by the exporters (`chunks()`), never as a list of model instances, so a
million rows do not fill memory (bench/exports.py measures it).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any, TypeVar

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header

Cell = str | int | float | Decimal | dt.date | dt.datetime | bool | None
Row = Sequence[Cell]
# Called once the rows are written: how many, and whether the export went to its end (a download cut short does not).
OnDone = Callable[[int, bool], None]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Rows fetched from the database at a time, and rows per chunk of a streamed CSV (about 64 kB for 300-byte rows).
CHUNK_SIZE = 2_000
# Rows whose related values (masters, roles) are looked up in one query: SQLite before 3.32 allows 999 parameters.
LOOKUP_SIZE = 900
CSV_ROWS_PER_WRITE = 200
BOM = "\ufeff"
YES, NO = "Oui", "Non"

XLSX_DATE_FORMAT = "dd/mm/yyyy"
XLSX_DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
# Excel's last row is 1,048,576: a longer export continues on a second sheet, its header repeated.
XLSX_MAX_ROWS = 1_048_576
# What XML 1.0 forbids in a cell (openpyxl refuses such a string rather than drop the characters).
_XML_ILLEGAL = re.compile(r"[\000-\010\013\014\016-\037]")

T = TypeVar("T")


@dataclass
class ListExport:
    """What an export is: a title (the sheet's name, the list's name in the audit log), headers and rows.

    `rows_written` counts the rows as a renderer consumes them: a streamed export knows its size only at its end.
    """

    title: str
    headers: Sequence[str]
    rows: Iterable[Row]
    rows_written: int = field(default=0, init=False)

    def counted_rows(self) -> Iterator[Row]:
        for row in self.rows:
            self.rows_written += 1
            yield row


def chunks(iterable: Iterable[T], size: int = CHUNK_SIZE) -> Iterator[list[T]]:
    """Lists of `size` items at most (itertools.batched from Python 3.12)."""
    iterator = iter(iterable)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def neutralise(text: str) -> str:
    """A text a spreadsheet would run as a formula, made plain text by a leading apostrophe."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def filename(stem: str, extension: str, *, on: dt.date | None = None) -> str:
    """`contrats-2026-11-22.csv`: the list's French name and the day of the export (year first: files sort by date)."""
    return f"{stem}-{(on or timezone.localdate()).isoformat()}.{extension}"


# --- CSV --------------------------------------------------------------------------------------------------------


def csv_cell(value: Cell) -> str:
    # The common cases first, by exact type: this runs once per cell, 24 million times for a million contracts.
    if type(value) is str:
        return "'" + value if value.startswith(FORMULA_STARTS) else value
    if value is None:
        return ""
    if type(value) is dt.date:
        return f"{value.day:02d}/{value.month:02d}/{value.year}"
    if type(value) is bool:
        return YES if value else NO
    if type(value) is int:
        return str(value)
    if isinstance(value, dt.datetime):
        moment = timezone.localtime(value) if timezone.is_aware(value) else value
        return f"{moment.day:02d}/{moment.month:02d}/{moment.year} {moment.hour:02d}:{moment.minute:02d}"
    if isinstance(value, dt.date):
        return f"{value.day:02d}/{value.month:02d}/{value.year}"
    if isinstance(value, float | Decimal):
        return str(value).replace(".", ",")
    # A str subclass (a TextChoices member), an int subclass: as text, neutralised.
    return neutralise(str(value))


def csv_chunks(export: ListExport) -> Iterator[bytes]:
    """The BOM and the header, then the rows, CSV_ROWS_PER_WRITE at a time, UTF-8 encoded."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([neutralise(header) for header in export.headers])
    yield (BOM + buffer.getvalue()).encode()
    for batch in chunks(export.counted_rows(), CSV_ROWS_PER_WRITE):
        buffer.seek(0)
        buffer.truncate()
        writer.writerows([[csv_cell(value) for value in row] for row in batch])
        yield buffer.getvalue().encode()


def _reporting(content: Iterator[bytes], export: ListExport, on_done: OnDone | None) -> Iterator[bytes]:
    complete = False
    try:
        yield from content
        complete = True
    finally:
        if on_done is not None:
            on_done(export.rows_written, complete)


def csv_response(export: ListExport, name: str, *, on_done: OnDone | None = None) -> StreamingHttpResponse:
    """The export as a CSV download, streamed: the first bytes leave before the last rows are read."""
    response = StreamingHttpResponse(
        _reporting(csv_chunks(export), export, on_done), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = content_disposition_header(True, name) or ""
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- XLSX -------------------------------------------------------------------------------------------------------


def xlsx_file(export: ListExport) -> IO[bytes]:
    """The export as an XLSX workbook in an anonymous temporary file (gone once closed), positioned at its start.

    openpyxl's write-only mode keeps no row in memory: each row goes to the sheet's temporary XML as it is appended.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    bold = Font(bold=True)

    def new_sheet(number: int) -> Any:
        title = export.title[:31] if number == 1 else f"{export.title[:26]} ({number})"
        sheet = workbook.create_sheet(title=title)
        header = []
        for text in export.headers:
            cell = WriteOnlyCell(sheet, value=_xlsx_text(text))
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        sheet.freeze_panes = "A2"
        return sheet

    def date_cell(value: dt.date) -> Any:
        cell = WriteOnlyCell(sheet)
        if isinstance(value, dt.datetime):
            cell.number_format = XLSX_DATETIME_FORMAT
            # Excel has no time zones: the local time, as the pages show it.
            cell.value = timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
        else:
            cell.number_format = XLSX_DATE_FORMAT
            cell.value = value
        return cell

    def xlsx_value(value: Cell) -> Any:
        if type(value) is str:
            return _xlsx_text(value)
        if value is None or type(value) is int or type(value) is float or type(value) is Decimal:
            return value
        if type(value) is bool:
            return YES if value else NO
        if isinstance(value, dt.date):
            return date_cell(value)
        return _xlsx_text(str(value))

    sheets, sheet = 1, new_sheet(1)
    rows_in_sheet = 1
    for row in export.counted_rows():
        if rows_in_sheet == XLSX_MAX_ROWS:
            sheets += 1
            sheet, rows_in_sheet = new_sheet(sheets), 1
        sheet.append([xlsx_value(value) for value in row])
        rows_in_sheet += 1
    # Closed (and so deleted) by the FileResponse that streams it, or by the caller.
    output = tempfile.TemporaryFile()  # noqa: SIM115
    workbook.save(output)
    output.seek(0)
    return output


def _xlsx_text(text: str) -> str:
    text = neutralise(text)
    return _XML_ILLEGAL.sub("", text) if _XML_ILLEGAL.search(text) else text


def xlsx_response(export: ListExport, name: str, *, on_done: OnDone | None = None) -> FileResponse:
    """The export as an XLSX download: built in a temporary file (a zip is written whole), then streamed from it."""
    output = xlsx_file(export)
    if on_done is not None:
        on_done(export.rows_written, True)
    return FileResponse(
        output,
        as_attachment=True,
        filename=name,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


# --- both ---------------------------------------------------------------------------------------------------------

# ?format= value -> (label, file extension, renderer)
FORMATS: dict[str, tuple[str, str, Callable[..., StreamingHttpResponse | FileResponse]]] = {
    "csv": ("CSV", "csv", csv_response),
    "xlsx": ("Excel", "xlsx", xlsx_response),
}


def export_response(
    export: ListExport, *, format: str, stem: str, on_done: OnDone | None = None
) -> StreamingHttpResponse | FileResponse:
    """The export in `format` ("csv" or "xlsx"), as `<stem>-<date>.<extension>`; KeyError for another format."""
    _, extension, render = FORMATS[format]
    return render(export, filename(stem, extension), on_done=on_done)
