"""MFA_REQUIRED_FOR_LEADERS: a head or coordinator without a second factor reaches only the
MFA set-up pages, logout and static files; everything else sends them to set-up."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.urls import reverse

from accounts.models import Invitation, Staffing

pytestmark = pytest.mark.django_db
SET_UP = reverse("mfa_activate_totp")
CLOSED = [
    reverse("home"), reverse("accounts:profile"), reverse("accounts:children"),
    reverse("accounts:my_data"), reverse("accounts:my_data_download"),
    reverse("accounts:invitations"), reverse("account_email"), reverse("account_change_password"),
    reverse("admin:index"), reverse("admin:accounts_user_changelist"), reverse("events:calendar"),
    reverse("courses:manage"), reverse("privacy"),
]


@pytest.fixture(autouse=True)
def _required(settings):
    settings.MFA_REQUIRED_FOR_LEADERS = True


@pytest.fixture(params=["head_boras", "coordinator"])
def leader(request):
    return request.getfixturevalue(request.param)


@pytest.mark.parametrize("url", CLOSED)
def test_a_leader_without_mfa_is_sent_to_set_up_everywhere(client, leader, url):
    client.force_login(leader)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == SET_UP


def test_a_leader_without_mfa_cannot_invite(client, leader, schools):
    client.force_login(leader)
    response = client.post(reverse("accounts:invitations"), {
        "email": "utomstaende@evil.example", "school": schools["mark"].pk,
        "role": Staffing.Role.HEAD})
    assert response["Location"] == SET_UP
    assert not Invitation.objects.exists()


def test_the_set_up_pages_and_logout_still_answer(client, leader):
    client.force_login(leader)
    assert client.get(reverse("mfa_index")).status_code == 200
    # Activating asks for the password again first: that page answers too.
    assert client.get(SET_UP)["Location"].startswith(reverse("account_reauthenticate"))
    assert client.get(reverse("account_reauthenticate")).status_code == 200
    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session


def test_with_mfa_set_up_the_leader_gets_the_pages(client, leader):
    TOTP.activate(leader, generate_totp_secret())
    client.force_login(leader)
    assert client.get(reverse("accounts:profile")).status_code == 200
    assert client.get(reverse("accounts:invitations")).status_code in (200, 404)
    assert client.get(reverse("admin:index")).status_code in (200, 302)


def test_teachers_and_guardians_keep_all_of_konto(client, teacher_tranemo, guardian_mark):
    for person in (teacher_tranemo, guardian_mark):
        client.force_login(person)
        assert client.get(reverse("accounts:profile")).status_code == 200
        assert client.get(reverse("accounts:children")).status_code == 200
