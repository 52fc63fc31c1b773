"""The admin as the coordinator meets it: every input labelled (also in inline rows and on
allauth's pages), no two-box filter widget, Swedish names everywhere.

The same pages go through axe in tests/browser/test_accessibility_crawl.py; these checks
are the fast ones, on the HTML.
"""

from html.parser import HTMLParser

import pytest
from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import reverse

from events.models import SchoolQuota
from initiatives.models import Commitment, Initiative
from meetings.models import ActionItem, AgendaItem
from tests.clock import TEST_TODAY
from tests.events.conftest import make_event
from tests.test_admin import BUILDERS

pytestmark = pytest.mark.django_db


class Fields(HTMLParser):
    """The ids of the page's visible form fields, and what labels name."""

    def __init__(self):
        super().__init__()
        self.fields, self.labelled = [], set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "label" and attrs.get("for"):
            self.labelled.add(attrs["for"])
        if attrs.get("aria-label") or attrs.get("aria-labelledby"):
            self.labelled.add(attrs.get("id"))
        if tag in ("input", "select", "textarea") and attrs.get("type") not in (
                "hidden", "submit", "button", "reset") and (
                "__prefix__" not in attrs.get("id", "")):  # the JavaScript row template
            self.fields.append(attrs.get("id") or attrs.get("name"))


def unlabelled(html):
    parser = Fields()
    parser.feed(html)
    return [field for field in parser.fields if field not in parser.labelled]


def test_no_admin_uses_the_two_box_filter_widget():
    for model, model_admin in admin.site._registry.items():
        assert not model_admin.filter_horizontal and not model_admin.filter_vertical, model


def test_inline_rows_are_labelled(client, coordinator, schools):
    event = make_event([schools["boras"]], title="Chefsmöte")
    AgendaItem.objects.create(event=event, title="Budget")
    ActionItem.objects.create(event=event, text="Boka lokal")
    SchoolQuota.objects.create(event=event, school=schools["mark"], places=4)
    initiative = Initiative.objects.create(title="Orkester", year=TEST_TODAY.year)
    Commitment.objects.create(initiative=initiative, school=schools["boras"])
    client.force_login(coordinator)
    for url in [reverse("admin:events_event_change", args=[event.pk]),
                reverse("admin:initiatives_initiative_change", args=[initiative.pk]),
                reverse("admin:accounts_user_change", args=[coordinator.pk]),
                reverse("admin:auth_group_add"), reverse("admin:courses_course_add"),
                reverse("admin:schools_school_change", args=[schools["boras"].pk])]:
        html = client.get(url).content.decode()
        assert not unlabelled(html), url
        if "event" in url:  # the rows are there: agenda, action items, quotas
            assert html.count('-0-id"') >= 3


def test_the_mfa_authenticator_form_has_one_labelled_date_time_input(client, operator,
                                                                     schools):
    # Only an operator edits an authenticator (a coordinator may delete one).
    authenticator = BUILDERS["mfa.Authenticator"]({})
    client.force_login(operator)
    html = client.get(reverse("admin:mfa_authenticator_change",
                              args=[authenticator.pk])).content.decode()
    assert 'type="datetime-local" name="created_at"' in html
    assert not unlabelled(html)
    assert isinstance(authenticator, Authenticator)


def test_app_and_model_names_are_swedish(client, coordinator):
    client.force_login(coordinator)
    apps = client.get(reverse("admin:index")).context["app_list"]
    for app in apps:  # Django's fallback name is the app's label, title-cased: English here
        assert app["name"] != app["app_label"].title(), f"give {app['app_label']} a verbose_name"
    names = {app["name"] for app in apps}
    assert {"E-postadresser", "Evenemang", "Festivalprogram", "Gemensamma satsningar",
            "Grupper och behörigheter", "Kurser och ansökningar", "Möten",
            "Tvåstegsverifiering", "Ämnesnätverk"} <= names
    assert not names & {"Accounts", "Courses", "Events", "Initiatives", "Meetings", "Networks",
                        "MFA", "Programme", "Autentisering och auktorisering"}
    models = {model["name"] for app in apps for model in app["models"]}
    assert {"E-postadresser", "Verifieringsmetoder", "Grupper"} <= models


def test_permissions_are_named_in_swedish(client, operator):
    # Groups' permissions are the operators' to change (coordinators only see them).
    group = Group.objects.create(name="Redaktörer")
    client.force_login(operator)
    html = client.get(reverse("admin:auth_group_change", args=[group.pk])).content.decode()
    assert "Kurser och ansökningar | Får visa kurser</option>" in html
    assert "Can view" not in html
