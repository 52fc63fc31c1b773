"""The invitation mail, sent by a worker after the invitation is saved.

A mail server that is down makes the task retry with growing delays instead of
answering the inviter with an error (the invitation is already saved).
"""

from celery import shared_task
from django.conf import settings
from django.urls import reverse

from accounts.models import Invitation
from core.emails import send_templated


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=30, max_retries=5)
def send_invitation_email(invitation_id: int) -> bool:
    invitation = (Invitation.objects.select_related("school", "invited_by")
                  .filter(pk=invitation_id).first())
    if invitation is None or not invitation.is_pending:
        return False  # revoked (or accepted) before the mail went out
    accept_url = settings.SITE_URL + reverse("accounts:accept_invitation",
                                             args=[invitation.token])
    send_templated("invitation", invitation.email,
                   {"invitation": invitation, "accept_url": accept_url})
    return True
