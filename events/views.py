import calendar as pycalendar
from datetime import date, datetime, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import OperationalError, transaction
from django.db.models import Max
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.files import private_file_response
from events import audience, ics, permissions, services
from events.forms import (
    ActionItemForm,
    AgendaItemForm,
    DecisionForm,
    EventFileForm,
    EventFilterForm,
    EventForm,
    KindOptOutForm,
    MinutesForm,
)
from events.models import (
    ActionItem,
    CalendarFeed,
    Event,
    Kind,
    Registration,
    ReminderOptOut,
    SchoolQuota,
)

PAGE_SIZE = 25


def _calendar_events(request):
    form = EventFilterForm(request.GET or None)
    events = (form.filter(permissions.events_visible_to(request.user))
              .select_related("network").prefetch_related("host_schools").distinct())
    return form, events


def calendar(request):
    form, events = _calendar_events(request)
    page = Paginator(events.upcoming(), PAGE_SIZE).get_page(request.GET.get("sida"))
    query = request.GET.copy()
    query.pop("sida", None)
    today = timezone.localdate()
    return render(request, "events/calendar.html", {
        "form": form, "page": page, "query": query.urlencode(),
        "can_create": permissions.schools_user_may_host_for(request.user).exists(),
        "month_url": reverse("events:month", args=[today.year, today.month]),
    })


def month(request, year, month):
    if not (1 <= month <= 12 and 2000 <= year <= 2100):
        raise Http404
    form, events = _calendar_events(request)
    first = date(year, month, 1)
    following = (first + timedelta(days=32)).replace(day=1)
    tz = timezone.get_current_timezone()
    events = list(events.in_month(datetime(year, month, 1, tzinfo=tz),
                                  datetime(following.year, following.month, 1, tzinfo=tz)))
    by_day = {}
    for event in events:
        day = timezone.localtime(event.starts_at).date()
        last = timezone.localtime(event.ends_at).date()
        while day <= last:
            by_day.setdefault(day, []).append(event)
            day += timedelta(days=1)
    weeks = [[(day, by_day.get(day, []), day.month == month) for day in week]
             for week in pycalendar.Calendar().monthdatescalendar(year, month)]
    previous = first - timedelta(days=1)
    query = request.GET.urlencode()
    return render(request, "events/month.html", {
        "form": form, "weeks": weeks, "first": first, "query": query,
        "previous_url": reverse("events:month", args=[previous.year, previous.month]),
        "next_url": reverse("events:month", args=[following.year, following.month]),
        "events": events,
    })


def detail(request, pk):
    event = permissions.get_event_for_user(request.user, pk)
    user = request.user
    can_manage = permissions.can_manage_event(user, event)
    context = {
        "event": event,
        "hosts": list(event.host_schools.all()),
        "can_manage": can_manage,
        "places": services.count_places(event),
        "quotas": SchoolQuota.objects.filter(event=event).select_related("school"),
        "agenda": event.agenda_items.select_related("proposed_by"),
        "decisions": event.decisions.all(),
        "action_items": event.action_items.select_related("owner"),
        "carried_over": ActionItem.objects.carried_over_to(event)
        .select_related("owner", "event") if event.is_meeting else [],
        "files": event.files.all(),
        "local_start": timezone.localtime(event.starts_at),
        "local_end": timezone.localtime(event.ends_at),
        "reminder_hours": event.reminder_offsets(),
    }
    if user.is_authenticated:
        context["registration"] = event.registrations.filter(user=user).first()
        context["invited"] = audience.is_invited(user, event)
        context["opted_out"] = ReminderOptOut.objects.filter(user=user, event=event).exists()
        if permissions.can_propose_agenda_item(user, event):
            context["agenda_form"] = AgendaItemForm(prefix="agenda")
    if can_manage:
        context["registrations"] = (event.registrations.exclude(status="declined")
                                    .select_related("user", "school")
                                    .order_by("status", "registered_at"))
        context["file_form"] = EventFileForm(prefix="file")
    return render(request, "events/detail.html", context)


@login_required
def event_edit(request, pk=None):
    """Create (pk=None) or edit an event; hosts only. Cancelling has its own button."""
    own_schools = permissions.schools_user_may_host_for(request.user)
    if not own_schools.exists():
        raise Http404
    event = permissions.get_event_for_manager(request.user, pk) if pk else None
    initial = {}
    if event is None and request.GET.get("typ") == Kind.TRAINING_DAY:
        host = services.suggested_training_day_host()
        initial = {"kind": Kind.TRAINING_DAY, "audience": Event.Audience.STAFF,
                   "host_schools": [host.pk] if host else []}
    form = EventForm(request.POST or None, instance=event, initial=initial,
                     own_schools=None if request.user.is_coordinator else own_schools)
    if request.method == "POST" and form.is_valid():
        event = form.save(commit=False)
        if event.created_by_id is None:
            event.created_by = request.user
        event.save()
        form.save_m2m()
        messages.success(request, _("Evenemanget är sparat."))
        return redirect(event)
    return render(request, "events/event_form.html", {"form": form, "event": event})


def event_ics(request, pk):
    event = permissions.get_event_for_user(request.user, pk)
    response = HttpResponse(ics.event_ics(event), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="evenemang-{event.pk}.ics"'
    return response


@login_required
@require_POST
def register(request, pk):
    event = permissions.get_event_for_user(request.user, pk)
    try:
        registration = services.register(event, request.user)
    except services.RegistrationError as error:
        messages.error(request, str(error))
    except OperationalError:
        _busy(request)
    else:
        if registration.status == Registration.Status.WAITING:
            messages.warning(request, _("Evenemanget är fullt. Du står på väntelistan och får "
                                        "besked om en plats blir ledig."))
        else:
            messages.success(request, _("Du är anmäld."))
    return redirect(event)


@login_required
@require_POST
def cancel_registration(request, pk):
    event = permissions.get_event_for_user(request.user, pk)
    try:
        services.cancel_registration(event, request.user)
    except services.RegistrationError as error:
        messages.error(request, str(error))
    except OperationalError:
        _busy(request)
    else:
        messages.success(request, _("Du är avanmäld."))
    return redirect(event)


@login_required
@require_POST
def decline(request, pk):
    event = permissions.get_event_for_user(request.user, pk)
    try:
        services.decline(event, request.user)
    except OperationalError:
        _busy(request)
    else:
        messages.success(request, _("Du har tackat nej och får inga fler påminnelser om det här."))
    return redirect(event)


def _busy(request):
    # The event row stayed locked past lock_timeout (PostgreSQL) or SQLite's busy timeout.
    messages.error(request, _(
        "Många anmäler sig just nu. Försök igen om en liten stund."))


@login_required
@require_POST
def toggle_reminders(request, pk):
    event = permissions.get_event_for_user(request.user, pk)
    deleted, _rows = ReminderOptOut.objects.filter(user=request.user, event=event).delete()
    if deleted:
        messages.success(request, _("Påminnelser för evenemanget är påslagna igen."))
    else:
        ReminderOptOut.objects.get_or_create(user=request.user, event=event)
        messages.success(request, _("Du får inga påminnelser om det här evenemanget."))
    return redirect(event)


@login_required
def reminder_settings(request):
    current = list(ReminderOptOut.objects.filter(user=request.user, event=None)
                   .values_list("kind", flat=True))
    form = KindOptOutForm(request.POST or None, initial={"kinds": current})
    if request.method == "POST" and form.is_valid():
        wanted = set(form.cleaned_data["kinds"])
        with transaction.atomic():
            ReminderOptOut.objects.filter(user=request.user, event=None).exclude(
                kind__in=wanted).delete()
            for kind in wanted - set(current):
                ReminderOptOut.objects.create(user=request.user, kind=kind)
        messages.success(request, _("Dina val för påminnelser är sparade."))
        return redirect("events:reminder_settings")
    return render(request, "events/reminder_settings.html", {"form": form})


@login_required
def propose_agenda_item(request, pk):
    event = permissions.get_event_for_user(request.user, pk)
    if not permissions.can_propose_agenda_item(request.user, event):
        raise Http404
    form = AgendaItemForm(request.POST or None, prefix="agenda")
    if request.method == "POST" and form.is_valid():
        item = form.save(commit=False)
        item.event = event
        item.proposed_by = request.user
        item.position = (event.agenda_items.aggregate(m=Max("position"))["m"] or 0) + 1
        item.save()
        messages.success(request, _("Punkten är tillagd på dagordningen."))
        return redirect(event)
    return render(request, "events/agenda_form.html", {"event": event, "form": form})


@login_required
def minutes(request, pk):
    """Hosts write the minutes, decisions and action items after the meeting."""
    event = permissions.get_event_for_manager(request.user, pk)
    if not event.is_meeting:
        raise Http404
    owners = audience.audience_users(event).order_by("first_name", "last_name")
    minutes_form = MinutesForm(instance=event, prefix="minutes")
    decision_form = DecisionForm(prefix="decision")
    action_form = ActionItemForm(prefix="action", owners=owners)
    if request.method == "POST":
        part = request.POST.get("part")
        if part == "minutes":
            minutes_form = MinutesForm(request.POST, instance=event, prefix="minutes")
            form = minutes_form
        elif part == "decision":
            decision_form = DecisionForm(request.POST, prefix="decision")
            form = decision_form
        else:
            action_form = ActionItemForm(request.POST, prefix="action", owners=owners)
            form = action_form
        if form.is_valid():
            obj = form.save(commit=False)
            if part != "minutes":
                obj.event = event
            obj.save()
            messages.success(request, _("Sparat."))
            return redirect("events:minutes", pk=event.pk)
    return render(request, "events/minutes.html", {
        "event": event, "minutes_form": minutes_form, "decision_form": decision_form,
        "action_form": action_form, "decisions": event.decisions.all(),
        "action_items": event.action_items.select_related("owner"),
    })


@login_required
@require_POST
def action_item_done(request, pk):
    item = permissions.get_action_item_for_user(request.user, pk)
    item.done_at = None if item.done_at else timezone.now()
    item.save(update_fields=["done_at"])
    return redirect(request.POST.get("next") or item.event)


@login_required
@require_POST
def upload_file(request, pk):
    event = permissions.get_event_for_manager(request.user, pk)
    form = EventFileForm(request.POST, request.FILES, prefix="file")
    if form.is_valid():
        event_file = form.save(commit=False)
        event_file.event = event
        event_file.uploaded_by = request.user
        event_file.save()
        messages.success(request, _("Filen är uppladdad."))
        return redirect(event)
    return render(request, "events/file_form.html", {"event": event, "form": form})


@login_required
def download_file(request, pk):
    event_file = permissions.get_file_for_user(request.user, pk)
    return private_file_response(
        event_file.file, event_file.file.name.rsplit("/", 1)[-1].split("-", 1)[-1])


@login_required
@require_POST
def cancel_event(request, pk):
    event = permissions.get_event_for_manager(request.user, pk)
    services.cancel_event(event)
    messages.success(request, _("Evenemanget är inställt och deltagarna meddelas."))
    return redirect(event)


@login_required
def subscription(request):
    feed, _created = CalendarFeed.objects.get_or_create(user=request.user)
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
              .filter(starts_at__gte=timezone.now() - timedelta(days=90)))
    body = ics.feed_ics(events, _("Kulturskoleportalen – mina evenemang"))
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


@login_required
def rotation(request):
    if not permissions.can_see_rotation(request.user):
        raise Http404
    schools = services.training_day_rotation()
    upcoming = (Event.objects.scheduled().upcoming().filter(kind=Kind.TRAINING_DAY)
                .prefetch_related("host_schools"))
    return render(request, "events/rotation.html", {
        "schools": schools, "next_host": schools[0] if schools else None,
        "upcoming": upcoming,
    })
