"""Error pages: Swedish (English through the switch), in the site's layout, and the 500
page renders with the database gone."""

from unittest import mock

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.ops.error_urls")]


def _styled(html):
    return 'href="/static/css/site.css"' in html and 'class="site-header"' in html


def test_404_is_swedish_and_styled(client):
    response = client.get("/finns-inte/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "<h1>Sidan finns inte</h1>" in html and _styled(html)
    assert '<html lang="sv">' in html
    assert f"Felkod för support: {response['X-Request-ID']}" in html


def test_404_in_english_after_the_switch(client):
    client.cookies["django_language"] = "en"
    html = client.get("/finns-inte/").content.decode()
    assert "<h1>Page not found</h1>" in html and '<html lang="en">' in html


def test_403_and_400_are_swedish_and_styled(client):
    response = client.get("/test/403/")
    assert response.status_code == 403
    assert "<h1>Åtkomst nekad</h1>" in response.content.decode()
    response = client.get("/test/400/")
    assert response.status_code == 400
    assert "<h1>Felaktig begäran</h1>" in response.content.decode()
    assert _styled(response.content.decode())


def test_csrf_failure_is_explained_in_swedish(schools):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post("/tillganglighet/", {"description": "x"})
    assert response.status_code == 403
    assert "Formuläret kunde inte skickas" in response.content.decode()


@pytest.fixture
def database_down():
    """Every new query fails as if PostgreSQL had stopped."""
    def refuse(self, *args, **kwargs):
        raise OperationalError("connection refused")

    with mock.patch.object(BaseDatabaseWrapper, "ensure_connection", refuse), \
         mock.patch.object(BaseDatabaseWrapper, "_cursor", refuse):
        yield


def test_500_renders_without_the_database(client, coordinator, database_down):
    client.raise_request_exception = False
    response = client.get("/test/500/")
    html = response.content.decode()
    assert response.status_code == 500
    assert "<h1>Något gick fel</h1>" in html and _styled(html)
    assert f"Felkod för support: {response['X-Request-ID']}" in html


def test_500_for_a_signed_in_user_when_the_database_is_gone(client, coordinator):
    # The session and user are looked up in middleware: that fails first.
    client.force_login(coordinator)
    client.raise_request_exception = False
    with mock.patch.object(BaseDatabaseWrapper, "_cursor",
                           side_effect=OperationalError("connection refused")):
        response = client.get("/test/500/")
    html = response.content.decode()
    assert response.status_code == 500
    assert "<h1>Något gick fel</h1>" in html
    assert "Logga ut" not in html  # no account links: they would need the database
