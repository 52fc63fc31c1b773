"""Mails at each step of an application, queued in the transaction of the change.

Rendered now and sent by a worker through the outbox (core/mail_outbox.py): one row
per recipient, so a failing mailbox never re-mails the others. At the moment of sending
the application must still be there with its applicant (`APPLICATION`), and a head must
still lead the course's school (`HEADS`); apps.py registers the checks.
"""

from django.utils.translation import gettext_lazy as _

from accounts.models import Staffing
from core import mail_outbox
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
HEAD_NOTICES = {"new", "accepted", "offer_declined", "withdrawn", "expired", "promoted"}

APPLICATION = "courses.application"
HEADS = "courses.heads"
APPLICATION_GONE = _("Ansökan finns inte längre.")
NOT_HEAD = _("Leder inte längre skolan.")


def applications_still_there(rows) -> set:
    """The rows whose application still exists, with the same applicant (one query)."""
    current = set(Application.objects.filter(pk__in={row.data["application"] for row in rows})
                  .values_list("pk", "applicant_id"))
    return {row.pk for row in rows if (row.data["application"], row.data["user"]) in current}


def heads_still_leading(rows) -> set:
    """The rows whose recipient still heads the school (one query)."""
    data = [row.data for row in rows]
    current = set(Staffing.objects.filter(
        role=Staffing.Role.HEAD, school__in={d["school"] for d in data},
        user__in={d["user"] for d in data}).values_list("school_id", "user_id"))
    return {row.pk for row in rows if (row.data["school"], row.data["user"]) in current}


def _application(application_id) -> Application:
    return (Application.objects.select_related(
        "course__school", "child", "applicant", "home_municipality").get(pk=application_id))


def mail_applicant(application_id: int, kind: str) -> bool:
    """Tell the applicant account what happened; False when nobody is left to tell."""
    application = _application(application_id)
    applicant = application.applicant
    if applicant is None or not applicant.email:
        return False  # erased: nobody to tell
    mail_outbox.enqueue(TEMPLATES[kind], applicant.email, {
        "application": application,
        "course": application.course,
        "child_name": application.child.first_name if application.child_id else "",
        "position": waiting_positions([application]).get(application.pk),
        # An expired offer's seat goes to the waiting list only if someone is on it.
        "others_waiting": kind == "expired" and Application.objects.filter(
            course=application.course_id, status=Application.Status.WAITING).exists(),
    }, language=applicant.language, concern=APPLICATION,
        data={"application": application.pk, "user": applicant.pk})
    return True


def mail_heads(application_id: int, kind: str) -> int:
    """Tell the heads of the offering school about a new application or the family's
    answer, without the child's name (they read it in the portal). One mail per head."""
    if kind not in HEAD_NOTICES:
        raise ValueError(kind)
    application = _application(application_id)
    school_id = application.course.school_id
    heads = (Staffing.objects.filter(school=school_id, role=Staffing.Role.HEAD,
                                     user__is_active=True)
             .values_list("user_id", "user__email", "user__language"))
    for user_id, email, language in heads:
        mail_outbox.enqueue("application_head_notice", email, {
            "application": application, "course": application.course, "kind": kind},
            language=language, concern=HEADS, data={"school": school_id, "user": user_id})
    return len(heads)
