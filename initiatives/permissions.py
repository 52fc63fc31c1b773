"""Who may see initiatives and state a school's commitment. Every view asks here.

Staff of the seven schools and the coordinator see the initiatives; a head states
the commitment of the schools they lead (accounts.permissions.schools_led_by),
the coordinator any school's.
"""

from django.shortcuts import get_object_or_404

from initiatives.models import Initiative


def can_see_initiatives(user) -> bool:
    return user.is_authenticated and (user.is_school_staff or user.is_coordinator)


def initiatives_visible_to(user):
    if can_see_initiatives(user):
        return Initiative.objects.all()
    return Initiative.objects.none()


def get_initiative_for_user(user, pk) -> Initiative:
    return get_object_or_404(initiatives_visible_to(user), pk=pk)
