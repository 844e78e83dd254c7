"""Contention benchmark: 50 clients book the same hot-desk slot of capacity 10 at the same instant.

For each database, a fresh site (production settings) served by gunicorn on 127.0.0.1; one
workspace open all day every day with a hot desk of capacity 10; 50 users. Each round, 50
threads wait at a barrier, then each POSTs the same slot to /api/v1/bookings/. Exactly 10 must
be confirmed (201), 40 refused as full (409, code "full"), none a server error; the database
must then hold exactly 10 seats on the slot. See benchmarks/README.md.

    python benchmarks/bookings_contention.py --db both
    python benchmarks/bookings_contention.py --db postgres --auth session --rounds 5
"""

import argparse
import collections
import datetime
import json
import secrets
import statistics
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _common
from _common import (
    HTTPS,
    Server,
    Workers,
    exit_cleanly_on_sigterm,
    fresh_site,
    prepare,
    python,
    workdir,
)

BENCH_DIR = Path(__file__).resolve().parent
# A database of its own: serving.py and import_scale.py recreate `bench_alpsat`.
_common.POSTGRES["database"] = "bench_alpsat_bookings"

DATABASES = ("sqlite", "postgres")
WORKSPACE_SLUG = "bench-contention"
TERRITORY, COMMUNE = "grand-brianconnais", "05023"  # Briançon, from the default territories
EMAIL = "bench-{n:03d}@example.org"
PARIS = ZoneInfo("Europe/Paris")
REQUEST_TIMEOUT = 180  # seconds


# ---------------------------------------------------------------------------------------------
# Inside the site (run by `python(site, ...)` after django.setup())
# ---------------------------------------------------------------------------------------------


def setup_inside(users: int, capacity: int, password: str, sessions: bool) -> None:
    """One workspace open all day every day, a hot desk of `capacity`, `users` people.

    Prints JSON: the resource id and, per person, a signed-in session key (with `sessions`) or
    a personal API token.
    """
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.hashers import make_password
    from django.contrib.sessions.backends.db import SessionStore

    from alpsatellites.accounts.models import User
    from alpsatellites.accounts.tokens import api_token_create
    from alpsatellites.territories.models import Commune
    from alpsatellites.workspaces.models import (
        OpeningHours,
        Resource,
        ResourceKind,
        Workspace,
        WorkspaceKind,
    )

    commune = Commune.objects.get(territory__slug=TERRITORY, code=COMMUNE)
    workspace = Workspace.objects.create(
        territory=commune.territory,
        commune=commune,
        slug=WORKSPACE_SLUG,
        name="Bench contention",
        kind=WorkspaceKind.COWORKING,
    )
    OpeningHours.objects.bulk_create(
        OpeningHours(
            workspace=workspace,
            weekday=weekday,
            opens=datetime.time(0, 0),
            closes=datetime.time(23, 59),
        )
        for weekday in range(7)
    )
    resource = Resource.objects.create(
        workspace=workspace,
        kind=ResourceKind.HOT_DESK,
        name="Hot desks",
        capacity=capacity,
        price_day=20,
    )
    # One hash for everyone: hashing 50 passwords one by one would take a minute.
    encoded = make_password(password)
    people = User.objects.bulk_create(
        User(email=EMAIL.format(n=n), name=f"Bench {n}", password=encoded) for n in range(users)
    )
    keys, tokens = [], []
    if not sessions:
        tokens = [api_token_create(user=person, name="bench")[1] for person in people]
    if sessions:
        for person in people:
            session = SessionStore()
            session[SESSION_KEY] = str(person.pk)
            session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
            session[HASH_SESSION_KEY] = person.get_session_auth_hash()
            session.create()
            keys.append(session.session_key)
    print(json.dumps({"resource": resource.pk, "sessions": keys, "tokens": tokens}))


def verify_inside(resource_id: int, starts_at: str, ends_at: str) -> None:
    """Prints JSON: the bookings that hold seats on the slot, and the seats they hold."""
    from django.db.models import Count, Sum

    from alpsatellites.workspaces.models import HOLDING_STATUSES, Booking

    start, end = (
        datetime.datetime.fromisoformat(starts_at),
        datetime.datetime.fromisoformat(ends_at),
    )
    holding = Booking.objects.filter(
        resource_id=resource_id, status__in=HOLDING_STATUSES, starts_at__lt=end, ends_at__gt=start
    )
    totals = holding.aggregate(
        bookings=Count("id"), seats=Sum("seats"), people=Count("user", distinct=True)
    )
    print(json.dumps({**totals, "seats": totals["seats"] or 0}))


def inside(site, call: str) -> dict:
    code = f"import sys\nsys.path.insert(0, {str(BENCH_DIR)!r})\nimport bookings_contention\n"
    output = python(site, code + f"bookings_contention.{call}\n")
    return json.loads(output.strip().splitlines()[-1])


# ---------------------------------------------------------------------------------------------
# The clients
# ---------------------------------------------------------------------------------------------


@dataclass
class Answer:
    status: int  # 0: no HTTP answer (connection error, timeout)
    body: dict | None
    seconds: float
    problem: str = ""


class Client:
    """One person's credentials: a personal API token, or a signed-in session with its CSRF
    token."""

    def __init__(self, base_url: str, token: str | None, session_key: str | None):
        self.base_url = base_url
        self.headers = {**HTTPS, "Accept": "application/json", "Accept-Language": "en"}
        if session_key is None:
            self.headers["Authorization"] = f"Token {token}"
        else:
            csrf = secrets.token_hex(16)  # 32 characters: an unmasked CSRF secret
            self.headers["Cookie"] = f"sessionid={session_key}; csrftoken={csrf}"
            self.headers["X-CSRFToken"] = csrf
            # An HTTPS request (X-Forwarded-Proto) must come from the site's own origin.
            self.headers["Origin"] = "https://" + base_url.removeprefix("http://")

    def post(self, path: str, payload: dict) -> Answer:
        request = urllib.request.Request(  # noqa: S310 (127.0.0.1 only)
            self.base_url + path,
            data=json.dumps(payload).encode(),
            headers={**self.headers, "Content-Type": "application/json"},
            method="POST",
        )
        return self._send(request)

    def get(self, path: str) -> Answer:
        request = urllib.request.Request(self.base_url + path, headers=self.headers)  # noqa: S310
        return self._send(request)

    def _send(self, request) -> Answer:
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=REQUEST_TIMEOUT) as response:  # noqa: S310
                status, raw = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, raw = error.code, error.read()
        except OSError as error:  # refused, reset, timed out
            return Answer(0, None, time.perf_counter() - started, repr(error))
        seconds = time.perf_counter() - started
        try:
            body = json.loads(raw)
        except ValueError:
            return Answer(status, None, seconds, f"not JSON: {raw[:200]!r}")
        return Answer(status, body, seconds)


def contend(clients: list[Client], payload_for) -> tuple[list[Answer], float]:
    """Every client POSTs at once (a barrier releases them together); the answers and the time
    from the release to the last answer."""
    barrier = threading.Barrier(len(clients) + 1)

    def one(index: int) -> Answer:
        payload = payload_for(index)
        barrier.wait()
        return clients[index].post("/api/v1/bookings/", payload)

    with ThreadPoolExecutor(max_workers=len(clients)) as pool:
        futures = [pool.submit(one, index) for index in range(len(clients))]
        barrier.wait()  # everyone is ready: go
        released = time.perf_counter()
        answers = [future.result() for future in futures]
    return answers, time.perf_counter() - released


# ---------------------------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------------------------


@dataclass
class Round:
    slot: str
    answers: list[Answer]
    seconds: float
    in_db: dict

    @property
    def confirmed(self) -> list[Answer]:
        return [a for a in self.answers if a.status == 201]

    @property
    def full(self) -> list[Answer]:
        return [
            a
            for a in self.answers
            if a.status == 409 and a.body and a.body.get("error", {}).get("code") == "full"
        ]

    @property
    def server_errors(self) -> list[Answer]:
        return [a for a in self.answers if a.status == 0 or a.status >= 500]

    @property
    def others(self) -> list[Answer]:
        counted = {id(a) for a in self.confirmed + self.full + self.server_errors}
        return [a for a in self.answers if id(a) not in counted]

    def passed(self, capacity: int) -> bool:
        clear = all(a.body["error"].get("message") for a in self.full)
        return (
            len(self.confirmed) == capacity
            and len(self.full) == len(self.answers) - capacity
            and not self.server_errors
            and not self.others
            and clear
            and self.in_db["bookings"] == capacity
            and self.in_db["seats"] == capacity
        )


def _ms(values: list[float], quantile: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return 1000 * ordered[min(len(ordered) - 1, round(quantile * (len(ordered) - 1)))]


def report(title: str, rounds: list[Round], capacity: int) -> str:
    header = (
        "round", "slot (Europe/Paris)", "confirmed", "full", "other", "5xx/err", "time s",
        "req/s", "bookings/s", "p50 ms", "max ms", "in DB", "result",
    )  # fmt: skip
    rows = []
    for number, r in enumerate(rounds, 1):
        latencies = [a.seconds for a in r.answers]
        rows.append(
            (
                str(number),
                r.slot,
                str(len(r.confirmed)),
                str(len(r.full)),
                str(len(r.others)),
                str(len(r.server_errors)),
                f"{r.seconds:.2f}",
                f"{len(r.answers) / r.seconds:.1f}",
                f"{len(r.confirmed) / r.seconds:.1f}",
                f"{statistics.median(latencies) * 1000:.0f}",
                f"{max(latencies) * 1000:.0f}",
                f"{r.in_db['bookings']} ({r.in_db['seats']} seats)",
                "PASS" if r.passed(capacity) else "FAIL",
            )
        )
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    align = ["<", "<", ">", ">", ">", ">", ">", ">", ">", ">", ">", ">", "<"]

    def line(cells) -> str:
        return "  ".join(f"{c:{a}{w}}" for c, a, w in zip(cells, align, widths, strict=True))

    lines = [title, line(header), "  ".join("-" * w for w in widths), *map(line, rows)]
    messages = collections.Counter()
    for r in rounds:
        for a in r.full + r.others + r.server_errors:
            error = (a.body or {}).get("error", {})
            messages[(a.status, error.get("code", ""), error.get("message", a.problem))] += 1
    for (status, code, message), count in sorted(messages.items()):
        lines.append(f"  {count:>4} x {status} code={code!r}: {message}")
    lines.append(
        "time s: from the barrier's release to the last answer; req/s = answers / time; "
        "bookings/s = confirmed / time; in DB: bookings holding seats on the slot afterwards"
    )
    return "\n".join(line.rstrip() for line in lines)


# ---------------------------------------------------------------------------------------------


def run_database(database: str, arguments) -> bool:
    with workdir(f"bench-contention-{database}-") as directory:
        print(f"[{database}] fresh database, migrate, default territories", flush=True)
        site = fresh_site(database, directory)
        prepare(site, default_territories=True)
        password = secrets.token_urlsafe(16)
        sessions = arguments.auth == "session"
        print(f"[{database}] {arguments.clients} users, a hot desk of {arguments.capacity}")
        setup = inside(
            site,
            f"setup_inside({arguments.clients}, {arguments.capacity}, {password!r}, {sessions})",
        )
        workers = Workers(arguments.workers, arguments.worker_class, arguments.threads)
        rounds = []
        with Server(site, workers) as server:
            print(f"  {workers} on {server.base_url}", flush=True)
            clients = [
                Client(
                    server.base_url,
                    None if sessions else setup["tokens"][n],
                    setup["sessions"][n] if sessions else None,
                )
                for n in range(arguments.clients)
            ]
            # Warm every worker (imports, URL resolver, connections) and check the credentials.
            for client in clients[: 3 * workers.count]:
                warm = client.get("/api/v1/bookings/")
                if warm.status != 200:
                    raise RuntimeError(f"warm-up GET /api/v1/bookings/: {warm}")
            auth_ms = statistics.median(
                clients[0].get("/api/v1/bookings/").seconds * 1000 for _ in range(5)
            )
            print(
                f"  one GET /api/v1/bookings/ with {arguments.auth} authentication: "
                f"{auth_ms:.0f} ms (median of 5)",
                flush=True,
            )
            for number in range(arguments.rounds):
                day = _tomorrow() + datetime.timedelta(days=number)
                starts_at = f"{day.isoformat()}T09:00:00+{_offset(day)}"
                ends_at = f"{day.isoformat()}T17:00:00+{_offset(day)}"

                def payload(index, starts_at=starts_at, ends_at=ends_at):
                    return {
                        "resource": setup["resource"],
                        "workspace": WORKSPACE_SLUG,
                        "starts_at": starts_at,
                        "ends_at": ends_at,
                        "seats": 1,
                        "request_key": str(uuid.uuid4()),
                    }

                print(f"  round {number + 1}: {len(clients)} clients POST {starts_at}", flush=True)
                answers, seconds = contend(clients, payload)
                in_db = inside(
                    site, f"verify_inside({setup['resource']}, {starts_at!r}, {ends_at!r})"
                )
                rounds.append(Round(f"{day} 09:00-17:00", answers, seconds, in_db))
        title = (
            f"== contention, {database}, {workers}, {arguments.clients} clients, capacity "
            f"{arguments.capacity}, auth {arguments.auth} =="
        )
        print()
        print(report(title, rounds, arguments.capacity), flush=True)
        print()
        return all(r.passed(arguments.capacity) for r in rounds)


def _tomorrow() -> datetime.date:
    return datetime.datetime.now(PARIS).date() + datetime.timedelta(days=1)


def _offset(day: datetime.date) -> str:
    offset = datetime.datetime.combine(day, datetime.time(9), PARIS).utcoffset()
    hours, rest = divmod(int(offset.total_seconds()), 3600)
    return f"{hours:02d}:{rest // 60:02d}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", choices=[*DATABASES, "both"], default="both")
    parser.add_argument("--clients", type=int, default=50, help="concurrent clients (and users)")
    parser.add_argument("--capacity", type=int, default=10, help="seats of the hot desk")
    parser.add_argument("--rounds", type=int, default=1, help="slots fought over, one by one")
    parser.add_argument(
        "--auth",
        choices=["token", "session"],
        default="token",
        help="token: a personal API token in the Authorization header, as a script sends; "
        "session: a signed-in session cookie and its CSRF token, as the browser sends",
    )
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers")
    parser.add_argument("--worker-class", default="gthread", choices=["sync", "gthread"])
    parser.add_argument("--threads", type=int, default=8, help="threads per gthread worker")
    arguments = parser.parse_args()
    exit_cleanly_on_sigterm()
    databases = list(DATABASES) if arguments.db == "both" else [arguments.db]
    passed = True
    for database in databases:
        passed &= run_database(database, arguments)
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
