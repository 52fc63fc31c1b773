"""The initiative pages in a real browser (Debian chromium), checked with axe for WCAG 2.1 AA."""

import pytest

from initiatives.models import Commitment, Initiative
from tests.browser_support import sign_in
from tests.clock import TEST_TODAY

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_initiative_pages_are_accessible(page, axe, live_server, schools, head_boras):
    initiative = Initiative.objects.create(title="Regional orkester", year=TEST_TODAY.year)
    Commitment.objects.create(initiative=initiative, school=schools["mark"], takes_part=True,
                              people=2, hours=10, money_sek=5000)
    sign_in(page, live_server, head_boras)
    for path in ["/", "/satsningar/", f"/satsningar/{initiative.pk}/"]:
        response = page.goto(path)
        assert response.status == 200, path
        assert page.locator("h1").count() == 1, path
        axe.check(page)
    page.get_by_label("Personer").fill("3")
    page.get_by_role("button", name="Spara åtagandet").click()
    assert page.get_by_text("Skolans åtagande är sparat.").first.is_visible()
    assert initiative.commitments.get(school=schools["boras"]).people == 3


def test_the_coordinator_edits_a_schools_commitment_without_losing_it(
        page, axe, live_server, schools, coordinator):
    """Choosing a school loads its saved answer in place; saving the hours keeps the rest."""
    initiative = Initiative.objects.create(title="Regional orkester", year=TEST_TODAY.year)
    initiative.schools.set([schools["boras"], schools["mark"]])
    Commitment.objects.create(initiative=initiative, school=schools["boras"], takes_part=True,
                              people=4, hours=30, money_sek=40000, note="Två lärare")
    Commitment.objects.create(initiative=initiative, school=schools["mark"], takes_part=False,
                              people=1, hours=2, money_sek=300)
    sign_in(page, live_server, coordinator)
    page.goto(f"/satsningar/{initiative.pk}/")
    assert page.get_by_label("Personer").input_value() == "4"
    page.get_by_label("Skola", exact=True).select_option(label="Marks kulturskola")
    page.get_by_role("heading", name="Åtagande för Marks kulturskola").wait_for()
    assert page.get_by_label("Personer").input_value() == "1"
    assert page.get_by_label("Pengar (kr)").input_value() == "300"
    axe.check(page)
    page.get_by_label("Skola", exact=True).select_option(label="Kulturskolan i Borås")
    page.get_by_role("heading", name="Åtagande för Kulturskolan i Borås").wait_for()
    page.get_by_label("Timmar").fill("35")
    page.get_by_role("button", name="Spara åtagandet").click()
    assert page.get_by_text("Skolans åtagande är sparat.").first.is_visible()
    borås = initiative.commitments.get(school=schools["boras"])
    assert (borås.takes_part, borås.people, borås.hours, borås.money_sek, borås.note) == (
        True, 4, 35, 40000, "Två lärare")
    assert initiative.commitments.get(school=schools["mark"]).hours == 2
