"""Public calendar subscriptions: the whole region's public events, a school's, a network's.

The files come from events.ics (the same VEVENTs, UIDs and SEQUENCE as the personal feeds
and the mails, so a calendar that has both never shows an event twice), without alarms:
reminders are for people who registered. Cached and conditional like the API (api.http).
"""

from datetime import timedelta

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from api.http import public_answer
from api.views import MAX_ID, public_events
from events import ics
from networks.models import Network
from schools.models import School

# As the personal feed (events.views.reminders): last months' events stay in the calendar.
FEED_HISTORY = timedelta(days=90)


def _feed(events, name):
    events = events.filter(starts_at__gte=timezone.now() - FEED_HISTORY).order_by("starts_at")
    return HttpResponse(ics.feed_ics(events, name, alarms=False),
                        content_type="text/calendar; charset=utf-8")


@public_answer
def region_feed(request):
    return _feed(public_events(), _("Kulturskolorna i Sjuhärad – evenemang"))


@public_answer
def school_feed(request, slug):
    school = get_object_or_404(School, slug=slug)
    events = public_events().filter(pk__in=School.hosted_events.through.objects.filter(
        school=school).values("event_id"))
    return _feed(events, _("%(school)s – evenemang") % {"school": school.name})


@public_answer
def network_feed(request, pk):
    if pk > MAX_ID:
        raise Http404
    # The heads' network is never named to the public (events.permissions.shown_network).
    network = get_object_or_404(
        Network.objects.active().exclude(kind=Network.Kind.HEADS), pk=pk)
    return _feed(public_events().filter(network=network),
                 _("%(network)s – evenemang") % {"network": network.name})
