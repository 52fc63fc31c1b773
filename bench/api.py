"""Benchmark: the open API's list endpoints against the bare view, served as in production.

    .venv/bin/python bench/api.py                  # 20,000 courses (the goal's size)
    BENCH_SIZE=tiny .venv/bin/python bench/api.py  # a smoke run: 200 courses, short phases

Built like bench/catalogue.py, whose helpers it uses: a PostgreSQL database of its own
(migrated, filled with catalogue_data's bulk SQL plus 1,000 public events), a private
redis-server as the shared cache, gunicorn -w 2 with production settings and the
benchmark's comparison views (bench/bench_urls.py). Then 8 concurrent anonymous clients
load each list endpoint interleaved with the bare view (A/B/A/B, three rounds) and it
prints requests/s, p50/p95 and the ratio; the goal is ≥ 60 % of the bare view. In-process
it also prints each endpoint's queries and time when rendered anew (a cache miss, as right
after a change). The rate limit stays on (core.ratelimit), set high enough not to refuse.
"""

import argparse
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
sys.path[:0] = [str(ROOT), str(BENCH)]

from catalogue import (  # noqa: E402
    Processes,
    free_port,
    fresh_database,
    server_environment,
    wait_for,
)

RATIO_GOAL = 0.60
EVENTS = 1000


def endpoints(boras_pk: int) -> list[tuple[str, str]]:
    return [
        ("courses", "/api/v1/courses/"),
        ("courses, free seats by most free", "/api/v1/courses/?lediga=true&sortera=lediga"),
        ("courses, subject + municipality", f"/api/v1/courses/?amne=gitarr&kommun={boras_pk}"),
        ("courses, page 40", "/api/v1/courses/?sida=40"),
        ("events", "/api/v1/events/"),
        ("schools", "/api/v1/schools/"),
        ("subjects", "/api/v1/subjects/"),
        ("municipalities", "/api/v1/municipalities/"),
    ]


def add_events(count: int) -> None:
    """Public upcoming events, each hosted by one or two schools."""
    from datetime import timedelta

    from django.utils import timezone

    from events.models import Event, Kind
    from schools.models import School

    schools = list(School.objects.values_list("pk", flat=True))
    start = timezone.now() + timedelta(days=1)
    events = Event.objects.bulk_create([
        Event(title=f"Konsert {i}", kind=Kind.CONCERT, audience=Event.Audience.PUBLIC,
              place="Konserthuset", starts_at=start + timedelta(hours=6 * i),
              ends_at=start + timedelta(hours=6 * i + 2))
        for i in range(count)])
    through = Event.host_schools.through
    through.objects.bulk_create(
        [through(event_id=e.pk, school_id=schools[i % len(schools)])
         for i, e in enumerate(events)]
        + [through(event_id=e.pk, school_id=schools[(i + 1) % len(schools)])
           for i, e in enumerate(events) if i % 3 == 0])


def main():
    tiny = os.environ.get("BENCH_SIZE", "") == "tiny"
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=200 if tiny else 20000)
    parser.add_argument("--seconds", type=float, default=0.3 if tiny else 1.0)
    parser.add_argument("--rounds", type=int, default=1 if tiny else 3)
    parser.add_argument("--clients", type=int, default=8)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="bench-api-"))
    processes = Processes()
    redis_port = free_port()
    server_url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    if not server_url.startswith("postgres"):
        sys.exit("The API benchmark runs on PostgreSQL (DATABASE_URL=postgres://…).")
    env = {
        **os.environ, "DJANGO_SETTINGS_MODULE": "sjuharad.settings", "DATA_DIR": str(work),
        "DATABASE_URL": server_url, "CACHE_URL": f"redis://127.0.0.1:{redis_port}/0",
        "SECRET_KEY": secrets.token_urlsafe(40), "DEBUG": "false", "LOG_LEVEL": "WARNING",
        # Counted on every request as in production, but never refusing the benchmark.
        "API_RATE_LIMIT": os.environ.get("API_RATE_LIMIT", "100000000/m"),
    }
    os.environ.update(env)
    try:
        processes.start(["redis-server", "--port", str(redis_port), "--bind", "127.0.0.1",
                         "--save", "", "--appendonly", "no", "--loglevel", "warning"],
                        stdout=subprocess.DEVNULL)
        run(args, env, work, processes)
    finally:
        processes.stop_all()
        shutil.rmtree(work, ignore_errors=True)


def run(args, env, work, processes):
    import django

    django.setup()
    import catalogue_data
    from django.db import connection

    database = fresh_database("bench_api")
    server_env = server_environment(env, database, work)
    try:
        began = time.perf_counter()
        catalogue_data.build_schools()
        catalogue_data.grow_to(args.size)
        add_events(min(EVENTS, args.size))
        figures = catalogue_data.figures()
        print(f"=== {figures['courses']:,} courses, {figures['schools']} schools, "
              f"{min(EVENTS, args.size):,} public events "
              f"(built in {time.perf_counter() - began:.0f} s) ===")
        from schools.models import Municipality

        paths = endpoints(Municipality.objects.get(scb_code="1490").pk)
        render_report(paths)
        verdicts = serve_and_load(paths, args, server_env, processes)
        print("\n=== goals ===")
        for verdict in verdicts:
            print(verdict)
    finally:
        connection.close()
        connection.creation.destroy_test_db(database, verbosity=0)


def render_report(paths):
    """Each endpoint rendered anew in-process (the cache emptied first): queries and time."""
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    print(f"\nrendered anew (cache miss), in-process\n{'endpoint':<36} {'queries':>7} "
          f"{'ms':>7}")
    for label, path in paths:
        timings, count = [], 0
        for _ in range(3):
            cache.clear()
            with CaptureQueriesContext(connection) as captured:
                began = time.perf_counter()
                response = client.get(path)
                timings.append((time.perf_counter() - began) * 1000)
            assert response.status_code == 200, (path, response.status_code)
            count = len(captured)
        print(f"{label:<36} {count:>7} {statistics.median(timings):>7.1f}")


def serve_and_load(paths, args, server_env, processes):
    from httpload import load

    port = free_port()
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
                   cwd=ROOT, env=server_env, check=True)
    gunicorn = processes.start(
        [str(Path(sys.executable).parent / "gunicorn"), "-w", "2", "-b", f"127.0.0.1:{port}",
         "--pythonpath", str(BENCH), "--log-level", "warning", "sjuharad.wsgi:application"],
        cwd=ROOT, env=server_env)
    try:
        wait_for(f"http://127.0.0.1:{port}/__bench__/bare/")
        bare = "/__bench__/bare/"
        print(f"\nHTTP, gunicorn -w 2, {args.clients} anonymous clients, {args.rounds} rounds of "
              f"{args.seconds:g} s per endpoint, interleaved with the bare view")
        print(f"{'endpoint':<36} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'ratio':>6} "
              f"{'errors':>6}")
        verdicts = []
        for label, path in paths:
            for warm in (bare, path):  # caches, connections
                load(port, warm, clients=args.clients, seconds=0.3, max_requests=40)
            results = {bare: [], path: []}
            for _round in range(args.rounds):
                for target in (bare, path):
                    results[target].append(load(port, target, clients=args.clients,
                                                seconds=args.seconds))
            base_rps = statistics.mean(r.rps for r in results[bare])
            rps = statistics.mean(r.rps for r in results[path])
            latencies = sorted(ms for r in results[path] for ms in r.latencies)
            errors = sum(r.errors for r in results[path])
            p50 = statistics.median(latencies) if latencies else float("nan")
            p95 = latencies[int(0.95 * (len(latencies) - 1))] if latencies else float("nan")
            ratio = rps / base_rps if base_rps else 0
            print(f"{label:<36} {rps:>7.0f} {p50:>7.1f} {p95:>7.1f} {ratio:>6.0%} "
                  f"{errors:>6}   (bare {base_rps:.0f}/s)")
            holds = ratio >= RATIO_GOAL and errors == 0
            verdicts.append(f"[{'holds' if holds else 'FAILS'}] {label}: {ratio:.0%} of the "
                            f"bare view (goal ≥ {RATIO_GOAL:.0%})")
        return verdicts
    finally:
        processes.stop(gunicorn)


if __name__ == "__main__":
    main()
