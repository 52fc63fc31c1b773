"""An offered place has a reply date; the sweep passes unanswered offers on, once."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from core import formats
from courses import services
from courses.models import Application
from tests.clock import today
from tests.courses.conftest import make_application

pytestmark = pytest.mark.django_db
S = Application.Status


def offered(course, days_left=-1, child=None):
    application = make_application(course, child, status=S.OFFERED)
    application.reply_by = today() + datetime.timedelta(days=days_left)
    application.save(update_fields=["reply_by"])
    return application


def test_an_offer_gets_the_default_reply_date(client, harp_boras, head_boras, child_mark):
    application = make_application(harp_boras, child_mark)
    client.force_login(head_boras)
    client.post(reverse("courses:decide", args=[application.pk]), {"action": "offer"})
    application.refresh_from_db()
    assert application.status == S.OFFERED
    assert application.reply_by == today() + datetime.timedelta(days=14)


def test_the_head_sets_another_reply_date(client, harp_boras, head_boras, child_mark,
                                          django_capture_on_commit_callbacks):
    application = make_application(harp_boras, child_mark)
    day = today() + datetime.timedelta(days=5)
    client.force_login(head_boras)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("courses:decide", args=[application.pk]),
                    {"action": "offer", "reply_by": day.isoformat()})
    application.refresh_from_db()
    assert application.reply_by == day
    assert f"Svara senast {formats.date(day)}" in mail.outbox[0].body


@pytest.mark.parametrize("value", ["2001-01-01", "3000-01-01", "i morgon"])
def test_a_bad_reply_date_is_refused_on_the_form_with_the_input_kept(
        client, harp_boras, head_boras, child_mark, value):
    application = make_application(harp_boras, child_mark)
    client.force_login(head_boras)
    response = client.post(reverse("courses:decide", args=[application.pk]),
                           {"action": "offer", "reply_by": value})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Välj ett datum från i dag" in page or "Fyll i ett giltigt datum" in page
    assert value in page
    application.refresh_from_db()
    assert application.status == S.SUBMITTED


def test_an_outsider_cannot_offer(client, harp_boras, head_tranemo, child_mark):
    application = make_application(harp_boras, child_mark)
    client.force_login(head_tranemo)
    response = client.post(reverse("courses:decide", args=[application.pk]),
                           {"action": "offer"})
    assert response.status_code == 404


def test_the_sweep_expires_the_offer_and_offers_the_seat_to_the_next(
        harp_boras, head_boras, child_mark, django_capture_on_commit_callbacks):
    late = offered(harp_boras, child=child_mark)
    make_application(harp_boras, status=S.ACCEPTED)
    first = make_application(harp_boras, status=S.WAITING)
    second = make_application(harp_boras, status=S.WAITING)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.expire_offers() == [late.pk]
    statuses = dict(Application.objects.values_list("pk", "status"))
    assert statuses[late.pk] == S.OFFER_EXPIRED
    assert statuses[first.pk] == S.OFFERED
    assert statuses[second.pk] == S.WAITING
    first.refresh_from_db()
    assert first.reply_by == today() + datetime.timedelta(days=14)
    by_recipient = {(m.to[0], m.subject) for m in mail.outbox}
    assert any(to == child_mark.guardian.email and "gått ut" in subject
               for to, subject in by_recipient)
    assert any(to == first.applicant.email and "ledig" in subject
               for to, subject in by_recipient)
    assert {to for to, _s in by_recipient if to == head_boras.email}
    assert len(mail.outbox) == 4  # guardian, next family, two head notices


def test_the_sweep_twice_does_nothing_the_second_time(
        harp_boras, django_capture_on_commit_callbacks):
    offered(harp_boras)
    make_application(harp_boras, status=S.WAITING)
    with django_capture_on_commit_callbacks(execute=True):
        assert len(services.expire_offers()) == 1
        assert services.expire_offers() == []
    assert len(mail.outbox) == 2  # the expired family and the promoted one (no heads)


def test_an_offer_on_its_reply_date_is_not_expired(harp_boras):
    application = offered(harp_boras, days_left=0)
    assert services.expire_offers() == []
    application.refresh_from_db()
    assert application.status == S.OFFERED


def test_a_family_cannot_accept_after_the_reply_date(client, harp_boras, child_mark):
    application = offered(harp_boras, child=child_mark)
    client.force_login(child_mark.guardian)
    response = client.post(reverse("courses:respond", args=[application.pk]),
                           {"action": "accept"}, follow=True)
    assert "Svarstiden för erbjudandet gick ut" in response.content.decode()
    application.refresh_from_db()
    assert application.status == S.OFFERED


def test_my_applications_shows_the_reply_date(client, harp_boras, child_mark):
    application = offered(harp_boras, days_left=3, child=child_mark)
    client.force_login(child_mark.guardian)
    page = client.get(reverse("courses:my_applications")).content.decode()
    assert f"Svara senast {formats.date(application.reply_by)}" in page
    assert application.reply_by.isoformat() not in page.replace(
        f'datetime="{application.reply_by.isoformat()}', "")


def test_the_expired_offer_mail_speaks_of_the_waiting_list_only_when_there_is_one(
        harp_boras, django_capture_on_commit_callbacks):
    offered(harp_boras)
    with django_capture_on_commit_callbacks(execute=True):
        assert len(services.expire_offers()) == 1
    [expired] = [m for m in mail.outbox if "gått ut" in m.subject]
    assert "har gått ut" in expired.body
    assert "väntelistan" not in expired.body
    assert "väntelistan" not in expired.alternatives[0][0]

    mail.outbox.clear()
    offered(harp_boras)
    make_application(harp_boras, status=S.WAITING)
    with django_capture_on_commit_callbacks(execute=True):
        services.expire_offers()
    [expired] = [m for m in mail.outbox if "gått ut" in m.subject]
    assert "Platsen går vidare till nästa på väntelistan." in expired.body


def test_tacka_ja_is_not_offered_after_the_reply_date(client, harp_boras, child_mark):
    """Before the sweep has run, the page explains instead of offering what the service
    refuses."""
    application = offered(harp_boras, days_left=-1, child=child_mark)
    client.force_login(child_mark.guardian)
    page = client.get(reverse("courses:my_applications")).content.decode()
    assert "Tacka ja" not in page
    assert f"Svarstiden gick ut {formats.date(application.reply_by)}" in page
    response = client.post(reverse("courses:respond", args=[application.pk]),
                           {"action": "accept"}, follow=True)
    assert "Svarstiden för erbjudandet gick ut" in response.content.decode()
    application.refresh_from_db()
    assert application.status == S.OFFERED


def test_tacka_ja_is_offered_on_the_reply_date(client, harp_boras, child_mark):
    offered(harp_boras, days_left=0, child=child_mark)
    client.force_login(child_mark.guardian)
    assert "Tacka ja" in client.get(reverse("courses:my_applications")).content.decode()
