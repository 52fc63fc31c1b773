"""The events pages in a real browser (Debian chromium), checked with axe for WCAG 2.1 AA."""

import datetime

import pytest
from django.core import mail
from icalendar import Calendar

from events import ics, services
from events.models import Event, Kind
from meetings.models import ActionItem
from programme.models import Contribution
from tests import clock
from tests.browser_support import sign_in
from tests.events.conftest import make_event
from tests.factories import ChildFactory

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


def test_a_guardian_at_a_childrens_camp_only_sees_register_child(page, axe, live_server, schools,
                                                                guardian_mark, municipalities):
    """Issue 19: the guardian is offered "Anmäl barn", never "Anmäl mig"; an anonymous visitor
    is asked to log in and comes back to the camp."""
    camp = make_event([schools["vargarda"]], title="Barnläger", kind=Kind.CAMP,
                      audience=Event.Audience.PUBLIC, registration_required=True,
                      asks_participant_info=True)
    ChildFactory(guardian=guardian_mark, first_name="Alva", last_name="Ek",
                 birth_year=camp.year - 9, home_municipality=municipalities["Mark"])
    page.goto(f"/evenemang/{camp.pk}/")
    login = page.get_by_role("link", name="Logga in för att anmäla")
    assert f"next=/evenemang/{camp.pk}/" in login.get_attribute("href").replace("%2F", "/")
    axe.check(page)
    sign_in(page, live_server, guardian_mark)
    page.goto(f"/evenemang/{camp.pk}/")
    axe.check(page)
    assert page.get_by_role("button", name="Anmäl mig").count() == 0
    assert page.get_by_role("link", name="Anmäl mig").count() == 0
    page.get_by_role("link", name="Anmäl barn").click()
    page.get_by_label("Anmäl Alva Ek (9 år)").check()
    page.get_by_label("Telefon till anhörig i nödfall").fill("070-123 45 67")
    page.get_by_label("Ja").check()
    page.get_by_role("button", name="Anmäl valda barn").click()
    page.wait_for_url(f"**/evenemang/{camp.pk}/")
    assert camp.registrations.get().child.first_name == "Alva"
    axe.check(page)


def test_a_moved_meeting_reaches_the_registered_with_a_calendar_update(
        page, axe, live_server, schools, head_boras, teacher_tranemo):
    """Issue 19: the head moves the meeting 17:00 → 17:30 on the edit page; the registered
    teacher gets a mail whose .ics (parsed back) replaces the stored copy."""
    day = clock.today() + datetime.timedelta(days=21)
    start = datetime.datetime.combine(day, datetime.time(17), tzinfo=clock.STOCKHOLM)
    meeting = make_event([schools["boras"]], title="Stråkträff", kind=Kind.TRAINING_DAY,
                         audience=Event.Audience.STAFF, registration_required=True,
                         place="Sal 1", starts_at=start,
                         ends_at=start + datetime.timedelta(hours=2))
    services.register(meeting, teacher_tranemo)
    sequence = meeting.sequence
    sign_in(page, live_server, head_boras)
    page.goto(f"/evenemang/{meeting.pk}/andra/")
    axe.check(page)
    page.get_by_label("Börjar").fill(f"{day.isoformat()}T17:30")
    page.get_by_label("Slutar").fill(f"{day.isoformat()}T19:30")
    page.get_by_role("button", name="Spara evenemanget").click()
    page.wait_for_url(f"**/evenemang/{meeting.pk}/")
    axe.check(page)
    (message,) = [m for m in mail.outbox if m.to == [teacher_tranemo.email]]
    assert "Ändrat: Stråkträff" in message.subject
    (_name, content, mimetype), = message.attachments
    assert "method=REQUEST" in mimetype
    calendar = Calendar.from_ical(content)
    (vevent,) = calendar.walk("VEVENT")
    assert calendar["method"] == "REQUEST"
    assert str(vevent["uid"]) == ics.event_uid(meeting)
    assert int(vevent["sequence"]) > sequence
    assert vevent.decoded("dtstart").astimezone(clock.STOCKHOLM).time() == datetime.time(17, 30)
