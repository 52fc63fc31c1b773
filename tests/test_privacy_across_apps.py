"""People's own data across the apps: the download, account deletion that keeps the
settlement right and moves waiting lists up, and the retention job."""

import datetime
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import Child, User
from courses.models import Application
from courses.services import settlement
from events.models import Event, Kind, Registration
from sjuharad.tasks import apply_retention
from tests.clock import born_years_ago
from tests.courses.conftest import make_agreement, make_application, make_course
from tests.events.conftest import make_event
from tests.factories import PASSWORD, ChildFactory, UserFactory


@pytest.fixture
def demo(schools):
    call_command("load_demo_data", stdout=open("/dev/null", "w"))


@pytest.mark.django_db
def test_the_download_covers_every_app(client, demo):
    guardian = User.objects.get(email="vardnadshavare@demo.example")
    client.force_login(guardian)
    data = json.loads(client.get(reverse("accounts:my_data_download")).content)
    assert {"accounts", "networks", "courses", "events"} <= set(data)
    assert {c["first_name"] for c in data["accounts"]["children"]} == {"Alva", "Elis"}
    assert data["courses"]["applications"]
    teacher = User.objects.get(email="larare.boras@demo.example")
    client.force_login(teacher)
    data = json.loads(client.get(reverse("accounts:my_data_download")).content)
    assert any("Gitarr" in m["network"] for m in data["networks"]["memberships"])


@pytest.mark.django_db
def test_deleting_an_account_keeps_the_settlement_counts(client, schools, municipalities):
    make_agreement(schools["boras"], municipalities["Mark"], compensation=3500)
    last_term = timezone.localdate() - datetime.timedelta(days=200)
    course = make_course(schools["boras"], open_to=[municipalities["Mark"]],
                         term_start=last_term, term_end=last_term + datetime.timedelta(days=100),
                         application_deadline=last_term - datetime.timedelta(days=10))
    guardian = UserFactory()
    child = ChildFactory(guardian=guardian, home_municipality=municipalities["Mark"],
                         birth_year=born_years_ago(12))
    make_application(course, child=child, status=Application.Status.ACCEPTED)
    before = [(r.school.name, r.municipality.name, r.pupils, r.amount)
              for r in settlement(course.term, Application.objects.all())]

    client.force_login(guardian)
    client.post(reverse("accounts:my_data"), {"password": PASSWORD, "confirm": "on"})

    assert not User.objects.filter(pk=guardian.pk).exists()
    assert not Child.objects.filter(pk=child.pk).exists()
    application = Application.objects.get()
    assert application.child is None and application.applicant is None
    after = [(r.school.name, r.municipality.name, r.pupils, r.amount)
             for r in settlement(course.term, Application.objects.all())]
    assert after == before == [("Kulturskolan i Borås", "Mark", 1, 3500)]


@pytest.mark.django_db
def test_deleting_an_account_gives_its_places_to_the_waiting_list(client, schools,
                                                                  django_capture_on_commit_callbacks):
    concert = make_event([schools["boras"]], title="Julkonsert", kind=Kind.CONCERT,
                         audience=Event.Audience.PUBLIC, registration_required=True, capacity=1)
    leaving, waiting = UserFactory(), UserFactory()
    Registration.objects.create(event=concert, user=leaving)
    Registration.objects.create(event=concert, user=waiting, status=Registration.Status.WAITING)
    client.force_login(leaving)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:my_data"), {"password": PASSWORD, "confirm": "on"})
    assert Registration.objects.get(user=waiting).status == Registration.Status.REGISTERED


@pytest.mark.django_db
def test_the_retention_job_anonymises_old_applications(schools, municipalities, settings):
    settings.RETENTION_DAYS_AFTER_TERM = 365
    today = timezone.localdate()
    old = make_course(schools["boras"], title="Gammal kurs",
                      term_start=today - datetime.timedelta(days=600),
                      term_end=today - datetime.timedelta(days=500),
                      application_deadline=today - datetime.timedelta(days=610))
    recent = make_course(schools["boras"], title="Ny kurs")
    old_application = make_application(old, status=Application.Status.DECLINED)
    Application.objects.filter(pk=old_application.pk).update(decline_reason="Sixten var för ung")
    recent_application = make_application(recent)

    assert apply_retention() >= 1

    old_application.refresh_from_db()
    recent_application.refresh_from_db()
    assert old_application.child is None and old_application.applicant is None
    assert old_application.decline_reason == ""
    assert old_application.birth_year and old_application.home_municipality  # counts stay
    assert recent_application.child is not None
    # The beat schedule runs it daily.
    from django.conf import settings as django_settings

    assert django_settings.CELERY_BEAT_SCHEDULE["retention"]["task"] == (
        "sjuharad.tasks.apply_retention")
