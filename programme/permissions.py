"""Who may do what with a festival's programme. Seeing and organising the event itself
is the event's rule (events.permissions)."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from events.permissions import can_organise, group_schools_of
from programme.models import Contribution


def can_submit_contribution(user, event) -> bool:
    """Heads and teachers submit their school's acts to a festival's programme."""
    return (user.is_authenticated and event.takes_contributions
            and (user.is_school_staff or user.is_coordinator))


def contributions_of_my_schools(user, event):
    return (event.contributions.filter(school__in=group_schools_of(user))
            .select_related("school").order_by("created_at"))


def get_contribution_for_school(user, event, pk) -> Contribution:
    """Staff of the contributing school change or withdraw it; everyone else gets 404."""
    return get_object_or_404(contributions_of_my_schools(user, event), pk=pk)


def get_contribution_for_organiser(user, event, pk) -> Contribution:
    if not can_organise(user, event):
        raise Http404
    return get_object_or_404(event.contributions.select_related("school"), pk=pk)
