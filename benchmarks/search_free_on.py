"""The workspace search with `free_on` over 1,000 workspaces: p50 and p99, queries per search.

For each database: a fresh site (production settings, default territories), 1,000 workspaces of
the Grand Briançonnais with five resources each, opening hours and bookings on the searched day
(some workspaces full, some closed that day), then, in-process and with no cache at all:

- `selectors.workspace_search(territory=…, free_on=…)` followed by what a page reads (the count
  and the first 24 workspaces), 200 times;
- the search page and the API list with `free_on`, through Django's test client, 100 times each.

Each prints p50 and p99 and its number of queries, which must not depend on the number of
workspaces (also measured on the first 100). Target: p99 < 100 ms. See benchmarks/README.md.

    python benchmarks/search_free_on.py --db both
    python benchmarks/search_free_on.py --db sqlite --workspaces 300
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _common
from _common import (
    NO_PAGE_CACHE,
    analyze,
    exit_cleanly_on_sigterm,
    fresh_site,
    in_child,
    prepare,
    workdir,
)

# A database of its own (the other scripts recreate theirs), and Redis database 11 for the
# PostgreSQL site's cache: fresh_site() deletes the Django keys of the database it is given.
_common.POSTGRES["database"] = "bench_alpsat_search_free_on"
_common.REDIS_URL = "redis://127.0.0.1:6379/11"

DATABASES = ("sqlite", "postgres")
TERRITORY = "grand-brianconnais"
SELECTOR_CALLS = 200
REQUESTS = 100
MAX_P99_MS = 100.0
RESOURCES = [  # (kind, name, capacity)
    ("hot_desk", "Open space", 10),
    ("dedicated_desk", "Bureaux dédiés", 4),
    ("private_office", "Bureau privatif", 1),
    ("meeting_room", "Salle de réunion", 8),
    ("phone_booth", "Cabine", 1),
]


def searched_day():
    """Next Tuesday: every workspace of the benchmark opens on Tuesdays but the closed ones."""
    import datetime

    from django.utils import timezone

    from alpsatellites.workspaces.schedule import local_zone

    today = timezone.localdate(timezone=local_zone())
    return today + datetime.timedelta(days=(1 - today.weekday()) % 7 or 7)


# ---------------------------------------------------------------------------------------------
# Child processes: each runs with the site's production environment, prints one JSON line.
# ---------------------------------------------------------------------------------------------


def child_populate() -> dict:
    import django

    django.setup()
    import datetime
    from decimal import Decimal

    from django.db import transaction

    from alpsatellites.accounts.models import User
    from alpsatellites.territories.models import Commune
    from alpsatellites.workspaces.models import (
        Booking,
        BookingStatus,
        Closure,
        OpeningHours,
        Resource,
        Workspace,
        WorkspaceKind,
    )
    from alpsatellites.workspaces.schedule import local_zone

    count = int(os.environ["BENCH_WORKSPACES"])
    day = searched_day()
    zone = local_zone()
    started = time.perf_counter()
    with transaction.atomic():
        communes = list(Commune.objects.filter(territory__slug=TERRITORY).order_by("code"))
        kinds = [k for k, _label in WorkspaceKind.choices]
        workspaces = Workspace.objects.bulk_create(
            Workspace(
                territory_id=communes[0].territory_id,
                commune=communes[n % len(communes)],
                slug=f"bench-{n:04d}",
                name=f"Espace {n:04d}",
                kind=kinds[n % len(kinds)],
                address=f"{n} rue du Banc d'essai",
                is_demo=True,
            )
            for n in range(count)
        )
        OpeningHours.objects.bulk_create(
            OpeningHours(workspace=w, weekday=weekday, opens=datetime.time(8, 30), closes=closes)
            for n, w in enumerate(workspaces)
            for weekday in range(5)
            for closes in [datetime.time(12, 30) if n % 2 else datetime.time(18, 0)]
        )
        # One in ten is closed on the searched day.
        Closure.objects.bulk_create(
            Closure(workspace=w, starts_on=day, ends_on=day)
            for n, w in enumerate(workspaces)
            if n % 10 == 3
        )
        resources = Resource.objects.bulk_create(
            Resource(workspace=w, kind=kind, name=name, capacity=capacity, price_day=Decimal(20))
            for w in workspaces
            for kind, name, capacity in RESOURCES
        )
        user = User.objects.create(email="bench-search@example.org", name="Bench")
        start = datetime.datetime.combine(day, datetime.time(8, 30), tzinfo=zone)
        # Every seat of one in four workspaces is taken that day; the others have a booking.
        bookings = Booking.objects.bulk_create(
            Booking(
                resource=r,
                user=user,
                starts_at=start,
                ends_at=start + datetime.timedelta(hours=10),
                seats=r.capacity if n // len(RESOURCES) % 4 == 0 else 1,
                status=BookingStatus.CONFIRMED,
            )
            for n, r in enumerate(resources)
        )
    return {
        "workspaces": len(workspaces),
        "resources": len(resources),
        "bookings": len(bookings),
        "setup_s": time.perf_counter() - started,
    }


def _percentiles(timings: list[float]) -> dict:
    timings = sorted(timings)
    return {
        "calls": len(timings),
        "p50_ms": statistics.median(timings),
        "p99_ms": timings[min(len(timings) - 1, round(0.99 * (len(timings) - 1)))],
        "max_ms": timings[-1],
    }


def child_measure() -> dict:
    import django

    django.setup()
    from django.core.paginator import Paginator
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from alpsatellites.territories.models import Territory
    from alpsatellites.workspaces import selectors
    from alpsatellites.workspaces.models import Workspace

    territory = Territory.objects.get(slug=TERRITORY)
    day = searched_day()

    def search(**filters) -> tuple[int, list]:
        page = Paginator(selectors.workspace_search(territory=territory, **filters), 24).page(1)
        return page.paginator.count, [w.slug for w in page.object_list]

    found, first_page = search(free_on=day)
    with CaptureQueriesContext(connection) as captured:
        search(free_on=day)
    queries = len(captured)
    # The same search on a tenth of the workspaces: the number of queries must not change.
    few = list(Workspace.objects.order_by("pk").values_list("pk", flat=True)[:100])
    with CaptureQueriesContext(connection) as captured_few:
        page = Paginator(
            selectors.workspace_search(territory=territory, free_on=day).filter(pk__in=few), 24
        ).page(1)
        list(page.object_list)
    queries_on_100 = len(captured_few.captured_queries)
    load_before = os.getloadavg()[0]
    timings = []
    for _ in range(SELECTOR_CALLS):
        started = time.perf_counter()
        search(free_on=day)
        timings.append((time.perf_counter() - started) * 1000)
    result = {
        "workspaces": Workspace.objects.count(),
        "found": found,
        "first_page": first_page[:3],
        "selector": {**_percentiles(timings), "queries": queries},
        "queries_on_100": queries_on_100,
        "requests": [],
    }
    client = Client(SERVER_NAME="localhost")
    for path in (
        f"/fr/t/{TERRITORY}/workspaces/?free_on={day.isoformat()}",
        f"/api/v1/workspaces/?territory={TERRITORY}&free_on={day.isoformat()}",
    ):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path, secure=True)
        # Counted now: each request's start empties the connection's query log.
        queries = len(captured.captured_queries)
        timings = []
        for _ in range(REQUESTS):
            started = time.perf_counter()
            client.get(path, secure=True)
            timings.append((time.perf_counter() - started) * 1000)
        result["requests"].append(
            {
                "path": path,
                "status": response.status_code,
                "queries": queries,
                **_percentiles(timings),
            }
        )
    result["load"] = [load_before, os.getloadavg()[0]]
    return result


CHILDREN = {"populate": child_populate, "measure": child_measure}


# ---------------------------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------------------------


def report(title: str, r: dict) -> tuple[str, bool]:
    constant = r["selector"]["queries"] == r["queries_on_100"]
    rows = [("workspace_search + first page", r["selector"], 200)] + [
        (m["path"], m, m["status"]) for m in r["requests"]
    ]
    width = max(len(label) for label, _m, _s in rows)
    lines = [
        title,
        f"{r['workspaces']:,} workspaces, {r['found']:,} with a seat free on the day "
        f"(first: {', '.join(r['first_page'])})",
        f"{'measured':<{width}}  status  calls  p50 ms  p99 ms  max ms  queries  result",
    ]
    passed = constant
    for label, m, status in rows:
        ok = status == 200 and m["p99_ms"] < MAX_P99_MS
        passed &= ok
        lines.append(
            f"{label:<{width}}  {status:>6}  {m['calls']:>5}  {m['p50_ms']:>6.1f}  "
            f"{m['p99_ms']:>6.1f}  {m['max_ms']:>6.1f}  {m['queries']:>7}  "
            f"{'PASS' if ok else 'FAIL'}"
        )
    lines.append(
        f"queries of the search: {r['selector']['queries']} on every workspace, "
        f"{r['queries_on_100']} on 100 of them ({'constant' if constant else 'NOT CONSTANT'}); "
        f"target: p99 < {MAX_P99_MS:.0f} ms, in-process, no cache"
    )
    lines.append(
        f"machine load (1-minute average, 2 cores) before and after: "
        f"{r['load'][0]:.1f}, {r['load'][1]:.1f}: other processes slow every figure"
    )
    return "\n".join(lines), passed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", choices=[*DATABASES, "both"], default="both")
    parser.add_argument("--workspaces", type=int, default=1_000)
    parser.add_argument("--child", choices=CHILDREN, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child:
        print(json.dumps(CHILDREN[arguments.child](), default=str))
        return 0

    exit_cleanly_on_sigterm()
    databases = list(DATABASES) if arguments.db == "both" else [arguments.db]
    sizes = {"BENCH_WORKSPACES": str(arguments.workspaces)}
    passed = True
    for database in databases:
        with workdir(f"bench-search-free-on-{database}-") as directory:
            print(f"[{database}] fresh database, migrate, default territories", flush=True)
            site = fresh_site(database, directory)
            prepare(site, default_territories=True)
            populated, _seconds = in_child(__file__, site, "populate", env=sizes)
            print(
                f"[{database}] {populated['workspaces']:,} workspaces, "
                f"{populated['resources']:,} resources, {populated['bookings']:,} bookings "
                f"written in {populated['setup_s']:.1f} s; {analyze(site)}",
                flush=True,
            )
            measured, _seconds = in_child(__file__, site, "measure", env={**sizes, **NO_PAGE_CACHE})
            text, ok = report(f"== search with free_on, {database} ==", measured)
            passed &= ok
            print()
            print(text, flush=True)
            print()
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
