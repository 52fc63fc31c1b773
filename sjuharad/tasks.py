from celery import shared_task
from django.db.models import Q

from accounts.models import User
from core import privacy
from core.emails import send_templated
from courses import services as courses
from sjuharad.models import AccessibilityReport


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=30, max_retries=5)
def notify_accessibility_report(report_id: int) -> None:
    report = AccessibilityReport.objects.filter(pk=report_id).first()
    if report is None:
        return
    coordinators = User.objects.filter(
        Q(account_type=User.AccountType.COORDINATOR) | Q(is_superuser=True), is_active=True)
    for email, language in coordinators.values_list("email", "language"):
        send_templated("accessibility_report", email, {"report": report}, language=language)


@shared_task(acks_late=True)
def apply_retention() -> int:
    """Daily (beat): anonymise pupils' data past its retention time."""
    return privacy.apply_retention()


@shared_task(acks_late=True)
def expire_offers() -> int:
    """Beat: offers past their reply date go to the next on the waiting list.

    Here, at the top, because courses.tasks may not import courses.services (the
    sweep changes seats, which only services do). Idempotent: running it twice, or
    on two workers at once, expires and mails each offer once.
    """
    return len(courses.expire_offers())
