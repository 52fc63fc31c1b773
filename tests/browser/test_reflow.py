"""Pages reflow on phones (WCAG 1.4.10): the month view becomes a list, tables of a few
columns become stacked rows with every button on screen."""

import re

import pytest
from playwright.sync_api import expect

from courses.models import Application
from events.models import Event
from tests.browser_support import sign_in
from tests.clock import TEST_NOW
from tests.courses.conftest import make_application, make_course
from tests.events.conftest import make_event

NARROW = {"width": 320, "height": 640}


@pytest.fixture
def narrow(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="sv-SE", viewport=NARROW)
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def fits(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.django_db(transaction=True)
def test_the_month_is_a_list_of_days_with_events_on_phones(narrow, schools):
    make_event([schools["boras"]], title="Luciakonsert", audience=Event.Audience.PUBLIC,
               starts_at=TEST_NOW.replace(day=20, hour=18))
    narrow.goto(f"/evenemang/manad/{TEST_NOW.year}/{TEST_NOW.month}/")
    month = narrow.locator("table.month")
    assert month.evaluate("el => getComputedStyle(el).display") == "block"
    expect(month.locator("thead")).not_to_be_in_viewport()  # visually hidden
    days = month.locator("td").filter(has=narrow.locator(":visible"))
    expect(days).to_have_count(1)  # the other days of the month are hidden
    # The weekday, which the hidden column heading said, is written out: "Tisdag 20".
    assert re.fullmatch(r"[A-ZÅÄÖ][a-zåäö]+dag 20", days.first.locator(".day").inner_text())
    expect(days.first.get_by_role("link", name="18.00 Luciakonsert")).to_be_visible()
    assert fits(narrow)

    narrow.set_viewport_size({"width": 1280, "height": 900})
    assert month.evaluate("el => getComputedStyle(el).display") == "table"
    expect(month.locator(".weekday").first).to_be_hidden()  # the column heading says it


@pytest.mark.django_db(transaction=True)
def test_my_applications_are_stacked_rows_with_their_buttons_on_screen(narrow, live_server,
                                                                      schools, guardian_mark,
                                                                      child_mark):
    course = make_course(schools["boras"], title="Slagverk och rytmik för nybörjare")
    make_application(course, child=child_mark, status=Application.Status.OFFERED)
    sign_in(narrow, live_server, guardian_mark)
    narrow.goto("/kurser/mina-ansokningar/")
    for name in ["Tacka ja till Slagverk och rytmik för nybörjare",
                 "Tacka nej till Slagverk och rytmik för nybörjare",
                 "Återta ansökan till Slagverk och rytmik för nybörjare"]:
        expect(narrow.get_by_role("button", name=name)).to_be_in_viewport(ratio=1)
    assert fits(narrow)


@pytest.mark.django_db(transaction=True)
def test_course_card_facts_stay_inside_the_card_at_desktop_width(narrow, schools):
    # A long word beside the longest heading: "Musikproduktion" next to "Sista ansökningsdag".
    course = make_course(schools["boras"], subject="musikproduktion", capacity=1)
    make_application(course, status=Application.Status.ACCEPTED)  # "Fullt – väntelista"
    narrow.set_viewport_size({"width": 1280, "height": 900})
    narrow.goto("/kurser/")
    card = narrow.locator(".card").first
    expect(card).to_contain_text("Sista ansökningsdag")
    assert card.evaluate("el => el.scrollWidth <= el.clientWidth")
