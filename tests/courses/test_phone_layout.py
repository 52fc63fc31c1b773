"""On a phone (390 px): the header fits in two lines, the catalogue shows the courses first
with the filters behind one "Filtrera" control; the site has a favicon."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROWS = """() => {
    const header = document.querySelector('.site-header');
    const items = header.querySelectorAll('.brand, .menu li, .account > a, .account button');
    const tops = new Set();
    for (const item of items) {
        const box = item.getBoundingClientRect();
        if (box.width && box.height) tops.add(Math.round(box.top + box.height / 2));
    }
    // Items whose middles are within 12 px share a line.
    const sorted = [...tops].sort((a, b) => a - b);
    let lines = 0, last = -100;
    for (const top of sorted) { if (top - last > 12) { lines += 1; last = top; } }
    return {lines, height: header.getBoundingClientRect().height};
}"""


def test_the_header_fits_in_two_lines_at_390_px(page, live_server, schools):
    page.set_viewport_size({"width": 390, "height": 844})
    for path in ["/", "/kurser/"]:
        page.goto(path)
        measured = page.evaluate(ROWS)
        assert measured["lines"] <= 2, (path, measured)
        assert measured["height"] <= 110, (path, measured)


def test_the_catalogue_shows_courses_first_on_a_phone(page, axe, live_server, harp_boras):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/kurser/")
    toggle = page.locator("details.filter-panel > summary")
    assert toggle.inner_text().strip() == "Filtrera"
    assert not page.get_by_label("Ämne").is_visible()
    first_course = page.locator(".course-cards .card").first
    assert first_course.bounding_box()["y"] < 844  # on the first screen
    axe.check(page)
    toggle.click()
    assert page.get_by_label("Ämne").is_visible()
    axe.assert_clean()


def test_the_filters_are_open_on_a_wide_screen(page, live_server, harp_boras):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/kurser/")
    assert page.get_by_label("Ämne").is_visible()


def test_the_site_has_a_favicon(page, live_server, schools):
    page.goto("/")
    href = page.locator('link[rel="icon"]').get_attribute("href")
    assert page.request.get(live_server.url + href).status == 200
