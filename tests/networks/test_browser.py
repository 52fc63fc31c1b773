"""A teacher's journey through the network pages in real Chromium, with axe on every page."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from core.weekdays import Weekday
from networks.models import Membership, PlanningSlot, Resource, Thread
from tests import clock
from tests.browser_support import sign_in

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_a_teacher_joins_and_uses_the_guitar_network(page, axe, live_server, schools, guitar,
                                                     convenor, other_staff):
    Resource.objects.create(network=guitar, title="Greensleeves", link="https://example.org",
                            added_by=convenor, occasion=Resource.Occasion.PLAY_DAY)
    Thread.objects.create(network=guitar, title="Speldagen", started_by=convenor,
                          last_post_at=clock.now() - timedelta(days=5))
    PlanningSlot.objects.create(membership=convenor.memberships.get(), weekday=Weekday.WEDNESDAY,
                                start="14:00", end="16:00")
    sign_in(page, live_server, other_staff)

    page.goto("/natverk/")
    axe.check(page)
    page.get_by_role("link", name="Gitarrnätverket").click()
    axe.check(page)
    page.get_by_role("button", name="Gå med i nätverket").click()
    assert "Du är nu medlem" in page.locator(".messages").inner_text()
    assert guitar.memberships.get(user=other_staff).status == Membership.Status.ACTIVE
    axe.check(page)

    page.get_by_role("link", name="Planeringstid", exact=True).click()
    page.get_by_label("Veckodag").select_option(label="onsdag")
    page.get_by_label("Från").fill("15:00")
    page.get_by_label("Till").fill("17:00")
    page.get_by_role("button", name="Lägg till tiden").click()
    assert "2 av 2" in page.locator("table").inner_text()
    axe.check(page)

    for name in ("Medlemmar", "Repertoar och material", "Diskussion"):
        page.get_by_role("navigation", name="Nätverkets sidor").get_by_role(
            "link", name=name).click()
        assert page.locator("h1").count() == 1
        axe.check(page)
    page.get_by_role("link", name="Speldagen").click()
    page.get_by_label("Ditt svar").fill("Jag kommer med tio elever.")
    page.get_by_role("button", name="Publicera svaret").click()
    assert "Jag kommer med tio elever." in page.locator(".posts").inner_text()
    axe.check(page)
    page.goto("/natverk/gitarr/repertoar/ny/")
    page.get_by_role("button", name="Spara").click()
    # The click returns before the answer has loaded; expect() waits for it.
    expect(page.locator("main")).to_contain_text("Ange en länk eller ladda upp en fil.")
    axe.check(page)
