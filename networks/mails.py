"""Mail about new discussion posts and join requests, queued in the transaction of the change.

One outbox row per member who opted in (core/mail_outbox.py), so an SMTP failure is
retried for that person alone and nobody else is mailed twice. A mail to a member about
their network is sent only if they are still an active member when it goes out
(`MEMBERSHIP`, checked by `members_still_in`, registered in apps.py).
"""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core import mail_outbox
from networks.models import Membership, Network, Post
from networks.permissions import post_recipients

MEMBERSHIP = "networks.membership"
NOT_A_MEMBER = _("Inte längre medlem i nätverket.")


def _to_member(name, user, network, context):
    mail_outbox.enqueue(name, user.email, context, language=user.language,
                        concern=MEMBERSHIP, data={"network": network.pk, "user": user.pk})


def members_still_in(rows) -> set:
    """The rows whose recipient is still an active member of the row's network (one query)."""
    data = [row.data for row in rows]
    active = set(Membership.objects.active().filter(
        network__in={d["network"] for d in data}, user__in={d["user"] for d in data})
        .values_list("network_id", "user_id"))
    return {row.pk for row in rows if (row.data["network"], row.data["user"]) in active}


def mail_post(post: Post) -> int:
    """Queue a mail to each member who opted in about one new post; returns how many."""
    thread = post.thread
    first_pk = thread.posts.order_by("pk").values_list("pk", flat=True).first()
    context = {
        "post": post, "thread": thread, "network": thread.network,
        "path": reverse("networks:thread", args=[thread.network.slug, thread.pk]),
        "is_reply": post.pk != first_pk,
    }
    memberships = list(post_recipients(post))
    for membership in memberships:
        user = membership.user
        _to_member("network_post", user, thread.network, {**context, "recipient": user})
    return len(memberships)


def mail_join_request(membership: Membership) -> int:
    """Tell each convenor that someone asks to join; returns how many were mailed."""
    network = membership.network
    convenors = [m.user for m in Membership.objects.convenors().filter(network=network)
                 .select_related("user") if m.user.is_active]
    for convenor in convenors:
        _to_member("network_join_request", convenor, network, {
            "network": network, "asker": membership.user, "recipient": convenor,
            "path": reverse("networks:members", args=[network.slug])})
    return len(convenors)


def mail_join_answer(network: Network, user, accepted: bool) -> bool:
    """Tell the person who asked whether the convenors said yes or no."""
    if not user.is_active:
        return False
    mail_outbox.enqueue("network_join_answer", user.email, {
        "network": network, "recipient": user, "accepted": accepted,
        "path": reverse("networks:detail", args=[network.slug])}, language=user.language)
    return True


def mail_proposal(network: Network) -> int:
    """Tell every active coordinator that a head or teacher proposed a network; returns
    how many were mailed. The link opens admin's list of proposals to approve or decline."""
    coordinators = list(User.objects.filter(
        Q(account_type=User.AccountType.COORDINATOR) | Q(is_superuser=True), is_active=True)
        .order_by("pk"))
    path = reverse("admin:networks_network_changelist") + "?status__exact=proposed"
    for coordinator in coordinators:
        mail_outbox.enqueue("network_proposed", coordinator.email, {
            "network": network, "proposer": network.proposed_by, "recipient": coordinator,
            "path": path}, language=coordinator.language)
    return len(coordinators)


def mail_proposal_answer(network: Network, approved: bool) -> bool:
    """Tell the person who proposed a network whether the coordinator approved it."""
    proposer = network.proposed_by
    if proposer is None or not proposer.is_active:
        return False
    mail_outbox.enqueue("network_proposal_answer", proposer.email, {
        "network": network, "recipient": proposer, "approved": approved,
        "path": reverse("networks:detail", args=[network.slug]) if approved
        else reverse("networks:list")}, language=proposer.language)
    return True
