"""Who may see initiatives and state a school's commitment. Every view asks here.

Staff of the seven schools and the coordinator see the initiatives; a head proposes
new ones (the coordinator approves) and states
the commitment of the schools they lead (accounts.permissions.schools_led_by),
the coordinator any school's.
"""

from django.db.models import Q
from django.shortcuts import get_object_or_404

from initiatives.models import Initiative


def can_see_initiatives(user) -> bool:
    return user.is_authenticated and (user.is_school_staff or user.is_coordinator)


def initiatives_visible_to(user):
    """Active initiatives; a proposal only to the head who proposed it and the coordinator."""
    if not can_see_initiatives(user):
        return Initiative.objects.none()
    if user.is_coordinator:
        return Initiative.objects.all()
    return Initiative.objects.filter(Q(status=Initiative.Status.ACTIVE) | Q(proposed_by=user))


def can_propose_initiative(user) -> bool:
    """Heads propose initiatives (the coordinator approves them); the coordinator starts them."""
    return user.is_authenticated and user.is_leader


def get_initiative_for_user(user, pk) -> Initiative:
    return get_object_or_404(initiatives_visible_to(user), pk=pk)
