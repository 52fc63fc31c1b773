"""Who may see and do what in the networks. Every view asks here.

- Staff (heads, teachers, the coordinator) see the subject networks; the heads'
  network is visible to heads and the coordinator only.
- Pupils, guardians and anonymous users see no network at all (404).
- Member-only pages (directory, repertoire, files, discussion, planning) are for
  active members; the coordinator, who manages everything, may read them too.
- Convenors (and the coordinator) manage members.

Names: `can_<verb>(user, …)` answers a rule, `<things>_visible_to(user)` is a
queryset, `get_<thing>_for_<role>(user, …)` returns one object or raises 404.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404

from networks.models import Membership, Network, PlanningSlot, Post, Resource, Thread


def can_use_networks(user) -> bool:
    return user.is_authenticated and (user.is_school_staff or user.is_coordinator)


def networks_visible_to(user):
    if not can_use_networks(user):
        return Network.objects.none()
    networks = Network.objects.active()
    if not user.is_leader:
        networks = networks.exclude(kind=Network.Kind.HEADS)
    return networks


def can_join(user, network) -> bool:
    """Heads join the heads' network; anyone who sees a subject network may join it."""
    return networks_visible_to(user).filter(pk=network.pk).exists()


def can_propose_network(user) -> bool:
    """Heads and teachers propose networks (the coordinator approves); the coordinator creates."""
    return user.is_authenticated and (user.is_school_staff or user.is_coordinator)


def join_requests_for_convenor(user):
    """Pending requests to join the networks this person convenes (their home page's notice)."""
    if not user.is_authenticated:
        return Membership.objects.none()
    convened = Membership.objects.convenors().filter(user=user).values("network_id")
    return (Membership.objects.pending().filter(network_id__in=convened)
            .select_related("user", "network").order_by("pk"))


def can_create_network(user) -> bool:
    return user.is_authenticated and user.is_coordinator


def membership_of(user, network) -> Membership | None:
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(network=network, user=user).first()


def networks_joined_by(user):
    """The networks the user is an active member of (and may still see)."""
    if not user.is_authenticated:
        return Network.objects.none()
    return networks_visible_to(user).filter(
        memberships__user=user, memberships__status=Membership.Status.ACTIVE)


def get_network_for_user(user, slug) -> Network:
    """Any staff member who may see the network: its description and counts."""
    return get_object_or_404(networks_visible_to(user).select_related("subject"), slug=slug)


def can_read_member_pages(user, membership: Membership | None) -> bool:
    """Active members, and the coordinator, who manages everything; `membership` is the
    user's own in the network (membership_of)."""
    return user.is_coordinator or bool(membership and membership.is_active)


def get_network_for_member(user, slug) -> Network:
    """Member-only pages: outsiders get 404, as if the page did not exist."""
    network = get_network_for_user(user, slug)
    # The coordinator needs no membership lookup.
    if not (user.is_coordinator or can_read_member_pages(user, membership_of(user, network))):
        raise Http404
    return network


def can_manage_network(user, network) -> bool:
    """Convenors (and the coordinator) approve and remove members and edit any piece."""
    if user.is_coordinator:
        return True
    return Membership.objects.convenors().filter(network=network, user=user).exists()


def get_membership_for_convenor(user, network, pk) -> Membership:
    if not can_manage_network(user, network):
        raise Http404
    return get_object_or_404(network.memberships.select_related("user"), pk=pk)


def get_resource_for_member(user, network, pk) -> Resource:
    """`network` must come from get_network_for_member; the resource must belong to it."""
    return get_object_or_404(network.resources.select_related("added_by"), pk=pk)


def can_change_resource(user, resource) -> bool:
    """The one who added a piece, or a convenor, edits or deletes it."""
    return resource.added_by_id == user.pk or can_manage_network(user, resource.network)


def get_thread_for_member(user, network, pk) -> Thread:
    return get_object_or_404(network.threads, pk=pk)


def get_planning_slot_for_member(user, network, pk) -> PlanningSlot:
    """Members remove their own windows only."""
    return get_object_or_404(
        PlanningSlot.objects.filter(membership__network=network, membership__user=user), pk=pk)


def post_recipients(post: Post):
    """Active members who asked for mail about posts, except the one who wrote it."""
    return (Membership.objects.active()
            .filter(network_id=post.thread.network_id, notify_posts=True)
            .exclude(user_id=post.author_id)
            .select_related("user"))
