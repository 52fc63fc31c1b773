"""{% load event_spans %}{{ event|span }}: the event's time span (events.spans)."""

from django import template

from events.spans import event_span

register = template.Library()


@register.filter
def span(event):
    return event_span(event.starts_at, event.ends_at)
