"""Registration: capacity, waiting list, per-school quotas (races: test_concurrency.py)."""

import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.db import OperationalError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import Staffing
from events import services, tasks
from events.models import Event, Registration
from tests.factories import staff

pytestmark = pytest.mark.django_db
Status = Registration.Status


def test_full_event_puts_people_on_the_waiting_list(concert, pupil, guardian_mark, outsider):
    assert services.register(concert, pupil).status == Status.REGISTERED
    assert services.register(concert, guardian_mark).status == Status.REGISTERED
    assert services.register(concert, outsider).status == Status.WAITING


def test_cancelling_moves_the_first_waiting_up_and_tells_them(
        concert, pupil, guardian_mark, outsider, django_capture_on_commit_callbacks):
    services.register(concert, pupil)
    services.register(concert, guardian_mark)
    services.register(concert, outsider)
    with django_capture_on_commit_callbacks(execute=True):
        _registration, promoted = services.cancel_registration(concert, pupil)
    assert [r.user for r in promoted] == [outsider]
    assert Registration.objects.get(event=concert, user=outsider).status == Status.REGISTERED
    assert [m.to for m in mail.outbox] == [[outsider.email]]
    assert mail.outbox[0].subject == "[Kulturskoleportalen] Du har fått en plats: Vårkonsert"


def test_register_through_the_page_shows_a_swedish_message(client, concert, pupil):
    client.force_login(pupil)
    response = client.post(reverse("events:register", args=[concert.pk]), follow=True)
    assert "Du är anmäld." in response.content.decode()
    response = client.post(reverse("events:register", args=[concert.pk]), follow=True)
    assert "Du är redan anmäld." in response.content.decode()
    response = client.post(reverse("events:cancel_registration", args=[concert.pk]),
                           follow=True)
    assert "Du är avanmäld." in response.content.decode()


def test_registration_closes_at_the_deadline(client, concert, pupil):
    concert.registration_deadline = timezone.now() - timedelta(minutes=1)
    concert.save()
    client.force_login(pupil)
    response = client.post(reverse("events:register", args=[concert.pk]), follow=True)
    assert "Anmälan till det här evenemanget är stängd." in response.content.decode()
    assert not concert.registrations.exists()


def test_quota_places_are_per_school_until_released(camp, schools, head_boras, head_tranemo,
                                                    django_capture_on_commit_callbacks):
    second_boras = staff(schools["boras"], Staffing.Role.TEACHER)
    mark_teacher = staff(schools["mark"], Staffing.Role.TEACHER)
    assert services.register(camp, head_boras).status == Status.REGISTERED
    # Borås's one place is taken although Tranemo's is free.
    assert services.register(camp, second_boras).status == Status.WAITING
    assert services.register(camp, mark_teacher).status == Status.WAITING  # no quota
    camp.quota_release_at = timezone.now() - timedelta(minutes=1)
    camp.save()
    # The minute sweep releases the unused places and tells who moved up.
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.sweep()["promoted"] == 1
    assert Registration.objects.get(event=camp, user=second_boras).status == Status.REGISTERED
    assert [m.to for m in mail.outbox] == [[second_boras.email]]
    # Total capacity (sum of quotas) is now used up.
    assert Registration.objects.get(event=camp, user=mark_teacher).status == Status.WAITING


def test_declining_an_invitation_is_recorded(client, heads_meeting, head_tranemo):
    client.force_login(head_tranemo)
    response = client.post(reverse("events:decline", args=[heads_meeting.pk]), follow=True)
    assert "Du har tackat nej" in response.content.decode()
    assert heads_meeting.registrations.get().status == Status.DECLINED


def _fail_under_the_event_lock(monkeypatch, error):
    """Counting places (done while the event is locked) raises what the database raised."""
    def failing(event):
        raise error

    monkeypatch.setattr(services, "count_places", failing)


def test_a_lock_wait_that_times_out_gives_a_friendly_message(client, concert, pupil,
                                                              monkeypatch):
    _fail_under_the_event_lock(monkeypatch, OperationalError("database is locked"))
    client.force_login(pupil)
    response = client.post(reverse("events:register", args=[concert.pk]))
    monkeypatch.undo()
    response = client.get(response["Location"])
    assert "Det är många som gör ändringar just nu. Försök igen om en liten stund." in \
        response.content.decode()
    assert not concert.registrations.exists()


def test_other_database_errors_are_not_passed_off_as_busy(client, concert, pupil, monkeypatch):
    _fail_under_the_event_lock(monkeypatch, OperationalError("no such table: events_event"))
    client.force_login(pupil)
    with pytest.raises(OperationalError, match="no such table"):
        client.post(reverse("events:register", args=[concert.pk]))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's lock_timeout")
@pytest.mark.django_db(transaction=True)
def test_a_real_lock_wait_on_postgresql_gives_the_friendly_message(client, concert, pupil):
    held, release = threading.Event(), threading.Event()

    def hold_the_event_lock():
        try:
            with transaction.atomic():
                Event.objects.select_for_update().get(pk=concert.pk)
                held.set()
                release.wait(10)
        finally:
            connection.close()

    holder = threading.Thread(target=hold_the_event_lock)
    holder.start()
    assert held.wait(10)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '200ms'")
        client.force_login(pupil)
        response = client.post(reverse("events:register", args=[concert.pk]), follow=True)
    finally:
        release.set()
        holder.join()
        with connection.cursor() as cursor:
            cursor.execute("RESET lock_timeout")
    assert "Försök igen om en liten stund." in response.content.decode()
    assert not concert.registrations.exists()


def _edit_form(event, **changes):
    """The event form as its page would post it, with some values changed."""
    def local_input(moment):
        return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")

    data = {"title": event.title, "kind": event.kind, "audience": event.audience,
            "host_schools": [school.pk for school in event.host_schools.all()],
            "starts_at": local_input(event.starts_at), "ends_at": local_input(event.ends_at),
            "registration_required": "on", "capacity": event.capacity, "follow_up_days": 3}
    return {**data, **changes}


def test_raising_the_capacity_in_the_form_moves_the_waiting_list_up(
        client, concert, head_boras, pupil, guardian_mark, outsider, teacher_tranemo,
        django_capture_on_commit_callbacks):
    for person in (pupil, guardian_mark, outsider, teacher_tranemo):
        services.register(concert, person)
    client.force_login(head_boras)
    url = reverse("events:edit", args=[concert.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, _edit_form(concert, capacity=3)).status_code == 302
    assert Registration.objects.get(user=outsider).status == Status.REGISTERED
    assert Registration.objects.get(user=teacher_tranemo).status == Status.WAITING
    assert [m.to for m in mail.outbox] == [[outsider.email]]
    assert "Du har fått en plats" in mail.outbox[0].subject
    # No limit at all: whoever still waits gets a place.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, _edit_form(concert, capacity=""))
    assert Registration.objects.get(user=teacher_tranemo).status == Status.REGISTERED
    assert [m.to for m in mail.outbox][1:] == [[teacher_tranemo.email]]


def test_lowering_the_capacity_keeps_the_places_already_given(client, concert, head_boras,
                                                            pupil, guardian_mark):
    services.register(concert, pupil)
    services.register(concert, guardian_mark)
    client.force_login(head_boras)
    client.post(reverse("events:edit", args=[concert.pk]), _edit_form(concert, capacity=1))
    assert concert.registrations.confirmed().count() == 2
