"""What the network lock in hand_over protects: a network never ends up without a convenor.

The convenor hands the role to a member at the very moment that member leaves. Without
the lock, the leave deletes the member while the hand-over demotes the convenor, and
nobody convenes the network any more. With it, one waits for the other: either the
member is gone and the hand-over is refused, or the member is convenor and may not leave.
The twin runs the same race with every row lock taken away and shows the rule breaking,
so the first test is known to catch a missing lock.

PostgreSQL only (the concurrency marker): SQLite takes its write lock at BEGIN, so the
two never overlap there.
"""

import pytest

from networks import services
from networks.models import Membership
from tests.concurrency import breaks_in_some_attempt, run_concurrently

pytestmark = [pytest.mark.concurrency, pytest.mark.django_db(transaction=True)]
ROUNDS = 5


def _hand_over_while_the_successor_leaves(guitar, convenor, successor, other):
    guitar.memberships.all().delete()
    Membership.objects.create(network=guitar, user=convenor, role=Membership.Role.CONVENOR)
    membership = Membership.objects.create(network=guitar, user=successor)
    Membership.objects.create(network=guitar, user=other)
    return run_concurrently([lambda: services.hand_over(guitar, convenor, membership),
                             lambda: services.leave(guitar, successor)],
                            refusals=services.MembershipError)


def test_handing_over_to_a_member_who_leaves_at_once_keeps_a_convenor(
        schools, guitar, teacher_boras, teacher_tranemo, teacher_ulricehamn):
    for _round in range(ROUNDS):
        race = _hand_over_while_the_successor_leaves(guitar, teacher_boras, teacher_tranemo,
                                                     teacher_ulricehamn)
        assert race.errors == []
        assert len(race.refused) == 1  # exactly one of the two gave way
        assert guitar.memberships.convenors().count() == 1


def test_without_the_network_lock_the_hand_over_can_leave_no_convenor(
        schools, guitar, teacher_boras, teacher_tranemo, teacher_ulricehamn, without_row_locks):
    def no_convenor_left():
        race = _hand_over_while_the_successor_leaves(guitar, teacher_boras, teacher_tranemo,
                                                     teacher_ulricehamn)
        assert race.errors == []
        return not guitar.memberships.convenors().exists()

    assert breaks_in_some_attempt(no_convenor_left, attempts=20)
