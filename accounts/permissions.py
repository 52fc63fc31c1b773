"""Who may do what with accounts, staff roles and children. Every view asks here."""

from django.http import Http404

from accounts.models import Child, Invitation, Staffing
from schools.models import School


def schools_led_by(user):
    """Every school for the coordinator, their own schools for a head, none for others.

    The other apps' rules (who manages a school's courses, hosts its events, states
    its commitments) start from this.
    """
    if not user.is_authenticated:
        return School.objects.none()
    if user.is_coordinator:
        return School.objects.all()
    return School.objects.filter(id__in=user.head_school_ids)


def schools_user_may_invite_to(user):
    """Coordinators invite to any school, heads to their own schools only."""
    return schools_led_by(user)


def can_invite(user, school, role) -> bool:
    if role not in Staffing.Role.values:
        return False
    return schools_user_may_invite_to(user).filter(pk=school.pk).exists()


def invitations_visible_to(user):
    if user.is_coordinator:
        return Invitation.objects.all()
    return Invitation.objects.filter(school_id__in=user.head_school_ids)


def get_invitation_for_manager(user, pk) -> Invitation:
    try:
        return invitations_visible_to(user).select_related("school").get(pk=pk)
    except Invitation.DoesNotExist:
        raise Http404 from None


def children_of(user):
    if not user.is_authenticated:
        return Child.objects.none()
    return Child.objects.filter(guardian=user)


def get_child_for_guardian(user, pk) -> Child:
    """A guardian reaches only their own children; anyone else gets 404."""
    try:
        return children_of(user).select_related("home_municipality").get(pk=pk)
    except Child.DoesNotExist:
        raise Http404 from None
