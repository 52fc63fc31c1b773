"""Joint initiatives (issue 10): the form shows what the school saved, a change log says who
changed what and when; heads propose initiatives for the coordinator to approve; an initiative
names its schools (partner schools too) and links to its events."""

import pytest
from django.urls import reverse

from events.models import Event, Kind
from initiatives import services
from initiatives.models import Commitment, CommitmentChange, Initiative
from schools.models import Municipality, School
from tests.clock import TEST_TODAY
from tests.events.conftest import make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def initiative(db):
    return Initiative.objects.create(title="Sommarmusikanter", year=TEST_TODAY.year)


def _commit(client, initiative, school, **values):
    data = {"school": school.pk, "takes_part": "on", "people": 2, "hours": 40,
            "money_sek": 10000, **values}
    return client.post(initiative.get_absolute_url(), data)


def test_after_saving_the_form_shows_what_the_school_saved(client, schools, coordinator,
                                                          initiative):
    # The coordinator leads every school: the form used to reopen on the first school
    # (Borås) with zeros, and saving again wrote zeros over Borås.
    client.force_login(coordinator)
    response = _commit(client, initiative, schools["tranemo"])
    assert response["Location"].endswith(f"?skola={schools['tranemo'].pk}")
    form = client.get(response["Location"]).context["form"]
    assert form.initial["school"] == schools["tranemo"]
    assert (form.instance.people, form.instance.hours, form.instance.money_sek) == (2, 40, 10000)
    assert not Commitment.objects.filter(school=schools["boras"]).exists()


def test_every_change_is_logged_with_who_and_what(client, schools, head_tranemo, initiative):
    client.force_login(head_tranemo)
    _commit(client, initiative, schools["tranemo"])
    _commit(client, initiative, schools["tranemo"], hours=45)
    _commit(client, initiative, schools["tranemo"], hours=45)  # nothing changed: no entry
    changes = list(CommitmentChange.objects.order_by("pk"))
    assert len(changes) == 2
    assert changes[1].changed_by == head_tranemo and changes[1].changes == {"hours": [40, 45]}
    page = client.get(initiative.get_absolute_url()).content.decode()
    assert "timmar 40 → 45" in page and head_tranemo.display_name in page


def test_a_head_proposes_and_the_coordinator_approves(client, schools, head_boras,
                                                     teacher_tranemo, coordinator):
    client.force_login(head_boras)
    response = client.post(reverse("initiatives:create"), {
        "title": "Sjuhäradsdagen", "description": "En dag för alla", "year": TEST_TODAY.year,
        "schools": [schools["tranemo"].pk, schools["svenljunga"].pk]}, follow=True)
    assert "har skickats till samordnaren" in response.content.decode()
    proposal = Initiative.objects.get(title="Sjuhäradsdagen")
    assert (proposal.status, proposal.proposed_by) == (Initiative.Status.PROPOSED, head_boras)
    client.force_login(teacher_tranemo)
    assert client.get(proposal.get_absolute_url()).status_code == 404
    client.force_login(coordinator)
    client.post(reverse("admin:initiatives_initiative_changelist"),
                {"action": "approve", "_selected_action": [proposal.pk]})
    proposal.refresh_from_db()
    assert proposal.status == Initiative.Status.ACTIVE
    client.force_login(teacher_tranemo)
    assert client.get(proposal.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("persona", ["teacher_tranemo", "guardian_mark", "pupil"])
def test_only_heads_and_the_coordinator_propose(client, persona, request, schools):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("initiatives:create")).status_code == 404


def test_the_proposal_form_answers_bad_input_in_swedish(client, schools, head_boras):
    client.force_login(head_boras)
    response = client.post(reverse("initiatives:create"), {"title": "Min idé", "year": "1999"})
    page = response.content.decode()
    assert "Ange ett år mellan 2000 och 2100." in page and 'value="Min idé"' in page
    response = client.post(reverse("initiatives:create"), {"title": "Min idé", "year": "99999"})
    assert response.status_code == 200 and not Initiative.objects.exists()


def test_an_initiative_names_its_schools_partner_schools_too_and_links_its_events(
        client, schools, head_tranemo, initiative):
    vara = Municipality.objects.get(name="Vara")
    partner = School.objects.get(municipality=vara)  # reference data: a partner school
    initiative.schools.set([schools["tranemo"], schools["svenljunga"], partner])
    camp = make_event([schools["tranemo"]], title="Sommarläger", kind=Kind.CAMP,
                      audience=Event.Audience.STAFF)
    heads_only = make_event([schools["boras"]], title="Chefsmöte", kind=Kind.HEADS_MEETING,
                            audience=Event.Audience.HEADS)
    initiative.events.set([camp, heads_only])
    client.force_login(head_tranemo)
    page = client.get(initiative.get_absolute_url()).content.decode()
    assert "Vara kulturskola" in page and schools["svenljunga"].name in page
    assert schools["boras"].name not in page.split("<tfoot>")[0].split("<tbody>")[1]
    assert camp.get_absolute_url() in page and "Sommarläger" in page


def test_save_commitment_logs_the_first_statement_from_nothing(schools, initiative):
    services.save_commitment(initiative, schools["mark"], takes_part=True, people=1)
    change = CommitmentChange.objects.get()
    assert change.changes == {"takes_part": [None, True], "people": [None, 1]}
