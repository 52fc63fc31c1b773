"""People's own data: download, account deletion, erasing a child; the report-a-problem form."""

import json

import pytest
from django.core import mail
from django.db import OperationalError
from django.urls import reverse

from accounts import views as account_views
from accounts.models import Child, User
from sjuharad.models import AccessibilityReport
from tests.factories import PASSWORD, ChildFactory


@pytest.mark.django_db
def test_download_contains_my_account_and_children(client, guardian_mark, child_mark):
    client.force_login(guardian_mark)
    response = client.get(reverse("accounts:my_data_download"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["accounts"]["email"] == guardian_mark.email
    assert data["accounts"]["children"][0]["first_name"] == child_mark.first_name


@pytest.mark.django_db
def test_download_holds_nothing_of_other_people(client, guardian_mark, child_mark, outsider):
    client.force_login(outsider)
    body = client.get(reverse("accounts:my_data_download")).content.decode()
    assert child_mark.first_name not in body and guardian_mark.email not in body


@pytest.mark.django_db
def test_deleting_my_account_needs_password_and_confirmation(client, guardian_mark, child_mark):
    client.force_login(guardian_mark)
    response = client.post(reverse("accounts:my_data"), {"password": "fel", "confirm": "on"})
    assert response.status_code == 200
    assert "Lösenordet stämmer inte" in response.content.decode()
    response = client.post(reverse("accounts:my_data"), {"password": PASSWORD})
    assert User.objects.filter(pk=guardian_mark.pk).exists()
    response = client.post(reverse("accounts:my_data"), {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302
    assert not User.objects.filter(pk=guardian_mark.pk).exists()
    assert not Child.objects.filter(pk=child_mark.pk).exists()
    assert "_auth_user_id" not in client.session


class LockNotAvailable(Exception):
    sqlstate = "55P03"  # what psycopg carries when PostgreSQL's lock_timeout expires


def lock_wait(user):
    raise OperationalError("canceling statement due to lock timeout") from LockNotAvailable()


def database_gone(user):
    raise OperationalError("server closed the connection unexpectedly")


@pytest.mark.django_db
def test_a_lock_wait_while_deleting_my_account_says_try_again_and_keeps_me_signed_in(
        client, guardian_mark, monkeypatch):
    monkeypatch.setattr(account_views.privacy, "delete_user", lock_wait)
    client.force_login(guardian_mark)
    response = client.post(reverse("accounts:my_data"), {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "Ingenting har sparats" in response.content.decode()
    assert User.objects.filter(pk=guardian_mark.pk).exists()
    assert client.session["_auth_user_id"] == str(guardian_mark.pk)


@pytest.mark.django_db
def test_any_other_database_error_while_deleting_stays_an_error(client, guardian_mark, monkeypatch):
    monkeypatch.setattr(account_views.privacy, "delete_user", database_gone)
    client.force_login(guardian_mark)
    with pytest.raises(OperationalError):
        client.post(reverse("accounts:my_data"), {"password": PASSWORD, "confirm": "on"})


@pytest.mark.django_db
def test_a_guardian_erases_a_childs_data(client, guardian_mark, child_mark):
    client.force_login(guardian_mark)
    url = reverse("accounts:child_erase", args=[child_mark.pk])
    assert client.get(url).status_code == 200
    client.post(url)
    assert not Child.objects.filter(pk=child_mark.pk).exists()


@pytest.mark.django_db
def test_nobody_else_can_erase_or_edit_a_child(client, child_mark, outsider, head_boras):
    for user in (outsider, head_boras):
        client.force_login(user)
        assert client.post(reverse("accounts:child_erase", args=[child_mark.pk])).status_code == 404
        assert client.get(reverse("accounts:child_edit", args=[child_mark.pk])).status_code == 404
    assert Child.objects.filter(pk=child_mark.pk).exists()


@pytest.mark.django_db
def test_child_form_refuses_an_impossible_birth_year(client, guardian_mark, municipalities):
    client.force_login(guardian_mark)
    response = client.post(reverse("accounts:child_add"), {
        "first_name": "Ida", "last_name": "Ek", "birth_year": "1950",
        "home_municipality": municipalities["Mark"].pk})
    assert response.status_code == 200
    assert "Ange ett födelseår" in response.content.decode()
    assert 'value="Ida"' in response.content.decode()
    assert not Child.objects.filter(first_name="Ida").exists()


@pytest.mark.django_db
def test_children_list_query_count_is_constant(client, guardian_mark, municipalities,
                                               django_assert_max_num_queries):
    ChildFactory.create_batch(30, guardian=guardian_mark)
    client.force_login(guardian_mark)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("accounts:children"))
    assert response.content.decode().count("Ändra uppgifter om") == 30


@pytest.mark.django_db
def test_accessibility_problem_reaches_the_coordinator(client, coordinator,
                                                       django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accessibility"), {
            "page_url": "/kurser/", "description": "Filtren går inte att nå med tangentbordet."})
    assert response.status_code == 302
    assert AccessibilityReport.objects.get().page_url == "/kurser/"
    assert mail.outbox[-1].to == [coordinator.email]
    assert "tangentbordet" in mail.outbox[-1].body


@pytest.mark.django_db
def test_accessibility_report_without_description_keeps_input(client):
    response = client.post(reverse("accessibility"), {"page_url": "/kurser/", "description": ""})
    assert response.status_code == 200
    assert 'value="/kurser/"' in response.content.decode()
    assert not AccessibilityReport.objects.exists()
