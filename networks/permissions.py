"""Who may see and do what in the networks. Every view asks here.

- Staff (heads, teachers, the coordinator) see the subject networks; the heads'
  network is visible to heads and the coordinator only.
- Pupils, guardians and anonymous users see no network at all (404).
- Member-only pages (directory, repertoire, files, discussion, planning) are for
  active members; the coordinator, who manages everything, may read them too.
- Convenors (and the coordinator) manage members.
"""

from django.http import Http404

from networks.models import Membership, Network, Post, Resource, Thread


def is_network_staff(user) -> bool:
    return user.is_authenticated and (user.is_school_staff or user.is_coordinator)


def networks_visible_to(user):
    if not is_network_staff(user):
        return Network.objects.none()
    networks = Network.objects.active()
    if not (user.is_head or user.is_coordinator):
        networks = networks.exclude(kind=Network.Kind.HEADS)
    return networks


def may_join(user, network) -> bool:
    """Heads join the heads' network; anyone who sees a subject network may join it."""
    return networks_visible_to(user).filter(pk=network.pk).exists()


def may_propose_network(user) -> bool:
    return user.is_authenticated and (user.is_head or user.is_coordinator)


def may_create_network(user) -> bool:
    return user.is_authenticated and user.is_coordinator


def membership_of(user, network) -> Membership | None:
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(network=network, user=user).first()


def networks_user_is_member_of(user):
    if not user.is_authenticated:
        return Network.objects.none()
    return networks_visible_to(user).filter(
        memberships__user=user, memberships__status=Membership.Status.ACTIVE)


def get_network_for_user(user, slug) -> Network:
    """Any staff member who may see the network: its description and counts."""
    try:
        return networks_visible_to(user).select_related("subject").get(slug=slug)
    except Network.DoesNotExist:
        raise Http404 from None


def get_network_for_member(user, slug) -> Network:
    """Member-only pages: outsiders get 404, as if the page did not exist."""
    network = get_network_for_user(user, slug)
    if user.is_coordinator:
        return network
    if not Membership.objects.active().filter(network=network, user=user).exists():
        raise Http404
    return network


def is_convenor(user, network) -> bool:
    if user.is_coordinator:
        return True
    return Membership.objects.convenors().filter(network=network, user=user).exists()


def get_network_for_convenor(user, slug) -> Network:
    network = get_network_for_member(user, slug)
    if not is_convenor(user, network):
        raise Http404
    return network


def get_membership_for_convenor(user, network, pk) -> Membership:
    if not is_convenor(user, network):
        raise Http404
    try:
        return network.memberships.select_related("user").get(pk=pk)
    except Membership.DoesNotExist:
        raise Http404 from None


def get_resource_for_member(user, network, pk) -> Resource:
    """`network` must come from get_network_for_member; the resource must belong to it."""
    try:
        return network.resources.select_related("added_by").get(pk=pk)
    except Resource.DoesNotExist:
        raise Http404 from None


def may_change_resource(user, resource) -> bool:
    """The one who added a piece, or a convenor, edits or deletes it."""
    return resource.added_by_id == user.pk or is_convenor(user, resource.network)


def get_thread_for_member(user, network, pk) -> Thread:
    try:
        return network.threads.get(pk=pk)
    except Thread.DoesNotExist:
        raise Http404 from None


def post_recipients(post: Post):
    """Active members who asked for mail about posts, except the one who wrote it."""
    return (Membership.objects.active()
            .filter(network_id=post.thread.network_id, notify_posts=True)
            .exclude(user_id=post.author_id)
            .select_related("user"))
