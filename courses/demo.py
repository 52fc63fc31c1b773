"""Demo agreements, courses, applications in every state and a few wishes. Idempotent."""

import datetime
from decimal import Decimal

from django.utils import timezone

from accounts.models import Child, User
from core.weekdays import Weekday
from courses.models import Agreement, Application, Course, Wish
from schools.models import Municipality, School, Subject

# Residents of these municipalities take other schools' courses free of charge.
FEE_FREE_HOMES = {"Tranemo", "Vårgårda"}

# (school, subject, title, min, max, format, weekday, capacity, status, open to, description);
# each school teaches the subject (schools.reference), which tests/events/test_demo.py checks.
COURSES = [
    ("boras", "harpa", "Harpa för nybörjare", 8, 16, "on_site", Weekday.TUESDAY, 4,
     "published", ["Tranemo", "Mark"],
     "Lär dig spela keltisk harpa. Skolan lånar ut instrument under terminen."),
    ("boras", "piano", "Jazzpiano", 13, 20, "on_site", Weekday.THURSDAY, 6, "published",
     ["Herrljunga", "Mark", "Svenljunga", "Tranemo", "Ulricehamn", "Vårgårda"],
     "Ackord, komp och improvisation för dig som redan spelar piano."),
    ("boras", "cello", "Cello i liten grupp", 9, 14, "on_site", Weekday.WEDNESDAY, 1,
     "published", ["Tranemo", "Mark"],
     "Cello för nybörjare i grupp om högst tre. Ett fåtal platser."),
    ("ulricehamn", "gitarr", "Gitarr på distans", 10, 19, "distance", Weekday.MONDAY, 8,
     "published", ["Tranemo", "Svenljunga", "Mark"],
     "Gitarrlektioner via videolänk med en lärare i Ulricehamn."),
    ("svenljunga", "teater", "Teater för unga", 12, 18, "mixed", Weekday.FRIDAY, 10,
     "published", ["Tranemo"], "Improvisation och scenframträdande; två helgträffar på plats."),
    ("mark", "dans", "Streetdance", 10, 16, "on_site", Weekday.MONDAY, 12, "draft", [],
     "Utkast: planeras till nästa termin."),
    ("herrljunga", "fiol", "Folkmusik på fiol", 8, 18, "on_site", Weekday.WEDNESDAY, 6,
     "published", ["Vårgårda", "Tranemo"], "Låtar från Västergötland, spel på gehör."),
]


def _term_dates(today):
    """The next term that has not started: spring from January, autumn from August."""
    if today.month < 8:
        start = datetime.date(today.year, 8, 20)
        end = datetime.date(today.year, 12, 15)
    else:
        start = datetime.date(today.year + 1, 1, 15)
        end = datetime.date(today.year + 1, 6, 5)
    return start, end


def load():
    schools = {s.slug: s for s in School.objects.select_related("municipality")}
    municipalities = {m.name: m for m in Municipality.objects.filter(in_sjuharad=True)}
    today = timezone.localdate()
    start, end = _term_dates(today)
    for school in schools.values():
        for name, municipality in municipalities.items():
            if municipality.pk == school.municipality_id:
                continue
            Agreement.objects.get_or_create(
                offering_school=school, home_municipality=municipality,
                valid_from=datetime.date(2026, 1, 1),
                defaults={"pupil_fee": Decimal(0 if name in FEE_FREE_HOMES else 700),
                          "compensation_per_term": Decimal(3500)})

    head = User.objects.filter(email="chef.boras@demo.example").first()
    courses = {}
    for (slug, subject, title, min_age, max_age, fmt, weekday, capacity, status, open_to,
         description) in COURSES:
        course, created = Course.objects.get_or_create(
            school=schools[slug], title=title,
            defaults={"subject": Subject.objects.get(slug=subject), "description": description,
                      "min_age": min_age, "max_age": max_age, "format": fmt,
                      "weekday": weekday, "start_time": datetime.time(17, 0),
                      "end_time": datetime.time(18, 0), "term_start": start, "term_end": end,
                      "capacity": capacity, "status": status,
                      # A month to apply, closing a week before the term starts.
                      "application_deadline": min(today + datetime.timedelta(days=30),
                                                  start - datetime.timedelta(days=7)),
                      "own_fee": Decimal(500), "created_by": head,
                      "place": "" if fmt == "distance" else f"Kulturskolan, {schools[slug].city}"})
        if created:
            course.open_to.set([schools[slug].municipality,
                                *(municipalities[m] for m in open_to)])
        courses[title] = course

    guardian = User.objects.get(email="vardnadshavare@demo.example")
    alva = Child.objects.get(guardian=guardian, first_name="Alva")
    elis = Child.objects.get(guardian=guardian, first_name="Elis")
    pupil = User.objects.get(email="elev@demo.example")
    pelle = Child.objects.get(guardian=pupil, is_self=True)
    S = Application.Status
    states = [
        # (course, child, applicant, status, reason)
        ("Harpa för nybörjare", alva, guardian, S.OFFERED, ""),
        ("Gitarr på distans", alva, guardian, S.SUBMITTED, ""),
        ("Cello i liten grupp", alva, guardian, S.ACCEPTED, ""),
        ("Cello i liten grupp", elis, guardian, S.WAITING, ""),
        ("Folkmusik på fiol", elis, guardian, S.WITHDRAWN, ""),
        ("Jazzpiano", pelle, pupil, S.ACCEPTED, ""),
        ("Teater för unga", pelle, pupil, S.DECLINED,
         "Kursen är öppen för Svenljunga och Tranemo; Mark ingår inte i år."),
        ("Gitarr på distans", pelle, pupil, S.OFFER_DECLINED, ""),
        ("Folkmusik på fiol", alva, guardian, S.OFFER_EXPIRED, ""),
    ]
    for title, child, applicant, status, reason in states:
        Application.objects.get_or_create(
            course=courses[title], child=child,
            defaults={"applicant": applicant, "status": status, "decline_reason": reason,
                      "birth_year": child.birth_year,
                      "home_municipality_id": child.home_municipality_id,
                      "decided_at": None if status in (S.SUBMITTED, S.WAITING)
                      else timezone.now(),
                      "reply_by": today + datetime.timedelta(days=14)
                      if status == S.OFFERED else None,
                      # What the receiving school sees once the place is accepted.
                      "contact_phone": "0325-555 12" if status == S.ACCEPTED else "",
                      "adaptation_needs": "Behöver hörselslinga." if child == alva
                      and status == S.ACCEPTED else ""})
    # Written here directly, not through the services: store the seats left they keep.
    Course.objects.filter(pk__in=[c.pk for c in courses.values()]).refresh_seats_left()
    teacher = User.objects.filter(email="larare.ulricehamn@demo.example").first()
    if teacher:
        courses["Gitarr på distans"].teachers.add(teacher)

    if not Wish.objects.exists():
        wishes = [("harpa", "Tranemo", 10), ("harpa", "Svenljunga", 12), ("harpa", "Mark", 9),
                  ("cello", "Herrljunga", 11), ("film", "Vårgårda", 15), ("film", "Tranemo", 14),
                  ("cirkus", "Ulricehamn", 8), ("harpa", "Tranemo", 13)]
        Wish.objects.bulk_create([
            Wish(user=guardian, subject=Subject.objects.get(slug=s),
                 home_municipality=municipalities[m], age=age) for s, m, age in wishes])
