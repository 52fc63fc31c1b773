"""The heads of the offering school hear of new applications and of the family's answer."""

import pytest
from django.core import mail

from courses import services
from courses.models import Application
from tests.courses.conftest import make_application

pytestmark = pytest.mark.django_db


def head_mails(head):
    return [m for m in mail.outbox if m.to == [head.email]]


def test_heads_are_told_of_a_new_application(harp_boras, head_boras, head_tranemo,
                                             guardian_mark, child_mark,
                                             django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.apply_for(harp_boras, guardian_mark, child=child_mark)
    [notice] = head_mails(head_boras)
    assert "Ny ansökan till Harpa för nybörjare" in notice.subject
    assert "från Mark" in notice.body
    # Minimal personal data: the head reads the name in the portal, not in a mail.
    assert child_mark.first_name not in notice.body
    assert not head_mails(head_tranemo)  # another school's head hears nothing


def test_heads_are_told_when_the_family_accepts_or_declines(harp_boras, head_boras,
                                                            django_capture_on_commit_callbacks):
    accepted = make_application(harp_boras, status=Application.Status.OFFERED)
    declined = make_application(harp_boras, status=Application.Status.OFFERED)
    with django_capture_on_commit_callbacks(execute=True):
        services.accept_offer(accepted.pk)
        services.decline_offer(declined.pk)
    subjects = [m.subject for m in head_mails(head_boras)]
    assert any("är antagen" in s for s in subjects)
    assert any("fick nej" in s for s in subjects)
