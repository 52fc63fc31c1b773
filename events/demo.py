"""Demo events whose dates follow the school year, seen from today. Idempotent.

`season_dates(today)` places each event where it belongs in a real year: this
term's heads' meetings (Tuesdays) and training day, a play day on a term Saturday,
next summer's string camp after midsummer, and the next spring concert in May.
Names carry no dates, so they never contradict the start (tests/events/test_demo.py
checks both at several fixed days).
"""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from core.weekdays import Weekday
from events.models import Event, Kind, SchoolQuota
from networks.models import Network
from schools.models import School

# The heads' meetings, by title: meetings/demo.py adds their agenda and action items.
EARLIER_HEADS_MEETING = "Chefsmöte om sommarkurser"
HEADS_MEETING = "Chefsmöte"


def _terms(year):
    """The school terms of a year: spring and autumn (first and last teaching day)."""
    return [(date(year, 1, 10), date(year, 6, 12)), (date(year, 8, 20), date(year, 12, 18))]


def in_term(day) -> bool:
    return any(start <= day <= end for start, end in _terms(day.year))


def _weekday_in_term(day, weekday, step=7):
    """The first `weekday` (ISO) in a term from `day` on (from it backwards when step < 0)."""
    shift = (weekday - day.isoweekday()) % 7
    day += timedelta(days=shift if step > 0 or not shift else shift - 7)
    while not in_term(day):
        day += timedelta(days=step)
    return day


def _first(weekday, year, month, day):
    """The first `weekday` on or after the given date."""
    start = date(year, month, day)
    return start + timedelta(days=(weekday - start.isoweekday()) % 7)


def season_dates(today) -> dict:
    """When each demo event takes place, seen from `today`."""
    meeting = _weekday_in_term(today + timedelta(days=7), Weekday.TUESDAY)
    # The meeting before: four weeks earlier (at least a week ago), or the last one
    # before a break.
    earlier = _weekday_in_term(min(meeting - timedelta(weeks=4), today - timedelta(days=7)),
                               Weekday.TUESDAY, step=-7)
    camp = _first(Weekday.MONDAY, today.year, 6, 24)  # the week after midsummer
    if today > camp - timedelta(days=30):  # too late to sign up: next summer's
        camp = _first(Weekday.MONDAY, today.year + 1, 6, 24)
    deadline = max(camp - timedelta(days=40), today + timedelta(days=14))
    concert = _first(Weekday.THURSDAY, today.year, 5, 14)
    if today >= concert:
        concert = _first(Weekday.THURSDAY, today.year + 1, 5, 14)
    return {
        "earlier_meeting": earlier,
        "meeting": meeting,
        "agenda_deadline": meeting - timedelta(days=2),
        "play_day": _weekday_in_term(today + timedelta(days=12), Weekday.SATURDAY),
        "training_day": _weekday_in_term(today + timedelta(days=20), Weekday.FRIDAY),
        "camp": camp,
        "camp_deadline": deadline,
        "camp_quota_release": deadline - timedelta(days=7),
        "concert": concert,
    }


def _at(day, hour, minute=0):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _event(title, hosts, **fields):
    event, _created = Event.objects.get_or_create(title=title, defaults=fields)
    event.host_schools.add(*hosts)
    return event


def load():
    schools = {s.slug: s for s in School.objects.all()}
    day = season_dates(timezone.localdate())

    # Heads' meetings belong to the heads' network and show on its page.
    heads = Network.objects.filter(kind=Network.Kind.HEADS).first()
    _event(EARLIER_HEADS_MEETING, [schools["boras"]], kind=Kind.HEADS_MEETING,
           audience=Event.Audience.HEADS, place="Kulturskolan i Borås", network=heads,
           starts_at=_at(day["earlier_meeting"], 9),
           ends_at=_at(day["earlier_meeting"], 12),
           minutes="Vi gick igenom terminens samverkan och idén om en gemensam "
                   "sommarkurs.")
    _event(HEADS_MEETING, [schools["boras"]], kind=Kind.HEADS_MEETING, network=heads,
           audience=Event.Audience.HEADS,
           place="Kulturskolan i Borås, konferensrummet",
           online_link="https://meet.example/chefsmote",
           starts_at=_at(day["meeting"], 9), ends_at=_at(day["meeting"], 12),
           agenda_deadline=_at(day["agenda_deadline"], 17))

    _event("Fortbildningsdag: Lärande i ensemble", [schools["tranemo"]],
           kind=Kind.TRAINING_DAY, audience=Event.Audience.STAFF,
           place="Tranemo kulturskola", starts_at=_at(day["training_day"], 8, 30),
           ends_at=_at(day["training_day"], 16),
           preparation_question="Vad gör en ensemble bra för en nybörjare?",
           preparation_article_url="https://www.example.org/artikel-ensemble",
           follow_up_message="Tack för en fin dag! Dela gärna det material du tog med dig.")

    guitar = Network.objects.filter(subject__slug="gitarr", kind="subject").first()
    _event("Gitarrspeldag", [schools["ulricehamn"], schools["mark"]], kind=Kind.PLAY_DAY,
           audience=Event.Audience.NETWORK if guitar else Event.Audience.STAFF, network=guitar,
           place="Ulricehamns kulturskola", starts_at=_at(day["play_day"], 10),
           ends_at=_at(day["play_day"], 15), registration_required=True, capacity=40)

    # Strings are taught in Borås and Mark (schools.reference), so they run the camp.
    camp = _event("Sommarläger för stråkar", [schools["mark"], schools["boras"]],
                  kind=Kind.CAMP, audience=Event.Audience.PUBLIC, place="Sätila lägergård",
                  starts_at=_at(day["camp"], 10),
                  ends_at=_at(day["camp"] + timedelta(days=3), 14),
                  registration_required=True, asks_participant_info=True,
                  registration_deadline=_at(day["camp_deadline"], 23, 59),
                  quota_release_at=_at(day["camp_quota_release"], 0))
    for slug in ["boras", "herrljunga", "mark", "svenljunga", "tranemo", "ulricehamn",
                 "vargarda"]:
        SchoolQuota.objects.get_or_create(event=camp, school=schools[slug],
                                          defaults={"places": 8 if slug == "boras" else 4})

    _event("Vårkonsert i Sjuhärad", [schools["boras"], schools["svenljunga"]],
           kind=Kind.CONCERT, audience=Event.Audience.PUBLIC, place="Borås konserthus",
           starts_at=_at(day["concert"], 18), ends_at=_at(day["concert"], 20),
           registration_required=True, capacity=300,
           description="Elever från alla sju kulturskolor spelar tillsammans.")
