"""Browser fixtures: Playwright driving Debian's chromium against the live server.

Registered once for the whole suite by tests/conftest.py. Chromium runs once per
test module (all browser tests live in modules of their own).

Never a downloaded browser: the executable is /usr/bin/chromium. Every page a
journey reaches is checked with axe-core (bundled with axe-playwright-python,
no CDN) for WCAG 2.1 A/AA violations, and every test fails on any Content-Security-Policy
violation a page reports (the `page` fixture listens for `securitypolicyviolation`).
"""

import shutil

import pytest
from django.test import Client

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-quic", "--no-first-run", "--disable-component-update", "--disable-sync"]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PHONE = {"width": 375, "height": 740}
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}


@pytest.fixture(scope="module")
def browser():
    if not shutil.which(CHROMIUM):
        pytest.fail("Debian's chromium is missing: run `make test` (it installs it) "
                    "or `apt-get install -y chromium`.")
    from playwright.sync_api import sync_playwright

    with pytest.MonkeyPatch.context() as patch:
        # While Playwright's sync API is started it keeps an event loop marked as
        # running in this thread, and Django refuses ORM calls from test code
        # between browser steps. The switch is on only for as long as Playwright
        # runs, so an async-safety bug anywhere else in the suite still surfaces.
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM,
                                                 args=CHROMIUM_ARGS, headless=True)
            yield browser
            browser.close()


@pytest.fixture(params=["desktop", "phone"])
def viewport(request):
    return None if request.param == "desktop" else PHONE


# Reports every Content-Security-Policy violation to the console, where the page fixture
# collects it (Playwright's init scripts are not themselves subject to the page's policy).
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", function (e) {
  console.error("CSP violation: " + e.violatedDirective + " blocked " + (e.blockedURI || "inline")
                + (e.sample ? " (" + e.sample + ")" : "")
                + " at " + e.documentURI + (e.lineNumber ? ":" + e.lineNumber : ""));
});
"""


def _is_csp_violation(text):
    return text.startswith("CSP violation:") or "Content Security Policy" in text


def open_context(browser, live_server, viewport=None):
    """A browser context on the live server and the list its CSP violations are put in."""
    context = browser.new_context(base_url=live_server.url, locale="sv-SE",
                                  viewport=viewport or {"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    context.add_init_script(REPORT_CSP_VIOLATIONS)
    violations = []
    context.on("console", lambda message: violations.append(message.text)
               if _is_csp_violation(message.text) else None)
    return context, violations


@pytest.fixture
def page(browser, live_server, viewport):
    """A fresh browser page; the test fails on any CSP violation any page of it reported."""
    context, violations = open_context(browser, live_server, viewport)
    page = context.new_page()
    page.csp_violations = violations
    yield page
    context.close()
    assert not violations, "Content-Security-Policy violations:\n" + "\n".join(violations)


class AccessibilityAudit:
    """Collects axe violations over all pages a journey reaches; the test fails on any."""

    def __init__(self):
        from axe_playwright_python.sync_playwright import Axe

        self.axe = Axe()
        self.violations = {}
        self.pages = []

    def check(self, page):
        # A click that submits a form returns before the next page has loaded;
        # axe must not audit a half-parsed document.
        page.wait_for_load_state("load")
        watched = getattr(page, "csp_violations", [])
        before = len(watched)
        # Inject axe once per document (a page audited again after a resize keeps it), and
        # ask for the violations only: the passes' details are most of axe's work.
        if not page.evaluate("() => typeof window.axe === 'object'"):
            page.evaluate(self.axe.axe_script)
        found = page.evaluate("options => axe.run(document, options).then(r => r.violations)",
                              AXE_OPTIONS)
        # axe itself copies stylesheets into <style> elements to read them (its CSSOM preload
        # for the orientation rule); those refusals are the audit's, not the page's.
        watched[before:] = [v for v in watched[before:] if "style-src" not in v
                            and "inline style" not in v]
        self.pages.append(page.url)
        if found:
            self.violations[page.url] = [
                f"{v['id']} ({v['impact']}): {v['help']} – "
                + "; ".join(n["target"][0] if isinstance(n["target"][0], str) else str(n["target"])
                            for n in v["nodes"][:3])
                for v in found
            ]

    def assert_clean(self):
        assert not self.violations, "\n".join(
            f"{url}\n  " + "\n  ".join(items) for url, items in self.violations.items())


@pytest.fixture
def axe():
    audit = AccessibilityAudit()
    yield audit
    audit.assert_clean()


def sign_in(page, live_server, user):
    """Put a signed-in session for user into the browser (skips the login form)."""
    client = Client()
    client.force_login(user)
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                               "url": live_server.url}])


def open_filters(page):
    """On a phone the catalogue's filters are folded behind "Filtrera"; open them as a
    person would (a wide screen has them open already)."""
    panel = page.locator("details.filter-panel")
    if panel.count() and not panel.evaluate("details => details.open"):
        panel.locator("summary").click()
