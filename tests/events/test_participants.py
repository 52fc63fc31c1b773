"""The organisers' participant list (issue 10): who sees it, per school, the export a Swedish
Excel opens, printing; participant information only for organisers, in the guardian's data
download, erased after the retention period."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Staffing
from core import privacy
from events import permissions, services
from events import privacy as events_privacy
from events.models import Event, Kind, Registration, SchoolQuota
from networks.models import Membership, Network
from tests import clock
from tests.events.conftest import make_event
from tests.factories import ChildFactory, staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def camp(schools, head_boras):
    """Hosted by Borås (head_boras organises); Mark and Tranemo have places."""
    event = make_event([schools["boras"]], title="Stråkläger", kind=Kind.CAMP,
                       audience=Event.Audience.PUBLIC, registration_required=True,
                       asks_participant_info=True)
    SchoolQuota.objects.create(event=event, school=schools["mark"], places=3)
    SchoolQuota.objects.create(event=event, school=schools["tranemo"], places=3)
    return event


@pytest.fixture
def registered(camp, guardian_mark, schools, teacher_tranemo):
    child = ChildFactory(guardian=guardian_mark, first_name="Alva", last_name="Ek",
                         school=schools["mark"], birth_year=clock.born_years_ago(9))
    services.register_children(camp, guardian_mark, [(child, {
        "emergency_phone": "+46 70 123 45 67", "medical_notes": "=Nötallergi",
        "adaptations": "Hörselskydd", "photo_consent": False})])
    services.register_group(camp, teacher_tranemo, schools["tranemo"], 2, teacher_tranemo,
                            "Fiolerna", "Ida; Olle")
    return child


def test_the_host_head_sees_participants_per_school_with_their_information(
        client, camp, registered, head_boras, schools, django_assert_max_num_queries):
    client.force_login(head_boras)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("events:participants", args=[camp.pk]))
    page = response.content.decode()
    assert page.index(schools["mark"].name) < page.index("Alva Ek")
    assert page.index(schools["tranemo"].name) < page.index("Fiolerna")
    for text in ["Alva Ek", "=Nötallergi", "Hörselskydd", "+46 70 123 45 67",
                 "vardnadshavare.mark@example.se", "Fiolerna", "Ida; Olle"]:
        assert text in page


def test_the_list_query_count_does_not_grow(client, camp, registered, head_boras, schools,
                                            django_assert_max_num_queries):
    for _ in range(5):
        kid = ChildFactory(school=schools["mark"])
        services.register_children(camp, kid.guardian, [(kid, {})])
    client.force_login(head_boras)
    with django_assert_max_num_queries(12):
        client.get(reverse("events:participants", args=[camp.pk]))


def test_the_convenor_who_made_the_play_day_organises_it_while_convenor(
        client, schools, guardian_mark, teacher_ulricehamn):
    """Issue 19: access to children's information ends with the role that gave it."""
    guitar = Network.objects.create(name="Gitarrnätverket", slug="gitarr")
    role = Membership.objects.create(network=guitar, user=teacher_ulricehamn,
                                     role=Membership.Role.CONVENOR)
    play_day = make_event([schools["ulricehamn"]], title="Speldag", kind=Kind.PLAY_DAY,
                          audience=Event.Audience.PUBLIC, network=guitar,
                          registration_required=True, asks_participant_info=True,
                          created_by=teacher_ulricehamn)
    child = ChildFactory(guardian=guardian_mark, first_name="Alva", last_name="Ek",
                         birth_year=clock.born_years_ago(9))
    services.register_children(play_day, guardian_mark, [(child, {
        "emergency_phone": "070-123 45 67", "medical_notes": "Nötallergi",
        "photo_consent": True})])
    client.force_login(teacher_ulricehamn)
    url = reverse("events:participants", args=[play_day.pk])
    assert "Nötallergi" in client.get(url).content.decode()

    role.role = Membership.Role.MEMBER
    role.save()
    assert client.get(url).status_code == 404
    assert client.get(reverse("events:participants_csv", args=[play_day.pk])).status_code == 404
    assert not permissions.can_organise(teacher_ulricehamn, play_day)
    assert "Deltagarlista" not in client.get(play_day.get_absolute_url()).content.decode()


@pytest.mark.parametrize("persona", ["guardian_mark", "teacher_tranemo", "head_tranemo",
                                     "pupil", "outsider"])
def test_nobody_else_sees_the_list_or_the_export(client, camp, registered, persona, request):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("events:participants", args=[camp.pk])).status_code == 404
    assert client.get(reverse("events:participants_csv", args=[camp.pk])).status_code == 404


def test_anonymous_is_sent_to_log_in(client, camp):
    response = client.get(reverse("events:participants", args=[camp.pk]))
    assert response.status_code == 302


@pytest.mark.parametrize("persona", ["guardian_mark", "teacher_tranemo", "pupil", "outsider",
                                     "head_tranemo"])
def test_the_event_page_shows_nobody_another_familys_child(client, camp, registered, persona,
                                                          request, municipalities):
    other = ChildFactory(first_name="Främmande", last_name="Barn",
                         home_municipality=municipalities["Tranemo"])
    services.register_children(camp, other.guardian, [(other, {"medical_notes": "Astma"})])
    client.force_login(request.getfixturevalue(persona))
    page = client.get(camp.get_absolute_url()).content.decode()
    assert "Främmande" not in page and "Astma" not in page and "Nötallergi" not in page


def test_the_coordinator_sees_everything(client, camp, registered, coordinator):
    client.force_login(coordinator)
    page = client.get(reverse("events:participants", args=[camp.pk])).content.decode()
    assert "Alva Ek" in page and "=Nötallergi" in page


def test_the_export_opens_in_swedish_excel(client, camp, registered, head_boras):
    client.force_login(head_boras)
    response = client.get(reverse("events:participants_csv", args=[camp.pk]))
    body = response.content
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert body.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Skola", "Status", "Deltagare"]
    alva = next(row for row in rows if row[2] == "Alva Ek")
    assert "'=Nötallergi" in alva  # never run as a formula
    assert "+46 70 123 45 67" in alva and "Nej" in alva
    group = next(row for row in rows if row[2] == "Fiolerna")
    assert group[4] == "2" and "Ida; Olle" in group


def test_the_list_prints_as_a_roll_call(client, camp, registered, head_boras):
    client.force_login(head_boras)
    page = client.get(reverse("events:participants", args=[camp.pk])).content.decode()
    assert 'class="print-only"' in page and "no-print" in page


def test_the_information_is_erased_after_the_retention_period(camp, registered, settings):
    settings.EVENTS_PARTICIPANT_INFO_RETENTION_DAYS = 30
    after = camp.ends_at + timedelta(days=30)
    assert events_privacy.apply_retention(after - timedelta(minutes=1)) == 0
    assert events_privacy.apply_retention(after + timedelta(minutes=1)) == 1
    row = Registration.objects.get(child=registered)
    assert (row.emergency_phone, row.medical_notes, row.adaptations, row.photo_consent) == (
        "", "", "", None)
    assert row.status == Registration.Status.REGISTERED  # the registration itself stays


def test_the_nightly_retention_task_erases_it_too(camp, registered):
    camp.starts_at = timezone.now() - timedelta(days=60)
    camp.ends_at = camp.starts_at + timedelta(days=2)
    camp.save()
    privacy.apply_retention()
    assert Registration.objects.get(child=registered).medical_notes == ""


def test_the_information_is_in_the_guardians_data_download(camp, registered, guardian_mark):
    data = privacy.export_user_data(guardian_mark)
    [row] = data["events"]["registrations"]
    assert row["child"] == "Alva Ek"
    assert row["participant_information"]["medical_notes"] == "=Nötallergi"


def test_the_information_goes_with_the_account(client, camp, registered, guardian_mark):
    privacy.delete_user(guardian_mark)
    assert not Registration.objects.filter(medical_notes="=Nötallergi").exists()


def test_a_staff_organiser_of_another_school_does_not_organise(camp, schools):
    head_mark = staff(schools["mark"], Staffing.Role.HEAD)
    assert not permissions.can_organise(head_mark, camp)
