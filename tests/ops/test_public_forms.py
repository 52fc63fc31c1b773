"""The accessibility report and sign-up: a honeypot that only bots fill, and rate limits
per client address and per target address, counted in the shared cache."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from sjuharad.models import AccessibilityReport
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db
RATE_LIMITED = "Formuläret har skickats för många gånger på kort tid."


@pytest.fixture
def limits(settings):
    settings.PUBLIC_FORM_RATE_LIMITS = {
        "accessibility_report": {"client": "3/h", "target": "2/h"},
        "signup": {"client": "3/h", "target": "1/h"},
    }
    return settings.PUBLIC_FORM_RATE_LIMITS


def report(client, description="Knappen går inte att nå med tangentbordet.", **headers):
    data = {"page_url": "/kurser/", "description": description}
    return client.post(reverse("accessibility"), data, **headers)


def test_the_honeypot_is_hidden_from_people_and_assistive_technology(client, schools):
    html = client.get(reverse("accessibility")).content.decode()
    trap = html[html.index('<span class="hp-field"'):]
    trap = trap[:trap.index("</span>")]
    assert 'aria-hidden="true"' in trap and 'tabindex="-1"' in trap
    assert 'autocomplete="off"' in trap and 'name="website"' in trap
    assert "<label" in trap  # named all the same, should anything reach it


def test_a_bot_filling_the_honeypot_is_thanked_and_nothing_happens(
        client, coordinator, schools, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accessibility"), {
            "description": "Köp billiga klockor", "website": "http://spam.example"}, follow=True)
    assert "Tack! Din rapport har skickats till samordnaren." in response.content.decode()
    assert not AccessibilityReport.objects.exists()
    assert not mail.outbox


def test_a_person_still_reaches_the_coordinator(client, coordinator, schools,
                                                 django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = report(client)
    assert response.status_code == 302
    assert AccessibilityReport.objects.count() == 1
    assert [m.to for m in mail.outbox] == [[coordinator.email]]


def test_reports_are_limited_per_client_address(client, limits, schools):
    for _ in range(3):
        assert report(client).status_code == 302
    response = report(client, description="Den fjärde rapporten, som jag inte vill skriva om")
    html = response.content.decode()
    assert response.status_code == 429
    assert RATE_LIMITED in html
    assert "Den fjärde rapporten, som jag inte vill skriva om" in html  # input kept
    assert AccessibilityReport.objects.count() == 3
    # Another address is not affected; the same one may report again an hour later.
    assert client.post(reverse("accessibility"), {"description": "Annan"},
                       REMOTE_ADDR="192.0.2.7").status_code == 302
    with time_machine.travel(timezone.now() + timedelta(hours=1, minutes=1)):
        assert report(client).status_code == 302


def test_reports_are_limited_per_reply_address(client, limits, schools):
    for address in ("198.51.100.1", "198.51.100.2"):
        assert client.post(reverse("accessibility"), {
            "description": "Kontrasten", "contact_email": "Anna@example.se"},
            REMOTE_ADDR=address).status_code == 302
    response = client.post(reverse("accessibility"), {
        "description": "Kontrasten", "contact_email": "anna@example.se"},
        REMOTE_ADDR="198.51.100.3")
    assert response.status_code == 429
    assert AccessibilityReport.objects.count() == 2


def test_behind_a_trusted_proxy_each_client_counts_alone(client, limits, settings, schools):
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(3):
        report(client, HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert report(client, HTTP_X_FORWARDED_FOR="203.0.113.5").status_code == 429
    # A client cannot escape by writing its own X-Forwarded-For entries to the left.
    assert report(client, HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.5").status_code == 429
    assert report(client, HTTP_X_FORWARDED_FOR="203.0.113.6").status_code == 302


def test_without_trusted_proxies_x_forwarded_for_is_ignored(client, limits, schools):
    for number in range(3):
        report(client, HTTP_X_FORWARDED_FOR=f"203.0.113.{number}")
    assert report(client, HTTP_X_FORWARDED_FOR="203.0.113.99").status_code == 429


def signup(client, email="eva@example.se", **extra):
    return client.post(reverse("account_signup"), {
        "first_name": "Eva", "last_name": "Ek", "email": email, "account_type": "guardian",
        "password1": PASSWORD, "password2": PASSWORD, **extra})


def test_sign_up_honeypot_gets_the_ordinary_answer_and_creates_nothing(client, schools):
    response = signup(client, website="http://spam.example")
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert not User.objects.exists() and not mail.outbox
    html = client.get(reverse("account_signup")).content.decode()
    assert 'class="hp-field" aria-hidden="true"' in html


def test_sign_up_is_limited_per_client_address(client, limits, schools):
    for number in range(3):
        assert signup(client, email=f"person{number}@example.se").status_code == 302
        client.logout()
    response = signup(client, email="fjarde@example.se")
    html = response.content.decode()
    assert RATE_LIMITED in html and 'value="fjarde@example.se"' in html
    assert not User.objects.filter(email="fjarde@example.se").exists()


def test_sign_up_is_limited_per_address_it_mails(client, limits, schools):
    assert signup(client, email="eva@example.se").status_code == 302
    client.logout()
    sent = len(mail.outbox)
    # Someone else tries the same address again (allauth would mail its owner).
    response = signup(client, email="EVA@example.se", REMOTE_ADDR="192.0.2.50")
    assert RATE_LIMITED in response.content.decode()
    assert len(mail.outbox) == sent
