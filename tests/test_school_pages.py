"""A school's page shows its courses open to others and its upcoming public events
(sections registered by courses and events: schools imports neither)."""

import datetime

import pytest
from django.urls import reverse

from courses.models import Course
from events.models import Event
from schools.models import School
from tests.clock import now
from tests.courses.conftest import make_agreement, make_course


def make_event(school, title, audience=Event.Audience.PUBLIC, days=10, **fields):
    starts = now() + datetime.timedelta(days=days)
    event = Event.objects.create(title=title, kind="concert", audience=audience,
                                 starts_at=starts, ends_at=starts + datetime.timedelta(hours=2),
                                 **fields)
    event.host_schools.add(school)
    return event


@pytest.fixture
def boras_page(schools, municipalities):
    boras = schools["boras"]
    make_agreement(boras, municipalities["Mark"])
    make_course(boras, title="Harpa för grannar", open_to=[municipalities["Mark"]])
    make_course(boras, title="Bara för Borås")
    make_course(boras, title="Utkast för grannar", status=Course.Status.DRAFT,
                open_to=[municipalities["Mark"]])
    make_event(boras, "Vårkonsert")
    make_event(boras, "Chefsmöte", audience=Event.Audience.HEADS)
    make_event(boras, "Förra konserten", days=-10)
    return boras


def test_the_page_lists_courses_open_to_others_and_public_events(client, boras_page):
    page = client.get(reverse("schools:detail", args=["boras"])).content.decode()
    assert "Harpa för grannar" in page
    assert "Bara för Borås" not in page and "Utkast för grannar" not in page
    assert "Vårkonsert" in page
    assert "Chefsmöte" not in page and "Förra konserten" not in page


def test_a_partner_school_page_says_so_and_may_host_events(client, schools):
    vara = School.objects.get(slug="vara")
    make_event(vara, "Gemensam konsert med Vara")
    page = client.get(reverse("schools:detail", args=["vara"])).content.decode()
    assert "Samarbetspartner utanför Sjuhärad" in page
    assert "Gemensam konsert med Vara" in page


def test_the_school_page_query_count_is_constant(client, boras_page, schools, municipalities,
                                                 django_assert_max_num_queries):
    def count():
        with django_assert_max_num_queries(6) as captured:
            client.get(reverse("schools:detail", args=["boras"]), {"n": Course.objects.count()})
        return len(captured)

    few = count()
    for i in range(8):
        make_course(schools["boras"], title=f"Kurs {i}", open_to=[municipalities["Mark"]])
        make_event(schools["boras"], f"Konsert {i}")
    assert count() == few


def test_an_event_change_is_on_the_cached_page_at_once(client, boras_page):
    url = reverse("schools:detail", args=["boras"])
    assert "Vårkonsert" in client.get(url).content.decode()
    Event.objects.filter(title="Vårkonsert").update(title="x")  # bulk: not watched
    event = Event.objects.get(title="x")
    event.title = "Höstkonsert"
    event.save()
    assert "Höstkonsert" in client.get(url).content.decode()



def test_a_school_page_lists_the_regional_courses_it_co_organises(client, schools,
                                                                  municipalities):
    from courses.models import CostShare

    boras = schools["boras"]
    make_agreement(boras, municipalities["Tranemo"])
    regional = make_course(boras, title="Regional stråkorkester",
                           open_to=[municipalities["Tranemo"]])
    CostShare.objects.create(course=regional, school=boras, percent=70)
    CostShare.objects.create(course=regional, school=schools["ulricehamn"], percent=30)
    page = client.get(reverse("schools:detail", args=["ulricehamn"])).content.decode()
    assert "Regional stråkorkester" in page
    assert "regional kurs med Kulturskolan i Borås" in page
    assert "Regional stråkorkester" not in client.get(
        reverse("schools:detail", args=["mark"])).content.decode()
