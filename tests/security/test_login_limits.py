"""Rate limits behind the municipality's reverse proxy, per client and per account, and a
sign-up that costs the same whether the address has an account (issue 13)."""

from unittest import mock

import pytest
from django.contrib.auth.hashers import get_hasher
from django.core import mail
from django.urls import reverse

from core.models import OutgoingMail
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
PROXY = "10.0.0.1"


@pytest.fixture
def behind_one_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1


def login(client, email, password, forwarded_for=None):
    headers = {"REMOTE_ADDR": PROXY}
    if forwarded_for:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded_for
    client.logout()
    return client.post(reverse("account_login"), {"login": email, "password": password},
                       **headers)


def signed_in(client, user):
    return client.session.get("_auth_user_id") == str(user.pk)


def test_ten_failures_for_one_account_do_not_lock_out_others_behind_the_proxy(
        client, behind_one_proxy):
    anna, bertil = UserFactory(email="anna@example.se"), UserFactory(email="bertil@example.se")
    for _ in range(10):
        login(client, anna.email, "fel-lösenord", forwarded_for="198.51.100.7")
    login(client, bertil.email, PASSWORD, forwarded_for="203.0.113.8")
    assert signed_in(client, bertil)


def test_without_the_trusted_proxy_everyone_behind_it_shares_one_limit(client, settings):
    """The twin of the test above: what happened before TRUSTED_PROXY_COUNT reached allauth."""
    settings.TRUSTED_PROXY_COUNT = settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    anna, bertil = UserFactory(email="anna@example.se"), UserFactory(email="bertil@example.se")
    for _ in range(10):
        login(client, anna.email, "fel-lösenord", forwarded_for="198.51.100.7")
    login(client, bertil.email, PASSWORD, forwarded_for="203.0.113.8")
    assert not signed_in(client, bertil)


def test_failures_are_also_counted_per_account_from_any_address(client, behind_one_proxy):
    anna = UserFactory(email="anna@example.se")
    for number in range(6):
        login(client, anna.email, "fel-lösenord", forwarded_for=f"198.51.100.{number}")
    login(client, anna.email, PASSWORD, forwarded_for="203.0.113.8")
    assert not signed_in(client, anna)


def test_a_request_with_fewer_forwarded_addresses_than_proxies_is_no_error(
        client, settings):
    settings.TRUSTED_PROXY_COUNT = settings.ALLAUTH_TRUSTED_PROXY_COUNT = 2
    anna = UserFactory(email="anna@example.se")
    response = login(client, anna.email, PASSWORD, forwarded_for="198.51.100.7")
    assert response.status_code == 302 and signed_in(client, anna)


def signup(client, email):
    return client.post(reverse("account_signup"), {
        "first_name": "Eva", "last_name": "Ek", "email": email, "account_type": "guardian",
        "password1": PASSWORD, "password2": PASSWORD})


@pytest.mark.parametrize("existing", [False, True], ids=["new address", "existing address"])
def test_sign_up_does_the_same_work_whether_the_address_exists(
        client, schools, existing, django_capture_on_commit_callbacks):
    if existing:
        UserFactory(email="eva@example.se")
    hasher = type(get_hasher())
    with (mock.patch.object(hasher, "encode", autospec=True,
                            side_effect=hasher.encode) as encode,
          django_capture_on_commit_callbacks(execute=True)):
        response = signup(client, "eva@example.se")
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert encode.call_count == 1
    # One mail queued on the outbox either way (sent by the worker after commit).
    assert OutgoingMail.objects.filter(to="eva@example.se").count() == 1
    assert [m.to for m in mail.outbox] == [["eva@example.se"]]
