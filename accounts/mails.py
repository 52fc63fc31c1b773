"""The invitation mail, queued in the transaction that saves the invitation.

Rendered now, sent by a worker through the outbox (core/mail_outbox.py): a mail
server that is down delays the mail, never the inviter's page.
"""

from django.conf import settings
from django.urls import reverse

from accounts.models import Invitation
from core import mail_outbox


def invitation_topic(invitation: Invitation) -> str:
    return f"invitation:{invitation.pk}"


def mail_invitation(invitation: Invitation) -> None:
    accept_url = settings.SITE_URL + reverse("accounts:accept_invitation",
                                             args=[invitation.token])
    mail_outbox.enqueue("invitation", invitation.email,
                        {"invitation": invitation, "accept_url": accept_url},
                        topic=invitation_topic(invitation))


def withdraw_invitation_mail(invitation: Invitation) -> int:
    """A revoked invitation whose mail has not gone out yet is not mailed."""
    return mail_outbox.withdraw_unsent(invitation_topic(invitation))
