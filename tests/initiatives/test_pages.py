"""Initiatives: the list, the schools side by side, a head's commitment, old addresses."""

import pytest
from django import forms
from django.urls import reverse

from initiatives import demo
from initiatives.models import Commitment, Initiative
from tests.clock import TEST_TODAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def initiative(db):
    return Initiative.objects.create(title="Sjuhäradsdagen", year=TEST_TODAY.year)


def test_staff_see_the_list_families_do_not(client, initiative, guardian_mark,
                                            teacher_tranemo):
    url = reverse("initiatives:list")
    assert client.get(url).status_code == 302
    client.force_login(guardian_mark)
    assert client.get(url).status_code == 404
    assert client.get(initiative.get_absolute_url()).status_code == 404
    client.force_login(teacher_tranemo)
    assert f"Sjuhäradsdagen {TEST_TODAY.year}" in client.get(url).content.decode()
    response = client.get(initiative.get_absolute_url())
    assert response.status_code == 200
    assert response.context["form"] is None  # teachers read, heads state commitments


def test_commitments_shown_side_by_side(client, schools, head_tranemo, initiative):
    Commitment.objects.create(initiative=initiative, school=schools["boras"], takes_part=True,
                              people=3, hours=40, money_sek=20000)
    client.force_login(head_tranemo)
    url = initiative.get_absolute_url()
    response = client.post(url, {"school": schools["tranemo"].pk, "takes_part": "on",
                                 "people": "-1", "hours": 5, "money_sek": 0})
    assert "Kontrollera att detta värde är större än eller lika med 0." in \
        response.content.decode()
    client.post(url, {"school": schools["tranemo"].pk, "takes_part": "on", "people": 1,
                      "hours": 5, "money_sek": 1000})
    page = client.get(url).content.decode()
    assert page.count("Inte svarat") == 5
    assert "21000" in page  # total money of the schools taking part


def test_stating_again_replaces_the_commitment_and_the_form_shows_it(
        client, schools, head_tranemo, initiative):
    client.force_login(head_tranemo)
    url = initiative.get_absolute_url()
    for hours in (5, 8):
        client.post(url, {"school": schools["tranemo"].pk, "takes_part": "on", "people": 1,
                          "hours": hours, "money_sek": 0})
    assert list(initiative.commitments.values_list("school__slug", "hours")) == [("tranemo", 8)]
    form = client.get(url).context["form"]
    assert form.instance.hours == 8


def test_a_head_commits_for_own_school_only(client, head_tranemo, schools, initiative):
    client.force_login(head_tranemo)
    response = client.post(initiative.get_absolute_url(),
                           {"school": schools["boras"].pk, "takes_part": "on",
                            "people": 2, "hours": 10, "money_sek": 0})
    assert response.status_code == 200
    assert "Välj ett giltigt alternativ" in response.content.decode()
    assert not initiative.commitments.exists()
    # A school asked for that the head does not lead is not offered either.
    response = client.get(initiative.get_absolute_url(), {"skola": schools["boras"].pk})
    assert response.context["form"].initial["school"] == schools["tranemo"]
    assert client.get(initiative.get_absolute_url(), {"skola": "x"}).status_code == 200


def test_the_coordinator_chooses_the_school_with_skola(client, coordinator, schools,
                                                      initiative):
    Commitment.objects.create(initiative=initiative, school=schools["mark"], people=4)
    client.force_login(coordinator)
    response = client.get(initiative.get_absolute_url(), {"skola": schools["mark"].pk})
    assert response.context["form"].instance.people == 4


def test_old_addresses_under_events_redirect_for_good(client, initiative):
    response = client.get("/evenemang/satsningar/")
    assert response.status_code == 301 and response["Location"] == "/satsningar/"
    response = client.get(f"/evenemang/satsningar/{initiative.pk}/?skola=3")
    assert response.status_code == 301
    assert response["Location"] == f"/satsningar/{initiative.pk}/?skola=3"


@pytest.mark.parametrize("rows", [1, 7])
def test_the_detail_page_query_count_is_constant(client, schools, head_boras, initiative,
                                                 rows, django_assert_max_num_queries):
    for school in list(schools.values())[:rows]:
        Commitment.objects.create(initiative=initiative, school=school, takes_part=True)
    client.force_login(head_boras)
    # 15 since issue 10 added the participating schools, the events and the change log.
    with django_assert_max_num_queries(15):
        assert client.get(initiative.get_absolute_url()).status_code == 200


def test_demo_data_loads_once(schools):
    demo.load()
    demo.load()
    orchestra = Initiative.objects.get(title="Regional ungdomsorkester")
    assert orchestra.commitments.filter(takes_part=True).count() == 3


@pytest.fixture
def borås_committed(schools, initiative):
    initiative.schools.set([schools["boras"], schools["mark"], schools["tranemo"]])
    return Commitment.objects.create(initiative=initiative, school=schools["boras"],
                                     takes_part=True, people=4, hours=30, money_sek=40000,
                                     note="Två lärare och en tekniker")


def _form_data(form):
    """What the browser posts back for a form as rendered (its current values)."""
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(field.widget, forms.CheckboxInput):
            if value:
                data[name] = "on"
        elif value is not None:
            data[name] = value.pk if hasattr(value, "pk") else value
    return data


def test_the_coordinators_form_opens_on_a_school_of_the_table_with_its_saved_values(
        client, coordinator, schools, initiative, borås_committed):
    """Not on Essunga (first by name, not in the table) with zeros."""
    client.force_login(coordinator)
    response = client.get(initiative.get_absolute_url())
    form = response.context["form"]
    assert form.chosen_school == schools["boras"]
    assert (form["takes_part"].value(), form["people"].value(), form["money_sek"].value(),
            form["note"].value()) == (True, 4, 40000, "Två lärare och en tekniker")
    page = response.content.decode()
    assert "Åtagande för Kulturskolan i Borås" in page
    assert 'value="Två lärare och en tekniker"' in page


def test_choosing_a_school_loads_its_saved_answer_without_javascript(
        client, coordinator, schools, initiative, borås_committed):
    Commitment.objects.create(initiative=initiative, school=schools["mark"], takes_part=False,
                              people=1, hours=2, money_sek=300)
    client.force_login(coordinator)
    page = client.get(initiative.get_absolute_url()).content.decode()
    # A plain GET form with the school menu and a button: no script needed.
    assert '<form method="get"' in page and 'name="skola"' in page
    response = client.get(initiative.get_absolute_url(), {"skola": schools["mark"].pk})
    form = response.context["form"]
    assert form.chosen_school == schools["mark"]
    assert (form["people"].value(), form["money_sek"].value()) == (1, 300)
    # The posted form edits that school only: the school is not a menu inside it.
    hidden = f'<input type="hidden" name="school" value="{schools["mark"].pk}"'
    assert hidden in response.content.decode()


def test_saving_the_hours_alone_keeps_the_rest_of_the_schools_answer(
        client, coordinator, schools, initiative, borås_committed):
    client.force_login(coordinator)
    url = initiative.get_absolute_url()
    # The page as it opens, with only the hours changed before saving.
    data = _form_data(client.get(url).context["form"])
    data["hours"] = 35
    response = client.post(url, data)
    assert response.status_code == 302
    borås_committed.refresh_from_db()
    assert (borås_committed.takes_part, borås_committed.people, borås_committed.hours,
            borås_committed.money_sek, borås_committed.note) == (
        True, 4, 35, 40000, "Två lärare och en tekniker")
    change = initiative.changes.get()
    assert change.changes == {"hours": [30, 35]}
