"""Every page each persona reaches passes axe at desktop and phone width, and reflows
without horizontal scrolling down to 320 px (WCAG 1.4.10).

The pages come from the link crawl of tests/test_crawl.py on the demo data, one URL per
view (a second course page has the same template as the first); the coordinator also
gets every admin page: the index, each app's page, and per registered model its list,
its add form and the change form of one object (the demo's, which has inline rows, or
one made by the builders of tests/test_admin.py).

One browser for the module, one context and one tab per persona: each page is loaded
once at 1280 px and audited, then the same tab is narrowed to 390 px (audited again)
and to 320 px.
"""

import os
from collections import Counter

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.forms.models import _get_foreign_key
from django.test import Client
from django.urls import reverse

from accounts.models import User
from tests.browser_support import AccessibilityAudit, sign_in
from tests.test_admin import BUILDERS
from tests.test_crawl import crawl

PERSONAS = [None, "elev@demo.example", "vardnadshavare@demo.example",
            "larare.boras@demo.example", "chef.boras@demo.example", "samordnare@demo.example"]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 800}
NARROW = {"width": 320, "height": 640}
# Pages one view of each may show; the crawl takes one URL per view.
PER_VIEW = 1
ONLY = [p for p in os.environ.get("A11Y_CRAWL_ONLY", "").split(",") if p]


def admin_pages(world):
    """The admin pages the coordinator reaches: index, app pages, and per model its
    list, add form and one change form."""
    paths = [reverse("admin:index")]
    request_user = world["coordinator"]
    labels = set()
    for model, model_admin in sorted(admin.site._registry.items(),
                                     key=lambda item: item[0]._meta.label):
        info = (model._meta.app_label, model._meta.model_name)
        labels.add(model._meta.app_label)
        obj = object_with_inline_rows(model, model_admin) or BUILDERS[model._meta.label](world)
        paths.append(reverse("admin:{}_{}_changelist".format(*info)))
        if model_admin.has_add_permission(_request_for(request_user)):
            paths.append(reverse("admin:{}_{}_add".format(*info)))
        paths.append(reverse("admin:{}_{}_change".format(*info), args=[obj.pk]))
        if model is User:
            paths.append(reverse("admin:auth_user_password_change", args=[obj.pk]))
    paths += [reverse("admin:app_list", args=[label]) for label in sorted(labels)]
    return paths


def object_with_inline_rows(model, model_admin):
    """The demo object with rows in the most of its change form's inlines (the inline
    rows are what needs labels), else the first one; None when there is none."""
    rows = Counter()
    for inline in model_admin.inlines:
        fk = _get_foreign_key(model, inline.model, fk_name=inline.fk_name)
        rows.update(set(inline.model._default_manager.values_list(fk.attname, flat=True)))
    if rows:
        return model._default_manager.get(pk=rows.most_common(1)[0][0])
    return model._default_manager.order_by("pk").first()


def _request_for(user):
    request = type("Request", (), {})()
    request.user = user
    return request


# The elements that stick out of the window (innermost first), to name in a failure;
# what is inside a scrolling region does not count.
STICKING_OUT = """() => {
  const out = [];
  for (const el of document.body.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    if (box.right <= window.innerWidth + 0.5 || box.width === 0) continue;
    let clipped = false;
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      if (getComputedStyle(up).overflowX !== "visible") { clipped = true; break; }
    }
    const right = c => c.getBoundingClientRect().right > window.innerWidth + 0.5;
    if (clipped || [...el.children].some(right)) continue;
    const classes = el.classList.length ? "." + [...el.classList].join(".") : "";
    const text = (el.textContent || "").trim().slice(0, 40);
    out.push(el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + classes
             + " (" + Math.round(box.right) + " px): " + text);
  }
  return out.slice(0, 4);
}"""


# Cards whose content is wider than the card (the course cards' facts once were).
CARDS_STICKING_OUT = """() => [...document.querySelectorAll(".card")]
  .filter(card => card.scrollWidth > card.clientWidth + 1)
  .map(card => (card.textContent || "").trim().slice(0, 40))"""


def resize(page, size):
    """Narrow the window and wait until the page's resize handlers have run (they run
    before the next frame is drawn; static/js/enhance.js names scroll regions there)."""
    page.set_viewport_size(size)
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => "
                  "requestAnimationFrame(done)))")


class Reflow:
    """Collects pages wider than the window (horizontal scrolling) at a given width."""

    def __init__(self):
        self.too_wide = []

    def check(self, page, size=None):
        if size:
            resize(page, size)
        width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        for card in page.evaluate(CARDS_STICKING_OUT):
            self.too_wide.append(f"{page.url}: a card's content sticks out at {width[1]} px: "
                                 f"{card}")
        if width[0] > width[1]:
            culprits = "; ".join(page.evaluate(STICKING_OUT))
            self.too_wide.append(f"{page.url} is {width[0]} px wide at {width[1]} px: {culprits}")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("email", PERSONAS, ids=[e or "anonymous" for e in PERSONAS])
def test_every_page_passes_axe_and_reflows(browser, live_server, schools, settings, tmp_path,
                                           email):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_demo_data", stdout=open("/dev/null", "w"))
    client = Client()
    user = User.objects.get(email=email) if email else None
    if user:
        client.force_login(user)
    _seen, _failures, paths = crawl(client, per_view_limit=PER_VIEW)
    if user and user.is_coordinator:
        paths += admin_pages({"coordinator": user, "boras": schools["boras"],
                              "mark": schools["mark"]})
    if ONLY:  # A11Y_CRAWL_ONLY=/konto/,/admin/courses/ for a quick look while fixing
        paths = [path for path in paths if path.startswith(tuple(ONLY))]

    context = browser.new_context(base_url=live_server.url, locale="sv-SE", viewport=DESKTOP)
    context.set_default_timeout(15_000)
    page = context.new_page()
    if user:
        sign_in(page, live_server, user)
    desktop, phone, reflow = AccessibilityAudit(), AccessibilityAudit(), Reflow()
    try:
        for path in paths:
            resize(page, DESKTOP)
            response = page.goto(path)
            assert response.status == 200, path
            desktop.check(page)
            reflow.check(page)
            reflow.check(page, PHONE)
            phone.check(page)
            reflow.check(page, NARROW)
    finally:
        context.close()
    problems = [f"at 1280 px: {url}: {items}" for url, items in desktop.violations.items()]
    problems += [f"at 390 px: {url}: {items}" for url, items in phone.violations.items()]
    problems += reflow.too_wide
    assert not problems, f"{len(paths)} pages checked\n" + "\n".join(problems)
