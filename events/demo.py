"""Demo events, dated relative to today so there is always something upcoming. Idempotent."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from accounts.models import User
from events.models import ActionItem, AgendaItem, Event, Kind, SchoolQuota
from networks.models import Network
from schools.models import School


def _at(days, hour, minute=0):
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _event(title, hosts, **fields):
    event, _created = Event.objects.get_or_create(title=title, defaults=fields)
    event.host_schools.add(*hosts)
    return event


def load():
    schools = {s.slug: s for s in School.objects.all()}
    head_boras = User.objects.filter(email="chef.boras@demo.example").first()
    head_mark = User.objects.filter(email="chef.mark@demo.example").first()

    # Heads' meetings belong to the heads' network and show on its page.
    heads = Network.objects.filter(kind=Network.Kind.HEADS).first()
    earlier = _event("Chefsmöte (förra)", [schools["boras"]], kind=Kind.HEADS_MEETING,
                     audience=Event.Audience.HEADS, place="Kulturskolan Borås", network=heads,
                     starts_at=_at(-30, 9), ends_at=_at(-30, 12),
                     minutes="Vi gick igenom höstens samverkan.")
    ActionItem.objects.get_or_create(
        event=earlier, text="Ta fram förslag på gemensam sommarkurs",
        defaults={"owner": head_mark})
    meeting = _event("Chefsmöte", [schools["boras"]], kind=Kind.HEADS_MEETING, network=heads,
                     audience=Event.Audience.HEADS, place="Kulturskolan Borås, konferensrummet",
                     online_link="https://meet.example/chefsmote",
                     starts_at=_at(8, 9), ends_at=_at(8, 12), agenda_deadline=_at(6, 17))
    for position, title in enumerate(["Föregående protokoll", "Fortbildningsdagen i vår",
                                      "Regional orkester: vad bidrar vi med?", "Övrigt"], 1):
        AgendaItem.objects.get_or_create(event=meeting, title=title,
                                         defaults={"position": position,
                                                   "proposed_by": head_boras})

    _event("Fortbildningsdag: Lärande i ensemble", [schools["tranemo"]],
           kind=Kind.TRAINING_DAY, audience=Event.Audience.STAFF,
           place="Kulturskolan Tranemo", starts_at=_at(21, 8, 30), ends_at=_at(21, 16),
           preparation_question="Vad gör en ensemble bra för en nybörjare?",
           preparation_article_url="https://www.example.org/artikel-ensemble",
           follow_up_message="Tack för en fin dag! Dela gärna det material du tog med dig.")

    guitar = Network.objects.filter(subject__slug="gitarr", kind="subject").first()
    _event("Gitarrspeldag", [schools["ulricehamn"], schools["mark"]], kind=Kind.PLAY_DAY,
           audience=Event.Audience.NETWORK if guitar else Event.Audience.STAFF, network=guitar,
           place="Ulricehamns kulturskola", starts_at=_at(14, 10), ends_at=_at(14, 15),
           registration_required=True, capacity=40)

    camp = _event("Sommarläger för stråkar", [schools["vargarda"]], kind=Kind.CAMP,
                  audience=Event.Audience.PUBLIC, place="Vårgårda lägergård",
                  starts_at=_at(45, 10), ends_at=_at(48, 14), registration_required=True,
                  asks_participant_info=True,
                  registration_deadline=_at(30, 23, 59), quota_release_at=_at(25, 0))
    for slug in ["boras", "herrljunga", "mark", "svenljunga", "tranemo", "ulricehamn",
                 "vargarda"]:
        SchoolQuota.objects.get_or_create(event=camp, school=schools[slug],
                                          defaults={"places": 8 if slug == "boras" else 4})

    _event("Vårkonsert i Sjuhärad", [schools["boras"], schools["svenljunga"]],
           kind=Kind.CONCERT, audience=Event.Audience.PUBLIC, place="Borås konserthus",
           starts_at=_at(35, 18), ends_at=_at(35, 20), registration_required=True,
           capacity=300, description="Elever från alla sju kulturskolor spelar tillsammans.")
