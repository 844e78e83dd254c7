"""Bookings at scale: 1,000 workspaces, 5,000 resources, 1,000,000 bookings.

For each database: a fresh site (production settings, default territories), the data written in
bulk (COPY on PostgreSQL, executemany on SQLite), then the availability of one workspace over 14
days computed in-process 200 times (median, p95, queries per call, the query plan), the
in-process cost of the pages and API calls that show workspaces, and the search page and the
API list served by gunicorn under wrk next to the /__hello__ ceiling. See benchmarks/README.md.

    python benchmarks/bookings_scale.py --db both
    python benchmarks/bookings_scale.py --db postgres --bookings 200000 --no-serving
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
    profile_requests,
    workdir,
)
from serving import add_common_arguments, options, serve_and_measure

# A database of its own: serving.py and import_scale.py recreate `bench_alpsat`.
_common.POSTGRES["database"] = "bench_alpsat_bookings_scale"

TERRITORY = "grand-brianconnais"
RESOURCES_PER_WORKSPACE = 5
AVAILABILITY_DAYS = 14
AVAILABILITY_CALLS = 200
RENDERS = 10
MAX_MEDIAN_MS = 50.0
HISTORY_DAYS, AHEAD_DAYS = 180, 60  # bookings are spread from 180 days ago to 60 days ahead


def measured_slug(workspaces: int) -> str:
    """The workspace whose availability is measured: one in the middle."""
    return f"bench-{workspaces // 2:04d}"


def serving_paths(measured: str) -> list[str]:
    return [
        f"/fr/t/{TERRITORY}/workspaces/",
        f"/api/v1/workspaces/?territory={TERRITORY}",
        f"/api/v1/workspaces/{measured}/availability/",
    ]


def query_paths(measured: str, workspaces: int) -> list[str]:
    last_page = max(1, -(-workspaces // 50))
    return [
        f"/fr/t/{TERRITORY}/workspaces/",
        f"/api/v1/workspaces/?territory={TERRITORY}",
        f"/api/v1/workspaces/?territory={TERRITORY}&page={last_page}",
        f"/api/v1/workspaces/{measured}/",
        f"/api/v1/workspaces/{measured}/availability/",
        f"/fr/workspaces/{measured}/",
    ]


AMENITIES = [
    ("fibre", "Fibre"),
    ("meeting-room", "Salle de réunion"),
    ("printer", "Imprimante"),
    ("kitchen", "Cuisine"),
    ("parking", "Parking"),
    ("bike-storage", "Local vélos"),
    ("step-free", "Accès de plain-pied"),
    ("phone-booths", "Cabines téléphoniques"),
    ("lockers", "Casiers"),
    ("always-open", "Accès 24 h/24"),
]
RESOURCE_KINDS = [  # (kind, name, capacity)
    ("hot_desk", "Open space", 10),
    ("dedicated_desk", "Bureaux dédiés", 4),
    ("private_office", "Bureau privatif", 1),
    ("meeting_room", "Salle de réunion", 8),
    ("phone_booth", "Cabine", 1),
]


# ---------------------------------------------------------------------------------------------
# Child processes: each runs with the site's production environment, prints one JSON line.
# ---------------------------------------------------------------------------------------------


def child_populate() -> dict:
    import django

    django.setup()
    import datetime
    import random
    import uuid
    from decimal import Decimal

    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction
    from django.utils import timezone

    from alpsatellites.accounts.models import User
    from alpsatellites.territories.models import Commune, Territory
    from alpsatellites.workspaces.models import (
        Amenity,
        Booking,
        BookingStatus,
        OpeningHours,
        Resource,
        Workspace,
        WorkspaceKind,
    )

    workspaces_n = int(os.environ["BENCH_WORKSPACES"])
    bookings_n = int(os.environ["BENCH_BOOKINGS"])
    users_n = int(os.environ["BENCH_USERS"])
    rng = random.Random(20260601)  # the same data every run
    zone = Territory.objects.get(slug=TERRITORY).zone
    started = time.perf_counter()

    with transaction.atomic():
        amenities = [
            Amenity.objects.get_or_create(code=code, defaults={"name": name, "position": n})[0]
            for n, (code, name) in enumerate(AMENITIES)
        ]
        communes = list(Commune.objects.filter(territory__slug=TERRITORY).order_by("code"))
        kinds = [k for k, _label in WorkspaceKind.choices]
        workspaces = Workspace.objects.bulk_create(
            Workspace(
                territory_id=communes[0].territory_id,
                commune=communes[n % len(communes)],
                slug=f"bench-{n:04d}",
                name=f"Espace {n:04d}",
                kind=kinds[n % len(kinds)],
                description="Un espace de travail de démonstration pour le banc d'essai.",
                address=f"{n} rue du Banc d'essai",
                latitude=44.9 + rng.random() / 10,
                longitude=6.6 + rng.random() / 10,
                fibre_mbps=rng.choice([None, 100, 300, 1000]),
                is_demo=True,
            )
            for n in range(workspaces_n)
        )
        through = Workspace.amenities.through
        through.objects.bulk_create(
            through(workspace_id=w.pk, amenity_id=a.pk)
            for w in workspaces
            for a in rng.sample(amenities, rng.randint(2, 6))
        )
        hours = []
        for n, w in enumerate(workspaces):
            for weekday in range(6 if n % 3 == 0 else 5):
                if n % 2:  # half of them close for lunch
                    hours.append((w, weekday, datetime.time(8, 30), datetime.time(12, 30)))
                    hours.append((w, weekday, datetime.time(13, 30), datetime.time(18, 0)))
                else:
                    hours.append((w, weekday, datetime.time(8, 30), datetime.time(18, 0)))
        OpeningHours.objects.bulk_create(
            OpeningHours(workspace=w, weekday=d, opens=o, closes=c) for w, d, o, c in hours
        )
        resources = Resource.objects.bulk_create(
            Resource(
                workspace=w,
                kind=kind,
                name=name,
                capacity=capacity,
                price_hour=Decimal("5.00"),
                price_half_day=Decimal("12.00"),
                price_day=Decimal("20.00"),
            )
            for w in workspaces
            for kind, name, capacity in RESOURCE_KINDS[:RESOURCES_PER_WORKSPACE]
        )
        encoded = make_password("bench-scale-password")  # one hash for everyone
        users = User.objects.bulk_create(
            User(email=f"scale-{n:05d}@example.org", name=f"Person {n}", password=encoded)
            for n in range(users_n)
        )
    setup_s = time.perf_counter() - started

    # Bookings: the same number on every resource, spread from HISTORY_DAYS ago to AHEAD_DAYS
    # ahead, on working hours, most of them confirmed; written in bulk, not through the service.
    today = timezone.localdate(timezone=zone)
    now = timezone.now()
    user_ids = [u.pk for u in users]
    per_resource = bookings_n // len(resources)
    columns = (
        "resource_id", "user_id", "is_block", "starts_at", "ends_at", "seats", "status",
        "price", "request_key", "check_in_token", "note", "created_at", "decided_at",
        "cancelled_at", "checked_in_at",
    )  # fmt: skip
    sqlite = connection.vendor == "sqlite"
    utc = datetime.UTC
    starts = [
        datetime.datetime.combine(
            today + datetime.timedelta(days=day), datetime.time(hour, minute), tzinfo=zone
        ).astimezone(utc)
        for day in range(-HISTORY_DAYS, AHEAD_DAYS)
        for hour in range(8, 15)
        for minute in (0, 30)
    ]
    # (start, end, end is past) for every start and length of 1 to 4 hours, adapted once to
    # what the database takes: SQLite stores naive UTC text.
    spans = [
        [
            (
                _db(start, sqlite),
                _db(start + datetime.timedelta(hours=h), sqlite),
                start + datetime.timedelta(hours=h) < now,
                h,
            )
            for h in range(1, 5)
        ]
        for start in starts
    ]
    past_statuses = [
        (0.05, BookingStatus.CANCELLED),
        (0.10, BookingStatus.NO_SHOW),
        (0.40, BookingStatus.CHECKED_IN),
        (1.00, BookingStatus.CONFIRMED),
    ]
    future_statuses = [
        (0.07, BookingStatus.CANCELLED),
        (0.10, BookingStatus.PENDING),
        (1.00, BookingStatus.CONFIRMED),
    ]
    prices = [_db(Decimal("5.00") * h, sqlite) for h in range(5)]
    db_now, false = _db(now, sqlite), _db(False, sqlite)
    resource_ids = [r.pk for r in resources]
    random_uuid = (
        (lambda: f"{rng.getrandbits(128):032x}")
        if sqlite
        else (lambda: uuid.UUID(int=rng.getrandbits(128)))
    )

    def rows():
        for index in range(per_resource * len(resource_ids)):
            start_db, end_db, past, hours = spans[rng.randrange(len(spans))][rng.randrange(4)]
            roll = rng.random()
            statuses = past_statuses if past else future_statuses
            status = next(s for limit, s in statuses if roll < limit)
            yield (
                resource_ids[index % len(resource_ids)],
                user_ids[rng.randrange(len(user_ids))],
                false,
                start_db,
                end_db,
                1,
                status.value,
                prices[hours],
                random_uuid(),
                random_uuid(),
                "",
                db_now,
                None,
                db_now if status == BookingStatus.CANCELLED else None,
                start_db if status == BookingStatus.CHECKED_IN else None,
            )

    table = Booking._meta.db_table
    started = time.perf_counter()
    written = 0
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            copy_sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
            with cursor.cursor.copy(copy_sql) as copy:
                for row in rows():
                    copy.write_row(row)
                    written += 1
        else:
            # The model's own table and columns: no outside input in this SQL.
            insert = (
                f"INSERT INTO {table} ({', '.join(columns)}) "  # noqa: S608
                f"VALUES ({', '.join(['%s'] * len(columns))})"
            )
            batch = []
            for row in rows():
                batch.append(row)
                if len(batch) == 10_000:
                    cursor.executemany(insert, batch)
                    written, batch = written + len(batch), []
            if batch:
                cursor.executemany(insert, batch)
                written += len(batch)
    bookings_s = time.perf_counter() - started
    return {
        "workspaces": len(workspaces),
        "resources": len(resources),
        "users": len(users),
        "opening_hours": len(hours),
        "bookings": written,
        "setup_s": setup_s,
        "bookings_s": bookings_s,
    }


def _db(value, sqlite: bool):
    """A value as the database takes it: on SQLite, what Django's backend stores (naive UTC
    text for a datetime, 0/1 for a boolean, text for a decimal); unchanged for psycopg."""
    import datetime

    if not sqlite:
        return value
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).replace(tzinfo=None).isoformat(" ")
    if isinstance(value, bool):
        return int(value)
    return str(value)


def child_availability() -> dict:
    import django

    django.setup()
    import datetime

    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from alpsatellites.workspaces import selectors
    from alpsatellites.workspaces.models import HOLDING_STATUSES, Booking, Workspace

    workspace = Workspace.objects.select_related("territory").get(slug=os.environ["BENCH_MEASURED"])
    today = timezone.localdate(timezone=workspace.zone)
    resources = list(workspace.resources.all())

    # Queries per call, on 20 workspaces with different hours and numbers of bookings.
    counts = {}
    others = Workspace.objects.select_related("territory").filter(slug__startswith="bench-")
    for other in list(others.order_by("pk"))[::50]:
        with CaptureQueriesContext(connection) as captured:
            selectors.workspace_availability(other, today, AVAILABILITY_DAYS)
        counts[other.slug] = len(captured)
    with CaptureQueriesContext(connection) as captured:
        result = selectors.workspace_availability(workspace, today, AVAILABILITY_DAYS)
    sql = [q["sql"] for q in captured.captured_queries]
    reset_queries()

    timings = []
    for _ in range(AVAILABILITY_CALLS):
        started = time.perf_counter()
        selectors.workspace_availability(workspace, today, AVAILABILITY_DAYS)
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()

    # The bookings query as the selector writes it, and the database's plan for it.
    window_start = datetime.datetime.combine(today, datetime.time.min, tzinfo=workspace.zone)
    window_end = window_start + datetime.timedelta(days=AVAILABILITY_DAYS)
    bookings = Booking.objects.filter(
        resource__in=resources,
        status__in=HOLDING_STATUSES,
        starts_at__lt=window_end,
        ends_at__gt=window_start,
    ).values_list("resource_id", "starts_at", "ends_at", "seats", "is_block")
    plan = bookings.explain()
    return {
        "workspace": workspace.slug,
        "resources": len(resources),
        "bookings_of_workspace": Booking.objects.filter(resource__workspace=workspace).count(),
        "bookings_in_window": bookings.count(),
        "bookings_total": Booking.objects.count(),
        "free_seats_today": [r.days[0].free_seats for r in result],
        "counts": counts,
        "queries": len(sql),
        "sql": sql,
        "plan": plan,
        "calls": len(timings),
        "median_ms": statistics.median(timings),
        "p95_ms": timings[int(0.95 * (len(timings) - 1))],
        "min_ms": timings[0],
        "max_ms": timings[-1],
    }


def child_pages() -> list[dict]:
    """Queries and in-process time per request, with a dummy cache (every request computed)."""
    import django

    django.setup()
    paths = query_paths(os.environ["BENCH_MEASURED"], int(os.environ["BENCH_WORKSPACES"]))
    return profile_requests(paths, RENDERS)


CHILDREN = {"populate": child_populate, "availability": child_availability, "pages": child_pages}


# ---------------------------------------------------------------------------------------------
# Reports
# ---------------------------------------------------------------------------------------------


def populate_table(title: str, result: dict, process_s: float) -> str:
    rate = result["bookings"] / result["bookings_s"] if result["bookings_s"] else 0
    return "\n".join(
        [
            title,
            f"{result['workspaces']:,} workspaces, {result['resources']:,} resources, "
            f"{result['opening_hours']:,} opening-hours rows, {result['users']:,} users: "
            f"{result['setup_s']:.1f} s",
            f"{result['bookings']:,} bookings: {result['bookings_s']:.1f} s ({rate:,.0f} rows/s)",
            f"whole process (Python start-up and django.setup included): {process_s:.1f} s",
        ]
    )


def availability_table(title: str, r: dict, show_plan: bool) -> tuple[str, bool]:
    constant = len(set(r["counts"].values())) == 1 and r["queries"] in r["counts"].values()
    fast = r["median_ms"] < MAX_MEDIAN_MS
    lines = [
        title,
        f"workspace {r['workspace']}: {r['resources']} resources, "
        f"{r['bookings_of_workspace']:,} bookings ({r['bookings_in_window']} holding seats in the "
        f"{AVAILABILITY_DAYS} days), {r['bookings_total']:,} bookings in all",
        f"{'calls':>5}  {'median ms':>9}  {'p95 ms':>6}  {'min ms':>6}  {'max ms':>6}  "
        f"{'queries':>7}  result",
        f"{r['calls']:>5}  {r['median_ms']:>9.2f}  {r['p95_ms']:>6.2f}  {r['min_ms']:>6.2f}  "
        f"{r['max_ms']:>6.2f}  {r['queries']:>7}  {'PASS' if fast and constant else 'FAIL'}",
        f"queries per call on 20 workspaces: {sorted(set(r['counts'].values()))} "
        f"({'constant' if constant else 'NOT CONSTANT'}); target: median < {MAX_MEDIAN_MS:.0f} ms",
        "plan of the bookings query:",
        *[f"  {line}" for line in r["plan"].splitlines()],
    ]
    if show_plan:
        lines += ["queries:", *[f"  {sql}" for sql in r["sql"]]]
    return "\n".join(lines), fast and constant


def pages_table(title: str, results: list[dict]) -> str:
    width = max(len(r["path"]) for r in results)
    lines = [title, f"{'path':<{width}}  status  queries  db ms  total ms     bytes"]
    for r in results:
        lines.append(
            f"{r['path']:<{width}}  {r['status']:>6}  {r['queries']:>7}  {r['db_ms']:>5.1f}  "
            f"{r['render_ms']:>8.1f}  {r['bytes']:>8,}"
        )
    lines.append(f"(total ms: median of {RENDERS} in-process requests with no page cache)")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    add_common_arguments(parser)
    parser.add_argument("--workspaces", type=int, default=1_000)
    parser.add_argument("--bookings", type=int, default=1_000_000)
    parser.add_argument("--users", type=int, default=2_000)
    parser.add_argument("--no-serving", action="store_true", help="skip the wrk measurements")
    parser.add_argument("--show-sql", action="store_true", help="print the availability queries")
    parser.add_argument("--child", choices=CHILDREN, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child:
        print(json.dumps(CHILDREN[arguments.child](), default=str))
        return 0

    databases, load, workers, extra_env = options(arguments)
    exit_cleanly_on_sigterm()
    sizes = {
        "BENCH_WORKSPACES": str(arguments.workspaces),
        "BENCH_BOOKINGS": str(arguments.bookings),
        "BENCH_USERS": str(arguments.users),
        "BENCH_MEASURED": measured_slug(arguments.workspaces),
    }
    passed = True
    for database in databases:
        with workdir(f"bench-bookings-scale-{database}-") as directory:
            print(f"[{database}] fresh database, migrate, default territories", flush=True)
            site = fresh_site(database, directory, **extra_env)
            prepare(site, default_territories=True)
            print(f"[{database}] writing the workspaces and {arguments.bookings:,} bookings")
            result, process_s = in_child(__file__, site, "populate", env=sizes)
            print()
            print(populate_table(f"== bookings at scale: data, {database} ==", result, process_s))
            print(f"[{database}] {analyze(site)}", flush=True)

            availability, _ = in_child(__file__, site, "availability", env=sizes)
            text, ok = availability_table(
                f"== availability of one workspace over {AVAILABILITY_DAYS} days, in-process "
                f"(selectors.workspace_availability), {database} ==",
                availability,
                arguments.show_sql,
            )
            passed &= ok
            print()
            print(text, flush=True)

            pages, _ = in_child(__file__, site, "pages", env={**sizes, **NO_PAGE_CACHE})
            print()
            print(pages_table(f"== queries and time per request, {database} ==", pages))
            print(flush=True)

            if not arguments.no_serving:
                cache = "page cache off" if extra_env else "page cache on"
                title = (
                    f"== serving {arguments.workspaces:,} workspaces / {arguments.bookings:,} "
                    f"bookings, {database}, {workers}, wrk -t{load.threads} -c{load.connections} "
                    f"-d{load.duration}s, {cache} =="
                )
                passed &= serve_and_measure(
                    site, serving_paths(sizes["BENCH_MEASURED"]), load, workers, title
                )
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
