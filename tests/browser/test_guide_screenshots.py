"""The screenshots of the user guides (docs/guide/), taken from the demo data.

Every run writes each picture again into docs/img/guide/ and removes the ones no
longer listed here, so the guides never show a portal that has changed since. The
pictures are committed; tests/test_docs.py checks that every picture a guide shows
exists and that every picture here is shown by a guide.

Each picture is the first screen (1280 × 720) of one page, seen by one demo person
(accounts/demo.py), on the fixed test clock so dates stay put from run to run.
"""

from pathlib import Path

import pytest
from django.core.management import call_command

from accounts.models import User
from courses.models import Course
from events.models import Event
from tests.browser_support import open_context, sign_in

GUIDE_IMAGES = Path(__file__).resolve().parents[2] / "docs" / "img" / "guide"
SCREEN = {"width": 1280, "height": 720}

GUARDIAN = "vardnadshavare@demo.example"
# The Borås teacher convenes the guitar network, so her pages show a network in use.
TEACHER = "larare.boras@demo.example"
HEAD = "chef.boras@demo.example"
HEAD_ULRICEHAMN = "chef.ulricehamn@demo.example"  # has an application waiting for a decision
COORDINATOR = "samordnare@demo.example"


def shots():
    """(file name, who, path, the page's heading) for every picture, in guide order."""
    harp = Course.objects.get(title="Harpa för nybörjare")
    guitar = Course.objects.get(title="Gitarr på distans")
    camp = Event.objects.get(title="Sommarläger för stråkar")
    return [
        ("familj-kurskatalog.png", None, "/kurser/", "Kurser"),
        ("familj-ansok.png", GUARDIAN, f"/kurser/{harp.pk}/ansok/", "Ansök"),
        ("familj-mina-ansokningar.png", GUARDIAN, "/kurser/mina-ansokningar/",
         "Mina ansökningar"),
        ("familj-anmal-barn.png", GUARDIAN, f"/evenemang/{camp.pk}/anmal-barn/", "Anmäl"),
        ("pedagog-startsida.png", TEACHER, "/", "Välkommen"),
        ("pedagog-natverk.png", TEACHER, "/natverk/gitarr/", "Gitarrnätverket"),
        ("pedagog-planeringstid.png", TEACHER, "/natverk/gitarr/planering/", "lanering"),
        ("chef-startsida.png", HEAD, "/", "Välkommen"),
        ("chef-kurser.png", HEAD, "/kurser/hantera/", "urser"),
        ("chef-ansokningar.png", HEAD_ULRICEHAMN, f"/kurser/hantera/{guitar.pk}/",
         "Gitarr på distans"),
        ("samordnare-startsida.png", COORDINATOR, "/", "Regionen i överblick"),
        ("samordnare-admin.png", COORDINATOR, "/admin/", "Webbplatsadministration"),
        ("samordnare-fortbildningsdag.png", COORDINATOR, "/admin/events/event/add/",
         "Lägg till evenemang"),
    ]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_guides_pictures_are_taken_from_the_demo_data(browser, live_server, schools,
                                                          settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_demo_data", stdout=open("/dev/null", "w"))
    GUIDE_IMAGES.mkdir(parents=True, exist_ok=True)
    taken = set()
    for name, email, path, heading in shots():
        context, violations = open_context(browser, live_server, SCREEN)
        try:
            page = context.new_page()
            if email:
                sign_in(page, live_server, User.objects.get(email=email))
            response = page.goto(path)
            # The picture must show the page a guide describes: no error, no login form.
            assert response.status == 200, path
            assert "/konto/login/" not in page.url, f"{path} sent {email} to the login page"
            assert heading in page.locator("h1").first.inner_text(), (
                f"{path}: the heading is {page.locator('h1').first.inner_text()!r}")
            page.screenshot(path=str(GUIDE_IMAGES / name), type="png", scale="css",
                            animations="disabled", caret="hide")
            assert not violations, violations
        finally:
            context.close()
        taken.add(name)
    for stale in GUIDE_IMAGES.glob("*.png"):
        if stale.name not in taken:
            stale.unlink()
    assert {p.name for p in GUIDE_IMAGES.glob("*.png")} == taken
