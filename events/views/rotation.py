"""Whose turn it is to host the joint training day."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from events import permissions, services
from events.models import Event, Kind


@login_required
def rotation(request):
    if not permissions.can_see_rotation(request.user):
        raise Http404
    schools = services.training_day_rotation()
    upcoming = (Event.objects.scheduled().upcoming().filter(kind=Kind.TRAINING_DAY)
                .prefetch_related("host_schools"))
    return render(request, "events/rotation.html", {
        "schools": schools, "next_host": schools[0] if schools else None,
        "upcoming": permissions.with_shown_networks(
            request.user, list(upcoming.select_related("network"))),
    })
