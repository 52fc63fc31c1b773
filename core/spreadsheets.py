"""Cells for CSV and spreadsheet exports that a spreadsheet never runs as formulas.

A cell starting with = + - @ tab or carriage return is prefixed with a single quote, as
OWASP recommends against formula (CSV) injection. Numbers are left as they are, so a
negative amount stays a number. Every export writes its rows through `safe_row`.
"""

import csv
from numbers import Number

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """The value, with text that a spreadsheet would read as a formula made inert."""
    if value is None:
        return ""
    if isinstance(value, Number) and not isinstance(value, bool):
        return value
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def safe_row(values) -> list:
    return [safe_cell(value) for value in values]


class SafeWriter:
    """csv.writer whose rows pass through `safe_row`."""

    def __init__(self, stream, **options):
        self._writer = csv.writer(stream, **options)

    def writerow(self, values):
        return self._writer.writerow(safe_row(values))

    def writerows(self, rows):
        for values in rows:
            self.writerow(values)
