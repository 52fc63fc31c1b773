"""Settlement between municipalities per term, and the regional demand from wishes."""

import pytest
from django.urls import reverse

from courses.models import Application, Wish
from tests.clock import born_years_ago
from tests.courses.conftest import make_agreement, make_application, make_course
from tests.factories import ChildFactory

pytestmark = pytest.mark.django_db
S = Application.Status


@pytest.fixture
def placed(schools, municipalities):
    """Borås harp: two Mark pupils and one Tranemo pupil placed, one Borås pupil, one
    Mark pupil only offered."""
    make_agreement(schools["boras"], municipalities["Mark"], compensation=3000)
    make_agreement(schools["boras"], municipalities["Tranemo"], compensation=2500)
    course = make_course(schools["boras"], capacity=10,
                         open_to=[municipalities["Mark"], municipalities["Tranemo"]])
    for name, status in [("Mark", S.ACCEPTED), ("Mark", S.ACCEPTED), ("Tranemo", S.ACCEPTED),
                         ("Borås", S.ACCEPTED), ("Mark", S.OFFERED)]:
        child = ChildFactory(home_municipality=municipalities[name], birth_year=born_years_ago(11))
        make_application(course, child, status=status)
    return course


def settlement_rows(client, course):
    response = client.get(reverse("courses:settlement"), {"termin": course.term})
    assert response.status_code == 200
    return [(r.school.name, r.municipality.name, r.pupils, r.amount)
            for r in response.context["rows"]]


def test_settlement_counts_placed_pupils_and_amounts(client, placed, coordinator):
    client.force_login(coordinator)
    assert settlement_rows(client, placed) == [
        ("Kulturskolan i Borås", "Mark", 2, 6000),
        ("Kulturskolan i Borås", "Tranemo", 1, 2500),
    ]


def test_settlement_csv_has_the_same_rows(client, placed, coordinator):
    client.force_login(coordinator)
    response = client.get(reverse("courses:settlement_csv"), {"termin": placed.term})
    text = response.content.decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv")
    lines = text.strip().splitlines()
    assert lines[0].startswith("Termin;Erbjudande skola;Hemkommun")
    # Swedish Excel reads a decimal comma as a number ("3000.00" would be text).
    assert "Kulturskolan i Borås;Mark;2;3000,00;6000,00" in lines[1]
    assert len(lines) == 3


def test_head_sees_rows_of_their_school_and_where_their_municipality_pays(
        client, placed, head_boras, head_tranemo, schools):
    client.force_login(head_boras)
    assert len(settlement_rows(client, placed)) == 2
    client.force_login(head_tranemo)
    assert settlement_rows(client, placed) == [("Kulturskolan i Borås", "Tranemo", 1, 2500)]
    from accounts.models import Staffing
    from tests.factories import staff

    head_herrljunga = staff(schools["herrljunga"], Staffing.Role.HEAD)
    client.force_login(head_herrljunga)
    assert settlement_rows(client, placed) == []


def test_settlement_stays_right_when_a_childs_data_is_erased(client, placed, coordinator):
    for application in placed.applications.filter(home_municipality__name="Mark"):
        application.child.delete()
    client.force_login(coordinator)
    assert settlement_rows(client, placed)[0] == ("Kulturskolan i Borås", "Mark", 2, 6000)
    page = client.get(reverse("courses:applications", args=[placed.pk])).content.decode()
    assert "(uppgifter borttagna)" in page


def test_settlement_query_count_is_constant(client, placed, coordinator, schools,
                                            municipalities, django_assert_max_num_queries):
    for school in ["tranemo", "mark", "ulricehamn"]:
        make_agreement(schools[school], municipalities["Borås"])
        course = make_course(schools[school], open_to=[municipalities["Borås"]], capacity=5)
        for _ in range(3):
            make_application(course, ChildFactory(home_municipality=municipalities["Borås"],
                                                  birth_year=born_years_ago(11)),
                             status=S.ACCEPTED)
    client.force_login(coordinator)
    with django_assert_max_num_queries(9):
        rows = settlement_rows(client, placed)
    assert len(rows) == 5


def test_guardian_records_a_wish(client, guardian_mark, mark):
    from schools.models import Subject

    client.force_login(guardian_mark)
    response = client.post(reverse("courses:wish"), {
        "subject": Subject.objects.get(slug="harpa").pk, "home_municipality": mark.pk,
        "age": 9})
    assert response.status_code == 302
    wish = Wish.objects.get()
    assert (wish.subject.slug, wish.home_municipality, wish.age) == ("harpa", mark, 9)


def test_wish_form_explains_a_bad_age(client, guardian_mark, mark):
    client.force_login(guardian_mark)
    response = client.post(reverse("courses:wish"), {"home_municipality": mark.pk, "age": 99})
    assert response.status_code == 200
    assert "mindre än eller lika med 25" in response.content.decode()
    assert not Wish.objects.exists()


def test_staff_and_anonymous_cannot_record_wishes(client, teacher_tranemo):
    assert client.get(reverse("courses:wish")).status_code == 302
    client.force_login(teacher_tranemo)
    assert client.get(reverse("courses:wish")).status_code == 404


def test_heads_see_demand_by_subject_and_municipality(client, head_tranemo, municipalities,
                                                      django_assert_max_num_queries):
    from schools.models import Subject

    harp, film = Subject.objects.get(slug="harpa"), Subject.objects.get(slug="film")
    for subject, name in [(harp, "Tranemo"), (harp, "Tranemo"), (harp, "Mark"),
                          (film, "Mark")]:
        Wish.objects.create(subject=subject, home_municipality=municipalities[name], age=10)
    client.force_login(head_tranemo)
    with django_assert_max_num_queries(5):
        response = client.get(reverse("courses:demand"))
    rows = response.context["rows"]
    assert response.context["municipalities"] == ["Mark", "Tranemo"]
    assert [(r["subject"], r["cells"], r["total"]) for r in rows] == [
        ("Harpa", [1, 2], 3), ("Film", [1, 0], 1)]
    page = response.content.decode()
    assert 'class="bar w-100"' in page
    assert 'class="bar w-33"' in page


def test_settlement_opens_on_the_latest_term_with_placements(client, placed, coordinator):
    """Today is in the autumn term; the placements are in the spring after it."""
    client.force_login(coordinator)
    response = client.get(reverse("courses:settlement"))
    assert response.context["term"] == placed.term
    assert len(response.context["rows"]) == 2


def test_settlement_opens_on_the_current_term_when_it_has_placements(
        client, placed, coordinator, schools, municipalities):
    from tests.clock import today

    now_course = make_course(schools["boras"], capacity=5, open_to=[municipalities["Mark"]],
                             term_start=today(), application_deadline=today())
    make_application(now_course, ChildFactory(home_municipality=municipalities["Mark"],
                                              birth_year=born_years_ago(11)),
                     status=S.ACCEPTED)
    client.force_login(coordinator)
    assert client.get(reverse("courses:settlement")).context["term"] == now_course.term


def test_settlement_without_any_placements_opens_on_the_current_term(client, coordinator):
    from courses.models import term_code
    from tests.clock import today

    client.force_login(coordinator)
    assert client.get(reverse("courses:settlement")).context["term"] == term_code(today())


def test_settlement_print_has_a_page_per_paying_municipality_with_totals(
        client, placed, coordinator, django_assert_max_num_queries):
    client.force_login(coordinator)
    with django_assert_max_num_queries(9):
        response = client.get(reverse("courses:settlement_print"), {"termin": placed.term})
    page = response.content.decode()
    assert page.count('class="print-page"') == 2
    mark_page = page[page.index("Marks kommun"):page.index("Tranemo kommun")]
    assert "6\xa0000 kr" in mark_page
    payers = response.context["payers"]
    assert [(p["municipality"].name, p["pupils"], p["total"]) for p in payers] == [
        ("Mark", 2, 6000), ("Tranemo", 1, 2500)]


def test_settlement_print_is_for_managers_only(client, placed, guardian_mark, head_tranemo):
    client.force_login(guardian_mark)
    assert client.get(reverse("courses:settlement_print")).status_code == 404
    client.force_login(head_tranemo)  # sees only where Tranemo pays
    response = client.get(reverse("courses:settlement_print"), {"termin": placed.term})
    assert [p["municipality"].name for p in response.context["payers"]] == ["Tranemo"]


def test_settlement_csv_neutralises_formula_like_names(client, placed, coordinator):
    placed.school.name = "=Borås"
    placed.school.save()
    client.force_login(coordinator)
    response = client.get(reverse("courses:settlement_csv"), {"termin": placed.term})
    assert ";'=Borås;Mark;2;" in response.content.decode("utf-8-sig")
