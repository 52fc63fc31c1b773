"""An event's time span in Swedish, as mails and pages write it.

    same day:   "tisdag 8 december 10.00–15.00"
    several:    "tisdag 8 december 10.00 – torsdag 10 december 15.00"

The year is written only when the span crosses a new year. Swedish writes times with a
full stop (10.00) and puts spaces around the dash between two dates.

(Written here because core/formats.py, the one helper per format, is not on main yet;
once it is, this moves there and events calls it.)
"""

from django.utils import formats, timezone


def _day(moment, with_year):
    return formats.date_format(moment, "l j F Y" if with_year else "l j F")


def _time(moment):
    return formats.date_format(moment, "H.i")


def event_span(starts_at, ends_at) -> str:
    start, end = timezone.localtime(starts_at), timezone.localtime(ends_at)
    with_year = start.year != end.year
    if start.date() == end.date():
        return f"{_day(start, False)} {_time(start)}–{_time(end)}"
    return (f"{_day(start, with_year)} {_time(start)} – "
            f"{_day(end, with_year)} {_time(end)}")
