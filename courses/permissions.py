"""Who may see and do what with courses, applications, wishes and settlement.

Every view asks here. Outsiders get 404 from the get_x_for_<role>() helpers, so a
guessed id reveals nothing. Names: `can_<verb>(user)` answers a rule,
`<things>_visible_to(user)` / `<things>_managed_by(user)` are querysets.
"""

from django.db.models import Q
from django.shortcuts import get_object_or_404

from accounts.permissions import managed_by, schools_led_by
from courses.models import Application, CostShare, Course


def can_manage_courses(user) -> bool:
    return user.is_authenticated and user.is_leader


def can_apply(user) -> bool:
    """Guardians apply for their children, pupils (13+) for themselves."""
    return user.is_authenticated and (user.is_guardian or user.is_pupil)


def can_see_demand(user) -> bool:
    return can_manage_courses(user)


def courses_managed_by(user):
    """Coordinators manage every school's courses, heads those of the schools they lead."""
    return managed_by(user, Course.objects.all())


def get_course_for_manager(user, pk) -> Course:
    return get_object_or_404(
        courses_managed_by(user).select_related("school__municipality", "subject"), pk=pk)


def courses_visible_to(user):
    """The public sees published and closed courses; managers also their drafts."""
    public = Course.objects.filter(status__in=[Course.Status.PUBLISHED, Course.Status.CLOSED])
    return public | courses_managed_by(user)


def get_course_for_user(user, pk) -> Course:
    return get_object_or_404(
        courses_visible_to(user).select_related("school__municipality", "subject"), pk=pk)


def applications_managed_by(user):
    """Applications to the courses a head's school offers (all for the coordinator)."""
    return Application.objects.filter(course__in=courses_managed_by(user))


def get_application_for_manager(user, pk) -> Application:
    return get_object_or_404(
        applications_managed_by(user).select_related("course", "child"), pk=pk)


def applications_made_by(user):
    """A guardian's (or pupil's) own applications, and nobody else's."""
    if not user.is_authenticated:
        return Application.objects.none()
    return Application.objects.filter(applicant=user)


def get_application_for_applicant(user, pk) -> Application:
    return get_object_or_404(
        applications_made_by(user).select_related("course", "child"), pk=pk)


def settlement_applications_visible_to(user):
    """Coordinator: everything. Head: rows where their school offers or co-organises
    the course, or where their school's municipality is the one that pays."""
    if not can_manage_courses(user):
        return Application.objects.none()
    if user.is_coordinator:
        return Application.objects.all()
    schools = schools_led_by(user)
    # A subquery, not a join over the shares: a join would count an application once
    # per co-organiser.
    co_organised = CostShare.objects.filter(school__in=schools).values("course")
    return Application.objects.filter(
        Q(course__school__in=schools) | Q(course__in=co_organised)
        | Q(home_municipality__in=schools.values("municipality")))


# --- admitted pupils' contact details and adaptation needs --------------------------------

def courses_with_pupil_contacts_for(user):
    """Courses whose admitted pupils' contact details the user may see: those of the
    schools a head leads, and those a teacher teaches. Nobody else, not even the
    coordinator (the receiving school needs them; the region does not)."""
    if not user.is_authenticated:
        return Course.objects.none()
    return Course.objects.filter(
        Q(school_id__in=user.head_school_ids) | Q(teachers=user)).distinct()


def can_see_pupil_contacts(user, course) -> bool:
    return courses_with_pupil_contacts_for(user).filter(pk=course.pk).exists()


def get_course_for_pupil_contacts(user, pk) -> Course:
    return get_object_or_404(
        courses_with_pupil_contacts_for(user).select_related("school", "subject"), pk=pk)


def admitted_pupils(course):
    """Only accepted places: before admission nothing of the family is shown."""
    return Application.objects.filter(course=course, status=Application.Status.ACCEPTED)
