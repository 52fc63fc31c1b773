"""State changes of the composition layer's own model: accessibility reports."""

from django.db import transaction

from sjuharad.models import AccessibilityReport
from sjuharad.tasks import notify_accessibility_report


@transaction.atomic
def report_accessibility_problem(report: AccessibilityReport) -> AccessibilityReport:
    """Store a report and tell the coordinators once it is saved."""
    report.save()
    transaction.on_commit(lambda: notify_accessibility_report.delay(report.pk))
    return report
