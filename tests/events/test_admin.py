"""Events in admin: the coordinator's pages, and statuses that change only through actions."""

from datetime import timedelta

import pytest
from django import forms
from django.core import mail
from django.urls import reverse

from accounts.models import Staffing
from core.models import OutgoingMail
from events import services
from events.models import Event, Registration, SchoolQuota
from tests.clock import TEST_TODAY
from tests.events.conftest import reminder_row
from tests.factories import UserFactory, staff

pytestmark = pytest.mark.django_db
Status = Registration.Status


def _unchanged_post(response):
    """What the admin change page posts when Save is pressed without changes."""
    page_forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        page_forms += [inline.formset.management_form, *inline.formset.forms]
    data = {}
    for form in page_forms:
        for name, field in form.fields.items():
            value = form[name].value()
            if isinstance(field.widget, forms.CheckboxInput):
                if value:
                    data[form.add_prefix(name)] = "on"
            elif isinstance(value, list | tuple):
                data[form.add_prefix(name)] = [str(v) for v in value]
            elif value is not None:
                data[form.add_prefix(name)] = field.widget.format_value(value) or ""
    return data


def _save_in_admin(client, event, **changes):
    url = reverse("admin:events_event_change", args=[event.pk])
    data = {**_unchanged_post(client.get(url)), **changes}
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    return response


def _full_concert_with_waiting_list(concert, count=4):
    people = [UserFactory() for _ in range(count)]
    for person in people:
        services.register(concert, person)
    return people


def test_raising_the_capacity_in_admin_moves_the_waiting_list_up(
        admin_client, concert, django_capture_on_commit_callbacks):
    first, second, waiting, still_waiting = _full_concert_with_waiting_list(concert)
    with django_capture_on_commit_callbacks(execute=True):
        _save_in_admin(admin_client, concert, capacity="3")
    assert Registration.objects.get(user=waiting).status == Status.REGISTERED
    assert Registration.objects.get(user=still_waiting).status == Status.WAITING
    assert [m.to for m in mail.outbox] == [[waiting.email]]


def test_raising_a_school_quota_in_admin_moves_that_schools_waiting_up(
        admin_client, camp, schools, head_boras, django_capture_on_commit_callbacks):
    second_boras = staff(schools["boras"], Staffing.Role.TEACHER)
    services.register(camp, head_boras)
    assert services.register(camp, second_boras).status == Status.WAITING
    quota = SchoolQuota.objects.get(event=camp, school=schools["boras"])
    url = reverse("admin:events_event_change", args=[camp.pk])
    form = next(f for inline in admin_client.get(url).context["inline_admin_formsets"]
                for f in inline.formset.forms if f.instance == quota)
    with django_capture_on_commit_callbacks(execute=True):
        _save_in_admin(admin_client, camp, **{form.add_prefix("places"): "2"})
    assert Registration.objects.get(user=second_boras).status == Status.REGISTERED
    assert [m.to for m in mail.outbox] == [[second_boras.email]]


def test_admin_shows_registration_status_but_does_not_edit_it(admin_client, concert):
    _first, _second, waiting, _still = _full_concert_with_waiting_list(concert)
    registration = Registration.objects.get(user=waiting)
    url = reverse("admin:events_registration_change", args=[registration.pk])
    page = admin_client.get(url)
    assert page.status_code == 200 and "På väntelistan" in page.content.decode()
    assert "status" not in page.context["adminform"].form.fields
    assert admin_client.post(url, {"status": Status.REGISTERED}).status_code == 403
    registration.refresh_from_db()
    assert registration.status == Status.WAITING
    assert admin_client.get(reverse("admin:events_registration_add")).status_code == 403
    assert admin_client.post(reverse("admin:events_registration_delete",
                                     args=[registration.pk])).status_code == 403


def test_cancelling_registrations_in_admin_moves_the_waiting_list_up(
        admin_client, concert, django_capture_on_commit_callbacks):
    first, second, waiting, still_waiting = _full_concert_with_waiting_list(concert)
    chosen = Registration.objects.filter(user__in=[first, still_waiting])
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("admin:events_registration_changelist"), {
            "action": "cancel_registrations", "_selected_action": [r.pk for r in chosen]},
            follow=True)
    assert "2 anmälningar avbokade." in response.content.decode()
    statuses = dict(concert.registrations.values_list("user", "status"))
    assert statuses == {first.pk: Status.CANCELLED, second.pk: Status.REGISTERED,
                        waiting.pk: Status.REGISTERED, still_waiting.pk: Status.CANCELLED}
    assert [m.to for m in mail.outbox] == [[waiting.email]]


def test_failed_reminders_are_sent_again_through_the_outbox_action_only(admin_client, concert,
                                                                        pupil):
    failed = reminder_row(concert, pupil, attempts=5, last_error="SMTP",
                          status=OutgoingMail.Status.FAILED)
    url = reverse("admin:core_outgoingmail_change", args=[failed.pk])
    assert admin_client.post(url, {"status": "sent"}).status_code == 403
    admin_client.post(reverse("admin:core_outgoingmail_changelist"),
                      {"action": "send_again", "_selected_action": [failed.pk]})
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (OutgoingMail.Status.QUEUED, 0)
    assert admin_client.post(reverse("admin:core_outgoingmail_delete",
                                     args=[failed.pk])).status_code == 403


def test_events_are_cancelled_in_admin_through_the_action(admin_client, concert, training_day):
    page = admin_client.get(reverse("admin:events_event_change", args=[concert.pk]))
    assert "status" not in page.context["adminform"].form.fields
    changelist = reverse("admin:events_event_changelist")
    for _ in range(2):  # the second time there is nothing left to cancel
        response = admin_client.post(changelist, {
            "action": "cancel_events", "_selected_action": [concert.pk]}, follow=True)
    assert "0 evenemang inställda." in response.content.decode()
    concert.refresh_from_db()
    training_day.refresh_from_db()
    assert concert.is_cancelled and not training_day.is_cancelled


def test_a_new_event_in_admin_records_who_created_it(admin_client, admin_user, schools):
    day = (TEST_TODAY + timedelta(days=90)).isoformat()
    response = admin_client.get(reverse("admin:events_event_add"))
    data = {**_unchanged_post(response), "title": "Fortbildningsdag i Mark",
            "starts_at": f"{day}T08:30", "ends_at": f"{day}T16:00",
            "host_schools": [str(schools["mark"].pk)]}
    assert admin_client.post(reverse("admin:events_event_add"), data).status_code == 302
    event = Event.objects.get(title="Fortbildningsdag i Mark")
    assert event.created_by == admin_user and event.status == Event.Status.SCHEDULED


def test_admin_add_page_preselects_the_suggested_host(admin_client, schools):
    response = admin_client.get(reverse("admin:events_event_add"))
    form = response.context["adminform"].form
    suggested = services.suggested_training_day_host()
    assert form.initial["host_schools"] == [suggested.pk]
    assert suggested.name in response.content.decode()
