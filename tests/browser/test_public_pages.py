"""Public pages work in a real browser, at desktop and phone width, and pass axe."""

import pytest


@pytest.mark.django_db(transaction=True)
def test_public_pages_are_accessible(page, axe, schools):
    for path in ["/", "/skolor/", "/skolor/tranemo/", "/konto/login/", "/konto/signup/",
                 "/konto/password/reset/", "/tillganglighet/", "/integritet/"]:
        response = page.goto(path)
        assert response.status == 200, path
        assert page.locator("h1").count() == 1, path
        axe.check(page)


@pytest.mark.django_db(transaction=True)
def test_skip_link_moves_focus_to_the_content(page, schools):
    page.goto("/skolor/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert skip.evaluate("el => el === document.activeElement")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


@pytest.mark.django_db(transaction=True)
def test_language_can_be_switched_to_english(page, schools):
    page.goto("/skolor/")
    assert page.locator("html").get_attribute("lang") == "sv"
    page.get_by_role("button", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "The culture schools in Sjuhärad"
    assert page.get_by_role("navigation", name="Main menu").get_by_role(
        "link", name="Courses").is_visible()
    page.get_by_role("button", name="Svenska").click()
    assert page.locator("html").get_attribute("lang") == "sv"


@pytest.mark.django_db(transaction=True)
def test_the_filters_can_be_skipped_at_every_width(page, axe, schools):
    page.goto("/kurser/")
    skip = page.get_by_role("link", name="Hoppa förbi filtren till 0 kurser")
    # The first tab stop after the site's header and skip link: Tab until it has focus.
    for _tab in range(15):
        page.keyboard.press("Tab")
        if skip.evaluate("el => el === document.activeElement"):
            break
    else:
        pytest.fail("the skip link is not reachable with Tab")
    assert skip.is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "result-heading"
    axe.check(page)
