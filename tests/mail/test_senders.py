"""Every sender of mail writes one outbox row per recipient in its own transaction and
publishes a send task only when that transaction commits (core/mail_outbox.py)."""

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse

from accounts import services as account_services
from accounts.models import Invitation, Staffing
from core.models import OutgoingMail
from courses import services as course_services
from events import services as event_services
from networks import services as network_services
from networks.models import Membership
from sjuharad import services as site_services
from sjuharad.models import AccessibilityReport
from tests.accounts.test_signup_and_login import signup_data
from tests.courses.conftest import make_application
from tests.factories import UserFactory, staff
from tests.smtp_sink import free_port

pytestmark = pytest.mark.django_db


def assert_queued_on_commit_only(callbacks, published, rows):
    assert rows, "no outbox rows were written"
    assert published == []  # nothing reaches the broker before the commit
    for callback in callbacks:
        callback()
    # Tasks carry no row ids (a task sends whatever is due): at most one per row.
    assert 1 <= len(published) <= len(rows)
    assert mail.outbox == []  # the worker sends, not the request


def rows_to(*addresses):
    rows = list(OutgoingMail.objects.filter(to__in=addresses))
    assert sorted(row.to for row in rows) == sorted(addresses)  # exactly one each
    return rows


def test_an_invitation_is_one_row(head_boras, schools, published,
                                  django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        account_services.invite(Invitation(email="ny@example.se", school=schools["boras"],
                                           role=Staffing.Role.TEACHER), head_boras)
    [row] = rows_to("ny@example.se")
    assert row.template == "invitation" and "/konto/inbjudan/" in row.body_text
    assert_queued_on_commit_only(callbacks, published, [row])


def test_a_new_application_mails_the_family_and_each_head(
        harp_boras, schools, head_boras, child_mark, guardian_mark, published,
        django_capture_on_commit_callbacks):
    second_head = staff(schools["boras"], Staffing.Role.HEAD, email="chef2.boras@example.se")
    with django_capture_on_commit_callbacks() as callbacks:
        course_services.apply_for(harp_boras, guardian_mark, child=child_mark)
    [family] = rows_to(guardian_mark.email)
    heads = rows_to(head_boras.email, second_head.email)
    assert family.template == "application_received"
    assert {row.template for row in heads} == {"application_head_notice"}
    assert_queued_on_commit_only(callbacks, published, [family, *heads])


def test_a_decision_mails_the_applicant(harp_boras, published,
                                        django_capture_on_commit_callbacks):
    application = make_application(harp_boras)
    with django_capture_on_commit_callbacks() as callbacks:
        course_services.offer(application.pk)
    [row] = rows_to(application.applicant.email)
    assert row.template == "application_offered"
    assert_queued_on_commit_only(callbacks, published, [row])


def test_a_refused_change_leaves_no_mail(harp_boras, published,
                                         django_capture_on_commit_callbacks):
    application = make_application(harp_boras)
    course_services.offer(application.pk)
    OutgoingMail.objects.all().delete()
    with django_capture_on_commit_callbacks() as callbacks:
        with pytest.raises(course_services.ApplicationError):
            course_services.offer(application.pk)  # already offered
    assert not OutgoingMail.objects.exists()
    for callback in callbacks:
        callback()
    assert published == []


def test_a_rolled_back_change_leaves_no_row_and_no_task(head_boras, schools, published,
                                                        django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            account_services.invite(Invitation(email="ny@example.se", school=schools["boras"],
                                               role=Staffing.Role.TEACHER), head_boras)
            raise RuntimeError("the request failed after the invitation was saved")
    assert not OutgoingMail.objects.exists()
    assert callbacks == [] and published == []


def test_an_accessibility_report_mails_each_coordinator(coordinator, published,
                                                        django_capture_on_commit_callbacks):
    other = UserFactory(email="samordnare2@example.se", account_type=coordinator.account_type)
    with django_capture_on_commit_callbacks() as callbacks:
        site_services.report_accessibility_problem(
            AccessibilityReport(page_url="/kurser/", description="Knappen saknar namn."))
    rows = rows_to(coordinator.email, other.email)
    assert all("Knappen saknar namn." in row.body_text for row in rows)
    assert_queued_on_commit_only(callbacks, published, rows)


def test_a_post_mails_each_member_who_opted_in(guitar, convenor, member, other_staff,
                                               published, django_capture_on_commit_callbacks):
    Membership.objects.filter(user=member).update(notify_posts=True)
    Membership.objects.create(network=guitar, user=other_staff, notify_posts=True)
    with django_capture_on_commit_callbacks() as callbacks:
        network_services.start_thread(guitar, convenor, "Speldagen", "Vilka stycken?")
    rows = rows_to(member.email, other_staff.email)
    assert_queued_on_commit_only(callbacks, published, rows)


def test_a_place_coming_free_mails_the_one_moved_up(concert, pupil, guardian_mark, outsider,
                                                    published,
                                                    django_capture_on_commit_callbacks):
    for person in (pupil, guardian_mark, outsider):
        event_services.register(concert, person)
    with django_capture_on_commit_callbacks() as callbacks:
        event_services.cancel_registration(concert, pupil)
    [row] = rows_to(outsider.email)
    assert row.subject == "[Kulturskoleportalen] Du har fått en plats: Vårkonsert"
    assert_queued_on_commit_only(callbacks, published, [row])


def test_thread_reply_mail_marks_it_as_a_reply(guitar, convenor, member, published):
    Membership.objects.filter(user=member).update(notify_posts=True)
    thread = network_services.start_thread(guitar, member, "T", "Första")
    network_services.reply(thread, convenor, "Svar")
    [row] = rows_to(member.email)
    assert "Nytt svar i Gitarrnätverket: T" in row.subject


def test_signing_up_while_the_mail_server_is_down_is_no_error(
        client, schools, published, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nothing listens
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(reverse("account_signup"), signup_data())
    assert response.status_code == 302  # allauth's mail goes through the outbox too
    [row] = rows_to("greta@example.se")
    assert row.template == "email_confirmation_signup" and "confirm-email" in row.body_text
    assert_queued_on_commit_only(callbacks, published, [row])
