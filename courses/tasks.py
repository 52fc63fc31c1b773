"""Emails at each step of an application, sent by a worker after the change commits."""

from celery import shared_task

from accounts.models import Staffing
from core.emails import send_templated
from courses.models import Application, waiting_positions

# kind -> template folder under templates/emails/
TEMPLATES = {
    "received": "application_received",
    "waiting": "application_waiting",
    "offered": "application_offered",
    "declined": "application_declined",
    "accepted": "application_accepted",
    "promoted": "application_promoted",
    "expired": "application_expired",
}


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=30, max_retries=5)
def send_application_email(application_id: int, kind: str) -> bool:
    application = (Application.objects.select_related(
        "course__school", "child", "applicant", "home_municipality")
        .filter(pk=application_id).first())
    if application is None or application.applicant is None or not application.applicant.email:
        # Erased or deleted since it was queued: nobody to tell.
        return False
    send_templated(TEMPLATES[kind], application.applicant.email, {
        "application": application,
        "course": application.course,
        "child_name": application.child.first_name if application.child_id else "",
        "position": waiting_positions([application]).get(application.pk),
    }, language=application.applicant.language)
    return True


HEAD_NOTICES = {"new", "accepted", "offer_declined", "withdrawn", "expired", "promoted"}


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=30, max_retries=5)
def send_head_notice(application_id: int, kind: str) -> int:
    """Tell the heads of the offering school about a new application or the family's answer."""
    application = (Application.objects.select_related("course__school", "home_municipality")
                   .filter(pk=application_id).first())
    if application is None or kind not in HEAD_NOTICES:
        return 0
    heads = (Staffing.objects.filter(school=application.course.school_id,
                                     role=Staffing.Role.HEAD, user__is_active=True)
             .values_list("user__email", "user__language"))
    for email, language in heads:
        send_templated("application_head_notice", email, {
            "application": application, "course": application.course, "kind": kind},
            language=language)
    return len(heads)
