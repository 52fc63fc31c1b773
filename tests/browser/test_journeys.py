"""The four journeys of the portal, end to end in Chromium against the live server.

They run on the demo data that `make run` shows, at desktop and phone width (the
`page` fixture), with axe checking every page a person reaches. Mail is Django's
in-memory outbox: the live server runs in this process.
"""

import datetime
import re
import time

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from core.weekdays import Weekday
from courses.models import Application, Course
from events import services as event_services
from events.models import Event, Kind, Registration
from networks.models import Membership, PlanningSlot, Resource
from schools.models import School
from tests.accounts.helpers import current_totp
from tests.browser_support import open_filters, sign_in
from tests.clock import born_years_ago
from tests.events.conftest import make_event
from tests.smtp_sink import SmtpSink
from tests.worker_support import wait_until

DEMO_PASSWORD = "kulturskola-demo"


@pytest.fixture
def demo(schools):
    call_command("load_demo_data", stdout=open("/dev/null", "w"))


def log_in(page, axe, email, totp_secret=None):
    page.goto("/konto/login/")
    axe.check(page)
    page.get_by_label("E-postadress").fill(email)
    page.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    if totp_secret:
        page.wait_for_url("**/2fa/authenticate/")
        axe.check(page)
        page.get_by_label("Kod").fill(current_totp(totp_secret))
        page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(lambda url: "/konto/" not in url)


def switch_to(page, live_server, user):
    """Continue as another signed-in person (their own login form is tested elsewhere)."""
    page.context.clear_cookies()
    sign_in(page, live_server, user)


def mails_to(address):
    return [m for m in mail.outbox if address in m.to]


def link_in(message, part):
    return next(url for url in re.findall(r"https?://[^\s\"<>]+", message.body) if part in url)


@pytest.mark.django_db(transaction=True)
def test_a_head_publishes_a_course_and_a_guardian_in_tranemo_gets_a_place(page, axe, demo,
                                                                          live_server):
    # Journey 1: the head of Borås signs in with MFA and publishes a course for Tranemo and Mark.
    head = User.objects.get(email="chef.boras@demo.example")
    secret = generate_totp_secret()
    TOTP.activate(head, secret)
    log_in(page, axe, head.email, totp_secret=secret)
    assert "Ansökningar som väntar på beslut" in page.content()
    axe.check(page)
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link",
                                                                 name="Skolans kurser").click()
    axe.check(page)
    page.get_by_role("link", name="Ny kurs").click()
    axe.check(page)
    today = timezone.localdate()
    term_start = datetime.date(today.year + 1, 1, 20)
    page.get_by_label("Ämne").select_option(label="Harpa")
    page.get_by_label("Titel").fill("Harpa för fortsättare")
    page.get_by_label("Beskrivning").fill("För dig som spelat harpa i ett par år.")
    page.get_by_label("Nivå").select_option(label="Fortsättning")
    page.get_by_label("Lägsta ålder").fill("9")
    page.get_by_label("Högsta ålder").fill("16")
    page.get_by_role("textbox", name="Plats:").fill("Kulturskolan i Borås, sal 3")
    page.get_by_label("Veckodag").select_option(label="onsdag")
    page.get_by_label("Starttid").fill("16:30")
    page.get_by_label("Sluttid").fill("17:15")
    page.get_by_label("Terminen börjar").fill(term_start.isoformat())
    page.get_by_label("Terminen slutar").fill(datetime.date(today.year + 1, 6, 5).isoformat())
    page.get_by_label("Antal platser").fill("3")
    page.get_by_label("Sista ansökningsdag").fill((today + datetime.timedelta(days=20)).isoformat())
    page.get_by_label("Tranemo", exact=True).check()
    page.get_by_label("Mark", exact=True).check()
    page.get_by_role("button", name="Spara kursen").click()
    assert "är sparad" in page.locator(".messages").inner_text()
    axe.check(page)
    page.get_by_role("button", name="Publicera").click()
    course = Course.objects.get(title="Harpa för fortsättare")
    assert course.status == Course.Status.PUBLISHED
    assert {m.name for m in course.open_to.all()} >= {"Borås", "Tranemo", "Mark"}

    # Journey 2: a guardian in Tranemo signs up, verifies the address and finds the course.
    page.context.clear_cookies()
    page.goto("/konto/signup/")
    axe.check(page)
    page.get_by_label("Förnamn").fill("Tova")
    page.get_by_label("Efternamn").fill("Lind")
    page.get_by_label("E-postadress").fill("tova.lind@example.se")
    page.get_by_label("Vårdnadshavare").check()
    page.get_by_label("Hemkommun").select_option(label="Tranemo")
    page.get_by_label("Lösenord", exact=False).first.fill("ett-bra-lösenord-42")
    page.get_by_label("Lösenord (igen)").fill("ett-bra-lösenord-42")
    page.get_by_role("button", name="Skapa konto").click()
    axe.check(page)
    confirm = link_in(mails_to("tova.lind@example.se")[-1], "confirm-email")
    page.goto(confirm)
    axe.check(page)
    page.get_by_role("button", name="Verifiera").click()
    page.wait_for_url(lambda url: "/konto/" not in url)
    assert "Mina barns ansökningar" in page.content()  # signed in, on the family home page
    axe.check(page)

    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Kurser").click()
    open_filters(page)
    subject = page.get_by_label("Ämne")
    subject.select_option(subject.locator("option", has_text="Harpa").first.get_attribute("value"))
    page.get_by_label("Öppen för elever från").select_option(label="Tranemo")
    page.get_by_label("Ålder").fill("11")
    page.get_by_role("button", name="Visa kurser").click()
    assert "amne=" in page.url and "alder=11" in page.url
    axe.check(page)
    page.get_by_role("link", name="Harpa för fortsättare").click()
    axe.check(page)
    page.get_by_role("link", name="Ansök till Harpa för fortsättare").click()
    axe.check(page)
    page.get_by_label("Ett nytt barn").check()
    page.get_by_label("Barnets förnamn").fill("Ella")
    page.get_by_label("Barnets efternamn").fill("Lind")
    page.get_by_label("Födelseår").fill(str(born_years_ago(10)))
    page.get_by_label("Hemkommun").select_option(label="Tranemo")
    page.get_by_role("button", name="Skicka ansökan").click()
    assert "Ansökan är skickad" in page.locator(".messages").inner_text()
    axe.check(page)
    application = Application.objects.get(course=course)
    assert application.status == Application.Status.SUBMITTED

    # The head offers the place ...
    switch_to(page, live_server, head)
    page.goto("/")
    page.get_by_role("link", name="Harpa för fortsättare").first.click()
    axe.check(page)
    page.get_by_role("button", name="Erbjud Ella Lind plats").click()
    application.refresh_from_db()
    assert application.status == Application.Status.OFFERED

    # ... and the guardian sees the offer and accepts it.
    switch_to(page, live_server, User.objects.get(email="tova.lind@example.se"))
    page.goto("/kurser/mina-ansokningar/")
    assert "Erbjuden plats" in page.locator("table").inner_text()
    axe.check(page)
    page.get_by_role("button", name="Tacka ja till Harpa för fortsättare").click()
    assert "Plats antagen" in page.locator("table").inner_text()
    axe.check(page)
    application.refresh_from_db()
    assert application.status == Application.Status.ACCEPTED

    guardian_subjects = [m.subject for m in mails_to("tova.lind@example.se")]
    assert any("Vi har tagit emot ansökan" in s for s in guardian_subjects)
    assert any("Erbjudande om plats" in s for s in guardian_subjects)
    assert len(guardian_subjects) >= 4  # verification, received, offered, accepted
    head_subjects = [m.subject for m in mails_to(head.email)]
    assert any("Ny ansökan till Harpa för fortsättare" in s for s in head_subjects)
    assert any("är antagen" in s for s in head_subjects)


@pytest.mark.django_db(transaction=True)
def test_a_teacher_in_ulricehamn_joins_the_guitar_network_and_gets_the_reminder(page, axe,
                                                                                  demo, workers):
    teacher = User.objects.get(email="larare.ulricehamn@demo.example")
    log_in(page, axe, teacher.email)
    axe.check(page)
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Nätverk").click()
    axe.check(page)
    page.get_by_role("link", name="Gitarrnätverket Sjuhärad").click()
    page.get_by_role("button", name="Gå med i nätverket").click()
    assert "medlem" in page.locator(".messages").inner_text()
    axe.check(page)
    network = Membership.objects.get(user=teacher).network

    page.get_by_role("link", name="Repertoar och material").first.click()
    axe.check(page)
    page.get_by_role("link", name=re.compile("Lägg till")).first.click()
    axe.check(page)
    page.get_by_label("Titel").fill("Romance d'amour")
    page.get_by_label("Kompositör/arrangör").fill("Trad., arr. Ulf Ek")
    page.get_by_label("Nivå").select_option(index=1)
    page.get_by_label("Länk").fill("https://example.org/romance")
    page.get_by_role("button", name="Spara").click()
    assert Resource.objects.filter(network=network, title="Romance d'amour",
                                   added_by=teacher).exists()
    axe.check(page)

    page.get_by_role("link", name="Planeringstid").first.click()
    page.get_by_label("Veckodag").select_option(label="onsdag")
    page.get_by_label("Från").fill("13:00")
    page.get_by_label("Till").fill("16:00")
    page.get_by_role("button", name="Lägg till tiden").click()
    assert PlanningSlot.objects.filter(membership__user=teacher,
                                       weekday=Weekday.WEDNESDAY).exists()
    expect(page.locator("main")).to_contain_text("onsdag")
    axe.check(page)

    page.get_by_role("link", name="Översikt").first.click()
    page.get_by_role("link", name="Gitarrspeldag").click()
    axe.check(page)
    page.get_by_role("button", name="Anmäl mig").click()
    play_day = Event.objects.get(title="Gitarrspeldag")
    assert Registration.objects.get(event=play_day, user=teacher).status == "registered"
    axe.check(page)

    # The reminder arrives when the worker runs: a real Celery worker process sends it
    # through a real SMTP server. The play day is moved so its reminder falls due now.
    due = timezone.now() + datetime.timedelta(seconds=3)
    play_day.starts_at = due + datetime.timedelta(hours=2)
    play_day.ends_at = play_day.starts_at + datetime.timedelta(hours=5)
    play_day.reminder_hours = "2"
    play_day.save()
    with SmtpSink() as sink:
        workers.mail_to(sink)
        workers.start("journey", concurrency=1)
        time.sleep(max(0.0, (due - timezone.now()).total_seconds()) + 0.5)
        workers.sweep()
        wait_until(lambda: teacher.email in sink.handler.recipients(), 60, workers,
                   "the play-day reminder")
        workers.sweep()  # a later sweep sends nothing again
        time.sleep(1)
        subjects = [subject for tos, _id, subject in sink.handler.messages
                    if teacher.email in tos]
    assert len(subjects) == 1 and "Gitarrspeldag" in subjects[0]


@pytest.mark.django_db(transaction=True)
def test_the_coordinator_creates_next_years_training_day_in_admin(page, axe, demo):
    # Earlier training days: every school has hosted except Svenljunga, so it is its turn.
    year = timezone.localdate().year
    for offset, school in enumerate(School.objects.in_region().exclude(slug="svenljunga")):
        make_event([school], title=f"Fortbildning {year - 7 + offset}", kind=Kind.TRAINING_DAY,
                   starts_at=timezone.make_aware(datetime.datetime(year - 7 + offset, 8, 15, 9)))
    Event.objects.filter(kind=Kind.TRAINING_DAY, starts_at__year__gte=year).delete()
    assert event_services.suggested_training_day_host().slug == "svenljunga"

    coordinator = User.objects.get(email="samordnare@demo.example")
    log_in(page, axe, coordinator.email)
    assert "Regionen i överblick" in page.content()
    axe.check(page)
    page.goto("/admin/events/event/add/")
    axe.check(page)
    assert "turordningen: Svenljunga kulturskola" in page.content()
    checked = page.locator("#id_host_schools input:checked")
    assert [box.evaluate("el => el.labels[0].innerText.trim()") for box in checked.all()] == [
        "Svenljunga kulturskola"]
    page.get_by_label("Rubrik").fill(f"Fortbildningsdag {year + 1}")
    page.get_by_label("Målgrupp").select_option(value=Event.Audience.STAFF)
    page.get_by_label("Börjar").fill(f"{year + 1}-08-14T08:30")
    page.get_by_label("Slutar").fill(f"{year + 1}-08-14T15:30")
    page.get_by_role("button", name="Spara", exact=True).click()
    page.wait_for_url("**/admin/events/event/")
    axe.check(page)
    event = Event.objects.get(title=f"Fortbildningsdag {year + 1}")
    assert event.kind == Kind.TRAINING_DAY
    assert [s.slug for s in event.host_schools.all()] == ["svenljunga"]
    # Next time the rotation moves on: the school that hosted longest ago.
    page.goto("/admin/events/event/add/")
    oldest = School.objects.in_region().exclude(slug="svenljunga").order_by("name").first()
    assert f"turordningen: {oldest.name}" in page.content()


def tab_to(page, accessible_text, limit=80):
    """Press Tab until the focused element's text or label contains accessible_text."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate("""() => {
            const el = document.activeElement;
            if (!el.matches("a, button, input, select, textarea, summary")) return "";
            const label = el.labels && el.labels.length ? el.labels[0].innerText : "";
            return (el.innerText || el.value || "") + " " + label + " " +
                   (el.getAttribute("aria-label") || "");
        }""")
        if accessible_text in focused:
            return
    raise AssertionError(f"{accessible_text!r} cannot be reached with the keyboard")


@pytest.mark.django_db(transaction=True)
def test_the_apply_flow_works_with_the_keyboard_only(page, axe, demo, live_server):
    guardian = User.objects.get(email="vardnadshavare@demo.example")
    sign_in(page, live_server, guardian)
    page.goto("/kurser/")
    if not page.locator("details.filter-panel").evaluate("details => details.open"):
        tab_to(page, "Filtrera")  # on a phone the filters are folded behind one control
        page.keyboard.press("Enter")
    tab_to(page, "Sök")
    page.keyboard.type("teater")
    page.keyboard.press("Enter")
    page.wait_for_url("**sok=teater**")
    tab_to(page, "Teater för unga")
    page.keyboard.press("Enter")
    page.wait_for_url("**/kurser/*/")
    tab_to(page, "Ansök till Teater för unga")
    page.keyboard.press("Enter")
    page.wait_for_url("**/ansok/")
    axe.check(page)
    tab_to(page, "Alva Gustafsson")  # Tab enters the radio group, arrows move within it
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert page.get_by_label("Ett nytt barn").is_checked()
    tab_to(page, "Barnets förnamn")
    page.keyboard.type("Nils")
    page.keyboard.press("Tab")
    page.keyboard.type("Gustafsson")
    page.keyboard.press("Tab")
    page.keyboard.type(str(born_years_ago(13)))
    tab_to(page, "Hemkommun")
    page.keyboard.type("Tranemo")  # a focused <select> picks the option typed
    tab_to(page, "Skicka ansökan")
    page.keyboard.press("Enter")
    page.wait_for_url("**/mina-ansokningar/")
    assert "Ansökan är skickad" in page.locator(".messages").inner_text()
    application = Application.objects.get(child__first_name="Nils")
    assert application.course.title == "Teater för unga"
    assert application.home_municipality.name == "Tranemo"
