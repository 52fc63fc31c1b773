"""The pages: calendar and month view, meetings, rotation, editing events."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.models import Staffing
from events import services
from events.models import Event, Kind
from networks.models import Membership, Network
from tests.clock import TEST_TODAY, at
from tests.events.conftest import make_event

pytestmark = pytest.mark.django_db


# Next month on the test clock: every event of _many_events falls inside it.
NEXT_MONTH = (TEST_TODAY.replace(day=1) + timedelta(days=31)).replace(day=1)


def _many_events(schools, count):
    for i in range(count):
        make_event([schools["boras"], schools["mark"]], title=f"Konsert {i}",
                   audience=Event.Audience.PUBLIC,
                   starts_at=at(NEXT_MONTH + timedelta(days=i % 28), 18, i // 28))


@pytest.mark.parametrize("count", [3, 25])
def test_calendar_query_count_is_constant(client, schools, teacher_tranemo, count,
                                          django_assert_max_num_queries):
    _many_events(schools, count)
    client.force_login(teacher_tranemo)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("events:calendar"))
    assert response.content.decode().count('class="card"') == count


@pytest.mark.parametrize("count", [3, 25])
def test_month_view_query_count_is_constant(client, schools, count,
                                            django_assert_max_num_queries):
    _many_events(schools, count)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("events:month", args=[NEXT_MONTH.year, NEXT_MONTH.month]))
    assert response.status_code == 200
    page = response.content.decode()
    assert all(f"Konsert {i}</a>" in page for i in range(count))


def test_calendar_filters_by_kind_school_and_network(client, schools, concert, training_day,
                                                     teacher_tranemo):
    client.force_login(teacher_tranemo)
    page = client.get(reverse("events:calendar"), {"typ": Kind.TRAINING_DAY}).content.decode()
    assert ">Fortbildningsdag</a>" in page and ">Vårkonsert</a>" not in page
    page = client.get(reverse("events:calendar"), {"skola": schools["boras"].pk}).content
    assert ">Vårkonsert</a>" in page.decode() and ">Fortbildningsdag</a>" not in page.decode()
    # A bad filter value is shown on the form, never a 500.
    response = client.get(reverse("events:calendar"), {"typ": "nonsense"})
    assert response.status_code == 200
    assert "Välj ett giltigt alternativ" in response.content.decode()


def test_month_view_places_events_on_local_days(client, schools):
    year = TEST_TODAY.year + 1
    last_of_march = date(year, 3, 31)
    make_event([schools["boras"]], title="Sen konsert", audience=Event.Audience.PUBLIC,
               starts_at=at(last_of_march, 23, 30),  # 21:30 UTC
               ends_at=at(last_of_march, 23, 59))
    page = client.get(reverse("events:month", args=[year, 3])).content.decode()
    assert "23.30 Sen konsert" in page
    assert "Sen konsert" not in client.get(reverse("events:month", args=[year, 4])).content.decode()
    assert client.get(reverse("events:month", args=[year, 13])).status_code == 404


def test_rotation_suggests_the_school_that_hosted_longest_ago(client, schools,
                                                              teacher_tranemo):
    order = [s.slug for s in services.training_day_rotation()]
    assert len(order) == 7
    # Never hosted: by name. Let everyone but Vårgårda and Borås host, oldest first.
    for i, slug in enumerate(["herrljunga", "mark", "svenljunga", "tranemo", "ulricehamn"]):
        make_event([schools[slug]], kind=Kind.TRAINING_DAY,
                   starts_at=timezone.now() - timedelta(days=400 - i * 50))
    order = [s.slug for s in services.training_day_rotation()]
    assert order[:2] == ["boras", "vargarda"]
    assert order[2] == "herrljunga"
    make_event([schools["boras"]], kind=Kind.TRAINING_DAY)
    assert services.suggested_training_day_host() == schools["vargarda"]
    client.force_login(teacher_tranemo)
    page = client.get(reverse("events:rotation")).content.decode()
    assert "Nästa gång är det Vårgårda kulturskolas tur att vara värd." in page


def test_kind_opt_out_is_saved(client, teacher_tranemo):
    client.force_login(teacher_tranemo)
    client.post(reverse("events:reminder_settings"), {"kinds": [Kind.TRAINING_DAY]})
    assert list(teacher_tranemo.reminder_opt_outs.values_list("kind", flat=True)) == [
        Kind.TRAINING_DAY]


def test_network_events_and_home_helpers(schools, head_tranemo, heads_meeting):
    network = Network.objects.create(name="Gitarr", slug="gitarr")
    event = make_event([schools["mark"]], title="Gitarrspeldag", kind=Kind.PLAY_DAY,
                       audience=Event.Audience.NETWORK, network=network)
    assert services.next_heads_meeting(head_tranemo) == heads_meeting
    assert list(services.events_for_user(head_tranemo)) == [heads_meeting]
    # A network's events are for its members.
    assert services.upcoming_network_events(head_tranemo, network) == []
    Membership.objects.create(network=network, user=head_tranemo)
    upcoming = services.upcoming_network_events(head_tranemo, network)
    assert upcoming == [event]
    html = render_to_string("events/_upcoming_for_network.html",
                            {"section": {"events": upcoming}})
    assert "Gitarrspeldag" in html


def test_host_uploads_a_file_and_too_large_is_refused(client, heads_meeting, head_boras,
                                                     settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.NETWORKS_MAX_UPLOAD_BYTES = 10
    client.force_login(head_boras)
    url = reverse("events:upload_file", args=[heads_meeting.pk])
    client.post(url, {"file-title": "Budget",
                      "file-file": SimpleUploadedFile("budget.pdf", b"%PDF-1.4")})
    assert list(heads_meeting.files.values_list("title", flat=True)) == ["Budget"]
    response = client.post(url, {"file-title": "Stor",
                                 "file-file": SimpleUploadedFile("stor.pdf", b"%PDF-1.4 12345")})
    assert "Filen är för stor" in response.content.decode()
    assert 'value="Stor"' in response.content.decode()


def test_host_cancels_event_and_participants_are_told(client, heads_meeting, head_boras,
                                                     head_tranemo,
                                                     django_capture_on_commit_callbacks):
    Staffing.objects.update(created_at=timezone.now() - timedelta(days=30))
    client.force_login(head_boras)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("events:cancel_event", args=[heads_meeting.pk]))
    heads_meeting.refresh_from_db()
    assert heads_meeting.is_cancelled
    assert sorted(m.to[0] for m in mail.outbox) == sorted([head_boras.email,
                                                           head_tranemo.email])


DAY = (TEST_TODAY + timedelta(days=60)).isoformat()


def _event_data(school, **overrides):
    data = {"title": "Gitarrträff", "kind": Kind.NETWORK_MEETING, "host_schools": [school.pk],
            "audience": Event.Audience.STAFF, "starts_at": f"{DAY}T18:00",
            "ends_at": f"{DAY}T20:00", "follow_up_days": 3}
    return {**data, **overrides}


def test_head_creates_event_hosted_by_own_school(client, schools, head_tranemo):
    client.force_login(head_tranemo)
    response = client.post(reverse("events:create"), _event_data(schools["tranemo"]))
    event = Event.objects.get()
    assert response["Location"] == event.get_absolute_url()
    assert timezone.localtime(event.starts_at).hour == 18
    assert list(event.host_schools.all()) == [schools["tranemo"]]
    assert event.created_by == head_tranemo


def test_event_form_answers_bad_input_in_swedish(client, schools, head_tranemo):
    client.force_login(head_tranemo)
    response = client.post(reverse("events:create"), _event_data(
        schools["boras"], title="Min träff", ends_at=f"{DAY}T17:00"))
    page = response.content.decode()
    assert "Välj minst en av dina egna skolor som värd." in page
    assert "Slutet kan inte ligga före starten." in page
    assert 'value="Min träff"' in page and f'value="{DAY}T17:00"' in page
    response = client.post(reverse("events:create"), _event_data(
        schools["tranemo"], kind=Kind.HEADS_MEETING, reminder_hours="en vecka"))
    page = response.content.decode()
    assert "Ett chefsmöte är bara för kulturskolecheferna." in page
    assert "Ange hela timmar före start" in page
    assert not Event.objects.exists()


def test_only_heads_create_and_only_hosts_edit(client, schools, teacher_tranemo, head_tranemo,
                                               training_day, head_boras):
    client.force_login(teacher_tranemo)
    assert client.get(reverse("events:create")).status_code == 404
    client.force_login(head_boras)
    assert client.get(reverse("events:edit", args=[training_day.pk])).status_code == 404
    client.force_login(head_tranemo)
    response = client.post(reverse("events:edit", args=[training_day.pk]),
                           _event_data(schools["tranemo"], title="Ny rubrik",
                                       kind=Kind.TRAINING_DAY))
    assert response.status_code == 302
    training_day.refresh_from_db()
    assert training_day.title == "Ny rubrik"
    client.logout()
    assert client.get(reverse("events:create")).status_code == 302


def test_new_training_day_form_suggests_next_host(client, schools, head_tranemo):
    client.force_login(head_tranemo)
    response = client.get(reverse("events:create"), {"typ": Kind.TRAINING_DAY})
    suggested = services.suggested_training_day_host()
    assert response.context["form"].initial["host_schools"] == [suggested.pk]


def test_paging_links_keep_the_filters(client, schools):
    _many_events(schools, 30)
    page = client.get(reverse("events:calendar"), {"typ": Kind.CONCERT,
                                                   "skola": schools["boras"].pk}).content.decode()
    assert f'href="?typ=concert&amp;skola={schools["boras"].pk}&amp;sida=2"' in page
    page = client.get(reverse("events:calendar"), {"typ": Kind.CONCERT, "sida": 2}).content
    assert 'href="?typ=concert&amp;sida=1"' in page.decode()
    today = timezone.localdate()
    month_url = reverse("events:month", args=[today.year, today.month])
    assert f'href="{month_url}?typ=concert"' in page.decode()  # the month view keeps the filter
