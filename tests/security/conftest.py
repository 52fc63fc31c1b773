"""One world for the hostile tests: an object of every kind, some of them private, and the
personas who may or may not touch them.

The private objects carry unmistakable names (PRIVATE_NAMES) so that a public page that shows
one is caught by a plain text search (test_public_privacy.py).
"""

from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from accounts.models import Invitation, Staffing
from courses.models import Application
from events import services
from events.models import Event, EventFile, Kind, SchoolQuota
from initiatives.models import Initiative
from meetings.models import ActionItem, AgendaItem
from networks.models import Membership, Network, PlanningSlot, Post, Resource, Thread
from programme import services as programme_services
from programme.models import Contribution
from schools.models import Subject
from surveys.models import SurveyAnswer, SurveyRound
from tests.clock import today
from tests.courses.conftest import make_application, make_course
from tests.events.conftest import make_event
from tests.factories import ChildFactory, UserFactory, staff

HEADS_NETWORK = "Hemliga chefsnätverket Zeta"
PROPOSED_NETWORK = "Föreslaget nätverk Ypsilon"
SECRET_ACTION_ITEM = "Hemlig åtgärd Xantippa"
SECRET_AGENDA_ITEM = "Hemlig dagordningspunkt Wilma"
SECRET_MINUTES = "Hemligt protokoll Vilhelmina"
HIDDEN_EMAIL = "dold.medlem.qwerty@example.se"
CHILD_NAME = "Ottilia Barnsdotter"
ALLERGY_NOTE = "Allergisk mot Quarkbullar Zyx"
EMERGENCY_PHONE = "+46 70 999 88 77"
GROUP_NAMES = "Petronella Gruppelius; Sixten Gruppelius"
GUARDIAN_PHONE = "070-987 65 43"
ADAPTATION_NEED = "Behöver hörselslinga Kvarnby"
ADMITTED_CHILD = "Ingeborg Antagensdotter"
SURVEY_TEXT = "Fritextsvar Hemliga Höstfiolen"
PROPOSED_INITIATIVE = "Föreslagen satsning Xerxes"
PRIVATE_NAMES = [HEADS_NETWORK, PROPOSED_NETWORK, SECRET_ACTION_ITEM, SECRET_AGENDA_ITEM,
                 SECRET_MINUTES, HIDDEN_EMAIL, "Ottilia", "Barnsdotter", ALLERGY_NOTE,
                 EMERGENCY_PHONE, "Petronella", "Gruppelius", GUARDIAN_PHONE, ADAPTATION_NEED,
                 "Ingeborg", "Antagensdotter", SURVEY_TEXT, PROPOSED_INITIATIVE]


@dataclass
class World:
    people: dict = field(default_factory=dict)
    objects: dict = field(default_factory=dict)


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def world(schools, municipalities, coordinator, head_boras, head_tranemo, teacher_tranemo,
          teacher_ulricehamn, guardian_mark, pupil, outsider):
    """Objects owned by Borås/the guitar network/the Mark guardian; outsiders elsewhere."""
    boras = schools["boras"]
    soon = timezone.now() + timedelta(days=10)
    guitar = Network.objects.create(name="Gitarrnätverket", slug="gitarr",
                                    subject=Subject.objects.get(slug="gitarr"))
    heads = Network.objects.create(name=HEADS_NETWORK, slug="chefer", kind=Network.Kind.HEADS,
                                   is_open=False)
    proposed = Network.objects.create(name=PROPOSED_NETWORK, slug="forslag",
                                      status=Network.Status.PROPOSED,
                                      subject=Subject.objects.get(slug="dans"))
    teacher_boras = staff(boras, Staffing.Role.TEACHER, email="larare.boras@example.se",
                          first_name="Bodil", last_name="Lind")
    hidden = staff(boras, Staffing.Role.TEACHER, email=HIDDEN_EMAIL, first_name="",
                   last_name="", show_email_to_colleagues=False)
    convenorship = Membership.objects.create(network=guitar, user=teacher_boras,
                                             role=Membership.Role.CONVENOR)
    Membership.objects.create(network=guitar, user=hidden)
    pending = Membership.objects.create(network=guitar, user=staff(schools["mark"]),
                                        status=Membership.Status.PENDING)
    Membership.objects.create(network=heads, user=head_boras, role=Membership.Role.CONVENOR)
    resource = Resource.objects.create(network=guitar, title="Romance", added_by=teacher_boras,
                                       file=ContentFile(b"%PDF-1.4 x", name="noter.pdf"))
    thread = Thread.objects.create(network=guitar, title="Speldag", started_by=teacher_boras,
                                   last_post_at=timezone.now())
    Post.objects.create(thread=thread, author=teacher_boras, body="Välkomna")
    slot = PlanningSlot.objects.create(membership=convenorship, weekday=1, start="16:00",
                                       end="17:00")

    members_meeting = make_event([boras], title="Gitarrträff för medlemmar",
                                 kind=Kind.NETWORK_MEETING, network=guitar,
                                 audience=Event.Audience.NETWORK,
                                 starts_at=soon - timedelta(days=5),
                                 minutes=SECRET_MINUTES)
    action = ActionItem.objects.create(event=members_meeting, text=SECRET_ACTION_ITEM,
                                       owner=hidden)
    AgendaItem.objects.create(event=members_meeting, title=SECRET_AGENDA_ITEM,
                              proposed_by=hidden)
    public_meeting = make_event([boras], title="Öppen gitarrträff", kind=Kind.NETWORK_MEETING,
                                network=guitar, audience=Event.Audience.PUBLIC, starts_at=soon)
    heads_meeting = make_event([boras], title="Chefsmöte", kind=Kind.HEADS_MEETING,
                               network=heads, audience=Event.Audience.HEADS, starts_at=soon,
                               agenda_deadline=soon)
    concert = make_event([boras], title="Vårkonsert", kind=Kind.CONCERT, network=guitar,
                         audience=Event.Audience.PUBLIC, registration_required=True, capacity=5)
    event_file = EventFile.objects.create(event=members_meeting, title="Bilaga",
                                          file=ContentFile(b"%PDF-1.4 x", name="bilaga.pdf"))

    child = ChildFactory(guardian=guardian_mark, first_name="Ottilia", last_name="Barnsdotter",
                         home_municipality=municipalities["Mark"])
    course = make_course(boras, open_to=[municipalities["Mark"]])
    application = make_application(course, child=child)
    invitation = Invitation.objects.create(email="ny.larare@example.se", school=boras,
                                           role=Staffing.Role.TEACHER, invited_by=head_boras)
    initiative = Initiative.objects.create(title="Sjuhäradsdagen", year=timezone.now().year)

    pupils_event = _pupils_event(boras, schools, child, teacher_boras)
    festival = make_event([boras], title="Sjuhäradsdagen", kind=Kind.FESTIVAL,
                          audience=Event.Audience.PUBLIC)
    contribution = programme_services.submit_contribution(
        festival, Contribution(school=boras, title="Gitarrfest", ensemble="Gitarrgruppen",
                               performers=5, length_minutes=10), teacher_boras)
    admitted = _admitted_application(course, guardian_mark, municipalities)
    survey_round, survey_answer = _survey(municipalities)
    proposal = Initiative.objects.create(title=PROPOSED_INITIATIVE, year=timezone.now().year,
                                         status=Initiative.Status.PROPOSED,
                                         proposed_by=head_boras)

    other_family = UserFactory(email="annan.familj@example.se",
                               home_municipality=municipalities["Mark"])
    people = {
        "anonymous": None, "coordinator": coordinator, "head_boras": head_boras,
        "head_tranemo": head_tranemo, "teacher_boras": teacher_boras,
        "teacher_tranemo": teacher_tranemo, "teacher_ulricehamn": teacher_ulricehamn,
        "guardian_mark": guardian_mark, "guardian_other": other_family, "pupil": pupil,
        "outsider": outsider, "hidden": hidden,
    }
    objects = {
        "guitar": guitar, "heads": heads, "proposed": proposed, "pending": pending,
        "resource": resource, "thread": thread, "slot": slot,
        "members_meeting": members_meeting, "public_meeting": public_meeting,
        "heads_meeting": heads_meeting, "concert": concert, "action": action,
        "event_file": event_file, "child": child, "course": course,
        "application": application, "invitation": invitation, "initiative": initiative,
        "pupils_event": pupils_event, "child_registration": pupils_event.child_registration,
        "group_registration": pupils_event.group_registration, "festival": festival,
        "contribution": contribution, "admitted": admitted, "survey_round": survey_round,
        "survey_answer": survey_answer, "proposal": proposal,
    }
    return World(people=people, objects=objects)


def _pupils_event(boras, schools, child, teacher_boras):
    """A public string camp hosted by Borås that asks for participant information: the Mark
    child is registered with an allergy note, and Borås has a group with its pupils' names."""
    camp = make_event([boras], title="Stråkläger", kind=Kind.CAMP,
                      audience=Event.Audience.PUBLIC, registration_required=True,
                      asks_participant_info=True)
    SchoolQuota.objects.create(event=camp, school=schools["mark"], places=3)
    SchoolQuota.objects.create(event=camp, school=boras, places=5)
    [camp.child_registration] = services.register_children(camp, child.guardian, [(child, {
        "emergency_phone": EMERGENCY_PHONE, "medical_notes": ALLERGY_NOTE,
        "adaptations": "", "photo_consent": False})])
    camp.group_registration = services.register_group(camp, teacher_boras, boras, 2,
                                                      teacher_boras, "Fiolerna", GROUP_NAMES)
    return camp


def _admitted_application(course, guardian, municipalities):
    """An accepted place with the guardian's phone number and an adaptation need."""
    child = ChildFactory(guardian=guardian, first_name="Ingeborg", last_name="Antagensdotter",
                         home_municipality=municipalities["Mark"])
    application = make_application(course, child=child, status=Application.Status.ACCEPTED)
    application.contact_phone, application.adaptation_needs = GUARDIAN_PHONE, ADAPTATION_NEED
    application.save(update_fields=["contact_phone", "adaptation_needs"])
    return application


def _survey(municipalities):
    """The open survey round with one answer whose free text is private."""
    survey_round = SurveyRound.objects.create(
        title="Kartläggning", intro="Hjälp oss planera kulturskolan.",
        opens_on=today() - timedelta(days=5), closes_on=today() + timedelta(days=20))
    answer = SurveyAnswer.objects.create(
        survey_round=survey_round, home_municipality=municipalities["Borås"],
        age_group="13-15", attends=True, experience=4, experience_text=SURVEY_TEXT,
        distance_interest="yes")
    answer.subjects.set(Subject.objects.filter(slug="gitarr"))
    return survey_round, answer


def log_in(client, user):
    if user is not None:
        client.force_login(user)
    return client
