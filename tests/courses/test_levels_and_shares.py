"""Catalogue by level (a course for all levels matches each), the mark on advanced and
talent courses, and regional courses whose cost the settlement splits by shares."""

from decimal import Decimal

import pytest
from django.urls import reverse

from courses.models import Application, CostShare, Course
from tests.clock import born_years_ago
from tests.courses.conftest import make_agreement, make_application, make_course
from tests.courses.test_admin_actions import course_form
from tests.factories import ChildFactory

pytestmark = pytest.mark.django_db
S = Application.Status
CATALOGUE = reverse("courses:catalogue")


@pytest.fixture
def levels(schools):
    L = Course.Level
    return {
        level: make_course(schools["boras"], title=title, level=level)
        for level, title in [(L.BEGINNER, "Harpa nybörjare"), (L.ADVANCED, "Harpa avancerad"),
                             (L.TALENT, "Harpa spets"), (L.ALL, "Harpa för alla")]}


def titles(client, query):
    response = client.get(f"{CATALOGUE}?{query}")
    return sorted(c.title for c in response.context["page"].object_list)


def test_filter_by_level_returns_the_courses_at_that_level(client, levels):
    """"Spets" does not return the "Alla nivåer" courses (the beginners' harp among them);
    those have an option of their own, and the filter says so."""
    assert titles(client, "niva=talent") == ["Harpa spets"]
    assert titles(client, "niva=beginner") == ["Harpa nybörjare"]
    assert titles(client, "niva=all") == ["Harpa för alla"]
    assert len(titles(client, "")) == 4
    page = client.get(CATALOGUE).content.decode()
    assert "Visar kurser på den valda nivån." in page
    assert "Kurser för alla nivåer</option>" in page


def test_filter_by_level_and_age(client, levels, schools):
    make_course(schools["boras"], title="Spets för äldre", level=Course.Level.TALENT,
                min_age=15, max_age=20)
    assert titles(client, "niva=talent&alder=16") == ["Harpa spets", "Spets för äldre"]
    assert titles(client, "niva=talent&alder=10") == ["Harpa spets"]


def test_an_unknown_level_gets_a_message_and_the_other_filters_apply(client, levels):
    response = client.get(f"{CATALOGUE}?niva=expert&alder=10")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Välj ett giltigt alternativ" in page
    assert len(response.context["page"].object_list) == 4


def test_advanced_and_talent_courses_carry_a_mark(client, levels):
    page = client.get(CATALOGUE).content.decode()
    assert page.count('class="level-mark"') == 2
    assert "Spetsutbildning" in page and "Avancerad nivå" in page
    detail = client.get(reverse("courses:detail", args=[levels["talent"].pk])).content.decode()
    assert "Spetsutbildning" in detail


@pytest.fixture
def regional(schools, municipalities):
    """A Borås talent course co-organised with Mark (60/40), two Tranemo pupils placed."""
    make_agreement(schools["boras"], municipalities["Tranemo"], compensation=3000)
    course = make_course(schools["boras"], title="Regional spetsorkester", capacity=10,
                         level=Course.Level.TALENT, open_to=[municipalities["Tranemo"]])
    CostShare.objects.create(course=course, school=schools["boras"], percent=60)
    CostShare.objects.create(course=course, school=schools["mark"], percent=40)
    for _ in range(2):
        make_application(course, ChildFactory(home_municipality=municipalities["Tranemo"],
                                              birth_year=born_years_ago(14)),
                         status=S.ACCEPTED)
    return course


def test_the_settlement_splits_a_regional_course_by_the_shares(client, regional, coordinator,
                                                                schools):
    client.force_login(coordinator)
    response = client.get(reverse("courses:settlement"), {"termin": regional.term})
    rows = [(r.school.name, r.municipality.name, r.pupils, r.share, r.amount)
            for r in response.context["rows"]]
    assert [row[1:] for row in rows] == [
        ("Tranemo", 2, Decimal(60), Decimal("3600.00")),
        ("Tranemo", 2, Decimal(40), Decimal("2400.00")),
    ]
    assert [row[0] for row in rows] == [regional.school.name, schools["mark"].name]
    assert response.context["total"] == Decimal("6000.00")
    assert "60 % av den regionala kursen Regional spetsorkester" in response.content.decode()
    csv = client.get(reverse("courses:settlement_csv"), {"termin": regional.term})
    assert ";Tranemo;2;3000,00;2400,00;40,00;Regional spetsorkester" in csv.content.decode()


def test_the_co_organising_head_sees_the_shared_rows_once(client, regional, schools):
    from accounts.models import Staffing
    from tests.factories import staff

    client.force_login(staff(schools["mark"], Staffing.Role.HEAD))
    rows = client.get(reverse("courses:settlement"), {"termin": regional.term}
                      ).context["rows"]
    assert sorted(r.pupils for r in rows) == [2, 2]  # counted once, not once per share


def test_admin_refuses_shares_that_do_not_make_100(client, coordinator, regional, schools):
    client.force_login(coordinator)
    url = reverse("admin:courses_course_change", args=[regional.pk])
    shares = list(regional.cost_shares.order_by("pk"))
    data = course_form(regional, **{
        "cost_shares-TOTAL_FORMS": 2, "cost_shares-INITIAL_FORMS": 2,
        "cost_shares-0-id": shares[0].pk, "cost_shares-0-course": regional.pk,
        "cost_shares-0-school": schools["boras"].pk, "cost_shares-0-percent": "60",
        "cost_shares-1-id": shares[1].pk, "cost_shares-1-course": regional.pk,
        "cost_shares-1-school": schools["mark"].pk, "cost_shares-1-percent": "30",
    })
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Andelarna ska tillsammans bli 100 % (nu 90" in response.content.decode()
    data["cost_shares-1-percent"] = "40"
    assert client.post(url, data).status_code == 302


def test_the_course_page_names_the_co_organisers(client, regional):
    page = client.get(reverse("courses:detail", args=[regional.pk])).content.decode()
    assert "Regional kurs, arrangeras av" in page and "Mark" in page


def test_the_settlement_print_counts_placements_not_cost_shares(client, regional, coordinator):
    """Two Tranemo pupils in a course Borås and Mark share: "2 placerade elever", not 4."""
    client.force_login(coordinator)
    response = client.get(reverse("courses:settlement_print"), {"termin": regional.term})
    [tranemo] = response.context["payers"]
    assert tranemo["pupils"] == 2
    assert tranemo["total"] == Decimal("6000.00")
    page = response.content.decode()
    footer = page[page.index("<tfoot>"):page.index("</tfoot>")]
    assert '<td class="num">2</td>' in footer and "6\xa0000 kr" in footer
