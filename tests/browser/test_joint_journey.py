"""Joint activities in a real browser (issue 10), at desktop width and 390 px, axe on every
page: a guardian registers a 9- and a 14-year-old for the string camp with allergy notes;
the organising head sees them under the children's school, exports and prints the list; the
Ulricehamn guitar convenor creates the play day; a teacher registers a group of five."""

import datetime

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from accounts.models import Child, User
from events.models import Event, Kind, Registration
from networks.models import Membership, Network
from schools.models import School
from tests.browser_support import sign_in
from tests.clock import TEST_TODAY, born_years_ago

PHONE_390 = {"width": 390, "height": 844}


@pytest.fixture(params=["desktop", "phone-390"])
def viewport(request):
    return None if request.param == "desktop" else PHONE_390


@pytest.fixture
def demo(schools):
    call_command("load_demo_data", stdout=open("/dev/null", "w"))


def _as(page, live_server, email):
    page.context.clear_cookies()
    sign_in(page, live_server, User.objects.get(email=email))


@pytest.mark.django_db(transaction=True)
def test_children_at_the_string_camp_and_a_group_at_the_play_day(page, axe, demo, live_server):
    tranemo = School.objects.get(slug="tranemo")
    guardian = User.objects.get(email="vardnadshavare@demo.example")
    Child.objects.filter(guardian=guardian, first_name="Alva").update(
        birth_year=born_years_ago(14), school=tranemo)
    Child.objects.filter(guardian=guardian, first_name="Elis").update(
        birth_year=born_years_ago(9), school=tranemo)
    camp = Event.objects.get(title="Sommarläger för stråkar")
    assert camp.asks_participant_info

    # The guardian picks both children on the camp's page, with allergy notes.
    _as(page, live_server, guardian.email)
    page.goto(camp.get_absolute_url())
    axe.check(page)
    page.get_by_role("link", name="Anmäl barn").click()
    axe.check(page)
    # Ages as the form counts them: in the camp's year (next summer, by the demo's season).
    for name, born, allergy in (("Alva", born_years_ago(14), "Pollen"),
                                ("Elis", born_years_ago(9), "Nötallergi")):
        age = camp.starts_at.year - born
        box = page.locator("fieldset", has_text=f"{name} Gustafsson")
        box.get_by_label(f"Anmäl {name} Gustafsson ({age} år)").check()
        box.get_by_label("Telefon till anhörig i nödfall").fill("070-123 45 67")
        box.get_by_label("Allergier och medicinska uppgifter").fill(allergy)
        box.get_by_label("Ja").check()
    page.get_by_role("button", name="Anmäl valda barn").click()
    expect(page.locator(".messages")).to_contain_text("Elis Gustafsson är anmäld.")
    axe.check(page)
    assert Registration.objects.filter(event=camp, user=guardian,
                                       status="registered").count() == 2

    # The organising head (a head of a host school) sees them under Tranemo, exports, prints.
    organiser = User.objects.filter(staffings__school__in=camp.host_schools.all(),
                                    staffings__role="head").order_by("email").first()
    _as(page, live_server, organiser.email)
    page.goto(camp.get_absolute_url())
    page.get_by_role("link", name="Deltagarlista per skola").click()
    axe.check(page)
    tranemo_list = page.locator("section.roll-call", has_text=tranemo.name)
    expect(tranemo_list).to_contain_text("Elis Gustafsson")
    expect(tranemo_list).to_contain_text("Nötallergi")
    with page.expect_download() as download:
        page.get_by_role("link", name="Ladda ner som kalkylark (.csv)").click()
    body = open(download.value.path(), "rb").read()
    assert body.startswith("\ufeff".encode()) and b"Elis Gustafsson" in body
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator("th.print-only").first).to_be_visible()
    page.emulate_media(media="screen")

    # The Ulricehamn guitar convenor creates the play day without a head.
    guitar = Network.objects.get(slug="gitarr")
    convenor = User.objects.get(email="larare.ulricehamn@demo.example")
    Membership.objects.create(network=guitar, user=convenor, role=Membership.Role.CONVENOR)
    _as(page, live_server, convenor.email)
    page.goto("/evenemang/nytt/")
    axe.check(page)
    day = (TEST_TODAY + datetime.timedelta(days=30)).isoformat()
    page.get_by_label("Rubrik").fill("Speldag för gitarrelever")
    page.locator("#id_kind").select_option(Kind.PLAY_DAY)
    page.get_by_role("checkbox", name=School.objects.get(slug="ulricehamn").name).check()
    page.locator("#id_network").select_option(str(guitar.pk))
    page.locator("#id_audience").select_option(Event.Audience.NETWORK)
    page.get_by_label("Börjar").fill(f"{day}T10:00")
    page.get_by_label("Slutar").fill(f"{day}T15:00")
    page.get_by_label("Kräver anmälan").check()
    page.get_by_label("Antal platser").fill("40")
    page.get_by_role("button", name="Spara evenemanget").click()
    expect(page.locator("h1")).to_have_text("Speldag för gitarrelever")
    axe.check(page)
    play_day = Event.objects.get(title="Speldag för gitarrelever")
    assert (play_day.created_by, play_day.network) == (convenor, guitar)

    # A teacher of the network registers a group of five from their school.
    teacher = User.objects.get(email="larare.mark@demo.example")
    _as(page, live_server, teacher.email)
    page.goto(play_day.get_absolute_url())
    page.get_by_role("link", name="Anmäl en grupp från din skola").click()
    axe.check(page)
    page.get_by_label("Antal elever").fill("5")
    page.get_by_label("Gruppens namn").fill("Marks gitarrgrupp")
    page.get_by_role("button", name="Anmäl gruppen").click()
    expect(page.locator(".messages")).to_contain_text("Gruppen är anmäld.")
    axe.check(page)
    group = Registration.objects.get(event=play_day, participant="group")
    assert (group.places, group.user) == (5, teacher)
