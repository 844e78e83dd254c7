"""The manager's week grid of a 40-resource workspace with 2,000 bookings that week.

A fresh site (production settings, the default territories), then one workspace in the Grand
Briançonnais open 08:00–20:00 Monday to Saturday with 40 resources and 2,000 bookings and blocks
in one week (pending, confirmed, checked in, blocked; one to four hours each), plus 2,000 the
weeks around it. In a child process the grid is rendered in-process (Django's test client, the
whole middleware stack) RUNS times for that week and for an empty week: median and p95 of the
wall-clock and CPU time, and the queries of each request (the same for both weeks is the point).
Target: < 100 ms median, constant query count.

    python benchmarks/manager_grid.py            # SQLite (and PostgreSQL when DATABASE_URL is set)
    python benchmarks/manager_grid.py --db postgres --runs 50
"""

import argparse
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _common
from _common import NO_PAGE_CACHE, analyze, exit_cleanly_on_sigterm, fresh_site, in_child, prepare

_common.POSTGRES["database"] = "bench_alpsat_manager_grid"

DATABASES = ("sqlite", "postgres")
RESOURCES = 40
BOOKINGS = 2_000
RUNS = 50
TARGET_MS = 100.0
WEEK = "2026-W50"
MONDAY = (2026, 12, 7)
SLUG = "bench-grid"


def child_load(resources: int, bookings: int) -> dict:
    import datetime

    import django

    django.setup()
    from django.db import transaction

    from alpsatellites.accounts.models import User
    from alpsatellites.territories.models import Territory
    from alpsatellites.workspaces.models import (
        Booking,
        BookingStatus,
        OpeningHours,
        Resource,
        Workspace,
    )

    territory = Territory.objects.get(slug="grand-brianconnais")
    zone = territory.zone
    manager = User.objects.create_user(email="manager@bench.example")
    members = User.objects.bulk_create(User(email=f"member-{n}@bench.example") for n in range(200))
    statuses = (
        BookingStatus.CONFIRMED,
        BookingStatus.PENDING,
        BookingStatus.CHECKED_IN,
        BookingStatus.CONFIRMED,
        BookingStatus.CANCELLED,
    )
    with transaction.atomic():
        workspace = Workspace.objects.create(
            territory=territory,
            commune=territory.communes.order_by("code").first(),
            slug=SLUG,
            name="Bench grid",
            kind="coworking",
        )
        workspace.managers.add(manager)
        OpeningHours.objects.bulk_create(
            OpeningHours(
                workspace=workspace,
                weekday=d,
                opens=datetime.time(8),
                closes=datetime.time(20),
            )
            for d in range(6)
        )
        desks = Resource.objects.bulk_create(
            Resource(workspace=workspace, kind="hot_desk", name=f"Desk {n:02d}", capacity=60)
            for n in range(resources)
        )
        monday = datetime.date(*MONDAY)
        rows = []
        for week_offset, count in ((0, bookings), (-7, bookings // 2), (7, bookings // 2)):
            for n in range(count):
                day = monday + datetime.timedelta(days=week_offset + n % 6)
                start = datetime.datetime.combine(day, datetime.time(8 + n % 11), tzinfo=zone)
                block = n % 50 == 0
                rows.append(
                    Booking(
                        resource=desks[n % resources],
                        user=None if block else members[n % len(members)],
                        is_block=block,
                        starts_at=start,
                        ends_at=start + datetime.timedelta(hours=1 + n % 4),
                        seats=1,
                        status=BookingStatus.CONFIRMED if block else statuses[n % len(statuses)],
                        price=10,
                    )
                )
        Booking.objects.bulk_create(rows, batch_size=2000)
    return {"bookings": Booking.objects.count(), "manager": manager.email}


def child_measure(runs: int, manager: str) -> list[dict]:
    import django

    django.setup()
    from django.test import Client

    from alpsatellites.accounts.models import User

    client = Client(SERVER_NAME="localhost")
    client.force_login(User.objects.get(email=manager))
    base = f"/fr/manage/workspaces/{SLUG}/grid/"
    results = []
    for label, path in (
        (f"week {WEEK} ({BOOKINGS} bookings)", f"{base}?week={WEEK}"),
        ("an empty week", f"{base}?week=2027-W20"),
    ):
        results.append({"view": label, **_common.page_figures(client, path, runs)})
    return results


def report(title: str, results: list[dict]) -> tuple[str, bool]:
    lines = [
        title,
        f"{'view':<34} {'status':>6} {'queries':>7} {'KiB':>6} {'median ms':>9} {'p95 ms':>7} "
        f"{'cpu med':>7}  target",
    ]
    passed = True
    for r in results:
        ok = r["status"] == 200 and r["median_ms"] < TARGET_MS
        passed &= ok
        lines.append(
            f"{r['view']:<34} {r['status']:>6} {r['queries']:>7} {r['bytes'] / 1024:>6.0f} "
            f"{r['median_ms']:>9.2f} {r['p95_ms']:>7.2f} {r['cpu_median_ms']:>7.2f}  "
            f"< {TARGET_MS:.0f} ms {'PASS' if ok else 'FAIL'}"
        )
    counts = {r["queries"] for r in results}
    constant = len(counts) == 1
    passed &= constant
    lines.append(f"query count: {sorted(counts)} — {'constant' if constant else 'NOT constant'}")
    return "\n".join(lines), passed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    default_db = "both" if os.environ.get("DATABASE_URL") else "sqlite"
    parser.add_argument("--db", choices=[*DATABASES, "both"], default=default_db)
    parser.add_argument("--resources", type=int, default=RESOURCES)
    parser.add_argument("--bookings", type=int, default=BOOKINGS)
    parser.add_argument("--runs", type=int, default=RUNS)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child:
        kind, _, rest = arguments.child.partition(":")
        if kind == "load":
            resources, _, bookings = rest.partition(":")
            result = child_load(int(resources), int(bookings))
        else:
            runs, _, manager = rest.partition(":")
            result = child_measure(int(runs), manager)
        print(json.dumps(result))
        return 0
    if arguments.runs < 20:
        parser.error("--runs: at least 20, for a median and a p95 worth reading")
    exit_cleanly_on_sigterm()
    databases = list(DATABASES) if arguments.db == "both" else [arguments.db]
    passed = True
    for database in databases:
        with _common.workdir(f"bench-grid-{database}-") as directory:
            print(f"[{database}] fresh database, migrate, default territories", flush=True)
            site = fresh_site(database, directory)
            prepare(site, default_territories=True)
            loaded, _ = in_child(__file__, site, f"load:{arguments.resources}:{arguments.bookings}")
            print(
                f"[{database}] {loaded['bookings']} bookings written; {analyze(site)}", flush=True
            )
            results, _ = in_child(
                __file__, site, f"measure:{arguments.runs}:{loaded['manager']}", env=NO_PAGE_CACHE
            )
            text, ok = report(
                f"== {database}: the manager's week grid, {arguments.resources} resources, "
                f"{arguments.runs} renders each ==",
                results,
            )
            print(text, flush=True)
            passed &= ok
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
