"""Every form with errors starts with one error summary that links to each field
(the GOV.UK pattern), from one site-wide template (templates/_error_summary.html)."""

import re

import pytest
from django.urls import reverse

from tests.accounts.test_signup_and_login import signup_data

pytestmark = pytest.mark.django_db


def summary(html):
    match = re.search(r'<div class="error-summary".*?</div>\s*</div>', html, re.S)
    assert match, "no error summary"
    return match.group(0)


def test_a_portal_form_lists_its_errors_at_the_top_with_links(client, head_boras, schools):
    client.force_login(head_boras)
    response = client.post(reverse("courses:create"), {"title": "", "capacity": "0"})
    html = response.content.decode()
    box = summary(html)
    assert html.index('class="error-summary"') < html.index('name="title"')
    assert "Det finns fel i formuläret" in box
    assert '<a href="#id_title">' in box
    # Each link leads to an element on the page.
    for target in re.findall(r'href="#([^"]+)"', box):
        assert f'id="{target}"' in html, target


def test_a_group_of_choices_is_linked_by_its_first_option(client, head_boras, schools):
    client.force_login(head_boras)
    html = client.post(reverse("accounts:invitations"),
                       {"email": "ny@example.se", "school": schools["boras"].pk}).content.decode()
    box = summary(html)
    assert '<a href="#id_role_0">' in box and 'id="id_role_0"' in html


def test_allauths_forms_get_the_same_summary(client, schools):
    html = client.post(reverse("account_signup"),
                       signup_data(email="inte-en-adress")).content.decode()
    box = summary(html)
    assert '<a href="#id_email">' in box


def test_a_form_without_errors_has_no_summary(client, head_boras):
    client.force_login(head_boras)
    assert "error-summary" not in client.get(reverse("courses:create")).content.decode()


def test_the_guardians_apply_form_built_by_hand_has_it_too(client, guardian_mark, schools,
                                                           municipalities):
    from tests.courses.conftest import make_course

    course = make_course(schools["boras"], open_to=[municipalities["Mark"]])
    client.force_login(guardian_mark)
    html = client.post(reverse("courses:apply", args=[course.pk]), {}).content.decode()
    assert "Det finns fel i formuläret" in summary(html)
