"""Membership flows, discussion posts and network proposals: the rules that touch several rows."""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Count, Prefetch
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.models import Staffing
from core.locks import lock_waits_as_busy
from core.weekdays import Weekday
from networks import planning
from networks.mails import (
    mail_join_answer,
    mail_join_request,
    mail_post,
    mail_proposal,
    mail_proposal_answer,
)
from networks.models import Membership, Network, PlanningSlot, Post, Resource, Thread


class MembershipError(Exception):
    """A membership change that the rules do not allow; the message is for the user."""


def join(network: Network, user) -> Membership:
    """Open networks: a member at once. Closed: a pending request a convenor approves."""
    status = Membership.Status.ACTIVE if network.is_open else Membership.Status.PENDING
    try:
        with transaction.atomic():
            membership, created = Membership.objects.get_or_create(
                network=network, user=user, defaults={"status": status})
            if created and membership.status == Membership.Status.PENDING:
                # The convenors hear about each request (mail; their home page lists it too).
                mail_join_request(membership)
    except IntegrityError:
        # A double click raced us to the unique constraint: the other request won.
        return Membership.objects.get(network=network, user=user)
    return membership


def _lock_network(network_id) -> Network:
    """Membership changes that could leave a network without a convenor take this lock
    first, then re-read what they change."""
    return Network.objects.select_for_update().get(pk=network_id)


def leave(network: Network, user) -> Membership | None:
    """Leave, or withdraw a pending request. Returns the membership that ended, if any."""
    with lock_waits_as_busy(), transaction.atomic():
        _lock_network(network.pk)
        membership = Membership.objects.filter(network=network, user=user).first()
        if membership is None:
            return None
        if membership.is_convenor and _is_last_convenor_with_members(membership):
            raise MembershipError(_(
                "Du är den enda sammankallande. Lämna över rollen till en annan medlem innan "
                "du lämnar nätverket."))
        membership.delete()
    return membership


def _is_last_convenor_with_members(membership) -> bool:
    others = Membership.objects.active().filter(network=membership.network_id).exclude(
        pk=membership.pk)
    return others.exists() and not others.filter(role=Membership.Role.CONVENOR).exists()


def approve(membership: Membership) -> bool:
    """Accept a pending request; False if it is no longer pending (withdrawn, approved).
    The person who asked gets a mail."""
    with transaction.atomic():
        changed = bool(Membership.objects.filter(
            pk=membership.pk, status=Membership.Status.PENDING).update(
            status=Membership.Status.ACTIVE))
        if changed:
            mail_join_answer(membership.network, membership.user, accepted=True)
    return changed


def decline(membership: Membership) -> bool:
    """Say no to a pending request; False if it is no longer pending. The asker is told."""
    with transaction.atomic():
        deleted, _rows = Membership.objects.filter(
            pk=membership.pk, status=Membership.Status.PENDING).delete()
        if deleted:
            mail_join_answer(membership.network, membership.user, accepted=False)
    return bool(deleted)


def remove(membership: Membership) -> None:
    """A convenor removes a member or declines a request."""
    with lock_waits_as_busy(), transaction.atomic():
        _lock_network(membership.network_id)
        membership = Membership.objects.filter(pk=membership.pk).first()
        if membership is None:
            return  # gone already: left, or removed by another convenor
        if membership.is_convenor and _is_last_convenor_with_members(membership):
            raise MembershipError(_(
                "Nätverket behöver minst en sammankallande. Gör någon annan till "
                "sammankallande först."))
        membership.delete()


def hand_over(network: Network, from_user, to_membership: Membership) -> None:
    """Make another active member convenor; the one handing over becomes a member.

    Under the network lock, like leave and remove: otherwise the new convenor could
    leave in the same moment and the network would be left with none.
    """
    with lock_waits_as_busy(), transaction.atomic():
        _lock_network(network.pk)
        _make_convenor(to_membership)
        if from_user.pk != to_membership.user_id:
            Membership.objects.filter(network=network, user=from_user).update(
                role=Membership.Role.MEMBER)


def make_convenor(to_membership: Membership) -> None:
    """The coordinator may add a convenor without stepping down from anything."""
    with lock_waits_as_busy(), transaction.atomic():
        _lock_network(to_membership.network_id)
        _make_convenor(to_membership)


def step_down(membership: Membership) -> None:
    """A convenor becomes a member again (the coordinator, in admin); someone must still
    convene a network that has members."""
    with lock_waits_as_busy(), transaction.atomic():
        _lock_network(membership.network_id)
        membership = Membership.objects.filter(pk=membership.pk).first()
        if membership is None or not membership.is_convenor:
            return
        if _is_last_convenor_with_members(membership):
            raise MembershipError(_(
                "Nätverket behöver minst en sammankallande. Gör någon annan till "
                "sammankallande först."))
        Membership.objects.filter(pk=membership.pk).update(role=Membership.Role.MEMBER)


def _make_convenor(to_membership: Membership) -> None:
    """The caller holds the network lock; the membership is read again under it."""
    current = Membership.objects.filter(pk=to_membership.pk).first()
    if current is None or not current.is_active:
        raise MembershipError(_("Bara aktiva medlemmar kan bli sammankallande."))
    Membership.objects.filter(pk=current.pk).update(role=Membership.Role.CONVENOR)


def set_notify_posts(membership: Membership, notify: bool) -> None:
    Membership.objects.filter(pk=membership.pk).update(notify_posts=notify)


def _queue_notification(post: Post) -> None:
    """In the post's transaction: one outbox row per member to tell (sent after commit)."""
    mail_post(post)


@transaction.atomic
def start_thread(network: Network, author, title: str, body: str) -> Thread:
    now = timezone.now()
    thread = Thread.objects.create(network=network, title=title, started_by=author,
                                   last_post_at=now)
    post = Post.objects.create(thread=thread, author=author, body=body)
    _queue_notification(post)
    return thread


@transaction.atomic
def reply(thread: Thread, author, body: str) -> Post:
    post = Post.objects.create(thread=thread, author=author, body=body)
    Thread.objects.filter(pk=thread.pk).update(last_post_at=post.created_at)
    _queue_notification(post)
    return post


# Paths under /natverk/ that are pages, not networks.
RESERVED_SLUGS = {"nytt"}


def unique_slug(name: str) -> str:
    base = slugify(name)[:90] or "natverk"
    if base in RESERVED_SLUGS:
        base = f"{base}-natverk"
    slug, n = base, 2
    while Network.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
@transaction.atomic
def create_network(network: Network, user) -> Network:
    """The coordinator creates an active network; a head or teacher proposes one for approval,
    and the coordinators are mailed about the proposal."""
    network.slug = unique_slug(network.name)
    if user.is_coordinator:
        network.status = Network.Status.ACTIVE
        network.save()
    else:
        network.status = Network.Status.PROPOSED
        network.proposed_by = user
        network.save()
        mail_proposal(network)
    return network


@transaction.atomic
def decline_proposal(network: Network) -> bool:
    """The coordinator says no to a proposed network; it stays hidden. The proposer is told."""
    changed = bool(Network.objects.filter(pk=network.pk, status=Network.Status.PROPOSED)
                   .update(status=Network.Status.DECLINED))
    if changed:
        mail_proposal_answer(network, approved=False)
    return changed


@transaction.atomic
def approve_proposal(network: Network) -> bool:
    """Activate a proposed network; the head or teacher who proposed it becomes its convenor
    and is told."""
    changed = Network.objects.filter(pk=network.pk, status=Network.Status.PROPOSED).update(
        status=Network.Status.ACTIVE)
    if changed and network.proposed_by_id:
        Membership.objects.update_or_create(
            network=network, user_id=network.proposed_by_id,
            defaults={"role": Membership.Role.CONVENOR, "status": Membership.Status.ACTIVE})
        mail_proposal_answer(network, approved=True)
    return bool(changed)


def add_resource(resource: Resource, network: Network, user) -> Resource:
    resource.network = network
    resource.added_by = user
    resource.save()
    return resource


def save_resource_replacing_file(form, old_file: str | None):
    """Save an edited piece; a replaced or cleared file is removed once the change commits."""
    resource = form.save()
    if old_file and resource.file.name != old_file:
        storage = resource.file.storage
        transaction.on_commit(lambda: storage.delete(old_file))
    return resource


def delete_resource(resource) -> None:
    stored = resource.file.name if resource.file else None
    storage = resource.file.storage if resource.file else None
    resource.delete()
    if stored:
        transaction.on_commit(lambda: storage.delete(stored))


def add_planning_slot(slot: PlanningSlot, membership: Membership) -> PlanningSlot:
    slot.membership = membership
    slot.save()
    return slot


def delete_planning_slot(slot: PlanningSlot) -> None:
    slot.delete()


# --- Read helpers for the pages: each is a fixed number of queries, however many rows. ---

def member_counts_by_school(network_ids) -> dict[int, list[tuple[str, int]]]:
    """{network id: [(school name, active members there), ...]} in one query.

    A teacher employed at two schools counts at both; members without a school
    (the coordinator) are counted under an empty name.
    """
    rows = (Membership.objects.active().filter(network_id__in=list(network_ids))
            .values_list("network_id", "user__staffings__school__name")
            .annotate(n=Count("user_id", distinct=True))
            .order_by("network_id", "user__staffings__school__name"))
    counts: dict[int, list[tuple[str, int]]] = {}
    for network_id, school, n in rows:
        counts.setdefault(network_id, []).append((school or "", n))
    return counts


def member_directory(network: Network):
    """Active members with their schools and subjects, for the directory and planning pages."""
    return (Membership.objects.active().filter(network=network)
            .select_related("user")
            .prefetch_related(
                Prefetch("user__staffings", queryset=Staffing.objects.select_related("school")),
                "user__subjects")
            .order_by("role", "user__first_name", "user__last_name", "user__email"))


@dataclass
class PlanningWindow:
    weekday_label: str
    start: str
    end: str
    members: list
    schools: list[tuple[str, int]]
    missing: list

    @property
    def size(self):
        return len(self.members)


def best_windows(network: Network, limit: int = 10) -> tuple[list[PlanningWindow], list, int]:
    """The best common planning windows, the members who entered none, and the member count."""
    memberships = list(member_directory(network))
    by_id = {m.pk: m for m in memberships}
    availability: dict[int, list] = {pk: [] for pk in by_id}
    slots = PlanningSlot.objects.filter(membership__in=by_id.keys()) if by_id else []
    for slot in slots:
        availability[slot.membership_id].append(slot.interval)
    windows = [_planning_window(window, memberships)
               for window in planning.common_windows(availability)[:limit]]
    silent = [m for m in memberships if not availability[m.pk]]
    return windows, silent, len(memberships)


def _planning_window(window: planning.Window, memberships) -> PlanningWindow:
    """A computed window with its members (by name), their schools and who cannot come."""
    members = sorted((m for m in memberships if m.pk in window.members), key=_name_key)
    return PlanningWindow(
        weekday_label=Weekday(window.weekday).label,
        start=planning.minutes_to_hhmm(window.start),
        end=planning.minutes_to_hhmm(window.end),
        members=members,
        schools=_school_counts(members),
        missing=[m for m in memberships if m.pk not in window.members],
    )


def _name_key(membership):
    user = membership.user
    return (user.first_name, user.last_name, user.email)


def _school_counts(memberships) -> list[tuple[str, int]]:
    counts: dict[str, int] = {}
    for membership in memberships:
        for staffing in membership.user.staffings.all():
            counts[staffing.school.name] = counts.get(staffing.school.name, 0) + 1
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def best_window_per_network(network_ids) -> dict[int, PlanningWindow]:
    """The single best common window of each network, in a fixed number of queries.

    For the teacher's home page, which lists all of a teacher's networks at once.
    """
    network_ids = list(network_ids)
    memberships = list(
        Membership.objects.active().filter(network_id__in=network_ids)
        .select_related("user")
        .prefetch_related(
            Prefetch("user__staffings", queryset=Staffing.objects.select_related("school")),
            Prefetch("planning_slots"))
        .order_by("user__first_name", "user__last_name", "user__email"))
    best = {}
    for network_id in network_ids:
        members = [m for m in memberships if m.network_id == network_id]
        availability = {m.pk: [s.interval for s in m.planning_slots.all()] for m in members}
        windows = planning.common_windows(availability)
        if windows:
            best[network_id] = _planning_window(windows[0], members)
    return best
