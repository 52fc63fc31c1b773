"""The permission matrix: every view with an outsider (404) and anonymous (login or 404)."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from events.models import EventFile

pytestmark = pytest.mark.django_db


def test_heads_meeting_is_visible_to_heads_only(client, heads_meeting, head_tranemo,
                                                teacher_tranemo, outsider, coordinator):
    url = reverse("events:detail", args=[heads_meeting.pk])
    for user, expected in [(head_tranemo, 200), (coordinator, 200), (teacher_tranemo, 404),
                           (outsider, 404)]:
        client.force_login(user)
        assert client.get(url).status_code == expected, user
    client.logout()
    assert client.get(url).status_code == 404


def test_staff_event_is_hidden_from_families_and_anonymous(client, training_day,
                                                           teacher_ulricehamn, guardian_mark):
    url = reverse("events:detail", args=[training_day.pk])
    client.force_login(teacher_ulricehamn)
    assert client.get(url).status_code == 200
    client.force_login(guardian_mark)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 404
    assert client.get(reverse("events:ics", args=[training_day.pk])).status_code == 404


def test_public_concert_is_visible_to_everyone(client, concert):
    response = client.get(reverse("events:detail", args=[concert.pk]))
    assert response.status_code == 200
    assert "Vårkonsert" in response.content.decode()


@pytest.mark.parametrize("name", ["events:register", "events:cancel_registration",
                                  "events:decline", "events:toggle_reminders",
                                  "meetings:propose_agenda_item", "meetings:minutes",
                                  "events:upload_file", "events:cancel_event"])
def test_event_actions_give_outsiders_404(client, heads_meeting, outsider, name):
    client.force_login(outsider)
    assert client.post(reverse(name, args=[heads_meeting.pk])).status_code == 404


@pytest.mark.parametrize("name", ["events:register", "events:cancel_registration",
                                  "events:decline", "events:toggle_reminders",
                                  "meetings:propose_agenda_item", "meetings:minutes",
                                  "events:upload_file", "events:cancel_event"])
def test_event_actions_send_anonymous_to_login(client, concert, name):
    response = client.post(reverse(name, args=[concert.pk]))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.mark.parametrize("name", ["meetings:minutes", "events:upload_file",
                                  "events:cancel_event"])
def test_only_hosts_manage_an_event(client, heads_meeting, head_tranemo, head_boras, name):
    # Tranemo's head sees the meeting but Borås hosts it.
    client.force_login(head_tranemo)
    assert client.post(reverse(name, args=[heads_meeting.pk])).status_code == 404
    client.force_login(head_boras)
    assert client.get(reverse("meetings:minutes", args=[heads_meeting.pk])).status_code == 200


def test_files_are_served_to_participants_only(client, heads_meeting, head_tranemo, outsider,
                                               settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    event_file = EventFile(event=heads_meeting, title="Budget")
    event_file.file.save("budget.txt", ContentFile(b"siffror"), save=True)
    url = reverse("events:download_file", args=[event_file.pk])
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(head_tranemo)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"siffror"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Cache-Control"] == "private, no-store"
    assert "sandbox" in response["Content-Security-Policy"]
    # A file gone from disk is a 404, not a server error.
    event_file.file.storage.delete(event_file.file.name)
    assert client.get(url).status_code == 404


def test_the_rotation_is_closed_to_families(client, guardian_mark, teacher_tranemo):
    url = reverse("events:rotation")
    assert client.get(url).status_code == 302
    client.force_login(guardian_mark)
    assert client.get(url).status_code == 404
    client.force_login(teacher_tranemo)
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("name", ["subscription", "reminder_settings"])
def test_personal_pages_require_login(client, name):
    response = client.get(reverse(f"events:{name}"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
