"""In admin, statuses are read-only; the coordinator changes them with actions that go
through the services (course lock, waiting list, mails)."""

import pytest
from django.core import mail
from django.urls import reverse

from courses.models import Application, Course
from tests.courses.conftest import make_application, make_course

pytestmark = pytest.mark.django_db
S = Application.Status
CHANGELIST = "admin:courses_application_changelist"


def act(client, action, applications, **extra):
    return client.post(reverse(CHANGELIST), {
        "action": action, "_selected_action": [a.pk for a in applications], **extra},
        follow=True)


def status_of(application):
    application.refresh_from_db()
    return application.status


def test_the_status_cannot_be_edited_on_the_change_page(client, coordinator, harp_boras):
    application = make_application(harp_boras)
    client.force_login(coordinator)
    url = reverse("admin:courses_application_change", args=[application.pk])
    page = client.get(url).content.decode()
    assert 'name="status"' not in page and 'name="course"' not in page
    client.post(url, {"child": application.child_id, "applicant": application.applicant_id,
                      "birth_year": application.birth_year,
                      "home_municipality": application.home_municipality_id,
                      "status": S.ACCEPTED})
    assert status_of(application) == S.SUBMITTED


def test_offering_through_admin_keeps_the_capacity_and_mails(
        client, coordinator, harp_boras, django_capture_on_commit_callbacks):
    applications = [make_application(harp_boras) for _ in range(3)]  # two seats
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = act(client, "offer_places", applications)
    page = response.content.decode()
    assert [status_of(a) for a in applications] == [S.OFFERED, S.OFFERED, S.SUBMITTED]
    assert "2 ansökningar ändrades." in page
    assert "Kursen är full: alla platser är erbjudna." in page
    assert len(mail.outbox) == 2


def test_declining_asks_for_the_reason_then_sends_it(
        client, coordinator, harp_boras, django_capture_on_commit_callbacks):
    declined = make_application(harp_boras, status=S.OFFERED)
    make_application(harp_boras, status=S.ACCEPTED)
    waiting = make_application(harp_boras, status=S.WAITING)
    client.force_login(coordinator)
    page = act(client, "decline_applications", [declined]).content.decode()
    assert "Motivering" in page and status_of(declined) == S.OFFERED
    page = act(client, "decline_applications", [declined], decline="1").content.decode()
    assert "Detta fält måste fyllas i." in page and status_of(declined) == S.OFFERED
    with django_capture_on_commit_callbacks(execute=True):
        act(client, "decline_applications", [declined], decline="1",
            reason="Kursen byter lokal.")
    declined.refresh_from_db()
    assert (declined.status, declined.decline_reason) == (S.DECLINED, "Kursen byter lokal.")
    assert status_of(waiting) == S.OFFERED  # the freed seat moved on
    assert any("Kursen byter lokal." in m.body for m in mail.outbox)


def test_withdrawing_and_deleting_move_the_waiting_list(client, coordinator, harp_boras):
    accepted = [make_application(harp_boras, status=S.ACCEPTED) for _ in range(2)]
    first, second = (make_application(harp_boras, status=S.WAITING) for _ in range(2))
    client.force_login(coordinator)
    act(client, "withdraw_applications", [accepted[0]])
    assert (status_of(accepted[0]), status_of(first)) == (S.WITHDRAWN, S.OFFERED)
    act(client, "delete_applications", [accepted[1]])
    assert not Application.objects.filter(pk=accepted[1].pk).exists()
    assert status_of(second) == S.OFFERED


def test_deleting_one_application_on_its_page_moves_the_waiting_list(client, coordinator,
                                                                      harp_boras):
    offered = make_application(harp_boras, status=S.OFFERED)
    make_application(harp_boras, status=S.ACCEPTED)
    waiting = make_application(harp_boras, status=S.WAITING)
    client.force_login(coordinator)
    client.post(reverse("admin:courses_application_delete", args=[offered.pk]), {"post": "yes"})
    assert status_of(waiting) == S.OFFERED


def test_course_status_changes_only_through_actions(client, coordinator, schools):
    course = make_course(schools["boras"], status=Course.Status.DRAFT)
    client.force_login(coordinator)
    page = client.get(reverse("admin:courses_course_change", args=[course.pk])).content.decode()
    assert 'name="status"' not in page
    client.post(reverse("admin:courses_course_changelist"),
                {"action": "publish", "_selected_action": [course.pk]})
    course.refresh_from_db()
    assert course.status == Course.Status.PUBLISHED


def course_form(course, **changes):
    return {
        "school": course.school_id, "subject": course.subject_id, "title": course.title,
        "description": course.description, "level": course.level, "min_age": course.min_age,
        "max_age": course.max_age, "format": course.format, "place": course.place,
        "weekday": course.weekday, "start_time": "17:00", "end_time": "18:00",
        "term_start": course.term_start.isoformat(), "term_end": course.term_end.isoformat(),
        "capacity": course.capacity,
        "application_deadline": course.application_deadline.isoformat(),
        "own_fee": course.own_fee, "open_to": [m.pk for m in course.open_to.all()],
        # The co-organisers' inline (none here).
        "cost_shares-TOTAL_FORMS": 0, "cost_shares-INITIAL_FORMS": 0,
        **changes,
    }


def test_admin_capacity_is_checked_and_raising_it_promotes(client, coordinator, harp_boras):
    make_application(harp_boras, status=S.ACCEPTED)
    make_application(harp_boras, status=S.OFFERED)
    waiting = make_application(harp_boras, status=S.WAITING)
    client.force_login(coordinator)
    url = reverse("admin:courses_course_change", args=[harp_boras.pk])
    response = client.post(url, course_form(harp_boras, capacity=1))
    assert "Minst 2: så många platser är redan erbjudna eller antagna." in (
        response.content.decode())
    assert status_of(waiting) == S.WAITING
    response = client.post(url, course_form(harp_boras, capacity=3))
    assert response.status_code == 302
    harp_boras.refresh_from_db()
    assert harp_boras.capacity == 3
    assert status_of(waiting) == S.OFFERED
