"""A person's reminder choices and their personal calendar subscription."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from events import ics, permissions, services
from events.forms import KindOptOutForm
from events.models import CalendarFeed, ReminderOptOut

# The subscription feed keeps events this far back, so last month's stay in the calendar.
FEED_HISTORY = timedelta(days=90)


@login_required
@require_POST
def toggle_reminders(request, pk):
    event = permissions.get_event_for_user(request.user, pk)
    if event.is_cancelled:
        # A cancelled event sends no reminders; there is nothing to turn on or off.
        messages.error(request, _("Evenemanget är inställt och skickar inga påminnelser."))
        return redirect(event)
    if services.toggle_reminders(request.user, event):
        messages.success(request, _("Påminnelser för evenemanget är påslagna igen."))
    else:
        messages.success(request, _("Du får inga påminnelser om det här evenemanget."))
    return redirect(event)


@login_required
def reminder_settings(request):
    current = list(ReminderOptOut.objects.filter(user=request.user, event=None)
                   .values_list("kind", flat=True))
    form = KindOptOutForm(request.POST or None, initial={"kinds": current})
    if request.method == "POST" and form.is_valid():
        services.set_kind_opt_outs(request.user, form.cleaned_data["kinds"])
        messages.success(request, _("Dina val för påminnelser är sparade."))
        return redirect("events:reminder_settings")
    return render(request, "events/reminder_settings.html", {"form": form})


@login_required
def subscription(request):
    feed = services.calendar_feed(request.user)
    if request.method == "POST":
        feed.rotate()
        messages.success(request, _("Du har fått en ny adress. Den gamla fungerar inte längre."))
        return redirect("events:subscription")
    url = request.build_absolute_uri(reverse("events:feed", args=[feed.token]))
    return render(request, "events/subscription.html", {
        "feed_url": url, "webcal_url": "webcal://" + url.split("://", 1)[1]})


def feed(request, token):
    """The secret subscription feed: no login, the token is the key."""
    feed = get_object_or_404(CalendarFeed.objects.select_related("user"), token=token)
    if not feed.user.is_active:
        raise Http404
    events = (services.events_for_user(feed.user)
              .filter(starts_at__gte=timezone.now() - FEED_HISTORY))
    body = ics.feed_ics(events, _("Kulturskoleportalen – mina evenemang"))
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")
