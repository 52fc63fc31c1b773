"""What the network lock in hand_over protects: a network never ends up without a convenor.

The convenor hands the role to a member at the very moment that member leaves. Without
the lock, the leave deletes the member while the hand-over demotes the convenor, and
nobody convenes the network any more. With it, one waits for the other: either the
member is gone and the hand-over is refused, or the member is convenor and may not leave.

PostgreSQL only: SQLite takes its write lock at BEGIN, so the two never overlap there.
"""

import threading

import pytest
from django.db import connection, connections

from networks import services
from networks.models import Membership

ROUNDS = 5


def run_together(*calls):
    barrier = threading.Barrier(len(calls))
    refused = []

    def run(call):
        try:
            barrier.wait()
            call()
        except services.MembershipError as error:
            refused.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=[call]) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return refused


@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="SQLite serialises the two transactions; the race needs PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_handing_over_to_a_member_who_leaves_at_once_keeps_a_convenor(
        schools, guitar, teacher_boras, teacher_tranemo, teacher_ulricehamn):
    for _round in range(ROUNDS):
        guitar.memberships.all().delete()
        Membership.objects.create(network=guitar, user=teacher_boras,
                                  role=Membership.Role.CONVENOR)
        successor = Membership.objects.create(network=guitar, user=teacher_tranemo)
        Membership.objects.create(network=guitar, user=teacher_ulricehamn)

        refused = run_together(
            lambda successor=successor: services.hand_over(guitar, teacher_boras, successor),
            lambda: services.leave(guitar, teacher_tranemo))

        assert guitar.memberships.convenors().count() == 1
        assert len(refused) == 1  # exactly one of the two gave way
