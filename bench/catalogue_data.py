"""The national dataset for the catalogue benchmark, built with bulk SQL (PostgreSQL).

290 schools (one per Swedish municipality, as if the whole country joined), each
offering some subjects; published courses spread over schools and subjects, each
open to its own municipality and three others, with 0–8 applications filling
seats and waiting lists. `grow_to(n)` adds courses until there are n, so the
200,000 run extends the 20,000 one. Deterministic (setseed).
"""

import datetime

from django.db import connection

SCHOOLS = 290
WORDS = ["ensemble", "improvisation", "noter", "gehör", "scen", "konsert", "rytm",
         "teknik", "repertoar", "samspel", "nybörjare", "fortsättning", "video", "läger"]
# One course per dataset has this word: the rare-word search case.
RARE_WORD = "nyckelharpsbygge"


def build_schools() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(0.4)")
        cursor.execute("SELECT count(*) FROM schools_municipality")
        missing = SCHOOLS - cursor.fetchone()[0]
        cursor.execute("""
            INSERT INTO schools_municipality (name, scb_code, in_sjuharad)
            SELECT 'Kommun ' || lpad(i::text, 3, '0'), '9' || lpad(i::text, 3, '0'), false
            FROM generate_series(1, %s) AS i""", [missing])
        cursor.execute("""
            INSERT INTO schools_school (name, slug, municipality_id, description,
                street_address, postal_code, city, email, phone, website)
            SELECT 'Kulturskolan i ' || m.name, 'ks-' || m.scb_code, m.id,
                   'Kulturskola för barn och unga i ' || m.name || '.',
                   'Storgatan 1', '123 45', m.name, 'kulturskolan@kommun.example',
                   '0123-45 67 89', 'https://kommun.example/kulturskola'
            FROM schools_municipality m
            WHERE NOT EXISTS (SELECT 1 FROM schools_school s WHERE s.municipality_id = m.id)""")
        # Every school offers about 40 % of the subjects (the school list shows them).
        cursor.execute("""
            INSERT INTO schools_school_subjects (school_id, subject_id)
            SELECT s.id, sub.id FROM schools_school s CROSS JOIN schools_subject sub
            WHERE random() < 0.4
            ON CONFLICT DO NOTHING""")


def course_count() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM courses_course")
        return cursor.fetchone()[0]


def grow_to(total: int) -> None:
    """Add published courses (with open-to links and applications) until `total`."""
    first = course_count() + 1
    if first > total:
        return
    today = datetime.date.today()
    term_start = datetime.date(today.year + 1, 1, 15)
    words = "ARRAY[" + ",".join(f"'{w}'" for w in WORDS) + "]"
    pick = f"({words})[1 + floor(random() * {len(WORDS)})::int]"
    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(%s)", [first / (total + 1)])
        cursor.execute(f"""
            WITH schools AS (SELECT array_agg(id ORDER BY id) AS ids FROM schools_school),
                 subjects AS (SELECT array_agg(id ORDER BY id) AS ids,
                                     array_agg(name ORDER BY id) AS names
                              FROM schools_subject),
                 picks AS (
                    SELECT i, 1 + floor(random() * array_length(sc.ids, 1))::int AS school_n,
                           1 + floor(random() * array_length(su.ids, 1))::int AS subject_n,
                           6 + floor(random() * 9)::int AS low
                    FROM generate_series(%(first)s, %(total)s) AS i, schools sc, subjects su)
            INSERT INTO courses_course (title, description, level, min_age, max_age, format,
                place, weekday, start_time, end_time, term_start, term_end, term, capacity,
                application_deadline, own_fee, status, created_at, updated_at,
                school_id, subject_id)
            SELECT su.names[p.subject_n] || ' '
                   || (ARRAY['grund', 'fortsättning', 'ensemble'])[1 + floor(random() * 3)::int]
                   || ' ' || p.i,
                   initcap({pick}) || ' ' || {pick} || ' ' || {pick} || ' ' || {pick} || ' '
                   || {pick} || CASE WHEN p.i = 1 THEN ' {RARE_WORD}' ELSE '' END || '.',
                   'all', p.low, p.low + 2 + floor(random() * 7)::int,
                   (ARRAY['on_site', 'distance', 'mixed'])[1 + floor(random() * 3)::int],
                   '', 1 + floor(random() * 7)::int, '16:00', '17:00',
                   %(term_start)s, %(term_end)s, %(term)s, 4 + floor(random() * 12)::int,
                   %(today)s::date + (1 + floor(random() * 60)::int), 400, 'published',
                   now(), now(), sc.ids[p.school_n], su.ids[p.subject_n]
            FROM picks p, schools sc, subjects su
            ORDER BY p.i""", {
            "first": first, "total": total, "term_start": term_start,
            "term_end": term_start + datetime.timedelta(days=140),
            "term": f"{term_start.year}-1", "today": today})
        cursor.execute("""
            WITH new AS (SELECT c.id, s.municipality_id FROM courses_course c
                         JOIN schools_school s ON s.id = c.school_id
                         ORDER BY c.id OFFSET %s),
                 municipalities AS (SELECT array_agg(id) AS ids FROM schools_municipality)
            INSERT INTO courses_course_open_to (course_id, municipality_id)
            SELECT new.id, new.municipality_id FROM new
            UNION
            SELECT new.id, m.ids[1 + floor(random() * array_length(m.ids, 1))::int]
            FROM new, municipalities m, generate_series(1, 3)
            ON CONFLICT DO NOTHING""", [first - 1])
        cursor.execute("""
            WITH new AS (SELECT c.id, c.capacity, s.municipality_id FROM courses_course c
                         JOIN schools_school s ON s.id = c.school_id
                         ORDER BY c.id OFFSET %s)
            INSERT INTO courses_application (course_id, status, birth_year,
                home_municipality_id, decline_reason, contact_phone, adaptation_needs,
                created_at)
            SELECT new.id, CASE WHEN n < new.capacity THEN 'accepted' ELSE 'waiting' END,
                   2014, new.municipality_id, '', '', '', now()
            FROM new CROSS JOIN LATERAL
                 generate_series(0, floor(random() * 9 + new.id * 0)::int - 1) AS n""", [first - 1])
        # The stored seats left (Course.seats_left), as the services would have kept them.
        cursor.execute("""
            UPDATE courses_course c SET seats_left = GREATEST(c.capacity - coalesce((
                SELECT count(*) FROM courses_application a WHERE a.course_id = c.id
                AND a.status IN ('submitted', 'offered', 'accepted')), 0), 0)
            WHERE c.id IN (SELECT id FROM courses_course ORDER BY id OFFSET %s)""", [first - 1])
        cursor.execute("ANALYZE")


def figures() -> dict[str, int]:
    with connection.cursor() as cursor:
        result = {}
        for name, table in [("schools", "schools_school"), ("courses", "courses_course"),
                            ("open-to links", "courses_course_open_to"),
                            ("applications", "courses_application")]:
            cursor.execute(f"SELECT count(*) FROM {table}")
            result[name] = cursor.fetchone()[0]
        return result
