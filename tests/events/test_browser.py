"""The events pages in a real browser (Debian chromium), checked with axe for WCAG 2.1 AA."""

import pytest

from events.models import Event, Kind
from meetings.models import ActionItem
from programme.models import Contribution
from tests.browser_support import sign_in
from tests.events.conftest import make_event

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_event_pages_are_accessible(page, axe, live_server, schools, head_boras,
                                    heads_meeting, training_day, concert):
    heads_meeting.agenda_items.create(title="Budget", position=1)
    ActionItem.objects.create(event=heads_meeting, text="Boka lokal", owner=head_boras)
    sign_in(page, live_server, head_boras)
    today = heads_meeting.starts_at
    for path in ["/evenemang/", f"/evenemang/manad/{today.year}/{today.month}/",
                 f"/evenemang/{heads_meeting.pk}/", f"/evenemang/{heads_meeting.pk}/protokoll/",
                 f"/evenemang/{training_day.pk}/", f"/evenemang/{concert.pk}/",
                 "/evenemang/fortbildningsdagar/", "/evenemang/prenumeration/",
                 "/evenemang/paminnelser/", "/evenemang/nytt/?typ=training_day",
                 f"/evenemang/{heads_meeting.pk}/andra/"]:
        response = page.goto(path)
        assert response.status == 200, path
        assert page.locator("h1").count() == 1, path
        axe.check(page)


def test_register_without_javascript_flow(page, live_server, schools, pupil, concert):
    sign_in(page, live_server, pupil)
    page.goto(f"/evenemang/{concert.pk}/")
    page.get_by_role("button", name="Anmäl mig").click()
    assert page.get_by_text("Du är anmäld.").first.is_visible()
    assert concert.registrations.get().user == pupil


def test_the_joint_activity_pages_are_accessible(page, axe, live_server, schools, head_boras,
                                                 concert, teacher_tranemo):
    """Issue 10's pages for organisers: the cancel confirmation, the programme with a
    contribution to place, and the group form."""
    festival = make_event([schools["boras"]], title="Sjuhäradsdagen", kind=Kind.FESTIVAL,
                          audience=Event.Audience.PUBLIC, registration_required=True)
    Contribution.objects.create(event=festival, school=schools["tranemo"], title="Körfest",
                                ensemble="Kören", performers=12, length_minutes=6)
    sign_in(page, live_server, head_boras)
    for path in [f"/evenemang/{concert.pk}/stall-in/", f"/evenemang/{festival.pk}/bidrag/",
                 f"/evenemang/{festival.pk}/deltagare/",
                 f"/evenemang/{festival.pk}/anmal-grupp/"]:
        response = page.goto(path)
        assert response.status == 200, path
        assert page.locator("h1").count() == 1, path
        axe.check(page)
