"""Demo data loads twice without change; the admin pages answer for the coordinator."""

import pytest
from django.urls import reverse

from courses.models import Agreement, Application, Course, Wish
from tests.courses.conftest import make_agreement, make_application, make_course

pytestmark = pytest.mark.django_db


def load_all_demo():
    import accounts.demo
    import courses.demo

    accounts.demo.load()
    courses.demo.load()


def test_demo_data_has_applications_in_every_state_and_is_idempotent(schools):
    load_all_demo()
    counts = (Agreement.objects.count(), Course.objects.count(), Application.objects.count(),
              Wish.objects.count())
    load_all_demo()
    assert counts == (Agreement.objects.count(), Course.objects.count(),
                      Application.objects.count(), Wish.objects.count())
    assert set(Application.objects.values_list("status", flat=True)) == set(
        Application.Status.values)
    assert Course.objects.filter(status=Course.Status.DRAFT).exists()
    harp = Course.objects.get(title="Harpa för nybörjare")
    assert {"Tranemo", "Mark"} <= set(harp.open_to.values_list("name", flat=True))
    for course in Course.objects.with_seat_counts():
        assert course.seats_taken <= course.capacity


def test_admin_pages_answer_for_the_coordinator(client, coordinator, schools, municipalities):
    course = make_course(schools["boras"])
    objects = {
        "agreement": make_agreement(schools["boras"], municipalities["Mark"]),
        "course": course,
        "application": make_application(course),
        "wish": Wish.objects.create(subject=course.subject, age=9,
                                    home_municipality=municipalities["Mark"]),
    }
    client.force_login(coordinator)
    for name, obj in objects.items():
        for url in (reverse(f"admin:courses_{name}_changelist"),
                    reverse(f"admin:courses_{name}_change", args=[obj.pk])):
            assert client.get(url).status_code == 200, url
        # Applications come from families in the portal, not from admin.
        expected = 403 if name == "application" else 200
        assert client.get(reverse(f"admin:courses_{name}_add")).status_code == expected
