"""State changes of the composition layer's own model: accessibility reports."""

from django.db import transaction

from sjuharad.mails import mail_accessibility_report
from sjuharad.models import AccessibilityReport


@transaction.atomic
def report_accessibility_problem(report: AccessibilityReport) -> AccessibilityReport:
    """Store a report and queue a mail to each coordinator in the same transaction."""
    report.save()
    mail_accessibility_report(report)
    return report
