"""Template filters for the portal's one format per kind of value (core/formats.py).

{% load formats %} then {{ event.starts_at|date_time }}, {{ course.term_start|long_date }},
{{ event.starts_at|date_time_span:event.ends_at }}, {{ fee|money }}, {{ total|number }}.
"""

from django import template

from core import formats

register = template.Library()

register.filter("long_date", formats.date)
register.filter("weekday_date", formats.weekday_date)
register.filter("month_year", formats.month)
register.filter("clock", formats.time)
register.filter("date_time", formats.date_time)
register.filter("date_span", formats.date_span)
register.filter("date_time_span", formats.date_time_span)
register.filter("number", formats.number)
register.filter("money", formats.money)
