"""Guardians hear about their children's events (issue 10): one mail per guardian per event,
naming the children; cancelling one child does not stop the mails about the others."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from events import reminders, services
from events.models import Event, Kind, Registration
from tests.events.conftest import make_event
from tests.factories import ChildFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def camp(schools):
    start = timezone.now() + timedelta(hours=12)  # the 24-hour reminder is due now
    return make_event([schools["vargarda"]], title="Stråkläger", kind=Kind.CAMP,
                      audience=Event.Audience.PUBLIC, registration_required=True, capacity=3,
                      starts_at=start)


@pytest.fixture
def two_children(guardian_mark):
    return [ChildFactory(guardian=guardian_mark, first_name=name, last_name="Ek")
            for name in ("Alva", "Måns")]


def _register_earlier(event, guardian, children):
    """Registered two days ago, so today's reminder is for them."""
    registrations = services.register_children(event, guardian, [(c, {}) for c in children])
    Registration.objects.filter(pk__in=[r.pk for r in registrations]).update(
        registered_at=timezone.now() - timedelta(days=2))
    return registrations


def _sweep(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        reminders.sweep()


def test_one_reminder_per_guardian_naming_all_their_children(
        camp, guardian_mark, two_children, django_capture_on_commit_callbacks):
    _register_earlier(camp, guardian_mark, two_children)
    other = ChildFactory(first_name="Främling")
    _register_earlier(camp, other.guardian, [other])
    _sweep(django_capture_on_commit_callbacks)
    to_guardian = [m for m in mail.outbox if m.to == [guardian_mark.email]]
    assert len(to_guardian) == 1
    body = to_guardian[0].body
    assert "Gäller: Alva Ek, Måns Ek" in body and "Främling" not in body
    [to_other] = [m for m in mail.outbox if m.to == [other.guardian.email]]
    assert "Alva" not in to_other.body


def test_cancelling_one_child_keeps_the_reminder_for_the_other(
        camp, guardian_mark, two_children, django_capture_on_commit_callbacks):
    alva, _mans = _register_earlier(camp, guardian_mark, two_children)
    services.cancel_registration(camp, guardian_mark, registration_pk=alva.pk)
    _sweep(django_capture_on_commit_callbacks)
    [message] = mail.outbox
    assert "Gäller: Måns Ek" in message.body and "Alva" not in message.body


def test_a_cancelled_event_mails_each_guardian_once_naming_waiting_children_too(
        camp, guardian_mark, two_children, django_capture_on_commit_callbacks):
    camp.capacity = 1
    camp.save()
    services.register_children(camp, guardian_mark, [(c, {}) for c in two_children])
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_event(camp)
    [message] = mail.outbox
    assert message.subject.endswith("Inställt: Stråkläger")
    assert "Gäller: Alva Ek, Måns Ek" in message.body


def test_a_child_moving_up_from_the_waiting_list_is_named(
        camp, guardian_mark, two_children, outsider, django_capture_on_commit_callbacks):
    camp.capacity = 1
    camp.save()
    first = ChildFactory(guardian=outsider)
    [taken] = services.register_children(camp, outsider, [(first, {})])
    services.register_children(camp, guardian_mark, [(two_children[0], {})])
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_registration(camp, outsider, registration_pk=taken.pk)
    [message] = mail.outbox
    assert message.to == [guardian_mark.email]
    assert "Alva Ek är nu anmäld till Stråkläger" in message.body
