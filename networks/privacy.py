"""What the networks app holds about a person (see sjuharad/privacy.py).

On account deletion memberships and planning windows go with the account;
posts, threads and shared repertoire stay for the network without a name
(their author fields are SET_NULL).
"""

from networks.models import Membership, PlanningSlot, Post, Resource


def export(user) -> dict:
    return {
        "memberships": [
            {"network": m.network.name, "role": m.role, "status": m.status,
             "joined_at": m.joined_at.isoformat(), "email_on_new_posts": m.notify_posts}
            for m in Membership.objects.filter(user=user).select_related("network")
        ],
        "planning_windows": [
            {"network": s.membership.network.name, "weekday": s.get_weekday_display(),
             "start": s.start.isoformat(), "end": s.end.isoformat()}
            for s in PlanningSlot.objects.filter(membership__user=user)
            .select_related("membership__network")
        ],
        "resources_added": [
            {"network": r.network.name, "title": r.title, "link": r.link,
             "file": r.file.name if r.file else None}
            for r in Resource.objects.filter(added_by=user).select_related("network")
        ],
        "posts": [
            {"network": p.thread.network.name, "thread": p.thread.title,
             "written_at": p.created_at.isoformat(), "text": p.body}
            for p in Post.objects.filter(author=user).select_related("thread__network")
        ],
    }
