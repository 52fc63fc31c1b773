"""CSV files that Swedish Excel opens right: UTF-8 with a BOM, `;` between cells,
numbers with a decimal comma (read as numbers, not text), and text that a
spreadsheet would run as a formula made harmless.
"""

import csv
import datetime
from decimal import Decimal

from django.http import HttpResponse

from core import formats

# A cell starting with one of these is a formula to Excel and LibreOffice (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value) -> str:
    """One cell: numbers and dates in the forms a Swedish spreadsheet reads as values
    (core.formats: 1234,50 and 2026-12-14), None as empty, text neutralised with a
    leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, (bool, int, Decimal, float)):
        return formats.spreadsheet_number(value)
    if isinstance(value, (datetime.date, datetime.time)):
        return formats.spreadsheet_date(value)
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def csv_response(filename: str, header, rows) -> HttpResponse:
    """An attachment with the header row and the rows, each cell through `cell()`."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response.write("\ufeff")  # Excel opens UTF-8 correctly only with a BOM.
    writer = csv.writer(response, delimiter=";")
    writer.writerow([cell(h) for h in header])
    for row in rows:
        writer.writerow([cell(v) for v in row])
    return response
