"""What an API client notices: fresh answers after a change, 304 when nothing changed,
CORS and no cookies, only public data, the catalogue's filters, the rate limit."""

import pytest
from django.test import Client

from courses import services as course_services
from courses.models import Course

pytestmark = pytest.mark.django_db


def titles(response):
    return [row["title"] for row in response.json()["results"]]


def test_an_answer_changes_at_once_after_a_course_changes(client, world):
    first = client.get("/api/v1/courses/")
    assert "Harpa för nybörjare" in titles(first)
    harp = world["harp"]
    harp.title = "Harpa för alla"
    course_services.save_course(harp, open_to=list(harp.open_to.all()))
    second = client.get("/api/v1/courses/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert second.status_code == 200
    assert "Harpa för alla" in titles(second)
    assert second["ETag"] != first["ETag"]


def test_a_conditional_get_gets_304_when_nothing_changed(client, world):
    first = client.get("/api/v1/courses/?sortera=titel")
    assert first.status_code == 200 and first["ETag"] and first["Last-Modified"]
    again = client.get("/api/v1/courses/?sortera=titel", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"] and again["Access-Control-Allow-Origin"] == "*"
    since = client.get("/api/v1/courses/?sortera=titel",
                       HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304


def test_answers_allow_any_origin_and_set_no_cookie(world):
    browser = Client()
    response = browser.get("/api/v1/events/", HTTP_ORIGIN="https://www.boras.se")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]
    assert not response.cookies
    assert "no-store" not in response["Cache-Control"]


def test_only_published_courses_and_public_events(client, world):
    assert "Utkast" not in titles(client.get("/api/v1/courses/"))
    events = titles(client.get("/api/v1/events/"))
    assert events == ["Vårkonsert", "Sjuhäradsfestivalen"]
    draft = Course.objects.get(title="Utkast")
    assert client.get(f"/api/v1/courses/{draft.pk}/").status_code == 404


def test_no_names_of_people_in_any_answer(client, world):
    for course in Course.objects.all():
        course.teachers.set([])
    harp = world["harp"]
    from tests.factories import staff

    teacher = staff(harp.school, first_name="Ingrid", last_name="Harpsson")
    harp.teachers.set([teacher])
    body = "".join(client.get(url).content.decode() for url in [
        "/api/v1/courses/", f"/api/v1/courses/{harp.pk}/", "/api/v1/events/",
        f"/api/v1/events/{world['festival'].pk}/programme/"])
    assert "Harpsson" not in body and teacher.email not in body


def test_the_course_list_takes_the_catalogues_filters(client, world, schools):
    mark = schools["mark"].municipality
    assert titles(client.get(f"/api/v1/courses/?kommun={mark.pk}")) == ["Gitarr i grupp"]
    assert titles(client.get("/api/v1/courses/?amne=harpa")) == ["Harpa för nybörjare"]
    assert titles(client.get("/api/v1/courses/?sortera=titel")) == [
        "Gitarr i grupp", "Harpa för nybörjare"]
    refused = client.get("/api/v1/courses/?amne=finns-inte")
    assert refused.status_code == 400
    assert "amne" in refused.json()["errors"]


def test_seats_and_the_festival_programme(client, world):
    harp = client.get(f"/api/v1/courses/{world['harp'].pk}/").json()
    assert harp["seats_left"] == 1 and harp["capacity"] == 2
    programme = client.get(f"/api/v1/events/{world['festival'].pk}/programme/").json()
    assert [item["title"] for item in programme] == ["Körfest"]  # not the one not accepted
    concert = client.get(f"/api/v1/events/{world['concert'].pk}/").json()
    assert concert["network"] == {"id": world["network"].pk, "name": "Gitarrnätverket"}


def test_paging_is_bounded_and_linked(client, world):
    page = client.get("/api/v1/schools/?sida=99").json()
    assert page["page"] == page["num_pages"] == 1 and page["next"] is None
    assert client.get("/api/v1/schools/?sida=0").status_code == 400


def test_over_the_rate_limit_the_answer_is_429(client, world, settings):
    settings.API_RATE_LIMIT = "3/m"
    statuses = [client.get("/api/v1/subjects/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = client.get("/api/v1/subjects/")
    assert int(refused["Retry-After"]) > 0
    assert refused["Access-Control-Allow-Origin"] == "*"


def test_a_malformed_rate_limit_is_reported_by_the_checks(settings):
    from api.checks import check_rate_limit

    settings.API_RATE_LIMIT = "sexhundra per minut"
    assert [error.id for error in check_rate_limit()] == ["api.E001"]
    settings.API_RATE_LIMIT = "600/m"
    assert check_rate_limit() == []
