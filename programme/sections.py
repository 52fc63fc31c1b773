"""What programme adds to the event page that events renders (registered in apps.py)."""

from events import permissions as event_permissions
from programme import permissions
from programme.models import Contribution


def event_section(request, event, can_manage):
    """The published programme, and the link to the contributions for those who send or
    place them."""
    user = request.user
    can_contribute = permissions.can_submit_contribution(user, event)
    can_organise = (user.is_authenticated and event.takes_contributions
                    and event_permissions.can_organise(user, event))
    programme = (list(event.contributions.filter(status=Contribution.Status.ACCEPTED)
                      .select_related("school")) if event.programme_published else [])
    if not (programme or can_contribute or can_organise):
        return None
    return {"programme": programme, "can_contribute": can_contribute,
            "can_organise": can_organise}
