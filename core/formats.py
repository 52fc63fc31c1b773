"""The portal's one format for dates, times, spans, numbers and money (Swedish first).

Every page, print, mail and CSV file formats through these helpers (templates through
the filters in core/templatetags/formats.py), so "14 december 2026" is never
"2026-12-14" on one page and "December 14" on another. The formats and why are listed in
docs/developers/formats.md.

- date:            14 december 2026   (never ISO in prose; month in lower case)
- weekday date:    tisdag 8 december 2026
- month:           december 2026
- time:            17.30              (Språkrådet's and DIGG's recommendation)
- date and time:   tisdag 8 december 2026 17.30
- date span:       8–10 december 2026, 28 november – 3 december 2026,
                   30 december 2026 – 2 januari 2027
- date-time span:  tisdag 8 december 2026 10.00–15.00 (one day),
                   tisdag 8 december 10.00 – torsdag 10 december 15.00 (several days)
- number:          40 000 (no-break space between thousands), 2,5
- money:           3 500 kr, 3 500,50 kr
"""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.utils import dateformat, timezone
from django.utils.translation import gettext as _

NBSP = "\xa0"
EN_DASH = "\u2013"

DATE = "j F Y"
WEEKDAY_DATE = "l j F Y"
WEEKDAY_DAY_MONTH = "l j F"
MONTH = "F Y"
TIME = "H.i"


def _local(value):
    """Datetimes in the portal's time zone (Europe/Stockholm); dates as they are."""
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def _format(value, pattern: str) -> str:
    if value in (None, ""):
        return ""
    return dateformat.format(_local(value), pattern)


def date(value) -> str:
    """14 december 2026."""
    return _format(value, DATE)


def weekday_date(value) -> str:
    """tisdag 8 december 2026."""
    return _format(value, WEEKDAY_DATE)


def month(value) -> str:
    """december 2026 (lower case, also at the start of a heading)."""
    return _format(value, MONTH)


def time(value) -> str:
    """17.30."""
    if value in (None, ""):
        return ""
    return dateformat.time_format(_local(value), TIME) if isinstance(value, dt.time) \
        else _format(value, TIME)


def date_time(value) -> str:
    """tisdag 8 december 2026 17.30."""
    if value in (None, ""):
        return ""
    return f"{weekday_date(value)} {time(value)}"


def date_span(start, end=None) -> str:
    """8–10 december 2026; 28 november – 3 december 2026; 30 december 2026 – 2 januari 2027.

    Datetimes count by their local date; one day gives the plain date."""
    if start in (None, ""):
        return ""
    start, end = _local(start), _local(end) if end else None
    if isinstance(start, dt.datetime):
        start = start.date()
    if isinstance(end, dt.datetime):
        end = end.date()
    if end is None or end == start:
        return date(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}{EN_DASH}{date(end)}"
    if start.year == end.year:
        return f"{dateformat.format(start, 'j F')} {EN_DASH} {date(end)}"
    return f"{date(start)} {EN_DASH} {date(end)}"


def date_time_span(start, end=None) -> str:
    """tisdag 8 december 2026 10.00–15.00 within a day; across days
    tisdag 8 december 10.00 – torsdag 10 december 15.00 (years shown when they differ)."""
    if start in (None, ""):
        return ""
    start, end = _local(start), _local(end) if end else None
    if end is None or end == start:
        return date_time(start)
    if start.date() == end.date():
        return f"{weekday_date(start)} {time(start)}{EN_DASH}{time(end)}"
    pattern = WEEKDAY_DAY_MONTH if start.year == end.year else WEEKDAY_DATE
    return (f"{dateformat.format(start, pattern)} {time(start)} {EN_DASH} "
            f"{dateformat.format(end, pattern)} {time(end)}")


def number(value, decimals: int | None = None) -> str:
    """40 000 (no-break space, so a number never breaks over two lines); 2,5.

    `decimals` fixes the decimals shown; by default a whole number has none and
    others keep theirs."""
    if value in (None, ""):
        return ""
    amount = Decimal(str(value))
    if decimals is not None:
        amount = amount.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    elif amount == amount.to_integral_value():
        amount = amount.quantize(Decimal(1))
    sign = "-" if amount < 0 else ""
    whole, _sep, fraction = format(abs(amount), "f").partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    text = NBSP.join(groups)
    return f"{sign}{text},{fraction}" if fraction else f"{sign}{text}"


def money(value) -> str:
    """3 500 kr; 3 500,50 kr when there are öre."""
    if value in (None, ""):
        return ""
    amount = Decimal(str(value))
    decimals = 0 if amount == amount.to_integral_value() else 2
    return _("%(amount)s kr") % {"amount": number(amount, decimals)}


# --- CSV cells (core/spreadsheet.py) -----------------------------------------------------
# A spreadsheet must read these as values it can sort and sum, so CSV cells use the short
# forms Swedish Excel and LibreOffice parse: 2026-12-14 (the Swedish short date),
# 2026-12-14 17:30, and numbers with a decimal comma and no thousands separator.

def spreadsheet_date(value) -> str:
    """2026-12-14 (datetimes: 2026-12-14 17:30 in Stockholm time)."""
    if value in (None, ""):
        return ""
    if isinstance(value, dt.datetime):
        return dateformat.format(_local(value), "Y-m-d H:i")
    if isinstance(value, dt.time):
        return dateformat.time_format(value, "H:i")
    return dateformat.format(value, "Y-m-d")


def spreadsheet_number(value) -> str:
    """1234,5: a decimal comma and no thousands separator, so Excel reads a number."""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    return format(Decimal(str(value)), "f").replace(".", ",")
