"""What the courses app holds about a person, and how it lets go (see sjuharad/privacy.py).

Applications keep course, status, birth year and home municipality after names are gone,
so waiting lists and the settlement between municipalities stay right.
"""

import datetime

from django.conf import settings
from django.utils import timezone

from courses import services
from courses.models import Application, Wish


def export(user) -> dict:
    applications = Application.objects.filter(applicant=user).select_related(
        "course__school", "child", "home_municipality").order_by("id")
    return {
        "applications": [
            {"course": a.course.title, "school": a.course.school.name, "term": a.course.term,
             "pupil": a.child.name if a.child_id else None, "birth_year": a.birth_year,
             "home_municipality": a.home_municipality.name, "status": a.status,
             "decline_reason": a.decline_reason, "contact_phone": a.contact_phone,
             "adaptation_needs": a.adaptation_needs, "created_at": a.created_at.isoformat()}
            for a in applications
        ],
        "wishes": [
            {"subject": w.subject.name, "home_municipality": w.home_municipality.name,
             "age": w.age, "created_at": w.created_at.isoformat()}
            for w in Wish.objects.filter(user=user).select_related("subject",
                                                                   "home_municipality")
        ],
    }


def _withdraw_running(applications) -> None:
    """Nobody is left to accept or attend: free the seats of courses not yet over,
    so the waiting list moves up. Finished terms keep their status for settlement."""
    today = timezone.localdate()
    running = applications.filter(status__in=Application.ACTIVE, course__term_end__gte=today)
    for pk in running.values_list("pk", flat=True):
        services.withdraw(pk)


# What the family told the receiving school; it goes with the person.
CONTACT_DETAILS = {"contact_phone": "", "adaptation_needs": ""}


def before_delete_user(user) -> None:
    _withdraw_running(Application.objects.filter(applicant=user))
    Application.objects.filter(applicant=user).update(**CONTACT_DETAILS)
    # The foreign keys are SET_NULL: the applications and wishes stay, without the person.


def before_erase_child(child) -> None:
    _withdraw_running(Application.objects.filter(child=child))
    Application.objects.filter(child=child).update(**CONTACT_DETAILS)


def apply_retention(now) -> int:
    """Cut the link to the person once the course's term ended long enough ago."""
    cutoff = timezone.localdate(now) - datetime.timedelta(days=settings.RETENTION_DAYS_AFTER_TERM)
    old = Application.objects.filter(course__term_end__lt=cutoff).exclude(
        child=None, applicant=None, contact_phone="", adaptation_needs="")
    # The head's reason may name the pupil, so it goes too, as do the contact details.
    count = old.update(child=None, applicant=None, decline_reason="", **CONTACT_DETAILS)
    count += Wish.objects.filter(created_at__date__lt=cutoff).exclude(user=None).update(
        user=None)
    return count
