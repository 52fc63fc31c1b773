"""The accessibility report mail to every coordinator, queued with the report."""

from django.db.models import Q

from accounts.models import User
from core import mail_outbox
from sjuharad.models import AccessibilityReport


def mail_accessibility_report(report: AccessibilityReport) -> int:
    """One outbox row per active coordinator (core/mail_outbox.py); returns how many."""
    coordinators = User.objects.filter(
        Q(account_type=User.AccountType.COORDINATOR) | Q(is_superuser=True), is_active=True)
    addresses = list(coordinators.values_list("email", "language"))
    for email, language in addresses:
        mail_outbox.enqueue("accessibility_report", email, {"report": report},
                            language=language)
    return len(addresses)
