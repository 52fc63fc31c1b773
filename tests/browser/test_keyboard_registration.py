"""Registering for an event with the keyboard only (issue 14), as the apply flow is tested
in test_journeys.py: Tab, Enter and Space, a visible focus on every stop, and the
confirmation at the end. Desktop and phone width (the `page` fixture), axe on every page.
"""

import os

import pytest
from django.core.management import call_command

from accounts.models import User
from events.models import Event, Registration
from tests.browser_support import sign_in

FOCUSED = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const style = getComputedStyle(el);
    const label = el.labels && el.labels.length ? el.labels[0].innerText : "";
    return {
        text: ((el.innerText || el.value || "") + " " + label + " " +
               (el.getAttribute("aria-label") || "")).trim(),
        visible: el.matches(":focus-visible") &&
                 (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0
                  || style.boxShadow !== "none"),
        tag: el.tagName,
    };
}"""


@pytest.fixture
def demo(schools):
    call_command("load_demo_data", stdout=open(os.devnull, "w"))


def tab_to(page, accessible_text, key="Tab", limit=80):
    """Press Tab until the focused element names accessible_text; every stop shows focus."""
    for _ in range(limit):
        page.keyboard.press(key)
        focused = page.evaluate(FOCUSED)
        if focused is None:
            continue
        assert focused["visible"], f"no visible focus on {focused}"
        if accessible_text in focused["text"]:
            return focused
    raise AssertionError(f"{accessible_text!r} cannot be reached with the keyboard")


@pytest.mark.django_db(transaction=True)
def test_registering_for_an_event_works_with_the_keyboard_only(page, axe, demo, live_server):
    pupil = User.objects.get(email="elev@demo.example")
    concert = Event.objects.get(title="Vårkonsert i Sjuhärad")
    sign_in(page, live_server, pupil)
    page.goto("/evenemang/")
    axe.check(page)
    focused = tab_to(page, "Vårkonsert i Sjuhärad")
    assert focused["tag"] == "A"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(f"/evenemang/{concert.pk}/")
    axe.check(page)
    focused = tab_to(page, "Anmäl mig")
    assert focused["tag"] == "BUTTON"
    with page.expect_navigation():
        page.keyboard.press("Space")  # a button takes Space as well as Enter
    assert "Du är anmäld." in page.locator(".messages").inner_text()
    axe.check(page)
    registration = Registration.objects.get(event=concert, user=pupil)
    assert registration.status == Registration.Status.REGISTERED
    # The confirmation offers the way back out, also by keyboard.
    assert tab_to(page, "Avanmäl mig")["tag"] == "BUTTON"
