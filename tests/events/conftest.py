"""Event fixtures: a heads' meeting, a training day, a camp with quotas, a public concert."""

from datetime import timedelta

import pytest
from django.utils import timezone

from events.models import Event, Kind, SchoolQuota


def make_event(hosts=(), **fields):
    start = fields.pop("starts_at", timezone.now() + timedelta(days=10))
    fields.setdefault("title", "Evenemang")
    fields.setdefault("kind", Kind.CONCERT)
    fields.setdefault("audience", Event.Audience.STAFF)
    event = Event.objects.create(starts_at=start,
                                 ends_at=fields.pop("ends_at", start + timedelta(hours=3)),
                                 **fields)
    event.host_schools.set(hosts)
    return event


@pytest.fixture
def heads_meeting(schools):
    return make_event([schools["boras"]], title="Chefsmöte", kind=Kind.HEADS_MEETING,
                      audience=Event.Audience.HEADS)


@pytest.fixture
def training_day(schools):
    return make_event([schools["tranemo"]], title="Fortbildningsdag", kind=Kind.TRAINING_DAY,
                      audience=Event.Audience.STAFF,
                      preparation_question="Vad är god ensembleundervisning?")


@pytest.fixture
def concert(schools):
    return make_event([schools["boras"]], title="Vårkonsert", kind=Kind.CONCERT,
                      audience=Event.Audience.PUBLIC, registration_required=True, capacity=2)


@pytest.fixture
def camp(schools):
    event = make_event([schools["vargarda"]], title="Läger", kind=Kind.CAMP,
                       audience=Event.Audience.STAFF, registration_required=True)
    SchoolQuota.objects.create(event=event, school=schools["boras"], places=1)
    SchoolQuota.objects.create(event=event, school=schools["tranemo"], places=1)
    return event
