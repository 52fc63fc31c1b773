"""Each role's home page shows what that role needs, with a query count that does not grow."""

from datetime import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Staffing
from core.models import OutgoingMail
from core.weekdays import Weekday
from courses.models import Application, Wish, term_bounds, term_code
from events.models import Event, Kind, Registration
from meetings.models import AgendaItem
from networks.models import Membership, Network, PlanningSlot, Resource, Thread
from schools.models import Subject
from tests.clock import TEST_TODAY
from tests.courses.conftest import make_agreement, make_application, make_course
from tests.events.conftest import make_event, reminder_row
from tests.factories import ChildFactory, staff


@pytest.fixture
def world(schools, municipalities, head_boras, teacher_tranemo, guardian_mark, coordinator):
    """A small region: a Borås course open to Mark, a guitar network, events, a wish."""
    make_agreement(schools["boras"], municipalities["Mark"])
    guitar = Network.objects.create(name="Gitarrnätverket", slug="gitarr",
                                    subject=Subject.objects.get(slug="gitarr"))
    heads = Network.objects.create(name="Chefsnätverket", slug="chefer", kind="heads")
    Membership.objects.create(network=heads, user=head_boras)
    world = {"guitar": guitar}
    world["member"] = Membership.objects.create(network=guitar, user=teacher_tranemo)
    PlanningSlot.objects.create(membership=world["member"], weekday=Weekday.WEDNESDAY,
                                start=time(14), end=time(16))
    Wish.objects.create(user=guardian_mark, subject=Subject.objects.get(slug="harpa"),
                        home_municipality=municipalities["Mark"], age=10)
    meeting = make_event([schools["boras"]], title="Chefsmöte i december",
                         kind=Kind.HEADS_MEETING, audience=Event.Audience.HEADS)
    AgendaItem.objects.create(event=meeting, title="Gemensam sommarkurs", position=1)
    return world


def grow(world, schools, municipalities, n):
    """Add n of everything each home page lists."""
    for i in range(n):
        course = make_course(schools["boras"], title=f"Harpa {i}",
                             open_to=[municipalities["Mark"]], capacity=5)
        child = ChildFactory(guardian=world["guardian"], home_municipality=municipalities["Mark"],
                             birth_year=course.term_start.year - 10)
        make_application(course, child=child)
        teacher = staff(schools["mark"])
        membership = Membership.objects.create(network=world["guitar"], user=teacher)
        PlanningSlot.objects.create(membership=membership, weekday=Weekday.WEDNESDAY,
                                    start=time(15),
                                    end=time(17))
        Resource.objects.create(network=world["guitar"], title=f"Stycke {i}",
                                link="https://example.org", added_by=teacher)
        Thread.objects.create(network=world["guitar"], title=f"Tråd {i}", started_by=teacher,
                              last_post_at=timezone.now())
        event = make_event([schools["tranemo"]], title=f"Konsert {i}", kind=Kind.CONCERT,
                           audience=Event.Audience.PUBLIC)
        Registration.objects.create(event=event, user=world["teacher"])
        reminder_row(event, teacher, status=OutgoingMail.Status.FAILED, last_error="SMTP 550")
        make_event([schools["boras"]], title=f"Nätverksträff {i}", kind=Kind.NETWORK_MEETING,
                   audience=Event.Audience.NETWORK, network=world["guitar"])


def assert_constant_queries(client, user, world, schools, municipalities):
    client.force_login(user)
    grow(world, schools, municipalities, 1)  # one of everything, so every list has rows
    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse("home")).status_code == 200
    grow(world, schools, municipalities, 12)
    with CaptureQueriesContext(connection) as large:
        response = client.get(reverse("home"))
    assert response.status_code == 200
    assert len(large) == len(small), "\n".join(q["sql"] for q in large.captured_queries)
    return response.content.decode()


@pytest.mark.django_db
def test_head_home(client, world, schools, municipalities, head_boras, guardian_mark,
                   teacher_tranemo):
    world.update(guardian=guardian_mark, teacher=teacher_tranemo)
    html = assert_constant_queries(client, head_boras, world, schools, municipalities)
    assert "Ansökningar som väntar på beslut" in html
    assert html.count("Harpa ") >= 10  # pending applications and the school's courses
    assert "Chefsmöte i december" in html and "Gemensam sommarkurs" in html
    # Rotation: nobody has hosted a training day yet, so the first school alphabetically.
    assert "Kulturskolan i Borås" in html and "står på tur" in html
    assert "Harpa: 1 önskemål" in html
    # Where the school's staff take part: the head is in the heads' network.
    assert "Chefsnätverket</a>: 1 person" in html


@pytest.mark.django_db
def test_teacher_home(client, world, schools, municipalities, teacher_tranemo, guardian_mark):
    world.update(guardian=guardian_mark, teacher=teacher_tranemo)
    html = assert_constant_queries(client, teacher_tranemo, world, schools, municipalities)
    assert "Mina nätverk" in html and "Gitarrnätverket" in html
    # 14–16 (Tranemo) and 15–17 (13 Mark teachers) overlap 15–16 for all 14 members.
    assert "onsdag 15.00–16.00" in html and "14 medlemmar" in html
    assert "Konsert 0" in html  # registered
    assert "Nätverksträff 0" in html  # invited as a member of the network
    assert "Chefsmöte" not in html


@pytest.mark.django_db
def test_family_home(client, world, schools, municipalities, guardian_mark, teacher_tranemo):
    world.update(guardian=guardian_mark, teacher=teacher_tranemo)
    html = assert_constant_queries(client, guardian_mark, world, schools, municipalities)
    assert "Mina barns ansökningar" in html
    assert str(Application.Status.SUBMITTED.label) in html
    assert "Kurser som passar era önskemål" in html and "Harpa 4" in html
    assert "Konsert 2" in html  # open to families
    assert "Nätverksträff" not in html


@pytest.mark.django_db
def test_coordinator_home(client, world, schools, municipalities, coordinator, guardian_mark,
                          teacher_tranemo):
    world.update(guardian=guardian_mark, teacher=teacher_tranemo)
    # A course of the term the test clock is in, from its first day to its last.
    term_start, term_end = term_bounds(term_code(TEST_TODAY))
    course = make_course(schools["boras"], title="Harpa i år", open_to=[municipalities["Mark"]],
                         term_start=term_start, term_end=term_end,
                         application_deadline=term_start)
    child = ChildFactory(home_municipality=municipalities["Mark"])
    make_application(course, child=child, status=Application.Status.ACCEPTED)
    html = assert_constant_queries(client, coordinator, world, schools, municipalities)
    assert "Regionen i överblick" in html
    assert "Kurser öppna över kommungränserna" in html
    assert '<th scope="row">Mark</th><td class="num">1</td>' in html
    assert "Påminnelser som inte gick fram" in html and "SMTP 550" in html


@pytest.mark.django_db
def test_a_teacher_never_sees_the_head_dashboard(client, world, teacher_tranemo):
    client.force_login(teacher_tranemo)
    html = client.get(reverse("home")).content.decode()
    assert "Ansökningar som väntar på beslut" not in html
    assert Staffing.objects.get(user=teacher_tranemo).role == Staffing.Role.TEACHER


def _front_page_world(schools, municipalities, n):
    from courses.models import Agreement

    if not Agreement.objects.exists():
        make_agreement(schools["boras"], municipalities["Mark"])
    for i in range(n):
        make_course(schools["boras"], title=f"Kurs {n}-{i}", open_to=[municipalities["Mark"]])
        make_event([schools["tranemo"]], title=f"Konsert {n}-{i}", kind=Kind.CONCERT,
                   audience=Event.Audience.PUBLIC)
    make_event([schools["boras"]], title="Chefsmöte", kind=Kind.HEADS_MEETING,
               audience=Event.Audience.HEADS)


@pytest.mark.django_db
def test_anonymous_home_says_what_is_current(client, schools, municipalities):
    _front_page_world(schools, municipalities, 2)
    html = client.get(reverse("home")).content.decode()
    assert "Sista chansen att söka" in html and "Kurs 2-0" in html
    assert "sista ansökningsdag" in html
    assert "Kommande evenemang" in html and "Konsert 2-1" in html
    assert "Chefsmöte" not in html
    assert "Kartläggning" not in html  # no round open


@pytest.mark.django_db
def test_the_front_page_costs_the_same_for_many_courses_and_events(client, schools,
                                                                    municipalities):
    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("home")).status_code == 200
        return len(captured)

    _front_page_world(schools, municipalities, 1)
    few = count()
    _front_page_world(schools, municipalities, 8)
    assert count() == few


@pytest.mark.django_db
def test_the_front_page_and_home_pages_link_an_open_survey(client, schools, head_boras,
                                                          guardian_mark):
    import datetime

    from surveys.models import SurveyRound

    SurveyRound.objects.create(title="Kartläggning hösten", opens_on=TEST_TODAY,
                               closes_on=TEST_TODAY + datetime.timedelta(days=20))
    for user in [None, guardian_mark, head_boras]:
        if user:
            client.force_login(user)
        html = client.get(reverse("home")).content.decode()
        assert "Kartläggning hösten" in html, user
        assert reverse("surveys:answer") in html
    assert reverse("surveys:codes") in html  # the head hands out codes
