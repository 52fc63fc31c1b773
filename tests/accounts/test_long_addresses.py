"""An address longer than 254 characters is a Swedish error on every form that takes one:
no 500, no silently shortened address, nothing queued for it."""

import pytest
from django.urls import reverse

from accounts.models import Invitation, User
from core.models import OutgoingMail
from tests.accounts.test_signup_and_login import signup_data
from tests.factories import PASSWORD, UserFactory

LONG = "a" * 244 + "@example.se"  # 255 characters
MESSAGE = "En e-postadress får vara högst 254 tecken. Den du skrev har 255 tecken."

pytestmark = pytest.mark.django_db


def test_the_address_is_255_characters():
    assert len(LONG) == 255


def test_sign_up_refuses_it_and_keeps_the_input(client, schools):
    response = client.post(reverse("account_signup"), signup_data(email=LONG))
    assert response.status_code == 200
    page = response.content.decode()
    assert MESSAGE in page and 'value="Greta"' in page
    assert not User.objects.filter(first_name="Greta").exists()
    assert not OutgoingMail.objects.exists()


def test_password_reset_refuses_it(client):
    response = client.post(reverse("account_reset_password"), {"email": LONG})
    assert response.status_code == 200
    assert MESSAGE in response.content.decode()
    assert not OutgoingMail.objects.exists()


def test_adding_it_as_a_second_address_is_refused(client):
    user = UserFactory(email="anna@example.se")
    client.force_login(user)
    response = client.post(reverse("account_email"), {"action_add": "", "email": LONG})
    assert response.status_code == 200
    assert MESSAGE in response.content.decode()
    assert user.emailaddress_set.filter(email=LONG).count() == 0
    assert not OutgoingMail.objects.exists()


def test_an_invitation_to_it_is_refused(client, head_boras, schools):
    client.force_login(head_boras)
    response = client.post(reverse("accounts:invitations"), {
        "email": LONG, "school": schools["boras"].pk, "role": "teacher"})
    assert response.status_code == 200
    assert MESSAGE in response.content.decode()
    assert f'value="{LONG}"' in response.content.decode()
    assert not Invitation.objects.exists()


def test_logging_in_with_it_is_an_ordinary_failed_login(client):
    response = client.post(reverse("account_login"), {"login": LONG, "password": PASSWORD})
    assert response.status_code == 200
