"""Small things on the event pages that people noticed (issue 19): reminder settings only
where they mean something, one cancellation notice, the month in lower case."""

import pytest
from django.urls import reverse

from events import services
from events.models import ReminderOptOut
from tests import clock

pytestmark = pytest.mark.django_db


def _page(client, event):
    return client.get(event.get_absolute_url()).content.decode()


def test_anonymous_visitors_see_no_reminder_settings(client, concert):
    page = _page(client, concert)
    assert "Påminnelser" not in page and "påminnelser" not in page


def test_a_signed_in_person_sees_them_on_a_planned_event(client, concert, pupil):
    client.force_login(pupil)
    page = _page(client, concert)
    assert "Påminnelser" in page and "Stäng av påminnelser för evenemanget" in page


def test_a_cancelled_event_shows_no_reminder_settings(client, concert, pupil):
    services.cancel_event(concert)
    client.force_login(pupil)
    page = _page(client, concert)
    assert "Påminnelser" not in page and "påminnelser för evenemanget" not in page
    response = client.post(reverse("events:toggle_reminders", args=[concert.pk]), follow=True)
    assert "skickar inga påminnelser" in response.content.decode()
    assert not ReminderOptOut.objects.exists()


def test_a_cancelled_event_says_so_once(client, concert):
    services.cancel_event(concert)
    page = _page(client, concert)
    assert "Evenemanget är inställt." in page
    assert "Inställt." not in page


def test_the_month_view_names_the_month_in_lower_case(client):
    day = clock.today()
    page = client.get(reverse("events:month", args=[day.year, 12])).content.decode()
    assert f"<caption>december {day.year}</caption>" in page
    assert f"December {day.year}" not in page
