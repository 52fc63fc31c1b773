"""A lock wait that lasts too long is a friendly "try again"; any other database error
stays an error (a 500 and a log entry), never passed off as a busy portal."""

import threading

import pytest
from django.db import OperationalError, connection, connections, transaction
from django.urls import reverse

from accounts.models import Child
from core.locks import LockWaitTimeout
from courses import services
from courses.models import Application, Course
from tests.courses.conftest import make_application

BUSY = "Det är många som gör ändringar just nu. Försök igen om en liten stund."


class LockNotAvailable(Exception):
    """What psycopg raises when PostgreSQL's lock_timeout expires."""

    sqlstate = "55P03"


def postgres_lock_timeout(*args, **kwargs):
    raise OperationalError("canceling statement due to lock timeout") from LockNotAvailable()


def sqlite_locked(*args, **kwargs):
    raise OperationalError("database is locked")


def database_gone(*args, **kwargs):
    raise OperationalError("server closed the connection unexpectedly")


@pytest.mark.django_db
@pytest.mark.parametrize("lock_wait", [postgres_lock_timeout, sqlite_locked])
def test_a_lock_wait_while_applying_keeps_the_form_and_saves_nothing(
        client, harp_boras, guardian_mark, mark, monkeypatch, lock_wait):
    monkeypatch.setattr(services, "_lock_course", lock_wait)
    client.force_login(guardian_mark)
    response = client.post(reverse("courses:apply", args=[harp_boras.pk]), {
        "child": "new", "first_name": "Saga", "last_name": "Lund", "birth_year": 2016,
        "home_municipality": mark.pk})
    page = response.content.decode()
    assert response.status_code == 200
    assert BUSY in page
    assert 'value="Saga"' in page
    assert not Child.objects.filter(first_name="Saga").exists()  # rolled back with the rest
    assert not Application.objects.exists()


@pytest.mark.django_db
def test_another_database_error_is_not_shown_as_busy(client, harp_boras, guardian_mark,
                                                      child_mark, monkeypatch):
    monkeypatch.setattr(services, "_lock_course", database_gone)
    client.force_login(guardian_mark)
    with pytest.raises(OperationalError, match="server closed"):
        client.post(reverse("courses:apply", args=[harp_boras.pk]), {"child": child_mark.pk})


@pytest.mark.django_db
def test_a_lock_wait_on_a_decision_or_an_answer_says_try_again(
        client, harp_boras, head_boras, guardian_mark, child_mark, monkeypatch):
    monkeypatch.setattr(services, "_lock_course", postgres_lock_timeout)
    application = make_application(harp_boras, child_mark, status=Application.Status.OFFERED)
    client.force_login(guardian_mark)
    response = client.post(reverse("courses:respond", args=[application.pk]),
                           {"action": "accept"}, follow=True)
    assert BUSY in response.content.decode()
    client.force_login(head_boras)
    response = client.post(reverse("courses:decide", args=[application.pk]),
                           {"action": "decline", "reason": "Instrumenten räcker inte."})
    assert BUSY in response.content.decode()
    assert "Instrumenten räcker inte." in response.content.decode()  # the reason is kept
    application.refresh_from_db()
    assert application.status == Application.Status.OFFERED


@pytest.mark.django_db
def test_a_lock_wait_while_editing_a_course_keeps_the_form(client, harp_boras, head_boras,
                                                           monkeypatch):
    from tests.courses.test_manage import course_data

    monkeypatch.setattr(services, "_lock_course", postgres_lock_timeout)
    client.force_login(head_boras)
    response = client.post(reverse("courses:edit", args=[harp_boras.pk]),
                           course_data(harp_boras.school, title="Harpa, nytt namn"))
    assert BUSY in response.content.decode()
    assert 'value="Harpa, nytt namn"' in response.content.decode()
    harp_boras.refresh_from_db()
    assert harp_boras.title == "Harpa för nybörjare"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's lock_timeout")
@pytest.mark.django_db(transaction=True)
def test_a_real_lock_timeout_on_postgresql_is_recognised(harp_boras, child_mark):
    """Someone holds the course row; our lock_timeout expires and we say "busy"."""
    locked, release = threading.Event(), threading.Event()

    def hold_the_course():
        try:
            with transaction.atomic():
                Course.objects.select_for_update().get(pk=harp_boras.pk)
                locked.set()
                release.wait(10)
        finally:
            connections.close_all()

    holder = threading.Thread(target=hold_the_course)
    holder.start()
    try:
        assert locked.wait(10)
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '200ms'")
        with pytest.raises(LockWaitTimeout):
            services.apply_for(harp_boras, child_mark.guardian, child=child_mark)
    finally:
        release.set()
        holder.join()
    assert not Application.objects.exists()


@pytest.mark.django_db
def test_a_lock_wait_while_creating_a_course_keeps_the_form(client, schools, head_boras,
                                                            monkeypatch):
    from tests.courses.test_manage import course_data

    def locked_save(course, open_to, teachers=None):
        raise LockWaitTimeout

    monkeypatch.setattr(services, "save_course", locked_save)
    client.force_login(head_boras)
    response = client.post(reverse("courses:create"), course_data(schools["boras"]))
    assert response.status_code == 200
    assert BUSY in response.content.decode()
    assert 'value="Harpa fortsättning"' in response.content.decode()
    assert not Course.objects.exists()
