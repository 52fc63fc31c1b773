"""The calendar: upcoming events as a list and as a month, with the same filters."""

import calendar as pycalendar
from datetime import date, datetime, timedelta

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from core import bounds
from events import permissions
from events.forms import EventFilterForm

PAGE_SIZE = 25


def _filtered_events(request):
    form = EventFilterForm(request.GET or None,
                           networks=permissions.event_networks_visible_to(request.user))
    events = (form.filter(permissions.events_visible_to(request.user))
              .select_related("network").prefetch_related("host_schools").distinct())
    return form, events


def calendar(request):
    form, events = _filtered_events(request)
    page = Paginator(events.upcoming(), PAGE_SIZE).get_page(request.GET.get("sida"))
    permissions.with_shown_networks(request.user, page.object_list)
    today = timezone.localdate()
    return render(request, "events/calendar.html", {
        "form": form, "page": page,
        "can_create": permissions.can_create_event(request.user),
        "month_url": reverse("events:month", args=[today.year, today.month]),
    })


def month(request, year, month):
    if not bounds.month_in_range(year, month):
        raise Http404
    form, events = _filtered_events(request)
    first = date(year, month, 1)
    following = (first + timedelta(days=32)).replace(day=1)
    tz = timezone.get_current_timezone()
    events = permissions.with_shown_networks(request.user, list(events.in_month(
        datetime(year, month, 1, tzinfo=tz),
        datetime(following.year, following.month, 1, tzinfo=tz))))
    previous = first - timedelta(days=1)
    return render(request, "events/month.html", {
        "form": form, "weeks": _weeks(year, month, events), "first": first, "events": events,
        "previous_url": reverse("events:month", args=[previous.year, previous.month]),
        "next_url": reverse("events:month", args=[following.year, following.month]),
    })


def _weeks(year, month, events):
    """[[(day, events that day, day is in the month)]] in local time, Monday first."""
    grid = pycalendar.Calendar().monthdatescalendar(year, month)
    first_shown, last_shown = grid[0][0], grid[-1][-1]
    by_day = {}
    for event in events:
        # Only the days the grid shows: an event lasting for years costs six weeks, no more.
        day = max(timezone.localtime(event.starts_at).date(), first_shown)
        last = min(timezone.localtime(event.ends_at).date(), last_shown)
        while day <= last:
            by_day.setdefault(day, []).append(event)
            day += timedelta(days=1)
    return [[(day, by_day.get(day, []), day.month == month) for day in week]
            for week in grid]
