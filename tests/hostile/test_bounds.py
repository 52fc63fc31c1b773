"""Ranges on every path (core.bounds): forms, admin and services refuse dates outside
2000–2100, reminder offsets beyond a year and integers beyond their column, with a Swedish
message and the input kept; URL parameters never give a 500."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import Child, User
from core import bounds
from courses.models import Course
from events.models import Event, Kind
from initiatives.models import Commitment, Initiative
from tests.clock import TEST_TODAY
from tests.courses.conftest import make_course
from tests.events.conftest import make_event
from tests.events.test_admin import _unchanged_post
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db
DAY = (TEST_TODAY + timedelta(days=60)).isoformat()
OUT_OF_RANGE = "Ange ett datum mellan 2000-01-01 och 2100-12-31."


def event_data(school, **overrides):
    return {"title": "Gitarrträff", "kind": Kind.NETWORK_MEETING, "host_schools": [school.pk],
            "audience": Event.Audience.STAFF, "starts_at": f"{DAY}T18:00",
            "ends_at": f"{DAY}T20:00", "follow_up_days": 3, **overrides}


@pytest.mark.parametrize("field", ["starts_at", "registration_deadline", "agenda_deadline"])
@pytest.mark.parametrize("value", ["0001-01-01T00:00", "1999-12-31T23:00", "2101-01-01T00:00"])
def test_event_dates_outside_the_window_are_refused_on_create(client, schools, head_tranemo,
                                                              field, value):
    client.force_login(head_tranemo)
    data = event_data(schools["tranemo"], **{field: value})
    if field == "starts_at":
        data["ends_at"] = value
    response = client.post(reverse("events:create"), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert OUT_OF_RANGE in page and f'value="{value}"' in page
    assert not Event.objects.exists()


def test_event_dates_outside_the_window_are_refused_on_edit(client, schools, head_tranemo,
                                                            training_day):
    client.force_login(head_tranemo)
    response = client.post(reverse("events:edit", args=[training_day.pk]), event_data(
        schools["tranemo"], kind=Kind.TRAINING_DAY, ends_at="9999-12-31T20:00"))
    assert OUT_OF_RANGE in response.content.decode()
    training_day.refresh_from_db()
    assert training_day.ends_at.year == TEST_TODAY.year or training_day.ends_at.year < 2100


@pytest.mark.parametrize("hours", ["99999999999", "8785", "0", "-1"])
def test_reminder_offsets_beyond_a_year_are_refused(client, schools, head_tranemo, hours):
    client.force_login(head_tranemo)
    response = client.post(reverse("events:create"),
                           event_data(schools["tranemo"], reminder_hours=hours))
    page = response.content.decode()
    assert "Högst 8784 timmar (ett år)." in page and f'value="{hours}"' in page
    assert not Event.objects.exists()


def test_a_year_of_reminders_is_allowed(schools):
    event = make_event([schools["tranemo"]], reminder_hours="8784, 24")
    event.full_clean()
    assert event.reminder_offsets() == [8784, 24]


def test_capacity_beyond_its_column_is_refused(client, schools, head_tranemo):
    client.force_login(head_tranemo)
    response = client.post(reverse("events:create"), event_data(
        schools["tranemo"], registration_required="on", capacity="99999999999"))
    assert response.status_code == 200 and not Event.objects.exists()
    assert 'value="99999999999"' in response.content.decode()


def test_admin_refuses_an_event_in_year_one(admin_client, concert):
    url = reverse("admin:events_event_change", args=[concert.pk])
    data = _unchanged_post(admin_client.get(url))
    data.update({"starts_at": "0001-01-01 00:00", "ends_at": "0001-01-01 01:00"})
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert OUT_OF_RANGE in response.content.decode()
    concert.refresh_from_db()
    assert concert.starts_at.year >= 2000


def test_services_refuse_through_full_clean(schools, municipalities):
    event = Event(title="x", kind=Kind.CONCERT, starts_at=datetime(1, 1, 1, tzinfo=UTC),
                  ends_at=datetime(1, 1, 1, 1, tzinfo=UTC), reminder_hours="99999999999")
    with pytest.raises(ValidationError) as refused:
        event.full_clean()
    assert {"starts_at", "ends_at", "reminder_hours"} <= set(refused.value.message_dict)
    course = make_course(schools["boras"], capacity=5)
    course.application_deadline = date(1, 1, 1)
    course.term_end = date(9999, 12, 31)
    course.capacity = 99999
    with pytest.raises(ValidationError) as refused:
        course.full_clean()
    assert {"application_deadline", "term_end", "capacity"} <= set(refused.value.message_dict)
    child = Child(first_name="A", last_name="B", birth_year=99999,
                  home_municipality=municipalities["Mark"])
    with pytest.raises(ValidationError) as refused:
        child.full_clean(exclude=["guardian"])
    assert "birth_year" in refused.value.message_dict
    commitment = Commitment(initiative=Initiative(title="x", year=1), school=schools["boras"],
                            hours=2**40)
    with pytest.raises(ValidationError) as refused:
        commitment.full_clean(exclude=["initiative"])
    assert "hours" in refused.value.message_dict


def test_the_course_form_refuses_dates_outside_the_window(client, schools, head_boras):
    client.force_login(head_boras)
    course = make_course(schools["boras"], capacity=5)
    response = client.get(reverse("courses:edit", args=[course.pk]))
    data = {k: v for k, v in response.context["form"].initial.items() if v is not None}
    data.update({"school": schools["boras"].pk, "subject": course.subject.pk,
                 "open_to": [schools["boras"].municipality.pk], "term_start": "0001-01-01",
                 "application_deadline": "2101-01-01", "capacity": "5"})
    response = client.post(reverse("courses:edit", args=[course.pk]), data)
    assert response.status_code == 200
    assert OUT_OF_RANGE in response.content.decode()
    course.refresh_from_db()
    assert course.term_start.year > 2000


@pytest.mark.parametrize("year", ["99999", "99999999999", "1800"])
def test_sign_up_with_a_birth_year_beyond_a_small_integer_is_refused(client, schools, year):
    response = client.post(reverse("account_signup"), {
        "first_name": "Greta", "last_name": "Gran", "email": "greta@example.se",
        "account_type": "pupil", "birth_year": year, "home_municipality": "",
        "password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 200
    assert f'value="{year}"' in response.content.decode()
    assert not User.objects.filter(email="greta@example.se").exists()


def test_a_new_child_with_a_huge_birth_year_is_refused_on_apply(client, guardian_mark,
                                                                schools, municipalities):
    course = make_course(schools["boras"], capacity=5, open_to=[municipalities["Mark"]])
    client.force_login(guardian_mark)
    response = client.post(reverse("courses:apply", args=[course.pk]), {
        "child": "new", "first_name": "Saga", "last_name": "Ek", "birth_year": "99999999999",
        "home_municipality": municipalities["Mark"].pk})
    assert response.status_code == 200
    assert 'value="99999999999"' in response.content.decode()
    assert not Course.objects.get().applications.exists()


@pytest.mark.parametrize("year, month", [(1, 1), (1999, 12), (2101, 1), (99999, 1), (2026, 13),
                                         (2026, 0), (int("9" * 30), 1)])
def test_month_views_outside_the_window_are_404(client, year, month):
    assert client.get(f"/evenemang/manad/{year}/{month}/").status_code == 404


def test_month_views_at_the_edges_of_the_window_answer(client):
    assert client.get(reverse("events:month", args=[2000, 1])).status_code == 200
    assert client.get(reverse("events:month", args=[2100, 12])).status_code == 200


@pytest.mark.parametrize("url", [
    "/evenemang/?sida=99999999999999999999999", "/evenemang/?sida=-1&typ=%00",
    "/kurser/?sida=" + "9" * 5000, "/kurser/?alder=99999999999999999999",
    "/kurser/?alder=-5&kommun=99999999999999999999", "/kurser/?alder=NaN&hemkommun=abc",
    "/kurser/?alder=1e999999", "/skolor/?sida=1e10",
])
def test_url_parameters_never_give_a_500(client, schools, url):
    assert client.get(url).status_code in (200, 302, 404)


def test_the_catalogue_says_what_is_wrong_with_an_age(client, schools):
    page = client.get("/kurser/", {"alder": "99999999999999999999"}).content.decode()
    assert "mindre än eller lika med 150" in page


def test_bounds_helpers():
    assert bounds.parse_int("12", 1, 20) == 12
    assert bounds.parse_int("9" * 5000, 1, 20) is None
    assert bounds.parse_int(None, 1, 20) is None and bounds.parse_int("30", 1, 20) is None
    assert bounds.date_in_range(datetime(2000, 1, 1, tzinfo=UTC))
    assert not bounds.date_in_range(date(2101, 1, 1))


@pytest.mark.parametrize("asked", ["²", "9" * 30, "-1", "1.5", "١٢٣٤٥٦٧٨٩٠١٢٣٤٥٦٧٨٩٠"])
def test_an_initiatives_school_parameter_never_gives_a_500(client, head_tranemo, asked):
    initiative = Initiative.objects.create(title="Sjuhäradsdagen", year=TEST_TODAY.year)
    client.force_login(head_tranemo)
    assert client.get(initiative.get_absolute_url(), {"skola": asked}).status_code == 200


def test_a_commitment_beyond_its_column_is_refused_with_the_input_kept(client, schools,
                                                                      head_tranemo):
    initiative = Initiative.objects.create(title="Sjuhäradsdagen", year=TEST_TODAY.year)
    client.force_login(head_tranemo)
    response = client.post(initiative.get_absolute_url(), {
        "school": schools["tranemo"].pk, "takes_part": "on", "people": 1,
        "hours": "99999999999", "money_sek": 0})
    assert response.status_code == 200
    assert 'value="99999999999"' in response.content.decode()
    assert not initiative.commitments.exists()
