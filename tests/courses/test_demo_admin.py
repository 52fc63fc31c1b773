"""Demo data loads twice without change (admin pages: tests/test_admin.py)."""

import pytest
from django.urls import reverse

from courses.models import Agreement, Application, Course, Wish

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


def test_application_admin_refuses_adding(client, coordinator, schools):
    """Applications come from families in the portal, not from admin."""
    client.force_login(coordinator)
    assert client.get(reverse("admin:courses_application_add")).status_code == 403
