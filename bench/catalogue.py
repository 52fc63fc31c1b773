"""Benchmark: the public course catalogue at national scale.

Builds 290 schools (one per Swedish municipality, as if the whole country
joined) and 20,000 published courses with seats taken and waiting lists in a
throwaway test database, then prints the catalogue page's time and query count
with and without filters and search.

    .venv/bin/python bench/catalogue.py                      # SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sjuharad .venv/bin/python bench/catalogue.py

The database is created and dropped like the test runner does (SQLite: a file
in a temporary DATA_DIR; PostgreSQL: test_sjuharad_<pid>). Nothing else is touched.
"""

import datetime
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sjuharad.settings")
os.environ.setdefault("DATA_DIR", tempfile.mkdtemp(prefix="bench-catalogue-"))

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

SCHOOLS = 290
COURSES = 20_000
APPLICATIONS_PER_COURSE = (0, 8)
REPEAT = 5
WORDS = ["ensemble", "improvisation", "noter", "gehör", "scen", "konsert", "rytm",
         "teknik", "repertoar", "samspel", "nybörjare", "fortsättning", "video", "läger"]


def build():
    from courses.models import Application, Course, term_code
    from schools.models import Municipality, School, Subject

    rng = random.Random(4)
    existing = Municipality.objects.count()
    Municipality.objects.bulk_create([
        Municipality(name=f"Kommun {i:03}", scb_code=f"9{i:03}", in_sjuharad=False)
        for i in range(SCHOOLS - existing)])
    municipalities = list(Municipality.objects.all())
    have = set(School.objects.values_list("municipality_id", flat=True))
    School.objects.bulk_create([
        School(name=f"Kulturskolan i {m.name}", slug=f"ks-{m.scb_code}", municipality=m)
        for m in municipalities if m.pk not in have])
    schools = list(School.objects.all())
    subjects = list(Subject.objects.all())
    today = datetime.date.today()
    start = datetime.date(today.year + 1, 1, 15)
    courses = []
    for i in range(COURSES):
        subject = rng.choice(subjects)
        low = rng.randint(6, 14)
        courses.append(Course(
            school=rng.choice(schools), subject=subject,
            title=f"{subject.name} {rng.choice(['grund', 'fortsättning', 'ensemble'])} {i}",
            description=" ".join(rng.sample(WORDS, 5)).capitalize() + ".",
            min_age=low, max_age=low + rng.randint(2, 8),
            format=rng.choice(Course.Format.values), weekday=rng.randint(1, 7),
            start_time=datetime.time(16), end_time=datetime.time(17),
            term_start=start, term_end=start + datetime.timedelta(days=140),
            term=term_code(start), capacity=rng.randint(4, 15),
            application_deadline=today + datetime.timedelta(days=rng.randint(1, 60)),
            status=Course.Status.PUBLISHED))
    courses = Course.objects.bulk_create(courses, batch_size=2000)
    through = Course.open_to.through
    links, applications = [], []
    for course in courses:
        homes = {course.school.municipality_id, *(m.pk for m in rng.sample(municipalities, 3))}
        links += [through(course_id=course.pk, municipality_id=m) for m in homes]
        for n in range(rng.randint(*APPLICATIONS_PER_COURSE)):
            status = (Application.Status.ACCEPTED if n < course.capacity
                      else Application.Status.WAITING)
            applications.append(Application(
                course_id=course.pk, status=status, birth_year=2014,
                home_municipality_id=course.school.municipality_id))
    through.objects.bulk_create(links, batch_size=5000)
    Application.objects.bulk_create(applications, batch_size=5000)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return len(links), len(applications), municipalities[0]


def measure(client, url):
    client.get(url)  # warm up caches and the query planner
    times, db_times = [], []
    for _ in range(REPEAT):
        with CaptureQueriesContext(connection) as queries:
            began = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - began) * 1000)
        db_times.append(sum(float(q["time"]) for q in queries.captured_queries) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return (statistics.median(times), statistics.median(db_times), len(queries),
            response.context["page"].paginator.count)


def main():
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        began = time.perf_counter()
        links, applications, home = build()
        print(f"database: {connection.vendor}; built {COURSES} courses, {SCHOOLS} schools, "
              f"{links} open-to links, {applications} applications "
              f"in {time.perf_counter() - began:.0f} s")
        client = Client(SERVER_NAME="localhost")
        urls = [
            ("no filter", "/kurser/"),
            ("subject", "/kurser/?subject=gitarr"),
            ("home municipality + age + seats left", f"/kurser/?home={home.pk}&age=12&seats=on"),
            ("5 filters + sort by seats",
             "/kurser/?subject=piano&age=10&format=on_site&weekday=2"
             "&seats=on&sort=seats"),
            ("search 'gitarr'", "/kurser/?q=gitarr"),
            ("search 'improvisation ensemble'", "/kurser/?q=improvisation+ensemble"),
            ("search + filters", f"/kurser/?q=konsert&home={home.pk}&seats=on"),
            ("page 500", "/kurser/?sida=500"),
        ]
        print(f"{'case':<40} {'page ms':>8} {'of it SQL':>10} {'queries':>8} {'results':>8}")
        for label, url in urls:
            ms, db_ms, queries, count = measure(client, url)
            print(f"{label:<40} {ms:>8.1f} {db_ms:>10.1f} {queries:>8} {count:>8}")
        print(f"(median of {REPEAT} requests after one warm-up; page ms = whole request "
              "through the test client, including template rendering)")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
