"""Heads offer and decline; guardians accept, decline and withdraw; the waiting list moves."""

import pytest
from django.core import mail
from django.urls import reverse

from core.models import OutgoingMail
from courses.mails import mail_applicant
from courses.models import Application
from tests.clock import born_years_ago
from tests.courses.conftest import make_application
from tests.factories import ChildFactory

pytestmark = pytest.mark.django_db
S = Application.Status


def decide(client, application, **data):
    return client.post(reverse("courses:decide", args=[application.pk]), data)


def respond(client, application, action):
    return client.post(reverse("courses:respond", args=[application.pk]), {"action": action})


def refreshed(application):
    application.refresh_from_db()
    return application.status


def test_head_offers_a_place(client, harp_boras, head_boras, child_mark,
                             django_capture_on_commit_callbacks):
    application = make_application(harp_boras, child_mark)
    client.force_login(head_boras)
    with django_capture_on_commit_callbacks(execute=True):
        response = decide(client, application, action="offer")
    assert response.status_code == 302
    assert refreshed(application) == S.OFFERED
    assert "Erbjudande om plats" in mail.outbox[0].subject
    assert mail.outbox[0].to == [child_mark.guardian.email]


def test_head_cannot_offer_more_places_than_the_capacity(client, harp_boras, head_boras):
    make_application(harp_boras, status=S.ACCEPTED)
    make_application(harp_boras, status=S.OFFERED)
    waiting = make_application(harp_boras, status=S.WAITING)
    client.force_login(head_boras)
    response = decide(client, waiting, action="offer")
    assert response.status_code == 302
    assert refreshed(waiting) == S.WAITING
    page = client.get(response.url).content.decode()
    assert "Kursen är full" in page


def test_head_declines_with_a_reason_and_the_first_waiting_moves_up(
        client, harp_boras, head_boras, django_capture_on_commit_callbacks):
    declined = make_application(harp_boras, status=S.SUBMITTED)
    make_application(harp_boras, status=S.ACCEPTED)
    first = make_application(harp_boras, status=S.WAITING)
    second = make_application(harp_boras, status=S.WAITING)
    client.force_login(head_boras)
    with django_capture_on_commit_callbacks(execute=True):
        decide(client, declined, action="decline", reason="Instrumenten räcker inte.")
    assert refreshed(declined) == S.DECLINED
    assert declined.decline_reason == "Instrumenten räcker inte."
    assert refreshed(first) == S.OFFERED
    assert refreshed(second) == S.WAITING
    subjects = sorted(m.subject for m in mail.outbox)
    assert any("Besked om ansökan" in s for s in subjects)
    assert any("En plats har blivit ledig" in s for s in subjects)
    assert "Instrumenten räcker inte." in next(
        m.body for m in mail.outbox if "Besked" in m.subject)


def test_decline_without_reason_shows_an_error(client, harp_boras, head_boras):
    application = make_application(harp_boras)
    client.force_login(head_boras)
    response = decide(client, application, action="decline", reason="")
    assert response.status_code == 200
    assert "Detta fält måste fyllas i." in response.content.decode()
    assert refreshed(application) == S.SUBMITTED


def test_guardian_accepts_an_offer(client, harp_boras, guardian_mark, child_mark,
                                   django_capture_on_commit_callbacks):
    application = make_application(harp_boras, child_mark, status=S.OFFERED)
    client.force_login(guardian_mark)
    with django_capture_on_commit_callbacks(execute=True):
        respond(client, application, "accept")
    assert refreshed(application) == S.ACCEPTED
    assert "Platsen på" in mail.outbox[0].subject


def test_guardian_declining_an_offer_moves_the_waiting_list(client, harp_boras, guardian_mark,
                                                            child_mark):
    application = make_application(harp_boras, child_mark, status=S.OFFERED)
    make_application(harp_boras, status=S.ACCEPTED)
    waiting = make_application(harp_boras, status=S.WAITING)
    client.force_login(guardian_mark)
    respond(client, application, "decline")
    assert refreshed(application) == S.OFFER_DECLINED
    assert refreshed(waiting) == S.OFFERED


def test_withdrawing_from_the_waiting_list_frees_no_seat(client, harp_boras, guardian_mark,
                                                         child_mark):
    make_application(harp_boras, status=S.ACCEPTED)
    make_application(harp_boras, status=S.ACCEPTED)
    application = make_application(harp_boras, child_mark, status=S.WAITING)
    behind = make_application(harp_boras, status=S.WAITING)
    client.force_login(guardian_mark)
    respond(client, application, "withdraw")
    assert refreshed(application) == S.WITHDRAWN
    assert refreshed(behind) == S.WAITING
    page = client.get(reverse("courses:my_applications")).content.decode()
    assert "Återtagen" in page


def test_withdrawing_an_accepted_place_offers_it_to_the_first_waiting(
        client, harp_boras, guardian_mark, child_mark):
    application = make_application(harp_boras, child_mark, status=S.ACCEPTED)
    make_application(harp_boras, status=S.ACCEPTED)
    waiting = make_application(harp_boras, status=S.WAITING)
    client.force_login(guardian_mark)
    respond(client, application, "withdraw")
    assert refreshed(waiting) == S.OFFERED


def test_accepting_twice_says_it_already_changed(client, harp_boras, guardian_mark, child_mark):
    application = make_application(harp_boras, child_mark, status=S.ACCEPTED)
    client.force_login(guardian_mark)
    response = respond(client, application, "accept")
    page = client.get(response.url).content.decode()
    assert "Ansökan har redan ändrats" in page


def test_guardian_sees_only_their_own_applications(client, harp_boras, guardian_mark,
                                                   child_mark):
    make_application(harp_boras, child_mark)
    other = ChildFactory(first_name="Främling", birth_year=born_years_ago(11),
                         home_municipality=harp_boras.school.municipality)
    make_application(harp_boras, other)
    client.force_login(guardian_mark)
    page = client.get(reverse("courses:my_applications")).content.decode()
    assert child_mark.name in page
    assert "Främling" not in page


def test_guessing_another_guardians_application_id_gives_404(client, harp_boras, outsider,
                                                             child_mark):
    application = make_application(harp_boras, child_mark, status=S.OFFERED)
    client.force_login(outsider)
    assert respond(client, application, "accept").status_code == 404
    assert refreshed(application) == S.OFFERED


def test_head_of_another_school_cannot_decide(client, harp_boras, head_tranemo):
    application = make_application(harp_boras)
    client.force_login(head_tranemo)
    assert decide(client, application, action="offer").status_code == 404
    assert client.get(reverse("courses:decide", args=[application.pk])).status_code == 404
    assert client.get(reverse("courses:applications",
                              args=[harp_boras.pk])).status_code == 404
    assert refreshed(application) == S.SUBMITTED


def test_guardian_and_anonymous_cannot_decide(client, harp_boras, guardian_mark):
    application = make_application(harp_boras)
    response = decide(client, application, action="offer")
    assert response.status_code == 302 and "login" in response.url
    client.force_login(guardian_mark)
    assert decide(client, application, action="offer").status_code == 404


def test_coordinator_decides_for_any_school(client, harp_boras, coordinator):
    application = make_application(harp_boras)
    client.force_login(coordinator)
    decide(client, application, action="offer")
    assert refreshed(application) == S.OFFERED


def test_head_sees_applications_with_waiting_positions(client, harp_boras, head_boras,
                                                       django_assert_max_num_queries):
    for _ in range(2):
        make_application(harp_boras, status=S.ACCEPTED)
    for _ in range(5):
        make_application(harp_boras, status=S.WAITING)
    client.force_login(head_boras)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("courses:applications", args=[harp_boras.pk]))
    assert "plats 5" in page.content.decode()


def test_email_is_skipped_when_the_applicant_is_gone(harp_boras):
    application = make_application(harp_boras)
    application.applicant = None
    application.save()
    assert mail_applicant(application.pk, "offered") is False
    assert not OutgoingMail.objects.exists()
    assert mail.outbox == []

