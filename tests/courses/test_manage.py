"""Heads (and the coordinator) create, edit, publish and close their school's courses."""

import pytest
from django.core import mail
from django.urls import reverse

from courses import services
from courses.models import Application, Course
from schools.models import Subject
from tests.courses.conftest import TERM_START, make_agreement, make_application, make_course

pytestmark = pytest.mark.django_db


def course_data(school, **overrides):
    return {
        "school": school.pk, "subject": Subject.objects.get(slug="harpa").pk,
        "title": "Harpa fortsättning", "description": "För dig som spelat ett år.",
        "level": "intermediate", "min_age": 9, "max_age": 15, "format": "on_site",
        "place": "Kulturhuset", "weekday": 3, "start_time": "16:00", "end_time": "17:00",
        "term_start": TERM_START.isoformat(), "term_end": TERM_START.replace(month=6).isoformat(),
        "capacity": 5, "application_deadline": TERM_START.replace(day=1).isoformat(),
        "own_fee": "500", **overrides,
    }


def test_head_creates_a_draft_that_the_public_cannot_see(client, schools, head_boras,
                                                         municipalities):
    make_agreement(schools["boras"], municipalities["Mark"])
    client.force_login(head_boras)
    response = client.post(reverse("courses:create"), course_data(
        schools["boras"], open_to=[municipalities["Mark"].pk]))
    assert response.status_code == 302
    course = Course.objects.get(title="Harpa fortsättning")
    assert course.status == Course.Status.DRAFT
    assert course.created_by == head_boras
    assert {m.name for m in course.open_to.all()} == {"Borås", "Mark"}
    assert course.term_label.startswith("VT ")
    client.logout()
    assert "Harpa fortsättning" not in client.get(reverse("courses:catalogue")).content.decode()
    assert client.get(course.get_absolute_url()).status_code == 404


def test_head_publishes_and_closes_a_course(client, schools, head_boras):
    course = make_course(schools["boras"], status="draft")
    client.force_login(head_boras)
    client.post(reverse("courses:status", args=[course.pk]), {"status": "published"})
    course.refresh_from_db()
    assert course.status == Course.Status.PUBLISHED
    assert course.title in client.get(reverse("courses:catalogue")).content.decode()
    client.post(reverse("courses:status", args=[course.pk]), {"status": "closed"})
    course.refresh_from_db()
    assert course.status == Course.Status.CLOSED
    assert course.title not in client.get(reverse("courses:catalogue")).content.decode()


def test_course_cannot_open_to_a_municipality_without_agreement(client, schools, head_boras,
                                                                municipalities):
    client.force_login(head_boras)
    response = client.post(reverse("courses:create"), course_data(
        schools["boras"], open_to=[municipalities["Vara"].pk]))
    assert response.status_code == 200
    assert "Skolan saknar samverkansavtal med Vara" in response.content.decode()
    assert not Course.objects.filter(title="Harpa fortsättning").exists()


def test_course_form_explains_bad_input_and_keeps_it(client, schools, head_boras):
    client.force_login(head_boras)
    response = client.post(reverse("courses:create"), course_data(
        schools["boras"], min_age=15, max_age=9, end_time="15:00", capacity=""))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Högsta ålder kan inte vara lägre än lägsta ålder." in page
    assert "Sluttiden måste vara efter starttiden." in page
    assert 'value="Harpa fortsättning"' in page


def test_head_cannot_create_a_course_for_another_school(client, schools, head_boras):
    client.force_login(head_boras)
    response = client.post(reverse("courses:create"), course_data(schools["tranemo"]))
    assert response.status_code == 200
    assert not Course.objects.exists()


def test_capacity_cannot_drop_below_places_already_given(client, schools, head_boras):
    course = make_course(schools["boras"], capacity=3)
    make_application(course, status=Application.Status.ACCEPTED)
    make_application(course, status=Application.Status.ACCEPTED)
    make_application(course, status=Application.Status.OFFERED)
    client.force_login(head_boras)
    response = client.post(reverse("courses:edit", args=[course.pk]), course_data(
        schools["boras"], capacity=2, title="Harpa, nytt namn"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Minst 3: så många platser är redan erbjudna eller antagna." in page
    assert 'value="Harpa, nytt namn"' in page
    course.refresh_from_db()
    assert (course.capacity, course.title) == (3, "Harpa för nybörjare")


def test_capacity_is_checked_against_the_seats_taken_when_saving(schools):
    """The form was filled in while three places were given since: saving re-counts
    under the course lock and refuses."""
    course = make_course(schools["boras"], capacity=3)
    edited = Course.objects.get(pk=course.pk)
    edited.capacity = 2
    for application in [make_application(course) for _ in range(3)]:
        services.offer(application.pk)
    with pytest.raises(services.CourseError, match="Minst 3"):
        services.save_course(edited, [])
    course.refresh_from_db()
    assert course.capacity == 3


def test_capacity_zero_is_refused(client, schools, head_boras):
    client.force_login(head_boras)
    response = client.post(reverse("courses:create"), course_data(schools["boras"], capacity=0))
    assert response.status_code == 200
    assert not Course.objects.exists()


def test_raising_capacity_offers_new_seats_to_the_waiting_list(
        client, schools, head_boras, django_capture_on_commit_callbacks):
    course = make_course(schools["boras"], capacity=1)
    make_application(course, status=Application.Status.ACCEPTED)
    waiting = make_application(course, status=Application.Status.WAITING)
    still_waiting = make_application(course, status=Application.Status.WAITING)
    client.force_login(head_boras)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("courses:edit", args=[course.pk]),
                               course_data(schools["boras"], capacity=2))
    assert response.status_code == 302
    waiting.refresh_from_db()
    still_waiting.refresh_from_db()
    assert (waiting.status, still_waiting.status) == (Application.Status.OFFERED,
                                                      Application.Status.WAITING)
    assert [m.to for m in mail.outbox] == [[waiting.applicant.email]]


def test_head_of_another_school_gets_404(client, schools, head_tranemo):
    course = make_course(schools["boras"])
    client.force_login(head_tranemo)
    assert client.get(reverse("courses:edit", args=[course.pk])).status_code == 404
    assert client.post(reverse("courses:status", args=[course.pk]),
                       {"status": "closed"}).status_code == 404
    course.refresh_from_db()
    assert course.status == Course.Status.PUBLISHED


@pytest.mark.parametrize("name", ["manage", "create", "demand", "settlement"])
def test_teachers_and_guardians_get_404_and_anonymous_login(client, name, teacher_tranemo,
                                                            guardian_mark):
    url = reverse(f"courses:{name}")
    response = client.get(url)
    assert response.status_code == 302 and "login" in response.url
    for user in (teacher_tranemo, guardian_mark):
        client.force_login(user)
        assert client.get(url).status_code == 404


def test_manage_lists_only_own_school_with_seats_and_waiting(
        client, schools, head_boras, django_assert_max_num_queries):
    for i in range(30):
        course = make_course(schools["boras"], title=f"Kurs {i}", capacity=2)
        make_application(course, status=Application.Status.ACCEPTED)
        make_application(course, status=Application.Status.WAITING)
    make_course(schools["tranemo"], title="Tranemos kurs")
    client.force_login(head_boras)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("courses:manage"))
    page = response.content.decode()
    assert "Kurs 29" in page
    assert "Tranemos kurs" not in page
    course = response.context["courses"][0]
    assert (course.seats_left, course.waiting_count) == (1, 1)


def test_coordinator_manages_every_school(client, schools, coordinator):
    make_course(schools["boras"], title="Borås kurs")
    make_course(schools["tranemo"], title="Tranemos kurs")
    client.force_login(coordinator)
    page = client.get(reverse("courses:manage")).content.decode()
    assert "Borås kurs" in page and "Tranemos kurs" in page


def test_an_unknown_course_status_is_refused_with_a_message(client, schools, head_boras):
    course = make_course(schools["boras"], status="draft")
    client.force_login(head_boras)
    response = client.post(reverse("courses:status", args=[course.pk]), {"status": "hemlig"},
                           follow=True)
    assert "Okänd status." in response.content.decode()
    course.refresh_from_db()
    assert course.status == Course.Status.DRAFT


def test_the_teacher_menu_hides_the_address_of_a_teacher_who_hid_it(client, schools,
                                                                     head_boras):
    """Same rule as everywhere else: the name, or "Medlem utan namn (nr N)"."""
    from accounts.models import Staffing
    from tests.factories import staff

    hidden = staff(schools["boras"], Staffing.Role.TEACHER, first_name="", last_name="",
                   email="dold.larare@example.se", show_email_to_colleagues=False)
    shown = staff(schools["boras"], Staffing.Role.TEACHER, first_name="", last_name="",
                  email="synlig.larare@example.se", show_email_to_colleagues=True)
    named = staff(schools["boras"], Staffing.Role.TEACHER, first_name="Ida", last_name="Ek",
                  email="ida.ek@example.se", show_email_to_colleagues=False)
    client.force_login(head_boras)
    page = client.get(reverse("courses:create")).content.decode()
    assert "dold.larare@example.se" not in page
    assert f"Medlem utan namn (nr {hidden.pk})" in page
    assert "synlig.larare@example.se" in page
    assert "Ida Ek" in page and "ida.ek@example.se" not in page
    assert shown.pk and named.pk
