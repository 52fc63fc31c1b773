"""Planning windows stored before the one weekday enum (Monday = 0) move to ISO (Monday = 1)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from accounts.models import User
from core.weekdays import Weekday
from networks.models import Membership, Network, PlanningSlot

BEFORE = [("networks", "0002_proposals_resources_planning_discussion")]
AFTER = [("networks", "0003_planningslot_iso_weekday")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


@pytest.mark.django_db(transaction=True)
def test_stored_planning_windows_keep_their_day():
    # The tables are the same before and after (only the numbers change), so today's
    # models can write the old numbers.
    migrate(BEFORE)
    membership = Membership.objects.create(
        network=Network.objects.create(name="N", slug="n"),
        user=User.objects.create(email="a@example.se"))
    monday, sunday = (PlanningSlot.objects.create(membership=membership, weekday=day,
                                                  start="09:00", end="10:00")
                      for day in (0, 6))

    migrate(AFTER)
    assert PlanningSlot.objects.get(pk=monday.pk).weekday == Weekday.MONDAY == 1
    assert PlanningSlot.objects.get(pk=sunday.pk).weekday == 7

    migrate(BEFORE)  # and back
    assert PlanningSlot.objects.get(pk=monday.pk).weekday == 0
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
