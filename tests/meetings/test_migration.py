"""Moving meetings and the programme out of events keeps every row (ADR 0002).

The database is taken back to the schema main had before the split (events at 0008
with the agenda, decision, action item and contribution tables; no meetings or
programme app), rows are written there with the historical models, and the
migrations run forward again. The rows are then read through the new apps' models,
and a permission given on the old model still applies to the new one.
"""

from datetime import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from accounts.models import User
from events.models import Event
from meetings.models import ActionItem, AgendaItem, Decision
from programme.models import Contribution
from tests.clock import STOCKHOLM

BEFORE_THE_SPLIT = [("events", "0008_heads_meetings_in_heads_network"), ("meetings", None),
                    ("programme", None)]
MOVED = {"meetings": ["agendaitem", "decision", "actionitem"], "programme": ["contribution"]}


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor


def _latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def _write_rows_before_the_split(old, head, school):
    """Rows as an existing database has them: in events' tables, with events' content
    types (a database that never had the new apps has no content types for them)."""
    ContentType = old.get_model("contenttypes", "ContentType")
    Permission = old.get_model("auth", "Permission")
    OldUser = old.get_model("accounts", "User")
    for app_label, models in MOVED.items():
        ContentType.objects.filter(app_label=app_label, model__in=models).delete()
    agenda_type, _created = ContentType.objects.get_or_create(app_label="events",
                                                              model="agendaitem")
    permission, _created = Permission.objects.get_or_create(
        content_type=agenda_type, codename="change_agendaitem",
        defaults={"name": "Can change dagordningspunkt"})
    OldUser.objects.get(pk=head.pk).user_permissions.add(permission)

    OldEvent = old.get_model("events", "Event")
    start = datetime(2026, 10, 6, 9, tzinfo=STOCKHOLM)
    meeting = OldEvent.objects.create(title="Chefsmöte", kind="heads_meeting",
                                      audience="heads", starts_at=start,
                                      ends_at=start.replace(hour=12), minutes="Protokollet.")
    festival = OldEvent.objects.create(title="Sjuhäradsdagen", kind="festival",
                                       audience="public", starts_at=start,
                                       ends_at=start.replace(hour=16))
    old.get_model("events", "AgendaItem").objects.create(
        event=meeting, position=1, title="Budget", proposed_by_id=head.pk)
    old.get_model("events", "Decision").objects.create(event=meeting, text="Vi börjar.")
    old.get_model("events", "ActionItem").objects.create(
        event=meeting, text="Boka lokal", owner_id=head.pk)
    old.get_model("events", "Contribution").objects.create(
        event=festival, school_id=school.pk, submitted_by_id=head.pk, title="Gitarrfest",
        ensemble="Gitarrgruppen", performers=5, length_minutes=10, status="accepted",
        position=1)
    return meeting, festival


@pytest.mark.django_db(transaction=True)
def test_meetings_and_programme_rows_survive_the_split(schools, head_boras):
    try:
        executor = _migrate(BEFORE_THE_SPLIT)
        old = executor.loader.project_state(BEFORE_THE_SPLIT[:1]).apps
        meeting, festival = _write_rows_before_the_split(old, head_boras, schools["boras"])
        _migrate(_latest())
    finally:
        _migrate(_latest())  # never leave the test database half-way

    meeting = Event.objects.get(pk=meeting.pk)
    assert meeting.minutes == "Protokollet."
    assert [(a.title, a.position, a.proposed_by) for a in meeting.agenda_items.all()] == [
        ("Budget", 1, head_boras)]
    assert [d.text for d in meeting.decisions.all()] == ["Vi börjar."]
    assert [(i.text, i.owner) for i in ActionItem.objects.open()] == [
        ("Boka lokal", head_boras)]
    contribution = Contribution.objects.select_related("event", "school").get()
    assert (contribution.event.pk, contribution.school, contribution.title,
            contribution.status) == (festival.pk, schools["boras"], "Gitarrfest",
                                     Contribution.Status.ACCEPTED)

    tables = connection.introspection.table_names()
    for app_label, models in MOVED.items():
        for model in models:
            assert f"{app_label}_{model}" in tables and f"events_{model}" not in tables
    # The permission given on events' model is now the meetings one.
    head = User.objects.get(pk=head_boras.pk)
    assert head.has_perm("meetings.change_agendaitem")
    # New rows get fresh ids after the rename (the id sequences came along).
    moved_decision = Decision.objects.get(text="Vi börjar.")
    assert Decision.objects.create(event=meeting, text="Nästa möte i maj.").pk > moved_decision.pk
    moved_item = AgendaItem.objects.get(title="Budget")
    assert AgendaItem.objects.create(event=meeting, title="Övrigt").pk > moved_item.pk
