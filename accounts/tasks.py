"""The invitation mail, sent by a worker after the invitation is saved.

A mail server that is down makes the task retry with growing delays instead of
answering the inviter with an error (the invitation is already saved).
"""

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
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


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=30, max_retries=5)
def send_account_mail(subject: str, text: str, html: str | None, from_email: str,
                      to: list[str], headers: dict | None = None) -> None:
    """A sign-in mail (confirm your address, "you already have an account", password reset),
    rendered by the request and sent here, so answering a sign-up costs the same whether the
    address has an account or not, and a mail server that is down never shows an error."""
    message = EmailMultiAlternatives(subject, text, from_email, to, headers=headers)
    if html:
        message.attach_alternative(html, "text/html")
    message.send()
