"""Hostile input: `next` redirects stay on the site, exports hold no live formulas,
text mails carry no HTML entities and subjects stay on one line."""

import csv
import io
from decimal import Decimal

import pytest
from django.core import mail
from django.test import RequestFactory
from django.urls import reverse

from core.emails import build_message
from core.redirects import safe_next_url
from core.spreadsheet import cell as safe_cell
from courses.models import Application
from meetings.models import ActionItem
from tests.clock import born_years_ago
from tests.courses.conftest import make_agreement, make_application, make_course
from tests.factories import PASSWORD, ChildFactory

pytestmark = pytest.mark.django_db
EVIL = ["https://evil.example/x", "//evil.example/x", "http://evil.example", "///evil.example/x",
        "javascript:alert(1)", "\\\\evil.example/x"]


@pytest.mark.parametrize("target", EVIL)
def test_the_redirect_helper_refuses_other_sites(target):
    request = RequestFactory().get("/", {"next": target})
    assert safe_next_url(request) is None


def test_the_redirect_helper_follows_same_site_paths_and_wants_https_on_https():
    same_site = RequestFactory().get("/", {"next": "/kurser/?sida=2"})
    assert safe_next_url(same_site) == "/kurser/?sida=2"
    secure = RequestFactory().get("/", {"next": "http://testserver/kurser/"}, secure=True)
    assert safe_next_url(secure) is None


def child_data(municipalities):
    return {"first_name": "Saga", "last_name": "Ek", "birth_year": born_years_ago(9),
            "home_municipality": municipalities["Mark"].pk}


@pytest.mark.parametrize("target", EVIL)
def test_adding_a_child_never_redirects_elsewhere(client, guardian_mark, municipalities, target):
    client.force_login(guardian_mark)
    url = reverse("accounts:child_add") + "?" + f"next={target}"
    response = client.post(url, child_data(municipalities))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:children")


def test_adding_a_child_follows_a_same_site_next(client, guardian_mark, municipalities):
    client.force_login(guardian_mark)
    url = reverse("accounts:child_add") + "?next=/kurser/"
    response = client.post(url, child_data(municipalities))
    assert response["Location"] == "/kurser/"


@pytest.mark.parametrize("target", EVIL)
def test_marking_an_action_item_done_never_redirects_elsewhere(client, heads_meeting,
                                                              head_tranemo, target):
    item = ActionItem.objects.create(event=heads_meeting, text="Boka lokal", owner=head_tranemo)
    client.force_login(head_tranemo)
    response = client.post(reverse("meetings:action_item_done", args=[item.pk]), {"next": target})
    assert response["Location"] == reverse("events:detail", args=[heads_meeting.pk])


def test_a_bare_word_next_is_a_relative_address_not_a_view_name(client, heads_meeting,
                                                                 head_tranemo):
    # Found by tests/security/test_hostile_forms.py: redirect("9223372036854775808") was a 500.
    item = ActionItem.objects.create(event=heads_meeting, text="Boka lokal", owner=head_tranemo)
    client.force_login(head_tranemo)
    response = client.post(reverse("meetings:action_item_done", args=[item.pk]),
                           {"next": "9223372036854775808"})
    assert response.status_code == 302


@pytest.mark.parametrize("value", ["=HYPERLINK(\"http://evil.example\",\"x\")", "+1", "-2+3",
                                   "@SUM(A1)", "\tx", "\rx"])
def test_formula_cells_are_made_inert(value):
    assert safe_cell(value) == "'" + value


def test_plain_cells_and_numbers_are_left_alone():
    assert safe_cell("Borås") == "Borås"
    # Numbers stay numbers (Swedish decimal comma), a negative amount is not a formula.
    assert safe_cell(-5) == "-5" and safe_cell(Decimal("-1.50")) == "-1,50"
    assert safe_cell(None) == ""


def test_the_settlement_csv_carries_no_live_formula(client, schools, municipalities, coordinator):
    boras = schools["boras"]
    boras.name = '=HYPERLINK("http://evil.example","Borås")'
    boras.save()
    mark = municipalities["Mark"]
    mark.name = "@Mark"
    mark.save()
    make_agreement(boras, mark)
    course = make_course(boras, capacity=5, open_to=[mark])
    child = ChildFactory(home_municipality=mark, birth_year=born_years_ago(11))
    make_application(course, child, status=Application.Status.ACCEPTED)
    client.force_login(coordinator)
    response = client.get(reverse("courses:settlement_csv"), {"termin": course.term})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[1][1] == "'" + boras.name and rows[1][2] == "'@Mark"
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "@", "\t", "\r")), cell


def test_text_parts_are_not_html_escaped_and_html_parts_are(guardian_mark):
    hostile = 'Tom & "Jerry" <script>alert(1)</script> O\'Brien'
    message = build_message("network_post", guardian_mark.email, {
        "network": {"name": hostile}, "post": {"body": hostile, "author": guardian_mark},
        "thread": {"title": hostile}, "recipient": guardian_mark, "path": "/x/"})
    html = message.alternatives[0][0]
    assert hostile in message.body
    assert "&quot;" not in message.body and "&lt;" not in message.body
    assert "&#x27;" not in message.body and "&amp;" not in message.body
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_subjects_never_carry_line_breaks_from_input(guardian_mark):
    hostile = "Rubrik\r\nBcc: victim@example.se\nX"
    message = build_message("network_post", guardian_mark.email, {
        "network": {"name": hostile}, "post": {"body": "x", "author": guardian_mark},
        "thread": {"title": hostile}, "recipient": guardian_mark, "path": "/x/"})
    assert "\n" not in message.subject and "\r" not in message.subject
    message.send()
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("target", EVIL)
def test_the_language_switch_and_login_never_redirect_elsewhere(client, guardian_mark, target):
    response = client.post(reverse("set_language"), {"language": "en", "next": target})
    assert response["Location"] == "/"
    response = client.post(reverse("account_login") + f"?next={target}",
                           {"login": guardian_mark.email, "password": PASSWORD})
    assert "evil.example" not in response["Location"]
