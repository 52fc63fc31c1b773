"""Least privilege: a coordinator is staff in the Samordnare group, never a superuser.

What a coordinator can and cannot change in admin is listed here; superusers are the
operators' (`manage.py createsuperuser`).
"""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from accounts.models import COORDINATOR_GROUP, User
from core.models import OutgoingMail
from tests.admin_support import admin_form_data
from tests.courses.conftest import make_course
from tests.events.conftest import make_event
from tests.factories import UserFactory

# What a coordinator changes in admin (add, change, delete and view)…
CAN_CHANGE = ["schools.school", "schools.subject", "schools.municipality", "accounts.user",
              "accounts.staffing", "accounts.invitation", "accounts.child",
              "networks.network", "networks.membership", "networks.resource",
              "courses.course", "courses.agreement", "courses.application",
              "events.event", "initiatives.initiative", "surveys.surveyround",
              "account.emailaddress", "socialaccount.socialapp"]
# …only looks at (rows the portal writes itself, and the group of roles)…
VIEW_ONLY = ["auth.group", "core.outgoingmail", "initiatives.commitmentchange",
             "accounts.signinevent"]
# …and never reaches (no admin screen, or the operators' alone).
NOTHING = ["auth.permission", "contenttypes.contenttype", "sessions.session",
           "admin.logentry", "core.heartbeat", "socialaccount.socialtoken"]


def _codenames(label):
    app_label, model = label.split(".")
    return {f"{app_label}.{action}_{model}" for action in ("add", "change", "delete", "view")}


@pytest.mark.django_db
def test_a_coordinator_is_staff_in_the_group_and_no_superuser(coordinator):
    assert coordinator.is_staff and not coordinator.is_superuser
    assert list(coordinator.groups.values_list("name", flat=True)) == [COORDINATOR_GROUP]
    assert coordinator.is_coordinator


@pytest.mark.django_db
def test_what_a_coordinator_can_and_cannot_change(coordinator):
    coordinator = User.objects.get(pk=coordinator.pk)  # permission caches start empty
    for label in CAN_CHANGE:
        assert _codenames(label) <= coordinator.get_all_permissions(), label
    for label in VIEW_ONLY:
        app_label, model = label.split(".")
        assert coordinator.has_perm(f"{app_label}.view_{model}"), label
        assert not coordinator.has_perm(f"{app_label}.change_{model}"), label
        assert not coordinator.has_perm(f"{app_label}.delete_{model}"), label
    for label in NOTHING:
        assert not (_codenames(label) & coordinator.get_all_permissions()), label
    # A lost second factor can be removed, never made or edited for someone else.
    assert coordinator.has_perm("mfa.delete_authenticator")
    assert not coordinator.has_perm("mfa.change_authenticator")
    # A wrong link to a sign-in service can be removed; linking an identity to someone
    # else's account (and so signing in as them) is never the coordinator's to do.
    assert coordinator.has_perm("socialaccount.delete_socialaccount")
    assert not coordinator.has_perm("socialaccount.add_socialaccount")
    assert not coordinator.has_perm("socialaccount.change_socialaccount")


@pytest.mark.django_db
def test_a_coordinator_changes_courses_schools_and_events_in_admin(client, coordinator,
                                                                    schools):
    client.force_login(coordinator)
    course = make_course(schools["boras"])
    event = make_event([schools["boras"]], title="Chefsmöte")
    for obj in (course, schools["boras"], event):
        info = (obj._meta.app_label, obj._meta.model_name)
        response = client.get(reverse("admin:{}_{}_change".format(*info), args=[obj.pk]))
        assert response.status_code == 200
        assert response.context["has_change_permission"], info


@pytest.mark.django_db
def test_a_coordinator_cannot_change_the_groups_permissions(client, coordinator):
    client.force_login(coordinator)
    group = Group.objects.get(name=COORDINATOR_GROUP)
    before = set(group.permissions.all())
    url = reverse("admin:auth_group_change", args=[group.pk])
    assert client.get(url).context["has_change_permission"] is False
    everything = Permission.objects.values_list("pk", flat=True)
    response = client.post(url, {"name": COORDINATOR_GROUP, "permissions": list(everything)})
    assert response.status_code == 403
    assert set(group.permissions.all()) == before


@pytest.mark.django_db
def test_a_coordinator_cannot_edit_an_outbox_rows_status(client, coordinator):
    client.force_login(coordinator)
    mail = OutgoingMail.objects.create(message_id="<1@kulturskola.example>",
                                       template="invitation", to="ny@example.se",
                                       subject="Inbjudan", body_text="Välkommen")
    url = reverse("admin:core_outgoingmail_change", args=[mail.pk])
    response = client.get(url)
    assert response.status_code == 200 and response.context["has_change_permission"] is False
    response = client.post(url, {"sent_at_0": "2026-10-07", "sent_at_1": "10:00",
                                 "attempts": "0"})
    assert response.status_code == 403
    mail.refresh_from_db()
    assert mail.sent_at is None


@pytest.mark.django_db
def test_a_coordinator_cannot_make_anyone_a_superuser(client, coordinator):
    client.force_login(coordinator)
    teacher = UserFactory(account_type=User.AccountType.STAFF)
    url = reverse("admin:accounts_user_change", args=[teacher.pk])
    form = client.get(url).context["adminform"].form
    assert not {"is_superuser", "is_staff", "groups", "user_permissions"} & set(form.fields)
    data = admin_form_data(client.get(url), first_name="Ny", is_superuser="on", is_staff="on",
                           groups=[Group.objects.get(name=COORDINATOR_GROUP).pk],
                           user_permissions=list(
                               Permission.objects.values_list("pk", flat=True)[:5]))
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    teacher.refresh_from_db()
    assert teacher.first_name == "Ny"  # the edit went through, the privileges did not
    assert not teacher.is_superuser and not teacher.is_staff
    assert not teacher.groups.exists() and not teacher.user_permissions.exists()


@pytest.mark.django_db
def test_a_coordinator_account_made_in_admin_joins_the_group_and_leaves_it(coordinator):
    person = UserFactory(account_type=User.AccountType.STAFF)
    person.account_type = User.AccountType.COORDINATOR
    person.save()
    assert person.is_staff and not person.is_superuser
    assert person.groups.filter(name=COORDINATOR_GROUP).exists()
    person.account_type = User.AccountType.STAFF
    person.save()
    assert not person.is_staff and not person.groups.exists()


@pytest.mark.django_db
def test_a_coordinator_cannot_see_the_permission_admin_nor_touch_an_operator(
        client, coordinator, operator):
    client.force_login(coordinator)
    assert client.get("/admin/auth/permission/").status_code == 404
    url = reverse("admin:accounts_user_change", args=[operator.pk])
    assert client.get(url).context["has_change_permission"] is False
    password = reverse("admin:auth_user_password_change", args=[operator.pk])
    assert client.get(password).status_code == 403
    assert client.post(reverse("admin:accounts_user_delete", args=[operator.pk]),
                       {"post": "yes"}).status_code == 403
    client.post(reverse("admin:accounts_user_changelist"),
                {"action": "delete_selected", "_selected_action": [operator.pk], "post": "yes"})
    assert User.objects.filter(pk=operator.pk).exists()


@pytest.mark.django_db
def test_operators_are_the_superusers(operator):
    assert operator.is_superuser and operator.is_staff and operator.is_coordinator


@pytest.mark.django_db
def test_the_group_follows_new_admin_screens_after_migrate(coordinator):
    group = Group.objects.get(name=COORDINATOR_GROUP)
    lost = Permission.objects.get(codename="change_course")
    group.permissions.remove(lost)  # as if the model were new since the last migrate
    group.permissions.add(Permission.objects.get(codename="change_group"))  # a hand edit
    call_command("sync_coordinator_group", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert group.permissions.filter(pk=lost.pk).exists()
    assert not group.permissions.filter(codename="change_group").exists()


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_existing_coordinators_from_superuser_to_the_group():
    executor = MigrationExecutor(connection)
    executor.migrate([("accounts", "0004_child_school")])
    old_apps = executor.loader.project_state([("accounts", "0004_child_school")]).apps
    OldUser = old_apps.get_model("accounts", "User")
    sara = OldUser.objects.create(email="sara@example.se", account_type="coordinator",
                                  is_staff=True, is_superuser=True)
    anna = OldUser.objects.create(email="anna@example.se", account_type="guardian")
    Group.objects.filter(name=COORDINATOR_GROUP).delete()

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    sara, anna = User.objects.get(pk=sara.pk), User.objects.get(pk=anna.pk)
    assert sara.is_staff and not sara.is_superuser
    assert list(sara.groups.values_list("name", flat=True)) == [COORDINATOR_GROUP]
    assert not anna.is_staff and not anna.groups.exists()
