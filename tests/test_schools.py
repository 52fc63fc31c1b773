import pytest
from django.urls import reverse

from schools.models import School

SCB_CODES = {
    "Borås": "1490", "Herrljunga": "1466", "Mark": "1463", "Svenljunga": "1465",
    "Tranemo": "1452", "Ulricehamn": "1491", "Vårgårda": "1442",
}


@pytest.mark.django_db
def test_the_seven_schools_have_the_right_scb_codes():
    schools = School.objects.in_region().select_related("municipality")
    assert {s.municipality.name: s.municipality.scb_code for s in schools} == SCB_CODES


@pytest.mark.django_db
def test_partner_municipalities_are_outside_the_region():
    assert set(School.objects.partners().values_list("slug", flat=True)) == {"vara", "essunga"}
    assert School.objects.in_region().count() == 7
    assert all(s.is_partner for s in School.objects.partners().select_related("municipality"))
    from schools.models import Municipality

    assert set(Municipality.objects.filter(in_sjuharad=False).values_list("name", flat=True)) == {
        "Vara", "Essunga"}


def test_school_list_is_public_and_in_swedish(client, schools, django_assert_num_queries):
    with django_assert_num_queries(2):
        response = client.get(reverse("schools:list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="sv"' in html
    for name in ["Kulturskolan i Borås", "Tranemo kulturskola", "Vårgårda kulturskola"]:
        assert name in html
    # The SCB code is for admin, not for families.
    assert "1452" not in html
    seven, partners = html.split("Samarbetspartner utanför Sjuhärad", 1)
    assert "Vara kulturskola" in partners and "Essunga kulturskola" in partners
    assert "Vara kulturskola" not in seven and "Tranemo kulturskola" not in partners


def test_school_page_shows_contact_and_subjects(client, schools):
    response = client.get(reverse("schools:detail", args=["boras"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Harpa" in html and "033-35 70 00" in html
    assert "1490" not in html  # the SCB code stays in admin


def test_unknown_school_is_404(client, schools):
    assert client.get(reverse("schools:detail", args=["goteborg"])).status_code == 404


def test_swedish_first_whatever_the_browser_says(client, schools):
    response = client.get(reverse("schools:list"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert 'lang="sv"' in response.content.decode()
    client.cookies["django_language"] = "en"
    response = client.get(reverse("schools:list"))
    html = response.content.decode()
    assert 'lang="en"' in html and "The culture schools in Sjuhärad" in html


def test_the_language_choice_follows_the_account(client, schools, guardian_mark):
    client.force_login(guardian_mark)
    client.post(reverse("set_language"), {"language": "en", "next": "/skolor/"})
    guardian_mark.refresh_from_db()
    assert guardian_mark.language == "en"
    client.cookies.clear()  # another device: no cookie, but signed in
    client.force_login(guardian_mark)
    assert 'lang="en"' in client.get(reverse("schools:list")).content.decode()


def test_mails_are_written_in_the_recipients_language(schools, guardian_mark, child_mark,
                                                      municipalities,
                                                      django_capture_on_commit_callbacks):
    from django.core import mail

    from courses import services
    from tests.courses.conftest import make_course

    course = make_course(schools["mark"], title="Trummor")
    guardian_mark.language = "en"
    guardian_mark.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.apply_for(course, guardian_mark, child=child_mark)
    [message] = mail.outbox
    assert message.to == [guardian_mark.email]
    assert "We have received the application" in message.subject


OFFICIAL_NAMES = {
    "Borås": "Borås Stad", "Herrljunga": "Herrljunga kommun", "Mark": "Marks kommun",
    "Svenljunga": "Svenljunga kommun", "Tranemo": "Tranemo kommun",
    "Ulricehamn": "Ulricehamns kommun", "Vårgårda": "Vårgårda kommun",
}


def test_the_seven_municipalities_have_their_official_names(schools):
    in_region = [s.municipality for s in schools.values() if s.municipality.in_sjuharad]
    assert {m.name: m.official_name for m in in_region} == OFFICIAL_NAMES


def test_the_data_migration_names_existing_municipalities_and_keeps_an_admin_edit(schools):
    """A database made before the official names gets them; one the coordinator set is kept."""
    import importlib

    from django.apps import apps

    from schools.models import Municipality

    Municipality.objects.update(official_name="")
    Municipality.objects.filter(name="Vara").update(official_name="Vara kommun (partner)")
    migration = importlib.import_module("schools.migrations.0005_official_municipality_names")
    migration.fill(apps, None)
    names = dict(Municipality.objects.values_list("name", "official_name"))
    assert names["Mark"] == "Marks kommun"
    assert names["Borås"] == "Borås Stad"
    assert names["Ulricehamn"] == "Ulricehamns kommun"
    assert names["Vara"] == "Vara kommun (partner)"


def test_school_pages_use_the_official_names(client, schools):
    page = client.get(reverse("schools:list")).content.decode()
    assert "Marks kommun" in page and "Borås Stad" in page and "Ulricehamns kommun" in page
    assert "Mark kommun" not in page and "Borås kommun" not in page
    detail = client.get(schools["ulricehamn"].get_absolute_url()).content.decode()
    assert "Ulricehamns kommun" in detail
