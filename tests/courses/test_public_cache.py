"""The anonymous page cache never shows a stale page: every change through a service or
admin is on the next anonymous request (core/pagecache.py)."""

import datetime

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from core import pagecache
from courses import privacy, services
from courses.models import Application, Course
from schools.models import Municipality, School, Subject
from tests.clock import born_years_ago
from tests.courses.conftest import make_agreement, make_application, make_course

pytestmark = pytest.mark.django_db
CATALOGUE = reverse("courses:catalogue")
SCHOOLS = reverse("schools:list")


@pytest.fixture
def harp(schools, municipalities):
    make_agreement(schools["boras"], municipalities["Tranemo"], fee=600)
    return make_course(schools["boras"], title="Harpa", capacity=2,
                       open_to=[municipalities["Tranemo"]])


def detail(course):
    return reverse("courses:detail", args=[course.pk])


def page(client, url, **params) -> str:
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def test_an_anonymous_page_is_served_again_without_a_query(client, harp,
                                                           django_assert_num_queries):
    first = page(client, CATALOGUE)
    with django_assert_num_queries(0):
        again = page(client, CATALOGUE)
    assert "Harpa" in again
    strip = pagecache.CSRF_PLACEHOLDER  # neither page shows the placeholder
    assert strip not in first and strip not in again


def test_signed_in_visitors_get_a_fresh_page_with_their_name(client, harp, guardian_mark):
    page(client, CATALOGUE)
    client.force_login(guardian_mark)
    assert guardian_mark.display_name in page(client, CATALOGUE)
    client.logout()
    assert guardian_mark.display_name not in page(Client(), CATALOGUE)


def test_the_language_switch_works_from_a_cached_page_without_a_token(harp, guardian_mark):
    """Anonymous pages carry no CSRF token (so they set no cookie and a shared cache can
    hold them); the switch needs none for anonymous visitors, but does for signed-in ones."""
    visitor = Client(enforce_csrf_checks=True)
    html = page(visitor, CATALOGUE)
    assert "csrfmiddlewaretoken" not in html and "csrf" not in visitor.cookies
    response = visitor.post(reverse("set_language"), {"language": "en", "next": CATALOGUE})
    assert response.status_code == 302
    assert "Courses in Sjuhärad" in page(visitor, CATALOGUE)

    person = Client(enforce_csrf_checks=True)
    person.force_login(guardian_mark)
    assert person.post(reverse("set_language"), {"language": "en"}).status_code == 403
    html = page(person, CATALOGUE)
    token = html.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    response = person.post(reverse("set_language"), {
        "language": "en", "next": CATALOGUE, "csrfmiddlewaretoken": token})
    assert response.status_code == 302


def test_the_language_is_part_of_the_page(harp):
    swedish, english = Client(), Client()
    english.cookies["django_language"] = "en"
    assert "Kurser i Sjuhärad" in page(swedish, CATALOGUE)
    assert "Courses in Sjuhärad" in page(english, CATALOGUE)
    assert "Kurser i Sjuhärad" in page(swedish, CATALOGUE)


def test_a_waiting_message_is_shown_to_its_visitor_only(client, harp):
    from django.contrib.messages import constants
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.http import HttpResponse
    from django.test import RequestFactory

    page(Client(), CATALOGUE)  # cached without the message
    storage = CookieStorage(RequestFactory().get("/"))
    storage.add(constants.SUCCESS, "Du har loggat ut.")
    response = HttpResponse()
    storage.update(response)
    client.cookies["messages"] = response.cookies["messages"].value
    assert "Du har loggat ut." in page(client, CATALOGUE)
    assert "Du har loggat ut." not in page(Client(), CATALOGUE)


# --- every change is on the next anonymous request -------------------------------------------

def test_applying_and_every_decision_change_the_seat_count(client, harp):
    from tests.factories import ChildFactory

    assert "2 lediga av 2" in page(client, detail(harp))
    assert "2 av 2" in page(client, CATALOGUE)
    child = ChildFactory(home_municipality=harp.school.municipality, birth_year=born_years_ago(12))
    application = services.apply_for(harp, child.guardian, child=child)
    assert "1 lediga av 2" in page(client, detail(harp))
    assert "1 av 2" in page(client, CATALOGUE)
    services.offer(application.pk)
    services.accept_offer(application.pk)
    second = make_application(harp, status=Application.Status.SUBMITTED)
    assert "0 lediga av 2" in page(client, detail(harp))
    assert "Fullt – väntelista" in page(client, CATALOGUE)
    services.decline(second.pk, "Inte denna termin.")
    assert "1 lediga av 2" in page(client, detail(harp))
    services.withdraw(application.pk)
    assert "2 lediga av 2" in page(client, detail(harp))
    assert "2 av 2" in page(client, CATALOGUE)


def test_declining_an_offer_and_a_promotion_from_the_waiting_list(client, schools):
    course = make_course(schools["boras"], title="Cello", capacity=1)
    offered = make_application(course, status=Application.Status.OFFERED)
    make_application(course, status=Application.Status.WAITING)
    assert "1 på väntelistan" in page(client, detail(course))
    # The waiting list moves up with a bulk update (no signal): still seen at once.
    services.decline_offer(offered.pk)
    html = page(client, detail(course))
    assert "0 lediga av 1" in html and "1 på väntelistan" not in html


def test_a_raised_capacity_and_a_new_title_are_seen_at_once(client, harp):
    assert "2 lediga av 2" in page(client, detail(harp))
    harp.capacity, harp.title = 5, "Harpa för alla"
    services.save_course(harp, harp.open_to.all())
    assert "5 lediga av 5" in page(client, detail(harp))
    assert "Harpa för alla" in page(client, CATALOGUE)


def test_opening_a_course_to_another_municipality(client, harp, municipalities):
    make_agreement(harp.school, municipalities["Mark"], fee=250)
    assert "Kursen är inte öppen för elever från Mark." in page(
        client, detail(harp), hemkommun=municipalities["Mark"].pk)
    services.save_course(harp, [*harp.open_to.all(), municipalities["Mark"]])
    assert "För elever från Mark: 250 kr per termin." in page(
        client, detail(harp), hemkommun=municipalities["Mark"].pk)


def test_a_head_taking_a_course_back_to_draft_removes_it(client, harp, head_boras):
    assert ">Harpa</a>" in page(client, CATALOGUE)
    head = Client()
    head.force_login(head_boras)
    head.post(reverse("courses:status", args=[harp.pk]), {"status": "draft"})
    assert ">Harpa</a>" not in page(client, CATALOGUE)
    assert client.get(detail(harp)).status_code == 404


def test_deletion_of_an_account_withdraws_and_frees_the_seat(client, harp):
    from tests.factories import ChildFactory

    child = ChildFactory(home_municipality=harp.school.municipality, birth_year=born_years_ago(12))
    application = services.apply_for(harp, child.guardian, child=child)
    assert "1 lediga av 2" in page(client, detail(harp))
    privacy.before_delete_user(child.guardian)
    assert Application.objects.get(pk=application.pk).status == "withdrawn"
    assert "2 lediga av 2" in page(client, detail(harp))


def test_bulk_updates_bump_the_version_too(client, harp):
    assert "Harpa" in page(client, CATALOGUE)
    Course.objects.filter(pk=harp.pk).update(title="Harpa i grupp")
    assert "Harpa i grupp" in page(client, CATALOGUE)
    Subject.objects.filter(slug="harpa").update(name="Harpa och lyra")
    assert "Harpa och lyra" in page(client, CATALOGUE)


# --- admin ------------------------------------------------------------------------------------

def admin_save(client, obj, **changes):
    """Post the object's admin change form as the coordinator would, with some fields changed."""
    url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
    context = client.get(url).context
    form = context["adminform"].form
    data = {}
    for inline in context["inline_admin_formsets"]:
        # Inlines (a course's cost shares) are left as they are: none sent, none changed.
        data.update({f"{inline.formset.prefix}-TOTAL_FORMS": 0,
                     f"{inline.formset.prefix}-INITIAL_FORMS": 0})
    for name in form.fields:
        value = form.initial.get(name)
        if value is None or value is False:
            continue
        if isinstance(value, list):
            value = [getattr(v, "pk", v) for v in value]
        data[name] = "on" if value is True else value
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors


@pytest.fixture
def admin_client_(coordinator):
    admin = Client()
    admin.force_login(coordinator)
    return admin


def test_admin_edits_of_a_course_and_an_agreement(client, harp, municipalities, admin_client_):
    tranemo = municipalities["Tranemo"]
    assert "För elever från Tranemo: 600 kr per termin." in page(
        client, detail(harp), hemkommun=tranemo.pk)
    agreement = harp.school.agreements.get(home_municipality=tranemo)
    admin_save(admin_client_, agreement, pupil_fee="150")
    assert "För elever från Tranemo: 150 kr per termin." in page(
        client, detail(harp), hemkommun=tranemo.pk)
    admin_save(admin_client_, harp, capacity="9")
    assert "9 lediga av 9" in page(client, detail(harp))


def test_admin_edits_of_applications_schools_subjects_and_municipalities(
        client, harp, schools, admin_client_):
    application = make_application(harp)
    assert "1 lediga av 2" in page(client, detail(harp))
    # Statuses change in admin through actions only (they call the services).
    admin_client_.post(reverse("admin:courses_application_changelist"), {
        "action": "withdraw_applications", "_selected_action": [application.pk]})
    assert "2 lediga av 2" in page(client, detail(harp))

    boras = schools["boras"]
    admin_save(admin_client_, boras, name="Kulturskolan Borås Stad")
    assert "Kulturskolan Borås Stad" in page(client, SCHOOLS)
    assert "Kulturskolan Borås Stad" in page(client, CATALOGUE)

    harp_subject = Subject.objects.get(slug="harpa")
    admin_save(admin_client_, harp_subject, name="Keltisk harpa")
    assert "Keltisk harpa" in page(client, CATALOGUE)

    borås = Municipality.objects.get(name="Borås")
    admin_save(admin_client_, borås, official_name="Borås kommun och stad")
    assert "Borås kommun och stad" in page(client, SCHOOLS)
    admin_save(admin_client_, boras, subjects=[])
    assert "Kulturskolan Borås Stad" in page(client, SCHOOLS)


def test_a_new_school_is_on_the_school_list(client, schools, municipalities):
    # Vara and Essunga's schools are reference data; a second one in Vara is new.
    assert "Vara musikskola" not in page(client, SCHOOLS)
    School.objects.create(name="Vara musikskola", slug="vara-musik",
                          municipality=municipalities["Vara"])
    assert "Vara musikskola" in page(client, SCHOOLS)


# --- the commit closes the race -------------------------------------------------------------------

def _store(url, body, version):
    """Store a page as a concurrent request would have."""
    from django.core.cache import cache
    from django.test import RequestFactory

    request = RequestFactory().get(url)
    request.LANGUAGE_CODE = "sv"
    cache.set(pagecache._page_key(request), (version, body, "text/html"), 60)


def catalogue_versions():
    """The versions the catalogue's page depends on (reference, course lists), now."""
    return pagecache.versions([pagecache.VERSION_KEY, pagecache.LIST_KEY])


def test_a_page_cached_before_the_commit_is_not_served_after_it(
        client, harp, django_capture_on_commit_callbacks):
    """A request that read the data before the change committed may store its (old)
    page under the version of the first bump; the bump at commit makes it unused."""
    _store(CATALOGUE, "a page stored under the current version", catalogue_versions())
    assert page(client, CATALOGUE) == "a page stored under the current version"
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            harp.title = "Harpa, ny titel"
            harp.save()
            _store(CATALOGUE, "the old page, read before the commit", catalogue_versions())
    assert "Harpa, ny titel" in page(client, CATALOGUE)


def test_the_day_is_part_of_the_page(client, harp, time_machine):
    time_machine.move_to(harp.application_deadline)
    assert "har passerat" not in page(client, detail(harp))
    time_machine.move_to(harp.application_deadline + datetime.timedelta(days=1))
    assert "har passerat" in page(client, detail(harp))


# --- per-course versions, seat values and shared cards ---------------------------------------

def test_a_change_to_one_course_leaves_the_other_course_pages_cached(
        client, harp, schools, django_assert_num_queries):
    cello = make_course(schools["boras"], title="Cello", capacity=3)
    page(client, detail(harp)), page(client, detail(cello))
    harp.title = "Harpa för alla"
    services.save_course(harp, harp.open_to.all())
    with django_assert_num_queries(0):
        assert ">Cello</h1>" in page(client, detail(cello))
    assert ">Harpa för alla</h1>" in page(client, detail(harp))


def test_a_seat_change_re_renders_no_page_and_is_seen_at_once(
        client, harp, django_assert_num_queries):
    from tests.factories import ChildFactory

    page(client, CATALOGUE), page(client, detail(harp))
    child = ChildFactory(home_municipality=harp.school.municipality, birth_year=born_years_ago(12))
    services.apply_for(harp, child.guardian, child=child)
    with django_assert_num_queries(1):  # the course's seats, not a render
        assert "1 av 2" in page(client, CATALOGUE)
    with django_assert_num_queries(0):  # the seats are cached again
        assert "1 lediga av 2" in page(client, detail(harp))


def test_the_seat_sort_follows_every_seat_change(client, harp, schools):
    make_course(schools["boras"], title="Cello", capacity=1)
    html = page(client, CATALOGUE, sortera="lediga")
    assert html.index(">Harpa</a>") < html.index(">Cello</a>")
    make_application(harp, status=Application.Status.ACCEPTED)
    make_application(harp, status=Application.Status.ACCEPTED)
    html = page(client, CATALOGUE, sortera="lediga")
    assert html.index(">Cello</a>") < html.index(">Harpa</a>")
    assert ">Harpa</a>" not in page(client, CATALOGUE, lediga="on")
    assert ">Cello</a>" in page(client, CATALOGUE, lediga="on")


def test_signed_in_people_share_the_cards_and_never_see_a_stale_one(
        client, harp, guardian_mark, pupil):
    from django.core.cache import cache
    from django.utils import translation

    from courses.templatetags.course_cards import card_key

    client.force_login(guardian_mark)
    assert ">Harpa</a>" in page(client, CATALOGUE)
    with translation.override("sv"):
        key = card_key(Course.objects.get(pk=harp.pk), pagecache.current_version(), "sv")
    cached = cache.get(key)
    assert ">Harpa</a>" in cached
    # Someone else's page reuses the card rendered for the first visitor.
    cache.set(key, cached.replace(">Harpa</a>", ">Harpa (från cachen)</a>"))
    other = Client()
    other.force_login(pupil)
    assert "Harpa (från cachen)" in page(other, CATALOGUE)
    # A change to the course is on the very next signed-in page, seats too.
    harp.title = "Harpa, grupp 2"
    services.save_course(harp, harp.open_to.all())
    make_application(harp, status=Application.Status.SUBMITTED)
    html = page(other, CATALOGUE)
    assert ">Harpa, grupp 2</a>" in html and "(från cachen)" not in html
    assert "1 av 2" in html
    Subject.objects.filter(slug="harpa").update(name="Keltisk harpa")
    assert "Keltisk harpa" in page(client, CATALOGUE)
    assert "1 lediga av 2" in page(client, detail(harp))


# --- one render per page after an invalidation -------------------------------------------------

def _lock_of(url):
    from django.test import RequestFactory

    request = RequestFactory().get(url)
    request.LANGUAGE_CODE = "sv"
    return pagecache._page_key(request) + ":rendering"


def test_while_another_request_renders_the_page_the_others_wait_and_serve_it(
        client, harp, monkeypatch, django_assert_num_queries):
    from django.core.cache import cache

    page(client, CATALOGUE)
    harp.title = "Harpa, ny"
    harp.save()  # invalidates the page
    cache.add(_lock_of(CATALOGUE), catalogue_versions())  # another request took the render

    def the_other_request_finishes():
        _store(CATALOGUE, "<p>rendered once, by the other request</p>", catalogue_versions())
        cache.delete(_lock_of(CATALOGUE))

    monkeypatch.setattr(pagecache, "_wait_a_moment", the_other_request_finishes)
    with django_assert_num_queries(0):
        assert page(client, CATALOGUE) == "<p>rendered once, by the other request</p>"


def test_when_the_other_render_stores_nothing_the_waiting_request_renders(
        client, harp, monkeypatch):
    from django.core.cache import cache

    cache.add(_lock_of(CATALOGUE), catalogue_versions())
    monkeypatch.setattr(pagecache, "_wait_a_moment",
                        lambda: cache.delete(_lock_of(CATALOGUE)))  # it failed
    assert ">Harpa</a>" in page(client, CATALOGUE)
    assert cache.get(_lock_of(CATALOGUE)) is None


def test_a_render_of_older_versions_is_not_waited_for(client, harp, monkeypatch):
    from django.core.cache import cache

    cache.add(_lock_of(CATALOGUE), ("versions before a change",))
    monkeypatch.setattr(pagecache, "_wait_a_moment", lambda: pytest.fail("waited"))
    assert ">Harpa</a>" in page(client, CATALOGUE)


def test_the_shared_filter_form_follows_the_courses_and_keeps_each_query_s_input(
        client, harp, schools, guardian_mark):
    client.force_login(guardian_mark)
    assert "Harpa (1)" in page(client, CATALOGUE)
    make_course(schools["tranemo"], title="Harpa i Tranemo")
    assert "Harpa (2)" in page(client, CATALOGUE)
    assert "Harpa (2)" in page(Client(), CATALOGUE)
    # Another query, another form: its input and its message are its own.
    bad = page(client, CATALOGUE, alder="tolv")
    assert 'value="tolv"' in bad and "Fyll i ett tal." in bad
    assert 'value="tolv"' not in page(client, CATALOGUE, alder="12")
