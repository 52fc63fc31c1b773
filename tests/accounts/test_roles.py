"""Staff roles come only from invitations; nobody can make themselves head or teacher."""

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import Invitation, Staffing, User
from tests.accounts.helpers import links_in_last_mail, path_of
from tests.factories import PASSWORD, UserFactory


def signup(client, **extra):
    data = {"first_name": "Eva", "last_name": "Ek", "email": "eva@example.se",
            "account_type": "guardian", "password1": PASSWORD, "password2": PASSWORD}
    data.update(extra)
    return client.post(reverse("account_signup"), data)


@pytest.mark.django_db
@pytest.mark.parametrize("account_type", ["staff", "coordinator"])
def test_public_signup_cannot_choose_a_staff_account(client, schools, account_type):
    response = signup(client, account_type=account_type)
    assert response.status_code == 200
    assert not User.objects.filter(email="eva@example.se").exists()


@pytest.mark.django_db
def test_public_signup_ignores_smuggled_privilege_fields(client, schools):
    signup(client, is_staff="on", is_superuser="on", role="head",
           school=str(schools["boras"].pk))
    user = User.objects.get(email="eva@example.se")
    assert user.account_type == User.AccountType.GUARDIAN
    assert not (user.is_staff or user.is_superuser or user.is_coordinator)
    assert not Staffing.objects.filter(user=user).exists()


@pytest.mark.django_db
def test_profile_form_cannot_change_account_type(client, guardian_mark):
    client.force_login(guardian_mark)
    client.post(reverse("accounts:profile"), {
        "first_name": "Ny", "last_name": "Namn", "language": "sv", "account_type": "coordinator",
        "is_superuser": "on", "is_staff": "on"})
    guardian_mark.refresh_from_db()
    assert guardian_mark.first_name == "Ny"
    assert guardian_mark.account_type == User.AccountType.GUARDIAN
    assert not guardian_mark.is_staff and not guardian_mark.is_superuser


@pytest.mark.django_db
def test_head_invites_a_teacher_to_their_own_school(client, head_boras, schools,
                                                    django_capture_on_commit_callbacks):
    client.force_login(head_boras)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:invitations"), {
            "email": "Ny.Larare@example.se", "school": schools["boras"].pk, "role": "teacher"})
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.email == "ny.larare@example.se" and invitation.invited_by == head_boras
    accept = [u for u in links_in_last_mail("ny.larare@example.se") if "inbjudan" in u][0]

    teacher = UserFactory(email="ny.larare@example.se")
    client.force_login(teacher)
    client.post(path_of(accept))
    staffing = Staffing.objects.get(user=teacher)
    assert (staffing.school, staffing.role) == (schools["boras"], Staffing.Role.TEACHER)
    teacher.refresh_from_db()
    assert teacher.account_type == User.AccountType.STAFF
    # An invitation works once.
    assert not Invitation.objects.get().is_pending


@pytest.mark.django_db
def test_head_cannot_invite_to_another_school(client, head_boras, schools):
    client.force_login(head_boras)
    response = client.post(reverse("accounts:invitations"), {
        "email": "x@example.se", "school": schools["tranemo"].pk, "role": "head"})
    assert response.status_code == 200
    assert "school" in response.context["form"].errors
    assert not Invitation.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["teacher_tranemo", "guardian_mark", "pupil"])
def test_only_heads_and_coordinators_can_invite(client, request, schools, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("accounts:invitations")).status_code == 404
    response = client.post(reverse("accounts:invitations"), {
        "email": "x@example.se", "school": schools["tranemo"].pk, "role": "head"})
    assert response.status_code == 404
    assert not Invitation.objects.exists()


@pytest.mark.django_db
def test_invitations_list_requires_login(client):
    response = client.get(reverse("accounts:invitations"))
    assert response.status_code == 302 and "/konto/login/" in response["Location"]


@pytest.mark.django_db
def test_coordinator_invites_a_head_to_any_school(client, coordinator, schools):
    client.force_login(coordinator)
    client.post(reverse("accounts:invitations"), {
        "email": "chef@example.se", "school": schools["vargarda"].pk, "role": "head"})
    assert Invitation.objects.get().school == schools["vargarda"]


@pytest.mark.django_db
def test_an_invitation_cannot_be_used_by_someone_else(client, head_boras, schools, outsider):
    invitation = Invitation.objects.create(email="ratt@example.se", school=schools["boras"],
                                           role="head", invited_by=head_boras)
    client.force_login(outsider)
    url = reverse("accounts:accept_invitation", args=[invitation.token])
    assert "Inbjudan gäller ratt@example.se" in client.get(url).content.decode()
    client.post(url)
    assert not Staffing.objects.filter(user=outsider).exists()


@pytest.mark.django_db
def test_a_revoked_invitation_gives_no_role(client, head_boras, schools):
    invitation = Invitation.objects.create(email="ny@example.se", school=schools["boras"],
                                           role="teacher", invited_by=head_boras)
    client.force_login(head_boras)
    client.post(reverse("accounts:invitation_revoke", args=[invitation.pk]))
    newcomer = UserFactory(email="ny@example.se")
    client.force_login(newcomer)
    client.post(reverse("accounts:accept_invitation", args=[invitation.token]))
    assert not Staffing.objects.filter(user=newcomer).exists()


@pytest.mark.django_db
def test_a_head_cannot_revoke_another_schools_invitation(client, head_boras, head_tranemo,
                                                         schools):
    invitation = Invitation.objects.create(email="ny@example.se", school=schools["tranemo"],
                                           role="teacher", invited_by=head_tranemo)
    client.force_login(head_boras)
    url = reverse("accounts:invitation_revoke", args=[invitation.pk])
    assert client.post(url).status_code == 404
    invitation.refresh_from_db()
    assert invitation.is_pending


@pytest.mark.django_db
def test_guessing_a_token_gives_404(client, outsider):
    client.force_login(outsider)
    assert client.get(reverse("accounts:accept_invitation", args=["gissat"])).status_code == 404


@pytest.mark.django_db
def test_admin_needs_a_coordinator(client, guardian_mark, head_boras):
    # The admin's own login form is never shown: allauth's login stands in front.
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/konto/login/")
    for user in (guardian_mark, head_boras):
        client.force_login(user)
        assert client.get(reverse("admin:index")).status_code in (302, 403)
        assert client.get(reverse("admin:accounts_user_changelist")).status_code in (302, 403)
    assert not mail.outbox


@pytest.mark.django_db
def test_in_admin_an_invitation_is_revoked_by_an_action_not_by_editing(client, coordinator,
                                                                       schools):
    invitation = Invitation.objects.create(email="ny@example.se", school=schools["boras"],
                                           role="teacher", invited_by=coordinator)
    accepted = Invitation.objects.create(email="gammal@example.se", school=schools["boras"],
                                         role="teacher", invited_by=coordinator)
    Invitation.objects.filter(pk=accepted.pk).update(accepted_at="2026-01-01T10:00Z")
    client.force_login(coordinator)
    change = reverse("admin:accounts_invitation_change", args=[invitation.pk])
    assert 'name="revoked_at' not in client.get(change).content.decode()
    response = client.post(reverse("admin:accounts_invitation_changelist"), {
        "action": "revoke", "_selected_action": [invitation.pk, accepted.pk]}, follow=True)
    assert "1 inbjudan återkallades." in response.content.decode()
    invitation.refresh_from_db()
    accepted.refresh_from_db()
    assert not invitation.is_pending and accepted.revoked_at is None


@pytest.mark.django_db
def test_an_invitation_added_in_admin_is_mailed(client, coordinator, schools,
                                                django_capture_on_commit_callbacks):
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("admin:accounts_invitation_add"), {
            "email": "ny@example.se", "school": schools["mark"].pk, "role": "head",
            "expires_at": "2099-01-01T10:00"})
    invitation = Invitation.objects.get()
    assert invitation.invited_by == coordinator
    assert mail.outbox[0].to == ["ny@example.se"]
    assert invitation.token in mail.outbox[0].body
