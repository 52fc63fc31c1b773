"""Export, account deletion, child erasure and retention keep counts but drop the person."""

import datetime

import pytest
from django.utils import timezone

from core import privacy
from courses import privacy as courses_privacy
from courses.models import Application, Wish
from tests.clock import born_years_ago
from tests.courses.conftest import make_application

pytestmark = pytest.mark.django_db
S = Application.Status


def test_export_holds_my_applications_and_wishes(harp_boras, guardian_mark, child_mark, mark):
    make_application(harp_boras, child_mark, status=S.WAITING)
    make_application(harp_boras)  # someone else's
    Wish.objects.create(user=guardian_mark, subject=harp_boras.subject, age=9,
                        home_municipality=mark)
    data = privacy.export_user_data(guardian_mark)["courses"]
    assert [(a["course"], a["pupil"], a["status"]) for a in data["applications"]] == [
        ("Harpa för nybörjare", child_mark.name, "waiting")]
    assert data["wishes"][0]["subject"] == "Harpa"


def test_erasing_a_child_frees_the_seat_and_keeps_finished_terms(harp_boras, child_mark,
                                                                 schools):
    placed = make_application(harp_boras, child_mark, status=S.ACCEPTED)
    make_application(harp_boras, status=S.ACCEPTED)
    waiting = make_application(harp_boras, status=S.WAITING)
    privacy.erase_child(child_mark)
    placed.refresh_from_db()
    waiting.refresh_from_db()
    assert (placed.status, placed.child) == (S.WITHDRAWN, None)
    assert placed.home_municipality.name == "Mark" and placed.birth_year == born_years_ago(12)
    assert waiting.status == S.OFFERED


def test_erasing_a_child_keeps_a_finished_term_for_settlement(harp_boras, child_mark):
    harp_boras.term_start = timezone.localdate() - datetime.timedelta(days=200)
    harp_boras.term_end = timezone.localdate() - datetime.timedelta(days=30)
    harp_boras.save()
    placed = make_application(harp_boras, child_mark, status=S.ACCEPTED)
    privacy.erase_child(child_mark)
    placed.refresh_from_db()
    assert (placed.status, placed.child) == (S.ACCEPTED, None)


def test_deleting_an_account_withdraws_its_running_applications(harp_boras, guardian_mark,
                                                                child_mark):
    application = make_application(harp_boras, child_mark, status=S.OFFERED)
    privacy.delete_user(guardian_mark)
    application.refresh_from_db()
    assert (application.status, application.child, application.applicant) == (
        S.WITHDRAWN, None, None)


def test_retention_drops_names_after_the_term_but_keeps_counts(harp_boras, child_mark,
                                                               settings):
    settings.RETENTION_DAYS_AFTER_TERM = 30
    application = make_application(harp_boras, child_mark, status=S.ACCEPTED)
    later = datetime.datetime.combine(harp_boras.term_end + datetime.timedelta(days=31),
                                      datetime.time(12), tzinfo=datetime.UTC)
    assert courses_privacy.apply_retention(later - datetime.timedelta(days=2)) == 0
    assert courses_privacy.apply_retention(later) == 1
    application.refresh_from_db()
    assert (application.status, application.child, application.applicant) == (
        S.ACCEPTED, None, None)
