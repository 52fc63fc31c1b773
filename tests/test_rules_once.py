"""Each rule once, where every path passes: what a portal form refuses, admin's change
form refuses too, with the same message, and nothing is saved.

Each case is one invalid input. It is posted through the portal's form (by the person
who uses it there) and through the admin change form of a stored object (by the
coordinator); both answers must show the rule's message. The rules live in the models'
clean() (docs/developers/rules.md), so a new admin screen or form cannot skip them.
"""

import datetime
import inspect
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from accounts.models import Staffing
from courses.models import Course
from networks.models import Membership, Network, PlanningSlot, Resource
from schools.models import Subject
from tests.admin_support import admin_form_data, page_form_data
from tests.clock import TEST_TODAY, born_years_ago
from tests.courses.conftest import TERM_START, make_course
from tests.factories import ChildFactory, UserFactory, staff


@dataclass
class Case:
    name: str
    message: str
    changes: dict


def _iso(day):
    return day.isoformat()


COURSE_CASES = [
    Case("ages in the wrong order", "Högsta ålder kan inte vara lägre än lägsta ålder.",
         {"min_age": "15", "max_age": "9"}),
    Case("term ends before it starts", "Terminen kan inte sluta innan den börjar.",
         {"term_end": _iso(TERM_START - datetime.timedelta(days=1))}),
    Case("lesson ends before it begins", "Sluttiden måste vara efter starttiden.",
         {"start_time": "17:00", "end_time": "16:00"}),
    Case("deadline after the term starts",
         "Sista ansökningsdag kan inte vara efter terminsstart.",
         {"application_deadline": _iso(TERM_START + datetime.timedelta(days=3))}),
    Case("no seats", "Kursen behöver minst en plats.", {"capacity": "0"}),
]


@pytest.fixture
def course(schools):
    course = make_course(schools["boras"], title="Harpa för nybörjare")
    return course


def _snapshot(obj):
    obj = type(obj).objects.get(pk=obj.pk)
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields
            if f.attname not in ("updated_at", "search_document")}


def _refused(response, message):
    assert response.status_code == 200, "the form should be shown again"
    assert message in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("case", COURSE_CASES, ids=[c.name for c in COURSE_CASES])
def test_course_rules_hold_in_portal_and_admin(client, course, head_boras, coordinator, case):
    before = _snapshot(course)
    client.force_login(head_boras)
    url = reverse("courses:edit", args=[course.pk])
    _refused(client.post(url, page_form_data(client.get(url), **case.changes)), case.message)

    client.force_login(coordinator)
    url = reverse("admin:courses_course_change", args=[course.pk])
    _refused(client.post(url, admin_form_data(client.get(url), **case.changes)), case.message)
    assert _snapshot(course) == before


@pytest.mark.django_db
def test_a_course_opens_to_a_municipality_only_with_an_agreement(client, course, head_boras,
                                                                 coordinator, municipalities):
    message = "Skolan saknar samverkansavtal med Vara"
    vara = str(municipalities["Vara"].pk)
    client.force_login(head_boras)
    url = reverse("courses:edit", args=[course.pk])
    _refused(client.post(url, page_form_data(client.get(url), open_to=[vara])), message)
    client.force_login(coordinator)
    url = reverse("admin:courses_course_change", args=[course.pk])
    _refused(client.post(url, admin_form_data(client.get(url), open_to=[vara])), message)
    assert not course.open_to.filter(pk=vara).exists()


@pytest.mark.django_db
def test_admin_names_only_the_schools_teachers(client, course, coordinator, schools):
    # The portal offers only the school's teachers; admin offers everyone and says no.
    stranger = staff(schools["tranemo"], Staffing.Role.TEACHER)
    client.force_login(coordinator)
    url = reverse("admin:courses_course_change", args=[course.pk])
    _refused(client.post(url, admin_form_data(client.get(url), teachers=[str(stranger.pk)])),
             "Välj pedagoger vid kursens skola.")
    assert not course.teachers.exists()


# --- networks ------------------------------------------------------------------------------

@pytest.fixture
def guitar(schools):
    return Network.objects.create(name="Gitarrnätverket", slug="gitarr",
                                  subject=Subject.objects.get(slug="gitarr"))


@pytest.mark.django_db
@pytest.mark.parametrize("case", [
    Case("subject network without a subject", "Välj vilket ämne nätverket gäller.",
         {"subject": ""}),
    Case("a name taken in other case", "Det finns redan ett nätverk med det namnet.",
         {"name": "stråknätverket"}),
], ids=lambda case: case.name)
def test_network_rules_hold_in_portal_and_admin(client, guitar, coordinator, case):
    Network.objects.create(name="Stråknätverket", slug="strakar",
                           subject=Subject.objects.get(slug="fiol"))
    before = _snapshot(guitar)
    client.force_login(coordinator)
    url = reverse("networks:create")
    data = page_form_data(client.get(url), name="Nytt nätverk", kind="subject",
                          subject=str(guitar.subject_id), description="Om nätverket")
    data.update(case.changes)
    _refused(client.post(url, data), case.message)
    assert Network.objects.count() == 2

    url = reverse("admin:networks_network_change", args=[guitar.pk])
    _refused(client.post(url, admin_form_data(client.get(url), **case.changes)), case.message)
    assert _snapshot(guitar) == before


@pytest.mark.django_db
@pytest.mark.parametrize("case", [
    Case("neither link nor file", "Ange en länk eller ladda upp en fil.", {"link": ""}),
    Case("an occasion note without the occasion",
         "Välj speldag eller konsert för tillfället du angett.",
         {"occasion": "", "occasion_note": "Speldagen i Tranemo"}),
], ids=lambda case: case.name)
def test_resource_rules_hold_in_portal_and_admin(client, guitar, teacher_tranemo, coordinator,
                                                 case):
    Membership.objects.create(network=guitar, user=teacher_tranemo)
    piece = Resource.objects.create(network=guitar, title="Greensleeves", added_by=teacher_tranemo,
                                    link="https://imslp.org/wiki/Greensleeves")
    before = _snapshot(piece)
    client.force_login(teacher_tranemo)
    url = reverse("networks:resource_edit", args=["gitarr", piece.pk])
    _refused(client.post(url, page_form_data(client.get(url), **case.changes)), case.message)

    client.force_login(coordinator)
    url = reverse("admin:networks_resource_change", args=[piece.pk])
    _refused(client.post(url, admin_form_data(client.get(url), **case.changes)), case.message)
    assert _snapshot(piece) == before


@pytest.mark.django_db
def test_a_planning_slot_ends_after_it_starts_in_portal_and_admin(client, guitar,
                                                                  teacher_tranemo, coordinator):
    message = "Sluttiden måste vara senare än starttiden."
    membership = Membership.objects.create(network=guitar, user=teacher_tranemo)
    slot = PlanningSlot.objects.create(membership=membership, weekday=2,
                                       start=datetime.time(15), end=datetime.time(16))
    client.force_login(teacher_tranemo)
    url = reverse("networks:planning", args=["gitarr"])
    _refused(client.post(url, {"weekday": "3", "start": "17:00", "end": "16:00"}), message)
    assert membership.planning_slots.count() == 1

    client.force_login(coordinator)
    url = reverse("admin:networks_planningslot_change", args=[slot.pk])
    _refused(client.post(url, admin_form_data(client.get(url), start="17:00", end="16:00")),
             message)
    slot.refresh_from_db()
    assert (slot.start, slot.end) == (datetime.time(15), datetime.time(16))


# --- accounts: the age rules ---------------------------------------------------------------

@pytest.mark.django_db
def test_a_childs_birth_year_is_checked_in_portal_and_admin(client, schools, coordinator):
    child = ChildFactory()
    too_old = str(TEST_TODAY.year - 30)
    message = "Ange ett födelseår mellan"
    client.force_login(child.guardian)
    url = reverse("accounts:child_edit", args=[child.pk])
    _refused(client.post(url, page_form_data(client.get(url), birth_year=too_old)), message)

    client.force_login(coordinator)
    url = reverse("admin:accounts_child_change", args=[child.pk])
    _refused(client.post(url, admin_form_data(client.get(url), birth_year=too_old)), message)
    child.refresh_from_db()
    assert child.birth_year == born_years_ago(11)


@pytest.mark.django_db
def test_a_pupil_account_is_13_or_older_in_sign_up_and_admin(client, schools, coordinator):
    message = "Elever under 13 år registreras av en vårdnadshavare."
    twelve = str(born_years_ago(12))
    response = client.post(reverse("account_signup"), {
        "first_name": "Elsa", "last_name": "Ek", "email": "elsa@example.se",
        "account_type": "pupil", "birth_year": twelve,
        "home_municipality": str(schools["mark"].municipality_id),
        "password1": "ett-bra-lösenord-42", "password2": "ett-bra-lösenord-42"})
    _refused(response, message)

    pupil = UserFactory(account_type="pupil", birth_year=born_years_ago(15))
    client.force_login(coordinator)
    url = reverse("admin:accounts_user_change", args=[pupil.pk])
    _refused(client.post(url, admin_form_data(client.get(url), birth_year=twelve)), message)
    pupil.refresh_from_db()
    assert pupil.birth_year == born_years_ago(15)


def test_course_cases_cover_every_rule_of_course_clean():
    # A rule added to Course.clean() gets a case here (its message is listed).
    source = inspect.getsource(Course.clean)
    for case in COURSE_CASES:
        assert case.message in source, case.name
    assert source.count("errors[") == len(COURSE_CASES)


def test_head_or_coordinator_is_asked_as_is_leader():
    # "Head or coordinator" is one rule, User.is_leader; spelled out it drifts apart.
    spelled_out = re.compile(
        r"user\.is_(head|coordinator) or (request\.)?user\.is_(coordinator|head)")
    base = Path(settings.BASE_DIR)
    found = [f"{path.relative_to(base)}:{number}"
             for app in ("accounts", "networks", "courses", "events", "initiatives", "surveys",
                         "sjuharad")
             for path in (base / app).rglob("*.py") if "migrations" not in path.parts
             for number, line in enumerate(path.read_text().splitlines(), 1)
             if spelled_out.search(line)]
    assert found == []
