"""The coordinator manages every model in Django admin.

Each registered model is covered: its list (also searched), its add form where
adding is allowed, and the change form of one object made by the model's builder
below. A model registered later fails here until it gets a builder.
"""

import datetime

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from allauth.socialaccount.models import SocialAccount, SocialApp
from django.contrib import admin
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from accounts.models import Invitation, SignInEvent, Staffing, User
from api.models import EmbedOrigin
from core.models import OutgoingMail
from courses.models import Wish
from events.models import (
    CalendarFeed,
    EventFile,
    Kind,
    KindReminderSetting,
    Registration,
    ReminderOptOut,
)
from initiatives.models import Commitment, CommitmentChange, Initiative
from meetings.models import ActionItem, AgendaItem, Decision
from networks.models import Membership, Network, PlanningSlot, Post, Resource, Thread
from programme.models import Contribution
from schools.models import Municipality, School, Subject
from sjuharad.models import AccessibilityReport
from surveys.models import SurveyRound
from tests.clock import TEST_TODAY
from tests.courses.conftest import make_agreement, make_application, make_course
from tests.events.conftest import make_event
from tests.factories import ChildFactory, UserFactory, staff


def _event(w):
    return make_event([w["boras"]], title="Chefsmöte", kind=Kind.HEADS_MEETING)


def _network(w):
    return Network.objects.create(name="Gitarrnätverket", slug="gitarr",
                                  subject=Subject.objects.get(slug="gitarr"))


def _thread(w):
    return Thread.objects.create(network=_network(w), title="Speldagen",
                                 last_post_at=timezone.now())


def _membership(w):
    return Membership.objects.create(network=_network(w), user=staff(w["boras"]))


def _authenticator(w):
    return TOTP.activate(UserFactory(), generate_totp_secret()).instance


def _event_file(w):
    event_file = EventFile(event=_event(w), title="Program")
    event_file.file.save("program.pdf", ContentFile(b"%PDF-1.4 program"), save=True)
    return event_file


# One builder per registered model (by app label): w holds the schools and the coordinator.
def _social_app(w):
    return SocialApp.objects.create(
        provider="openid_connect", provider_id="boras", name="Borås stad", client_id="portal",
        secret="hemligt", settings={"server_url": "https://login.boras.example",
                                    "kind": "municipality", "municipality": "1490"})


BUILDERS = {
    "api.EmbedOrigin": lambda w: EmbedOrigin.objects.create(origin="https://www.boras.se"),
    "account.EmailAddress": lambda w: EmailAddress.objects.get(user=w["coordinator"]),
    "accounts.Child": lambda w: ChildFactory(),
    "accounts.Invitation": lambda w: Invitation.objects.create(
        email="ny@example.se", school=w["boras"], role=Staffing.Role.TEACHER),
    "accounts.SignInEvent": lambda w: SignInEvent.objects.create(
        user=w["coordinator"], action="login", method="password"),
    "accounts.Staffing": lambda w: staff(w["boras"]).staffings.get(),
    "accounts.User": lambda w: UserFactory(),
    "auth.Group": lambda w: Group.objects.create(name="Redaktörer"),
    "core.OutgoingMail": lambda w: OutgoingMail.objects.create(
        message_id="<1@kulturskola.example>", template="invitation", to="ny@example.se",
        subject="Inbjudan", body_text="Välkommen"),
    "courses.Agreement": lambda w: make_agreement(w["boras"], w["mark"].municipality),
    "courses.Application": lambda w: make_application(make_course(w["boras"])),
    "courses.Course": lambda w: make_course(w["boras"]),
    "courses.Wish": lambda w: Wish.objects.create(subject=Subject.objects.get(slug="harpa"),
                                                  home_municipality=w["mark"].municipality,
                                                  age=10),
    "programme.Contribution": lambda w: Contribution.objects.create(
        event=_event(w), school=w["mark"], title="Körfest", ensemble="Kören", performers=12,
        length_minutes=6),
    "meetings.ActionItem": lambda w: ActionItem.objects.create(event=_event(w), text="Boka"),
    "meetings.AgendaItem": lambda w: AgendaItem.objects.create(event=_event(w), title="Budget"),
    "events.CalendarFeed": lambda w: CalendarFeed.objects.create(user=UserFactory()),
    "meetings.Decision": lambda w: Decision.objects.create(event=_event(w), text="Vi börjar."),
    "events.Event": _event,
    "events.EventFile": _event_file,
    "events.KindReminderSetting": lambda w: KindReminderSetting.objects.create(
        kind=Kind.CONCERT, reminder_hours="24"),
    "events.Registration": lambda w: Registration.objects.create(event=_event(w),
                                                                 user=UserFactory()),
    "events.ReminderOptOut": lambda w: ReminderOptOut.objects.create(user=UserFactory(),
                                                                     kind=Kind.CONCERT),
    "initiatives.Commitment": lambda w: Commitment.objects.create(
        initiative=Initiative.objects.create(title="Orkester", year=TEST_TODAY.year),
        school=w["boras"]),
    "initiatives.CommitmentChange": lambda w: CommitmentChange.objects.create(
        initiative=Initiative.objects.create(title="Orkester", year=TEST_TODAY.year),
        school=w["boras"], changed_by=w["coordinator"], changes={"people": [0, 2]}),
    "initiatives.Initiative": lambda w: Initiative.objects.create(title="Orkester",
                                                                  year=TEST_TODAY.year),
    "mfa.Authenticator": _authenticator,
    "networks.Membership": _membership,
    "networks.Network": _network,
    "networks.PlanningSlot": lambda w: PlanningSlot.objects.create(
        membership=_membership(w), weekday=2, start=datetime.time(15), end=datetime.time(16)),
    "networks.Post": lambda w: Post.objects.create(thread=_thread(w), body="Hej"),
    "networks.Resource": lambda w: Resource.objects.create(
        network=_network(w), title="Greensleeves", link="https://example.org/greensleeves"),
    "networks.Thread": _thread,
    "schools.Municipality": lambda w: w["mark"].municipality,
    "schools.School": lambda w: w["boras"],
    "schools.Subject": lambda w: Subject.objects.get(slug="harpa"),
    "socialaccount.SocialAccount": lambda w: SocialAccount.objects.create(
        user=UserFactory(), provider="boras", uid="sub-1", extra_data={}),
    "socialaccount.SocialApp": _social_app,
    "sjuharad.AccessibilityReport": lambda w: AccessibilityReport.objects.create(
        description="Knappen saknar namn."),
    "surveys.SurveyRound": lambda w: SurveyRound.objects.create(
        title="Kartläggning", opens_on=TEST_TODAY, closes_on=TEST_TODAY),
}


def _registered():
    return sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


def test_every_registered_model_has_a_builder_and_no_builder_is_stale():
    registered = {model._meta.label for model, _admin in _registered()}
    missing = sorted(registered - BUILDERS.keys())
    assert not missing, (f"Add a builder to BUILDERS in tests/test_admin.py for {missing}, "
                         "so that their admin pages are tested.")
    assert not sorted(BUILDERS.keys() - registered), "Remove builders of unregistered models."


@pytest.fixture
def world(schools, coordinator, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"  # uploads never touch the real data dir
    return {"boras": schools["boras"], "mark": schools["mark"], "coordinator": coordinator}


@pytest.mark.django_db
@pytest.mark.parametrize("model, model_admin", _registered(),
                         ids=[model._meta.label for model, _admin in _registered()])
def test_admin_pages_answer_for_the_coordinator(client, world, model, model_admin):
    builder = BUILDERS.get(model._meta.label)
    if builder is None:
        pytest.fail(f"Add a builder for {model._meta.label} to BUILDERS in tests/test_admin.py.")
    obj = builder(world)
    assert isinstance(obj, model)
    client.force_login(world["coordinator"])
    info = (model._meta.app_label, model._meta.model_name)

    changelist = reverse("admin:{}_{}_changelist".format(*info))
    response = client.get(changelist)
    assert response.status_code == 200, changelist
    assert response.context["cl"].result_count >= 1
    if model_admin.search_fields:  # searching must not break either
        assert client.get(changelist, {"q": "Borås"}).status_code == 200, changelist

    request = RequestFactory().get("/admin/")
    request.user = world["coordinator"]
    if model_admin.has_add_permission(request):
        add = reverse("admin:{}_{}_add".format(*info))
        assert client.get(add).status_code == 200, add

    change = reverse("admin:{}_{}_change".format(*info), args=[obj.pk])
    response = client.get(change)
    assert response.status_code == 200, change
    assert response.context["original"] == obj


@pytest.mark.django_db
def test_the_admin_index_lists_every_app(client, coordinator):
    client.force_login(coordinator)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    listed = {model["object_name"] for app in response.context["app_list"]
              for model in app["models"]}
    assert listed == {model.__name__ for model in admin.site._registry}


@pytest.mark.django_db
def test_admin_lists_have_search_and_columns():
    school_admin = admin.site._registry[School]
    assert "name" in school_admin.search_fields
    assert len(school_admin.list_display) > 1
    assert Municipality in admin.site._registry
    assert User in admin.site._registry
