"""The pages the catalogue benchmark loads, and its in-process SQL measurements."""

import statistics
import time

from catalogue_data import RARE_WORD, WORDS
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

REPEAT = 5
SEARCH_SQL_P95_GOAL_MS = 20.0


class Cases:
    """Concrete URLs for the dataset in the database now."""

    def __init__(self):
        from accounts.models import User
        from courses.models import Course
        from schools.models import Municipality

        self.boras = Municipality.objects.get(scb_code="1490")
        ids = list(Course.objects.order_by("id").values_list("id", flat=True)[:1])
        self.course_id = ids[0] + Course.objects.count() // 2
        self.user, _created = User.objects.get_or_create(
            email="bench.guardian@example.se",
            defaults={"first_name": "Bänk", "last_name": "Vårdnadshavare",
                      "home_municipality": self.boras})

    def deep_page_url(self) -> str:
        return "/kurser/?sida=400"

    def pages(self) -> list[tuple[str, str]]:
        return [
            ("/kurser/", "/kurser/"),
            ("/kurser/ subject + municipality",
             f"/kurser/?amne=gitarr&kommun={self.boras.pk}"),
            ("/kurser/?sok=gitarr", "/kurser/?sok=gitarr"),
            ("/kurser/ page 400", self.deep_page_url()),
            ("/kurser/ most seats left", "/kurser/?sortera=lediga"),
            ("/kurser/<id>/", f"/kurser/{self.course_id}/"),
            ("/skolor/", "/skolor/"),
        ]

    def session_cookie(self) -> str:
        from django.conf import settings

        session = SessionStore()
        session["_auth_user_id"] = str(self.user.pk)
        session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
        session["_auth_user_hash"] = self.user.get_session_auth_hash()
        session.create()
        return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def _measure(client, url):
    client.get(url)  # warm-up
    page_ms, sql_ms = [], []
    for _ in range(REPEAT):
        with CaptureQueriesContext(connection) as queries:
            began = time.perf_counter()
            response = client.get(url)
            page_ms.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        sql_ms.append(sum(float(q["time"]) for q in queries.captured_queries) * 1000)
    return statistics.median(page_ms), statistics.median(sql_ms), queries


def sql_report(cases: Cases, size: int) -> list[str]:
    """Each page's SQL signed in (no page cache): queries, SQL ms, the slowest query;
    then the search over many words: p95 SQL and the page query's EXPLAIN."""
    client = Client(SERVER_NAME="127.0.0.1")
    client.force_login(cases.user)
    urls = cases.pages() + [
        ("/kurser/ home + age + seats left",
         f"/kurser/?hemkommun={cases.boras.pk}&alder=12&lediga=on"),
        ("/kurser/ 5 filters + sort by seats",
         "/kurser/?amne=piano&alder=10&undervisningsform=on_site&veckodag=2&lediga=on"
         "&sortera=lediga"),
        ("/kurser/ sort by title", "/kurser/?sortera=titel"),
        ("/kurser/ page 1,000 (typed)", "/kurser/?sida=1000"),
    ]
    print(f"\nSQL per page, signed in (median of {REPEAT}; in-process page ms includes "
          "rendering)")
    print(f"{'page':<40} {'page ms':>8} {'SQL ms':>7} {'queries':>7} {'slowest query ms':>17}")
    verdicts = []
    for label, url in urls:
        page_ms, sql_ms, queries = _measure(client, url)
        slowest = max(float(q["time"]) for q in queries.captured_queries) * 1000
        print(f"{label:<40} {page_ms:>8.1f} {sql_ms:>7.1f} {len(queries):>7} {slowest:>17.1f}")

    words = sorted({*WORDS, RARE_WORD, "gitarr", "piano", "dans", "teater", "grund",
                    "ensemble fortsättning", "finnsinte"})
    per_word = {}
    for word in words:
        samples = []
        for _ in range(3):
            with CaptureQueriesContext(connection) as queries:
                client.get("/kurser/", {"sok": word})
            samples.append(sum(float(q["time"]) for q in queries.captured_queries) * 1000)
        per_word[word] = samples
    everything = sorted(ms for samples in per_word.values() for ms in samples)
    p95 = everything[int(0.95 * (len(everything) - 1))]
    worst = max(per_word, key=lambda w: max(per_word[w]))
    print(f"\nsearch: {len(words)} words × 3 requests: SQL per request p50 "
          f"{statistics.median(everything):.1f} ms, p95 {p95:.1f} ms, "
          f"worst word {worst!r} {max(per_word[worst]):.1f} ms")
    for word in (RARE_WORD, "ensemble"):
        explain_search(client, word)
    if size >= 200_000:
        holds = p95 <= SEARCH_SQL_P95_GOAL_MS
        verdicts.append(f"[{'holds' if holds else 'FAILS'}] {size:,} courses: search SQL p95 "
                        f"{p95:.1f} ms over {len(words)} words (goal ≤ "
                        f"{SEARCH_SQL_P95_GOAL_MS:.0f} ms)")
    return verdicts


def explain_search(client, word: str) -> None:
    """EXPLAIN ANALYZE of the search's queries on courses: the bounded probe (count,
    ids, subject counts) and the page rows."""
    with CaptureQueriesContext(connection) as queries:
        client.get("/kurser/", {"sok": word})
    course_queries = [q["sql"] for q in queries.captured_queries
                      if 'FROM "courses_course"' in q["sql"] and "LIMIT" in q["sql"]]
    for sql in course_queries:
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, COSTS OFF) " + sql)
            plan = [row[0] for row in cursor.fetchall()]
        kind = "probe (LIMIT 1001)" if "LIMIT 1001" in sql else "page rows"
        print(f"\nEXPLAIN ANALYZE, sok={word!r}, {kind}:")
        for line in plan:
            if "Memoize" in line or "Cache Key" in line or "Hits:" in line:
                continue
            print("   " + line)
