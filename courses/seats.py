"""Seat counts on the public pages, filled into each response (core.pagecache seat marks)
from values kept per course: a seat change re-renders no page or card."""

from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from courses.models import Application, Course, count_applications
from courses.structured_data import availability as stated_availability


def load(ids) -> dict[int, tuple[int, int, int]]:
    """{pk: (seats left, capacity, on the waiting list)} for these courses, one query."""
    rows = (Course.objects.filter(pk__in=ids).order_by()
            .annotate(waiting=count_applications([Application.Status.WAITING]))
            .values_list("pk", "seats_left", "capacity", "waiting"))
    return {pk: (left, capacity, waiting) for pk, left, capacity, waiting in rows}


def card(value) -> str:
    left, capacity, _waiting = value
    if left > 0:
        return escape(f"{left} {_('av')} {capacity}")
    return escape(_("Fullt – väntelista"))


def detail(value) -> str:
    left, capacity, waiting = value
    text = _("%(left)s lediga av %(total)s") % {"left": left, "total": capacity}
    if waiting:
        text += ", " + ngettext("%(counter)s på väntelistan", "%(counter)s på väntelistan",
                                waiting) % {"counter": waiting}
    return escape(text)


def availability(value) -> str:
    """The schema.org availability in a course page's structured data."""
    return stated_availability(value[0])
