"""MFA: anyone can turn on TOTP with recovery codes; leaders can be required to."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, TOTP, generate_totp_secret
from django.urls import reverse

from tests.accounts.helpers import current_totp
from tests.factories import PASSWORD, UserFactory


def login(client, email):
    return client.post(reverse("account_login"), {"login": email, "password": PASSWORD})


@pytest.mark.django_db
def test_anyone_can_turn_on_totp_and_gets_recovery_codes(client):
    user = UserFactory(email="anna@example.se")
    login(client, user.email)
    # Changing security settings asks for the password once more.
    response = client.get(reverse("mfa_activate_totp"))
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 200
    secret = client.session[SECRET_SESSION_KEY]
    response = client.post(reverse("mfa_activate_totp"), {"code": "000000"})
    assert response.status_code == 200  # wrong code: stays on the form with a message
    assert not Authenticator.objects.filter(user=user).exists()
    client.post(reverse("mfa_activate_totp"), {"code": current_totp(secret)})
    types = set(Authenticator.objects.filter(user=user).values_list("type", flat=True))
    assert types == {Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES}


@pytest.mark.django_db
def test_login_with_totp_asks_for_the_code(client):
    user = UserFactory(email="anna@example.se")
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    response = login(client, user.email)
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    client.post(reverse("mfa_authenticate"), {"code": "123"})
    assert "_auth_user_id" not in client.session
    client.post(reverse("mfa_authenticate"), {"code": current_totp(secret)})
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.django_db
def test_heads_must_set_up_mfa_when_required(client, settings, head_boras):
    settings.MFA_REQUIRED_FOR_LEADERS = True
    client.force_login(head_boras)
    response = client.get(reverse("schools:list"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    TOTP.activate(head_boras, generate_totp_secret())
    assert client.get(reverse("schools:list")).status_code == 200


@pytest.mark.django_db
def test_coordinators_must_set_up_mfa_when_required(client, settings, coordinator):
    settings.MFA_REQUIRED_FOR_LEADERS = True
    client.force_login(coordinator)
    assert client.get(reverse("admin:index"))["Location"] == reverse("mfa_activate_totp")


@pytest.mark.django_db
def test_guardians_and_teachers_are_not_forced_to_mfa(client, settings, guardian_mark,
                                                      teacher_tranemo):
    settings.MFA_REQUIRED_FOR_LEADERS = True
    for user in (guardian_mark, teacher_tranemo):
        client.force_login(user)
        assert client.get(reverse("schools:list")).status_code == 200


@pytest.mark.django_db
def test_a_recovery_code_signs_in_once(client):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    user = UserFactory(email="anna@example.se")
    TOTP.activate(user, generate_totp_secret())
    code = RecoveryCodes.activate(user).get_unused_codes()[0]
    login(client, user.email)
    client.post(reverse("mfa_authenticate"), {"code": code})
    assert client.session["_auth_user_id"] == str(user.pk)
    client.post(reverse("account_logout"))
    login(client, user.email)
    client.post(reverse("mfa_authenticate"), {"code": code})
    assert "_auth_user_id" not in client.session  # used up
