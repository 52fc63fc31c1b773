"""Sign-up, verification, login, logout, password reset, enumeration and rate limits."""

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import User
from tests.accounts.helpers import links_in_last_mail, path_of
from tests.clock import born_years_ago
from tests.factories import PASSWORD, UserFactory

NEW_PASSWORD = "ett-nytt-lösenord-77"


def signup_data(**overrides):
    data = {
        "first_name": "Greta", "last_name": "Gran", "email": "greta@example.se",
        "account_type": "guardian", "birth_year": "", "home_municipality": "",
        "password1": PASSWORD, "password2": PASSWORD,
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_signup_needs_email_verification_before_login(client, schools,
                                                     django_capture_on_commit_callbacks):
    # The confirmation mail is an outbox row, sent once the sign-up commits.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_signup"), signup_data())
    assert response.status_code == 302
    user = User.objects.get(email="greta@example.se")
    assert user.account_type == User.AccountType.GUARDIAN
    assert user.first_name == "Greta"
    # Not signed in until the address is verified.
    assert "_auth_user_id" not in client.session
    response = client.post(reverse("account_login"),
                           {"login": "greta@example.se", "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    confirm = [u for u in links_in_last_mail("greta@example.se") if "confirm-email" in u][0]
    response = client.post(path_of(confirm))
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    assert user.emailaddress_set.get().verified


@pytest.mark.django_db
def test_signup_page_is_swedish(client, schools):
    html = client.get(reverse("account_signup")).content.decode()
    assert "Förnamn" in html and "Vårdnadshavare" in html and "Lösenord" in html


@pytest.mark.django_db
def test_signup_with_bad_input_keeps_what_was_typed(client, schools):
    response = client.post(reverse("account_signup"),
                           signup_data(email="inte-en-adress", password2="annat"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="Greta"' in html and 'value="inte-en-adress"' in html
    assert not User.objects.filter(first_name="Greta").exists()


@pytest.mark.django_db
def test_a_pupil_under_13_is_sent_to_a_guardian(client, schools):
    response = client.post(reverse("account_signup"),
                           signup_data(account_type="pupil", birth_year=str(born_years_ago(8))))
    assert response.status_code == 200
    assert "registreras av en vårdnadshavare" in response.content.decode()
    assert not User.objects.filter(email="greta@example.se").exists()


@pytest.mark.django_db
def test_a_pupil_of_13_or_more_gets_a_pupil_account(client, schools, municipalities):
    client.post(reverse("account_signup"), signup_data(
        account_type="pupil", birth_year=str(born_years_ago(16)),
        home_municipality=str(municipalities["Mark"].pk)))
    user = User.objects.get(email="greta@example.se")
    assert user.account_type == User.AccountType.PUPIL
    assert user.birth_year == born_years_ago(16) and user.home_municipality.name == "Mark"


@pytest.mark.django_db
def test_login_and_logout(client):
    user = UserFactory(email="anna@example.se")
    response = client.post(reverse("account_login"),
                           {"login": "anna@example.se", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    assert user.display_name in client.get(reverse("home")).content.decode()
    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_wrong_password_is_refused_with_a_message(client):
    UserFactory(email="anna@example.se")
    response = client.post(reverse("account_login"),
                           {"login": "anna@example.se", "password": "fel"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert 'value="anna@example.se"' in response.content.decode()


@pytest.mark.django_db
def test_password_reset_flow(client, django_capture_on_commit_callbacks):
    UserFactory(email="anna@example.se")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": "anna@example.se"})
    link = [u for u in links_in_last_mail("anna@example.se") if "password/reset/key" in u][0]
    response = client.get(path_of(link), follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else path_of(link)
    response = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    client.post(reverse("account_login"), {"login": "anna@example.se", "password": NEW_PASSWORD})
    assert "_auth_user_id" in client.session


@pytest.mark.django_db
def test_password_reset_does_not_reveal_whether_an_account_exists(client):
    UserFactory(email="anna@example.se")
    known = client.post(reverse("account_reset_password"), {"email": "anna@example.se"})
    unknown = client.post(reverse("account_reset_password"), {"email": "ingen@example.se"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]


@pytest.mark.django_db
def test_signup_with_a_taken_address_does_not_reveal_the_account(
        client, schools, django_capture_on_commit_callbacks):
    UserFactory(email="greta@example.se")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_signup"), signup_data())
    # Same answer as a fresh sign-up; the owner of the address is told by mail instead.
    assert response.status_code == 302
    assert User.objects.filter(email="greta@example.se").count() == 1
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["greta@example.se"]


@pytest.mark.django_db
def test_repeated_failed_logins_are_rate_limited(client):
    UserFactory(email="anna@example.se")
    for _ in range(5):
        client.post(reverse("account_login"), {"login": "anna@example.se", "password": "fel"})
    response = client.post(reverse("account_login"),
                           {"login": "anna@example.se", "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert response.status_code in (200, 429)
