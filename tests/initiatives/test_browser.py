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
