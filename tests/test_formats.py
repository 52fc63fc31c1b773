"""The one Swedish format per kind of value (core/formats.py and its template filters)."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import translation

from core import formats

STOCKHOLM = ZoneInfo("Europe/Stockholm")
NBSP = "\xa0"


@pytest.fixture(autouse=True)
def swedish():
    with translation.override("sv"):
        yield


def test_dates_are_written_out_never_iso():
    assert formats.date(dt.date(2026, 12, 14)) == "14 december 2026"
    assert formats.date(dt.date(2027, 1, 6)) == "6 januari 2027"
    assert formats.weekday_date(dt.date(2026, 12, 8)) == "tisdag 8 december 2026"
    assert formats.month(dt.date(2026, 12, 1)) == "december 2026"


def test_times_use_a_full_stop():
    assert formats.time(dt.time(17, 30)) == "17.30"
    assert formats.time(dt.time(9, 5)) == "09.05"
    # An aware datetime is shown in Stockholm time, also across the change to winter time.
    utc = dt.datetime(2026, 10, 25, 8, 30, tzinfo=dt.UTC)
    assert formats.date_time(utc) == "söndag 25 oktober 2026 09.30"


def test_spans_across_days():
    start = dt.datetime(2026, 12, 8, 10, 0, tzinfo=STOCKHOLM)
    end = dt.datetime(2026, 12, 10, 15, 0, tzinfo=STOCKHOLM)
    assert formats.date_span(start, end) == "8–10 december 2026"
    assert formats.date_time_span(start, end) == \
        "tisdag 8 december 10.00 – torsdag 10 december 15.00"
    assert formats.date_time_span(start, start.replace(hour=15)) == \
        "tisdag 8 december 2026 10.00–15.00"
    assert formats.date_span(dt.date(2026, 11, 28), dt.date(2026, 12, 3)) == \
        "28 november – 3 december 2026"
    assert formats.date_span(dt.date(2026, 12, 30), dt.date(2027, 1, 2)) == \
        "30 december 2026 – 2 januari 2027"
    assert formats.date_span(dt.date(2026, 12, 8), dt.date(2026, 12, 8)) == "8 december 2026"


def test_numbers_and_money():
    assert formats.number(40000) == f"40{NBSP}000"
    assert formats.number(999) == "999"
    assert formats.number(1234567) == f"1{NBSP}234{NBSP}567"
    assert formats.number(Decimal("2.5")) == "2,5"
    assert formats.money(3500) == f"3{NBSP}500 kr"
    assert formats.money(Decimal("6000.00")) == f"6{NBSP}000 kr"
    assert formats.money(Decimal("3500.5")) == f"3{NBSP}500,50 kr"
    assert formats.money(None) == ""


def test_the_template_filters_use_the_same_helpers():
    template = Template(
        "{% load formats %}{{ d|long_date }}|{{ d|weekday_date }}|{{ d|month_year }}|"
        "{{ t|clock }}|{{ s|date_time_span:e }}|{{ n|number }}|{{ m|money }}")
    start = dt.datetime(2026, 12, 8, 10, 0, tzinfo=STOCKHOLM)
    text = template.render(Context({
        "d": dt.date(2026, 12, 14), "t": dt.time(17, 30), "s": start,
        "e": start + dt.timedelta(days=2, hours=5), "n": 40000, "m": 3500}))
    assert text == (f"14 december 2026|måndag 14 december 2026|december 2026|17.30|"
                    f"tisdag 8 december 10.00 – torsdag 10 december 15.00|40{NBSP}000|"
                    f"3{NBSP}500 kr")


def test_csv_cells_are_values_a_spreadsheet_reads():
    from core.spreadsheet import cell

    assert cell(dt.date(2026, 12, 14)) == "2026-12-14"
    assert cell(dt.datetime(2026, 12, 14, 16, 30, tzinfo=dt.UTC)) == "2026-12-14 17:30"
    assert cell(Decimal("3500.50")) == "3500,50"
    assert cell(40000) == "40000"


@pytest.mark.django_db
def test_the_month_view_heading_is_in_lower_case(client, schools):
    page = client.get("/evenemang/manad/2026/12/").content.decode()
    assert "<caption>december 2026</caption>" in page
    assert "Evenemang i december 2026" in page
    assert "December 2026" not in page
