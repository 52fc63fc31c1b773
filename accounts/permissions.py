"""Who may do what with accounts, staff roles and children. Every view asks here.

Names: `can_<verb>(user, …)` answers a rule, `<things>_visible_to(user)` is a
queryset, `get_<thing>_for_<role>(user, …)` returns one object or raises 404.
"""

from django.shortcuts import get_object_or_404

from accounts.models import Child, Invitation, Staffing
from schools.models import School


def schools_led_by(user):
    """Every school for the coordinator, their own schools for a head, none for others.

    The other apps' rules (who manages a school's courses, hosts its events, states
    its commitments) and who may invite staff to a school start from this.
    """
    if not user.is_authenticated:
        return School.objects.none()
    if user.is_coordinator:
        return School.objects.all()
    return School.objects.filter(id__in=user.head_school_ids)


def can_invite(user, school, role) -> bool:
    """Coordinators invite to any school, heads to the schools they lead."""
    if role not in Staffing.Role.values:
        return False
    return schools_led_by(user).filter(pk=school.pk).exists()


def invitations_visible_to(user):
    if user.is_coordinator:
        return Invitation.objects.all()
    return Invitation.objects.filter(school_id__in=user.head_school_ids)


def get_invitation_for_manager(user, pk) -> Invitation:
    return get_object_or_404(invitations_visible_to(user).select_related("school"), pk=pk)


def children_of(user):
    if not user.is_authenticated:
        return Child.objects.none()
    return Child.objects.filter(guardian=user)


def get_child_for_guardian(user, pk) -> Child:
    """A guardian reaches only their own children; anyone else gets 404."""
    return get_object_or_404(children_of(user).select_related("home_municipality"), pk=pk)
