"""The stored seats left (Course.seats_left) equal the computed ones after every service
that changes seats: applying, every decision and answer, withdrawing, the offer sweep,
capacity edits (portal, admin, bulk), deleting an application and deleting an account."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from courses import privacy, services
from courses.models import Application, Course, computed_seats_left
from tests.clock import born_years_ago, today
from tests.courses.conftest import make_application, make_course
from tests.factories import ChildFactory

pytestmark = pytest.mark.django_db
S = Application.Status


def stored_and_computed():
    """{course title: (stored, computed)} for every course."""
    return {title: (stored, computed) for title, stored, computed in
            Course.objects.annotate(computed=computed_seats_left())
            .values_list("title", "seats_left", "computed")}


def assert_in_step(**expected):
    rows = stored_and_computed()
    assert all(stored == computed for stored, computed in rows.values()), rows
    for title, left in expected.items():
        assert rows[title][0] == left, (title, rows[title])


@pytest.fixture
def cello(schools):
    course = make_course(schools["boras"], title="Cello", capacity=2)
    make_course(schools["boras"], title="Other")  # must stay as it is
    return course


def apply(course):
    child = ChildFactory(home_municipality=course.school.municipality,
                         birth_year=born_years_ago(12))
    return services.apply_for(course, child.guardian, child=child)


def test_a_new_course_starts_with_its_capacity(cello):
    assert_in_step(Cello=2, Other=2)


def test_applying_and_the_waiting_list(cello):
    first, second = apply(cello), apply(cello)
    assert_in_step(Cello=0, Other=2)
    third = apply(cello)
    assert third.status == S.WAITING
    assert_in_step(Cello=0)
    assert (first.status, second.status) == (S.SUBMITTED, S.SUBMITTED)


def test_every_decision_and_answer(cello):
    first, second, waiting = apply(cello), apply(cello), apply(cello)
    services.offer(first.pk)
    assert_in_step(Cello=0)
    services.accept_offer(first.pk)
    assert_in_step(Cello=0)
    services.decline(second.pk, "Inte denna termin.")  # the waiting one gets an offer
    assert Application.objects.get(pk=waiting.pk).status == S.OFFERED
    assert_in_step(Cello=0)
    services.decline_offer(waiting.pk)
    assert_in_step(Cello=1)
    services.withdraw(first.pk)
    assert_in_step(Cello=2)


def test_the_offer_sweep(cello):
    late = make_application(cello, status=S.OFFERED)
    Application.objects.filter(pk=late.pk).update(reply_by=today() - datetime.timedelta(days=1))
    make_application(cello, status=S.ACCEPTED)
    assert_in_step(Cello=0)
    assert services.expire_offers() == [late.pk]
    assert_in_step(Cello=1)


def test_the_sweep_passes_the_seat_on(cello):
    late = make_application(cello, status=S.OFFERED)
    Application.objects.filter(pk=late.pk).update(reply_by=today() - datetime.timedelta(days=1))
    make_application(cello, status=S.ACCEPTED)
    make_application(cello, status=S.WAITING)
    services.expire_offers()
    assert_in_step(Cello=0)


def test_capacity_edits_in_the_portal_and_the_waiting_list(cello):
    apply(cello), apply(cello), apply(cello)
    cello.capacity = 5
    services.save_course(cello, cello.open_to.all())
    assert cello.seats_left == 2
    assert_in_step(Cello=2)
    cello.capacity = 3
    services.save_course(cello, cello.open_to.all())
    assert_in_step(Cello=0)


def test_a_bulk_capacity_change(cello):
    apply(cello)
    Course.objects.filter(title="Cello").update(capacity=7)
    assert_in_step(Cello=6, Other=2)


def test_an_edit_of_a_course_read_before_an_application_keeps_the_new_count(cello):
    stale = Course.objects.get(pk=cello.pk)
    apply(cello)
    stale.title = "Cello för alla"
    stale.save()
    assert_in_step(**{"Cello för alla": 1})


def test_admin_capacity_edit_and_deletion(cello, coordinator):
    from tests.courses.test_public_cache import admin_save

    application = apply(cello)
    admin = Client()
    admin.force_login(coordinator)
    admin_save(admin, cello, capacity="4")
    assert_in_step(Cello=3)
    admin.post(reverse("admin:courses_application_changelist"), {
        "action": "delete_applications", "_selected_action": [application.pk], "post": "yes"})
    assert not Application.objects.filter(pk=application.pk).exists()
    assert_in_step(Cello=4)


def test_deleting_an_account_frees_the_seat(cello):
    application = apply(cello)
    assert_in_step(Cello=1)
    privacy.before_delete_user(application.applicant)
    assert_in_step(Cello=2)


def test_the_catalogue_sorts_and_filters_on_the_stored_seats(client, schools):
    full = make_course(schools["boras"], title="Full", capacity=1)
    make_course(schools["boras"], title="Roomy", capacity=9)
    make_course(schools["boras"], title="Small", capacity=3)
    apply(full)
    html = client.get(reverse("courses:catalogue"), {"sortera": "lediga"}).content.decode()
    assert html.index(">Roomy<") < html.index(">Small<") < html.index(">Full<")
    html = client.get(reverse("courses:catalogue"), {"lediga": "on"}).content.decode()
    assert ">Roomy<" in html and ">Full<" not in html
