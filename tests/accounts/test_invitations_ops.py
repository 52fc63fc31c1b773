"""Invitations: the inviter chooses head or teacher explicitly, and a mail server that is
down never turns inviting into an error page."""

import pytest
from django.core import mail
from django.urls import reverse

from accounts import services
from accounts.models import Invitation, Staffing
from core.mail_outbox import send_due_mail
from core.models import OutgoingMail
from sjuharad.celery import app
from tests.accounts.helpers import links_in_last_mail
from tests.smtp_sink import free_port

pytestmark = pytest.mark.django_db
MISSING_ROLE = "Välj om personen bjuds in som kulturskolechef eller pedagog."


def test_the_portal_form_preselects_no_role(client, head_boras):
    client.force_login(head_boras)
    html = client.get(reverse("accounts:invitations")).content.decode()
    assert 'name="role" value="head"' in html and 'name="role" value="teacher"' in html
    assert "checked" not in html


def test_a_missing_role_is_a_clear_error_and_the_input_is_kept(client, head_boras, schools):
    client.force_login(head_boras)
    response = client.post(reverse("accounts:invitations"),
                           {"email": "ny.larare@example.se", "school": schools["boras"].pk})
    html = response.content.decode()
    assert response.status_code == 200
    assert MISSING_ROLE in html
    assert 'value="ny.larare@example.se"' in html
    assert not Invitation.objects.exists()


def test_admin_requires_an_explicit_role(client, coordinator, schools,
                                         django_capture_on_commit_callbacks):
    client.force_login(coordinator)
    url = reverse("admin:accounts_invitation_add")
    assert "checked" not in client.get(url).content.decode().split('name="role"', 1)[1][:300]
    data = {"email": "ny.chef@example.se", "school": schools["mark"].pk,
            "expires_at": "2099-01-01T12:00"}
    response = client.post(url, data)
    assert response.status_code == 200 and MISSING_ROLE in response.content.decode()
    assert not Invitation.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {**data, "role": "head"})
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.role, invitation.invited_by) == (Staffing.Role.HEAD, coordinator)
    assert links_in_last_mail("ny.chef@example.se")


@pytest.fixture
def broker_queue(monkeypatch):
    """Tasks are published as in production (not run inline); we keep what was sent."""
    published = []
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    monkeypatch.setattr(app, "send_task",
                        lambda name, args=None, kwargs=None, **options:
                        published.append((name, list(args or ()))))
    yield published
    app.conf.task_always_eager = eager


@pytest.fixture
def mail_server_down(settings):
    port = free_port()  # nothing listens there
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 2


def test_inviting_while_the_mail_server_is_down(client, head_boras, schools, broker_queue,
                                                mail_server_down, settings,
                                                django_capture_on_commit_callbacks):
    client.force_login(head_boras)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:invitations"), {
            "email": "ny.larare@example.se", "school": schools["boras"].pk, "role": "teacher"})
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    row = OutgoingMail.objects.get()
    assert (row.to, row.template, row.sent_at) == ("ny.larare@example.se", "invitation", None)
    assert broker_queue == [("core.mail_outbox.send_due", [])]

    # The worker meets the same outage: the row is tried again later, nothing is lost.
    assert dict(send_due_mail()[0]) == {"retrying": 1}
    row.refresh_from_db()
    assert row.status == OutgoingMail.Status.QUEUED and row.attempts == 1 and row.last_error
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    OutgoingMail.objects.update(due_at=row.created_at)  # its next try has come
    assert dict(send_due_mail()[0]) == {"sent": 1}
    assert dict(send_due_mail()[0]) == {}  # sent once only
    assert [m.to for m in mail.outbox] == [["ny.larare@example.se"]]
    assert mail.outbox[0].extra_headers["Message-ID"] == row.message_id
    [accept] = [u for u in links_in_last_mail("ny.larare@example.se") if "inbjudan" in u]
    assert accept == f"{settings.SITE_URL}/konto/inbjudan/{invitation.token}/"


def test_a_revoked_invitation_is_not_mailed(head_boras, schools):
    invitation = services.invite(Invitation(email="ny@example.se", school=schools["boras"],
                                            role="teacher"), head_boras)
    assert OutgoingMail.objects.filter(to="ny@example.se").exists()
    assert services.revoke_invitation(invitation)
    assert not OutgoingMail.objects.exists()
    assert not mail.outbox
