"""Demo networks: the guitar network with repertoire, planning time and a thread; the heads'
network; strings and dance. Loads after accounts.demo; safe to run again.

larare.ulricehamn is deliberately NOT in the guitar network: the browser test joins with it.
"""

from datetime import time

from django.utils import timezone

from accounts.models import User
from core.weekdays import Weekday
from networks.models import Membership, Network, PlanningSlot, Post, Resource, Thread
from schools.models import Subject

GUITAR_MEMBERS = [
    # (email, role, weekly windows: (weekday, from, to))
    ("larare.boras@demo.example", Membership.Role.CONVENOR,
     [(Weekday.MONDAY, "15:00", "17:00"), (Weekday.WEDNESDAY, "13:00", "16:00")]),
    ("larare.mark@demo.example", Membership.Role.MEMBER,
     [(Weekday.WEDNESDAY, "14:00", "17:00"), (Weekday.THURSDAY, "09:00", "11:00")]),
    ("larare.tranemo@demo.example", Membership.Role.MEMBER,
     [(Weekday.WEDNESDAY, "14:30", "16:30"), (Weekday.MONDAY, "16:00", "18:00")]),
    ("larare.vargarda@demo.example", Membership.Role.MEMBER,
     [(Weekday.WEDNESDAY, "15:00", "18:00")]),
]

REPERTOIRE = [
    # (title, composer, instrumentation, level, link, occasion, occasion note)
    ("Romance d'amour", "Anonym, arr. Bodil Lind", "Gitarrensemble, 3 stämmor",
     Resource.Level.INTERMEDIATE, "https://imslp.org/wiki/Romance_(Anonymous)",
     Resource.Occasion.CONCERT, "Vårkonserten i Borås"),
    ("Greensleeves", "Trad., arr. Mats Ros", "Gitarrensemble, 2 stämmor",
     Resource.Level.BEGINNER, "https://imslp.org/wiki/Greensleeves",
     Resource.Occasion.PLAY_DAY, "Speldagen i Tranemo"),
    ("Lagrima", "Francisco Tárrega", "Sologitarr", Resource.Level.ADVANCED,
     "https://imslp.org/wiki/L%C3%A1grima_(T%C3%A1rrega,_Francisco)", "", ""),
    ("Visa från Utanmyra", "Trad., arr. Tina Ask", "Gitarrensemble och sång",
     Resource.Level.ELEMENTARY, "https://sv.wikipedia.org/wiki/Visa_fr%C3%A5n_Utanmyra",
     Resource.Occasion.PLAY_DAY, "Speldagen i Tranemo"),
    ("Spanish Romance, enkel version", "Anonym, arr. Vera Al", "Gitarr, nybörjare",
     Resource.Level.BEGINNER, "https://imslp.org/wiki/Romance_(Anonymous)", "", ""),
]

THREAD = ("Speldagen i Tranemo – vilka stycken kör vi?", [
    ("larare.boras@demo.example", "Förslag: Greensleeves och Visa från Utanmyra för alla, "
     "Romance d'amour för de äldre. Vad säger ni?"),
    ("larare.tranemo@demo.example",
     "Låter bra! Vi kan ta emot i stora salen, plats för 60 elever."),
    ("larare.mark@demo.example",
     "Mina elever övar redan på Greensleeves. Jag tar med extra stämmor."),
])


def _user(email):
    return User.objects.get(email=email)


def _time(text):
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


def load():
    subjects = {s.slug: s for s in Subject.objects.filter(slug__in=["gitarr", "strakar", "dans"])}
    guitar, _ = Network.objects.get_or_create(slug="gitarr", defaults={
        "name": "Gitarrnätverket Sjuhärad", "subject": subjects["gitarr"], "is_open": True,
        "description": "Gitarrlärarna i Sjuhärad kommer överens om en gemensam repertoar, övar "
                       "den med sina elever på hemmaplan och möts till en gemensam speldag och "
                       "konsert."})
    for email, role, windows in GUITAR_MEMBERS:
        membership, created = Membership.objects.get_or_create(
            network=guitar, user=_user(email), defaults={"role": role, "notify_posts": True})
        if created:
            PlanningSlot.objects.bulk_create(
                PlanningSlot(membership=membership, weekday=day, start=_time(start),
                             end=_time(end)) for day, start, end in windows)
    convenor = _user(GUITAR_MEMBERS[0][0])
    for title, composer, instrumentation, level, link, occasion, note in REPERTOIRE:
        Resource.objects.get_or_create(network=guitar, title=title, defaults={
            "composer": composer, "instrumentation": instrumentation, "level": level,
            "link": link, "occasion": occasion, "occasion_note": note, "added_by": convenor})
    title, posts = THREAD
    if not Thread.objects.filter(network=guitar, title=title).exists():
        thread = Thread.objects.create(network=guitar, title=title, started_by=convenor,
                                       last_post_at=timezone.now())
        for email, body in posts:
            Post.objects.create(thread=thread, author=_user(email), body=body)

    heads, _ = Network.objects.get_or_create(slug="chefer", defaults={
        "name": "Chefsnätverket Sjuhärad", "kind": Network.Kind.HEADS, "is_open": False,
        "description": "Kulturskolecheferna i de sju kommunerna: möten, strategiska frågor och "
                       "vem som står värd för nästa gemensamma fortbildningsdag."})
    for head in User.objects.filter(email__startswith="chef.", email__endswith="@demo.example"):
        role = (Membership.Role.CONVENOR if head.email == "chef.boras@demo.example"
                else Membership.Role.MEMBER)
        Membership.objects.get_or_create(network=heads, user=head, defaults={"role": role})

    strings, _ = Network.objects.get_or_create(slug="strakar", defaults={
        "name": "Stråknätverket", "subject": subjects["strakar"], "is_open": False,
        "description": "Fiol-, viola- och cellolärare som planerar ett gemensamt stråkläger."})
    Membership.objects.get_or_create(network=strings,
                                     user=_user("larare.mark.strakar@demo.example"),
                                     defaults={"role": Membership.Role.CONVENOR})
    Network.objects.get_or_create(slug="dans", defaults={
        "name": "Dansnätverket", "subject": subjects["dans"], "is_open": True,
        "description": "Danspedagoger som delar koreografier och planerar en gemensam "
                       "dansföreställning."})
