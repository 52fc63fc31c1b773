"""The national dataset for the catalogue benchmark, built with bulk SQL (PostgreSQL).

290 schools (one per Swedish municipality, as if the whole country joined), each
offering some subjects; published courses spread over schools and subjects, each
open to its own municipality and three others, with 0–8 applications filling
seats and waiting lists. `grow_to(n)` adds courses until there are n, so the
200,000 run extends the 20,000 one. Deterministic (setseed).

Each INSERT names only the columns the dataset varies; `insert_select` adds every other
column of the model with the model's own default, so a new column with a default (or a
nullable one) does not break the builder (a NOT NULL column without one still stops it,
with a message naming the column).
"""

import datetime

from django.db import connection
from django.db.models import NOT_PROVIDED
from django.db.models.fields import AutoFieldMixin

SCHOOLS = 290
WORDS = ["ensemble", "improvisation", "noter", "gehör", "scen", "konsert", "rytm",
         "teknik", "repertoar", "samspel", "nybörjare", "fortsättning", "video", "läger"]
# One course per dataset has this word: the rare-word search case.
RARE_WORD = "nyckelharpsbygge"


def insert_select(cursor, model, values: dict[str, str], rest: str, params=None,
                  with_: str = "") -> None:
    """[`with_`] INSERT INTO the model's table SELECT `values` (column -> SQL) `rest`.

    Columns not in `values` get what Django would store for them: now() for auto_now
    dates, the field's default (an empty string for a text field without one), or
    NULL; a column with a database default is left to the database.
    """
    table = model._meta.db_table
    values, params = dict(values), dict(params or {})
    columns, selects = [], []
    for field in model._meta.concrete_fields:
        column = field.column
        if column in values:
            selects.append(values.pop(column))
        elif (isinstance(field, AutoFieldMixin) or field.db_default is not NOT_PROVIDED
              or getattr(field, "generated", False)):
            continue
        elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            selects.append("now()")
        elif field.has_default() or (field.empty_strings_allowed and not field.null):
            params[f"default_{column}"] = field.get_db_prep_save(field.get_default(), connection)
            selects.append(f"%(default_{column})s")
        elif field.null:
            continue
        else:
            raise ValueError(f"bench/catalogue_data.py: {table}.{column} is NOT NULL without a "
                             f"default; give it a value in the INSERT that fills {table}")
        columns.append(column)
    if values:
        raise ValueError(f"bench/catalogue_data.py: {table} has no column {sorted(values)}")
    cursor.execute(f"{with_}\nINSERT INTO {table} ({', '.join(columns)})\n"
                   f"SELECT {', '.join(selects)}\n{rest}", params)


def build_schools() -> None:
    from schools.models import Municipality, School

    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(0.4)")
        cursor.execute("SELECT count(*) FROM schools_municipality")
        missing = SCHOOLS - cursor.fetchone()[0]
        insert_select(cursor, Municipality, {
            "name": "'Kommun ' || lpad(i::text, 3, '0')",
            "scb_code": "'9' || lpad(i::text, 3, '0')", "in_sjuharad": "false",
        }, "FROM generate_series(1, %(missing)s) AS i", {"missing": missing})
        insert_select(cursor, School, {
            "name": "'Kulturskolan i ' || m.name", "slug": "'ks-' || m.scb_code",
            "municipality_id": "m.id",
            "description": "'Kulturskola för barn och unga i ' || m.name || '.'",
            "street_address": "'Storgatan 1'", "postal_code": "'123 45'", "city": "m.name",
            "email": "'kulturskolan@kommun.example'", "phone": "'0123-45 67 89'",
            "website": "'https://kommun.example/kulturskola'",
        }, """FROM schools_municipality m
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
    from courses.models import Application, Course

    first = course_count() + 1
    if first > total:
        return
    today = datetime.date.today()
    term_start = datetime.date(today.year + 1, 1, 15)
    words = "ARRAY[" + ",".join(f"'{w}'" for w in WORDS) + "]"
    pick = f"({words})[1 + floor(random() * {len(WORDS)})::int]"
    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(%s)", [first / (total + 1)])
        insert_select(cursor, Course, {
            "title": "su.names[p.subject_n] || ' ' || (ARRAY['grund', 'fortsättning', "
                     "'ensemble'])[1 + floor(random() * 3)::int] || ' ' || p.i",
            "description": f"initcap({pick}) || ' ' || {pick} || ' ' || {pick} || ' ' || {pick}"
                           f" || ' ' || {pick} || CASE WHEN p.i = 1 THEN ' {RARE_WORD}' "
                           "ELSE '' END || '.'",
            "level": "'all'", "min_age": "p.low",
            "max_age": "p.low + 2 + floor(random() * 7)::int",
            "format": "(ARRAY['on_site', 'distance', 'mixed'])[1 + floor(random() * 3)::int]",
            "place": "''", "weekday": "1 + floor(random() * 7)::int",
            "start_time": "'16:00'", "end_time": "'17:00'",
            "term_start": "%(term_start)s", "term_end": "%(term_end)s", "term": "%(term)s",
            "capacity": "4 + floor(random() * 12)::int",
            "application_deadline": "%(today)s::date + (1 + floor(random() * 60)::int)",
            "own_fee": "400", "status": "'published'",
            "school_id": "sc.ids[p.school_n]", "subject_id": "su.ids[p.subject_n]",
        }, """FROM picks p, schools sc, subjects su
            ORDER BY p.i""", {
            "first": first, "total": total, "term_start": term_start,
            "term_end": term_start + datetime.timedelta(days=140),
            "term": f"{term_start.year}-1", "today": today},
            with_="""WITH schools AS (SELECT array_agg(id ORDER BY id) AS ids FROM schools_school),
                 subjects AS (SELECT array_agg(id ORDER BY id) AS ids,
                                     array_agg(name ORDER BY id) AS names
                              FROM schools_subject),
                 picks AS (
                    SELECT i, 1 + floor(random() * array_length(sc.ids, 1))::int AS school_n,
                           1 + floor(random() * array_length(su.ids, 1))::int AS subject_n,
                           6 + floor(random() * 9)::int AS low
                    FROM generate_series(%(first)s, %(total)s) AS i, schools sc, subjects su)""")
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
        insert_select(cursor, Application, {
            "course_id": "new.id",
            "status": "CASE WHEN n < new.capacity THEN 'accepted' ELSE 'waiting' END",
            "birth_year": "2014", "home_municipality_id": "new.municipality_id",
        }, """FROM new CROSS JOIN LATERAL
                 generate_series(0, floor(random() * 9 + new.id * 0)::int - 1) AS n""",
            {"offset": first - 1},
            with_="""WITH new AS (SELECT c.id, c.capacity, s.municipality_id FROM courses_course c
                         JOIN schools_school s ON s.id = c.school_id
                         ORDER BY c.id OFFSET %(offset)s)""")
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
