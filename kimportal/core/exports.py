"""List exports: one row generator rendered to CSV or XLSX, formula cells neutralised.

A spreadsheet treats a cell beginning with `=`, `+`, `-` or `@` (or a tab/carriage return
before one) as a formula; a KIM named `=HYPERLINK(...)` would run as one on an officer's
computer. `neutralise` prefixes such text with a quote so it stays text. Numbers and dates
are not touched (a negative number is data, not a formula).
"""

import csv
import datetime
import io

from django.http import HttpResponse, StreamingHttpResponse

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise(value):
    """A cell value safe to open in a spreadsheet: formula-like text gets a leading quote."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _safe_row(row):
    return [neutralise(value) for value in row]


class _Echo:
    """A file-like object whose write() returns the line, for streaming csv.writer output."""

    def write(self, value):
        return value


def _attachment(filename):
    # File names are ours (ASCII, no quotes); keep them that way.
    return f'attachment; filename="{filename}"'


def bytes_response(filename, data, content_type):
    """A finished file (XLSX bytes, a ZIP...) as a download."""
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = _attachment(filename)
    return response


def csv_response(filename, header, rows):
    """Stream `header` then `rows` as a UTF-8 CSV download (BOM so Excel reads UTF-8)."""
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff"
        yield writer.writerow(_safe_row(header))
        for row in rows:
            yield writer.writerow(_safe_row(row))

    response = StreamingHttpResponse(lines(), content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = _attachment(filename)
    return response


def _xlsx_cell(value):
    value = neutralise(value)
    # openpyxl cannot store time zones; exports show local (WIB) wall-clock time.
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        from django.utils import timezone

        value = timezone.localtime(value).replace(tzinfo=None)
    return value


def xlsx_response(filename, header, rows, *, sheet_title="Data"):
    """`header` then `rows` as an XLSX download (openpyxl write-only mode: low memory)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title[:31])
    sheet.append([_xlsx_cell(value) for value in header])
    for row in rows:
        sheet.append([_xlsx_cell(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return bytes_response(filename, buffer.getvalue(), XLSX_CONTENT_TYPE)
