"""Export of a filtered list to Excel (.xlsx) or CSV, with the columns the list view names.

Every text cell is made inert before it is written (issue 6, item 15; OWASP "CSV Injection"): a
deputy's title `=HYPERLINK(…)` would otherwise be a live formula in Excel and in any spreadsheet
that opens the CSV. Text that begins with = + - @, a tab or a carriage return gets a leading
apostrophe, and openpyxl is told the cell is a string, never a formula. Numbers, dates and times
stay typed values, so a negative number is still a number.
"""

import csv
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from io import BytesIO
from typing import Any

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[Any], Any]


# A spreadsheet reads a cell that starts with one of these as a formula (or, for tab and CR,
# may shift it into one when the CSV is re-imported).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """Text a spreadsheet shows as written: a leading apostrophe before a formula trigger."""
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return value
    if hasattr(value, "tzinfo") and getattr(value, "hour", None) is not None:
        return timezone.localtime(value).replace(tzinfo=None)
    if isinstance(value, int | float | Decimal) or hasattr(value, "isoformat"):
        return value
    return neutralise(str(value))


def _xlsx_cell(sheet, value):
    """openpyxl writes any str that starts with "=" as a formula; a text cell says it is text."""
    if isinstance(value, str):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell
    return value


def xlsx_response(filename: str, columns: list[Column], rows: Iterable) -> HttpResponse:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append([_xlsx_cell(sheet, neutralise(str(c.header))) for c in columns])
    for row in rows:
        sheet.append([_xlsx_cell(sheet, _cell(c.value(row))) for c in columns])
    buffer = BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}.xlsx"
    return response


class _Echo:
    def write(self, value):
        return value


def csv_response(filename: str, columns: list[Column], rows: Iterable) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff"  # a BOM, so that Excel opens Chinese text as UTF-8
        yield writer.writerow([neutralise(str(c.header)) for c in columns])
        for row in rows:
            yield writer.writerow([_cell(c.value(row)) for c in columns])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}.csv"
    return response
