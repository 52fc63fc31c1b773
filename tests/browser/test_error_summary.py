"""The error summary in a real browser: focused on arrival, each link reaches its field,
axe finds nothing (WCAG 2.1 AA)."""

import pytest

from tests.browser_support import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_error_summary_is_focused_and_leads_to_the_field(page, axe, live_server, schools,
                                                             head_boras):
    sign_in(page, live_server, head_boras)
    page.goto("/konto/inbjudningar/")
    page.get_by_label("E-postadress").fill("ny.larare@example.se")
    page.get_by_role("button", name="Skicka inbjudan").click()
    summary = page.locator(".error-summary")
    summary.wait_for()
    # enhance.js (deferred) moves focus once the page has loaded.
    page.wait_for_function("document.activeElement.classList.contains('error-summary')")
    assert "Det finns fel i formuläret" in summary.inner_text()
    axe.check(page)
    summary.get_by_role("link").first.click()
    assert page.evaluate("document.activeElement.id") == "id_role_0"
    axe.assert_clean()
