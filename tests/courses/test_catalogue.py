"""The public catalogue: filters in the URL, counts, sort, pagination, search, course page."""

import datetime
from dataclasses import dataclass

import pytest
from django.db import connection
from django.urls import reverse

from core.weekdays import Weekday
from courses.filters import search_courses
from courses.models import Application, Course
from schools.models import Subject
from tests.courses.conftest import TERM_START, TODAY, make_agreement, make_application, make_course

pytestmark = pytest.mark.django_db
CATALOGUE = reverse("courses:catalogue")


def titles(response):
    return [c.title for c in response.context["page"].object_list]


@pytest.fixture
def offer(schools, municipalities):
    """A small regional offer to filter."""
    make_agreement(schools["boras"], municipalities["Tranemo"])
    return {
        "harp": make_course(schools["boras"], "harpa", title="Harpa", min_age=8, max_age=12,
                            open_to=[municipalities["Tranemo"]], capacity=1),
        "guitar": make_course(schools["ulricehamn"], "gitarr", title="Gitarr på distans",
                              format=Course.Format.DISTANCE, weekday=Weekday.MONDAY,
                              min_age=10, max_age=19,
                              description="Lektioner via video med lärare i Ulricehamn."),
        "theatre": make_course(schools["tranemo"], "teater", title="Teater för unga",
                               min_age=12, max_age=18, format=Course.Format.MIXED,
                               application_deadline=TODAY + datetime.timedelta(days=5)),
        "draft": make_course(schools["mark"], "dans", title="Streetdance", status="draft"),
    }


def test_anonymous_sees_published_courses_but_no_drafts(client, offer):
    response = client.get(CATALOGUE)
    assert response.status_code == 200
    assert sorted(titles(response)) == ["Gitarr på distans", "Harpa", "Teater för unga"]
    assert "3 kurser" in response.content.decode()


@pytest.mark.parametrize("query, expected", [
    ("amne=harpa", ["Harpa"]),
    ("kommun={ulricehamn}", ["Gitarr på distans"]),
    ("hemkommun={tranemo}", ["Harpa", "Teater för unga"]),
    ("alder=15", ["Gitarr på distans", "Teater för unga"]),
    ("undervisningsform=distance", ["Gitarr på distans"]),
    ("veckodag=1", ["Gitarr på distans"]),
    ("hemkommun={tranemo}&alder=9", ["Harpa"]),
    ("hemkommun={tranemo}&alder=15&undervisningsform=mixed", ["Teater för unga"]),
])
def test_filters_combine_and_count(client, offer, municipalities, query, expected):
    query = query.format(ulricehamn=municipalities["Ulricehamn"].pk,
                         tranemo=municipalities["Tranemo"].pk)
    response = client.get(f"{CATALOGUE}?{query}")
    assert sorted(titles(response)) == expected
    count = len(expected)
    assert (f"{count} kurser" if count != 1 else "1 kurs") in response.content.decode()


def test_subject_menu_counts_courses_under_the_other_filters(client, offer, municipalities):
    response = client.get(CATALOGUE, {"hemkommun": municipalities["Tranemo"].pk,
                                      "amne": "harpa"})
    page = response.content.decode()
    assert "Harpa (1)</option>" in page
    assert "Teater (1)</option>" in page
    assert "Gitarr (0)</option>" in page


def test_seats_filter_hides_full_courses(client, offer):
    make_application(offer["harp"], status=Application.Status.ACCEPTED)
    response = client.get(f"{CATALOGUE}?lediga=on")
    assert "Harpa" not in titles(response)
    assert len(titles(response)) == 2
    assert "Fullt – väntelista" in client.get(CATALOGUE).content.decode()


def test_sort_by_deadline_and_title(client, offer):
    assert titles(client.get(CATALOGUE))[0] == "Teater för unga"
    assert titles(client.get(f"{CATALOGUE}?sortera=titel")) == [
        "Gitarr på distans", "Harpa", "Teater för unga"]


def test_bad_filter_values_do_not_break_the_page(client, offer):
    response = client.get(f"{CATALOGUE}?alder=abc&amne=finns-inte&sida=99&sortera=x")
    assert response.status_code == 200
    assert "Välj ett giltigt alternativ" in response.content.decode()


def test_valid_filters_still_apply_next_to_a_bad_one(client, offer):
    response = client.get(f"{CATALOGUE}?alder=abc&undervisningsform=distance")
    assert titles(response) == ["Gitarr på distans"]
    assert "Fyll i ett tal." in response.content.decode()


def test_pagination_keeps_the_filters_in_the_links(client, schools):
    for i in range(25):
        make_course(schools["boras"], "piano", title=f"Piano {i:02}")
    response = client.get(f"{CATALOGUE}?amne=piano")
    assert len(titles(response)) == 20
    assert "amne=piano&amp;sida=2" in response.content.decode()
    second = client.get(f"{CATALOGUE}?amne=piano&sida=2")
    assert len(titles(second)) == 5


def _bulk_courses(schools, count):
    harp = Subject.objects.get(slug="harpa")
    template = make_course(schools["boras"])
    Course.objects.bulk_create([
        Course(school=schools["boras"], subject=harp, title=f"Kurs {i}", weekday=2,
               start_time=template.start_time, end_time=template.end_time,
               term_start=TERM_START, term_end=template.term_end, term=template.term,
               capacity=5, application_deadline=template.application_deadline,
               status="published") for i in range(count)])


@pytest.mark.parametrize("query", ["", "?sok=kurs&alder=10&lediga=on&sortera=lediga",
                                   "?amne=harpa&hemkommun=1"])
def test_catalogue_query_count_does_not_grow_with_courses(client, schools, query,
                                                          django_assert_num_queries,
                                                          django_assert_max_num_queries):
    _bulk_courses(schools, 10)
    with django_assert_max_num_queries(10) as small:
        client.get(CATALOGUE + query)
    _bulk_courses(schools, 990)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(CATALOGUE + query)
    assert response.status_code == 200
    # Past the counting bound (more than 1,000 matches) the count stays the same too.
    _bulk_courses(schools, 200)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(CATALOGUE + query + ("&" if query else "?") + "sida=30")
    assert response.status_code == 200


@pytest.mark.parametrize("word, expected", [
    ("harpa", {"Harpa"}),               # subject name and title
    ("video", {"Gitarr på distans"}),   # description
    ("Ulricehamn", {"Gitarr på distans"}),
    ("teater", {"Teater för unga"}),
    ("trumpet", set()),
])
def test_search_finds_the_same_courses_on_every_database(offer, word, expected):
    found = search_courses(Course.objects.published(), word)
    assert {c.title for c in found} == expected


def test_search_matches_the_subject_name(schools):
    make_course(schools["boras"], "cello", title="Stråkar för små", description="")
    found = search_courses(Course.objects.all(), "cello")
    assert [c.title for c in found] == ["Stråkar för små"]


def test_course_page_shows_facts_seats_and_fee_for_a_home_municipality(client, offer,
                                                                       municipalities):
    harp = offer["harp"]
    response = client.get(reverse("courses:detail", args=[harp.pk]),
                          {"hemkommun": municipalities["Tranemo"].pk})
    page = response.content.decode()
    assert "För elever från Tranemo: 600 kr per termin." in page
    assert "1 lediga av 1" in page
    assert "Tranemo" in page and "Harpa" in page
    own = client.get(reverse("courses:detail", args=[harp.pk]),
                     {"hemkommun": harp.school.municipality_id}).content.decode()
    assert "För elever från Borås: 400 kr per termin." in own
    other = client.get(reverse("courses:detail", args=[harp.pk]),
                       {"hemkommun": municipalities["Vara"].pk}).content.decode()
    assert "Kursen är inte öppen för elever från Vara." in other


def test_fee_free_agreement_says_free(client, schools, municipalities):
    make_agreement(schools["boras"], municipalities["Mark"], fee=0)
    course = make_course(schools["boras"], open_to=[municipalities["Mark"]])
    page = client.get(reverse("courses:detail", args=[course.pk]),
                      {"hemkommun": municipalities["Mark"].pk}).content.decode()
    assert "För elever från Mark: avgiftsfritt." in page


def test_draft_course_page_is_404_for_the_public_and_other_heads(client, offer, head_tranemo):
    url = reverse("courses:detail", args=[offer["draft"].pk])
    assert client.get(url).status_code == 404
    client.force_login(head_tranemo)
    assert client.get(url).status_code == 404


def test_draft_course_page_is_visible_to_its_own_head(client, offer, schools):
    from accounts.models import Staffing
    from tests.factories import staff

    head_mark = staff(schools["mark"], Staffing.Role.HEAD)
    client.force_login(head_mark)
    assert client.get(reverse("courses:detail", args=[offer["draft"].pk])).status_code == 200


def test_full_text_index_exists_only_on_postgresql():

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s",
                           ["course_search_swedish"])
            definition = cursor.fetchone()[0]
            assert "USING gin (search_document)" in definition
        else:
            indexes = connection.introspection.get_constraints(cursor, "courses_course")
            assert "course_search_swedish" not in indexes


@pytest.mark.skipif("connection.vendor != 'postgresql'",
                    reason="the stored search document exists on PostgreSQL only")
def test_the_search_document_follows_every_change_of_title_and_description(schools):
    course = make_course(schools["boras"], "piano", title="Piano", description="Klassiskt.")
    assert [c.pk for c in search_courses(Course.objects.all(), "klassiskt")] == [course.pk]
    course.description = "Jazz och improvisation."
    course.save()
    assert not search_courses(Course.objects.all(), "klassiskt").exists()
    Course.objects.filter(pk=course.pk).update(title="Pianoensemble")
    assert [c.pk for c in search_courses(Course.objects.all(), "pianoensemble")] == [course.pk]
    course.status = "closed"
    course.save(update_fields=["status"])  # the trigger leaves the document as it was
    assert search_courses(Course.objects.all(), "improvisation").exists()


# --- the bounded catalogue lists what the plain queries list ------------------------------------

@dataclass
class Made:
    """What the fixture made, kept in plain Python: the reference filters this, not the database."""

    id: int
    title: str
    text: str  # title and description, lower case
    subject_slug: str
    subject_name: str
    municipality: str  # the school's
    open_to: set
    min_age: int
    max_age: int
    format: str
    weekday: int
    term_start: datetime.date
    deadline: datetime.date
    seats_left: int


def _matches(course, text):
    """Every word of the search occurs in the title and description, or in the subject name.

    The searches below are whole words with no Swedish inflection, so PostgreSQL's stemmed
    full-text search and SQLite's word-by-word LIKE both find exactly these courses.
    """
    words = text.lower().split()
    return (all(word in course.text for word in words)
            or all(word in course.subject_name.lower() for word in words))


REFERENCE_SORTS = {
    "ansokningsdag": lambda c: (c.deadline, c.title, c.id),
    "terminsstart": lambda c: (c.term_start, c.title, c.id),
    "titel": lambda c: (c.title, c.id),
    "lediga": lambda c: (-c.seats_left, c.deadline, c.id),
}


def _reference(params, made):
    """Every filter and sort as a plain Python filter over what the fixture made: no
    query, filterset or sort of the code under test takes part."""
    rows = list(made)
    if "amne" in params:
        rows = [c for c in rows if c.subject_slug == params["amne"]]
    if "kommun" in params:
        rows = [c for c in rows if c.municipality == params["kommun"]]
    if "hemkommun" in params:
        rows = [c for c in rows if params["hemkommun"] in c.open_to]
    if "alder" in params:
        rows = [c for c in rows if c.min_age <= params["alder"] <= c.max_age]
    if "undervisningsform" in params:
        rows = [c for c in rows if c.format == params["undervisningsform"]]
    if "veckodag" in params:
        rows = [c for c in rows if c.weekday == params["veckodag"]]
    if "sok" in params:
        rows = [c for c in rows if _matches(c, params["sok"])]
    if params.get("lediga"):
        rows = [c for c in rows if c.seats_left > 0]
    rows.sort(key=REFERENCE_SORTS[params.get("sortera", "ansokningsdag")])
    return [c.title for c in rows]


@pytest.fixture
def varied_offer(schools, municipalities):
    """60 published courses over subjects, schools, ages, formats, days, deadlines and seats,
    returned as plain records of what was made."""
    import random

    rng = random.Random(15)
    slugs = ["harpa", "gitarr", "piano", "teater", "dans", "cello"]
    for name in ["Mark", "Tranemo"]:
        make_agreement(schools["boras"], municipalities[name])
    made = []
    for i in range(60):
        low = rng.randint(6, 14)
        school = rng.choice([schools["boras"], schools["ulricehamn"], schools["tranemo"]])
        open_to = rng.sample([municipalities["Mark"], municipalities["Tranemo"]],
                             rng.randint(0, 2))
        fields = {
            "title": f"{rng.choice(['Ensemble', 'Grund', 'Video'])} {i:02}",
            "description": rng.choice(["Improvisation och gehör.", "Noter och teknik.", ""]),
            "min_age": low, "max_age": low + rng.randint(2, 8),
            "format": rng.choice(Course.Format.values), "weekday": rng.randint(1, 7),
            "capacity": rng.randint(1, 3),
            "application_deadline": TODAY + datetime.timedelta(days=rng.randint(1, 9))}
        subject = rng.choice(slugs)
        course = make_course(school, subject, open_to=open_to, **fields)
        accepted = rng.randint(0, 3)
        for _ in range(accepted):
            make_application(course, status=Application.Status.ACCEPTED)
        made.append(Made(
            id=course.pk, title=fields["title"],
            text=f"{fields['title']} {fields['description']}".lower(),
            subject_slug=subject, subject_name=Subject.objects.get(slug=subject).name,
            municipality=school.municipality.name,
            open_to={school.municipality.name, *(m.name for m in open_to)},
            min_age=fields["min_age"], max_age=fields["max_age"], format=fields["format"],
            weekday=fields["weekday"], term_start=TERM_START,
            deadline=fields["application_deadline"],
            seats_left=max(fields["capacity"] - accepted, 0)))
    return made


@pytest.mark.parametrize("params", [
    {}, {"sortera": "terminsstart"}, {"sortera": "titel"}, {"sortera": "lediga"},
    {"lediga": "on"}, {"amne": "gitarr"}, {"kommun": "Tranemo"}, {"hemkommun": "Mark"},
    {"alder": 9}, {"undervisningsform": "distance", "sortera": "titel"}, {"veckodag": 3},
    {"sok": "ensemble"}, {"sok": "gitarr"}, {"sok": "improvisation gehör"},
    {"sok": "video", "sortera": "lediga"},
    {"amne": "piano", "hemkommun": "Tranemo", "alder": 12, "lediga": "on",
     "sortera": "lediga"},
])
def test_every_filter_sort_and_search_lists_what_the_reference_lists(
        client, varied_offer, municipalities, params):
    query = {key: municipalities[value].pk if key in ("kommun", "hemkommun") else value
             for key, value in params.items()}
    expected = _reference(params, varied_offer)
    listed, number = [], 1
    while True:
        response = client.get(CATALOGUE, {**query, "sida": number})
        listed += titles(response)
        page = response.context["page"]
        if not page.has_next:
            break
        number += 1
    assert listed == expected
    assert page.count == len(expected)


def test_past_a_thousand_matches_counting_and_paging_stop_at_the_bound(client, schools,
                                                                       django_assert_num_queries):
    from courses.catalogue import MAX_RESULTS

    _bulk_courses(schools, MAX_RESULTS + 50)
    response = client.get(CATALOGUE)
    page = response.context["page"]
    assert page.more and page.num_pages is None  # not counted past the bound
    assert "Fler än 1\xa0000 kurser" in response.content.decode()
    assert "Harpa (" not in response.content.decode()  # subject counts left out
    # Deep pages are honest: page 52 is courses 1,021–1,040, with a next page (53).
    deep = client.get(CATALOGUE, {"sortera": "titel", "sida": 52})
    all_titles = sorted(Course.objects.published().values_list("title", flat=True))
    assert titles(deep) == all_titles[1020:1040]
    assert "Sida 52</span>" in deep.content.decode()
    assert deep.context["page"].has_next
    # Past the end (1,050 courses: 53 pages) shows the last page, without a next link.
    last = client.get(CATALOGUE, {"sortera": "titel", "sida": 400})
    assert last.context["page"].number == 53 and not last.context["page"].has_next
    assert titles(last) == all_titles[1040:]
    assert titles(client.get(CATALOGUE, {"sortera": "titel", "sida": 2}))[0] == sorted(
        Course.objects.published().values_list("title", flat=True))[20]
