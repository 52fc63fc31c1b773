"""Demo agenda and action items for the heads' meetings that events/demo.py creates.
Idempotent; runs after events' demo (sjuharad's load_demo_data)."""

from accounts.models import User
from events.demo import EARLIER_HEADS_MEETING, HEADS_MEETING
from events.models import Event
from meetings.models import ActionItem, AgendaItem


def load():
    head_boras = User.objects.filter(email="chef.boras@demo.example").first()
    head_mark = User.objects.filter(email="chef.mark@demo.example").first()
    earlier = Event.objects.filter(title=EARLIER_HEADS_MEETING).first()
    meeting = Event.objects.filter(title=HEADS_MEETING).first()
    if earlier is not None:
        ActionItem.objects.get_or_create(
            event=earlier, text="Ta fram förslag på gemensam sommarkurs",
            defaults={"owner": head_mark})
    if meeting is not None:
        for position, title in enumerate(["Föregående protokoll", "Nästa fortbildningsdag",
                                          "Regional orkester: vad bidrar vi med?", "Övrigt"],
                                         1):
            AgendaItem.objects.get_or_create(event=meeting, title=title,
                                             defaults={"position": position,
                                                       "proposed_by": head_boras})
