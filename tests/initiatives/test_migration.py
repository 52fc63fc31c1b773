"""Moving initiatives out of events keeps every row.

The database is taken back to the state main had before the move (events at
0001 with the initiative tables, no initiatives app), rows are written there
with the historical models, and the migrations are run forward again.
"""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from initiatives.models import Commitment, Initiative
from schools.models import School

BEFORE_THE_MOVE = [("events", "0001_initial"), ("initiatives", None)]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor


def _latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_initiatives_and_commitments_survive_the_move(schools):
    try:
        executor = _migrate(BEFORE_THE_MOVE)
        old = executor.loader.project_state([("events", "0001_initial")]).apps
        OldInitiative = old.get_model("events", "Initiative")
        OldCommitment = old.get_model("events", "Commitment")
        orchestra = OldInitiative.objects.create(title="Regional orkester", year=2026)
        OldCommitment.objects.create(initiative=orchestra, school_id=schools["mark"].pk,
                                     takes_part=True, people=2, hours=30, money_sek=9000)
        _migrate(_latest())
    finally:
        _migrate(_latest())  # never leave the test database half-way

    initiative = Initiative.objects.get()
    assert (initiative.pk, initiative.title, initiative.year) == (orchestra.pk,
                                                                  "Regional orkester", 2026)
    commitment = Commitment.objects.select_related("school").get()
    assert (commitment.initiative, commitment.school, commitment.hours) == (
        initiative, School.objects.get(slug="mark"), 30)
    tables = connection.introspection.table_names()
    assert "initiatives_initiative" in tables and "events_initiative" not in tables
    # New rows get fresh ids after the rename (the id sequence came along).
    assert Initiative.objects.create(title="Sjuhäradsdagen", year=2027).pk > orchestra.pk
