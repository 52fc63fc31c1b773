"""The browser tests' CSP watch (tests/browser_support.py) really sees violations, and the
portal's pages, admin included, run under the policy without any."""

import pytest

from tests.browser_support import open_context, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_watch_reports_an_inline_style_and_an_inline_script(browser, live_server, schools):
    context, violations = open_context(browser, live_server)
    page = context.new_page()
    page.goto("/skolor/")
    page.evaluate("""() => {
        document.body.insertAdjacentHTML("beforeend", '<p style="color: red">x</p>');
        const script = document.createElement("script");
        script.textContent = "window.ran = true";
        document.body.appendChild(script);
    }""")
    page.wait_for_timeout(300)
    context.close()
    assert any("style-src" in v for v in violations), violations
    assert any("script-src" in v for v in violations), violations


def test_admin_pages_work_under_the_policy(page, live_server, coordinator, schools):
    sign_in(page, live_server, coordinator)
    for path in ["/admin/", "/admin/events/event/", "/admin/events/event/add/",
                 "/admin/accounts/user/", "/admin/courses/course/add/"]:
        page.goto(path)
        page.wait_for_load_state("load")
        assert page.locator("#content").count() == 1, path
