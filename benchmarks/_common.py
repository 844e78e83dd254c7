"""Shared helpers of the benchmark scripts: fresh databases, production settings, gunicorn, wrk.

Everything runs against this machine only (127.0.0.1) and every measurement is bounded in time.
"""

import contextlib
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import string
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from _cpu import CpuAccount, wait_for_quiet

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
POSTGRES = {"host": "127.0.0.1", "port": 5432, "user": "postgres", "database": "bench_alpsat"}
REDIS_URL = "redis://127.0.0.1:6379/1"
# Every request computed: production settings refuse a cache of the process's own (a dummy cache
# included), so the shared cache stays and pages are kept for 0 s, i.e. never.
NO_PAGE_CACHE = {"CACHE_URL": REDIS_URL, "PUBLIC_PAGE_CACHE_SECONDS": "0"}
HTTPS = {"X-Forwarded-Proto": "https"}  # production settings redirect plain HTTP to HTTPS

# Targets, as a share of the ceiling (/__hello__) and an absolute tail latency.
MIN_SHARE_OF_CEILING = 0.40
MAX_P99_MS = 100.0


# ---------------------------------------------------------------------------------------------
# Settings and databases
# ---------------------------------------------------------------------------------------------


@dataclass
class Site:
    """A fresh database and the production environment that points the project at it."""

    database: str  # "sqlite" or "postgres"
    workdir: Path
    env: dict[str, str] = field(default_factory=dict)


def random_secret(length: int = 60) -> str:
    alphabet = string.ascii_letters + string.digits
    return "".join(secrets.choice(alphabet) for _ in range(length))


def _postgres_recreate() -> None:
    import psycopg

    options = {k: v for k, v in POSTGRES.items() if k != "database"}
    with psycopg.connect(dbname="postgres", autocommit=True, **options) as connection:
        name = POSTGRES["database"]
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def _redis_forget() -> None:
    """Drop the project's keys from the benchmark's Redis database so no page survives a run."""
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    keys = list(client.scan_iter(match=":1:*", count=1000))
    if keys:
        client.delete(*keys)
    client.close()


def fresh_site(database: str, workdir: Path, **extra_env: str) -> Site:
    """An empty database (SQLite file in `workdir`, or PostgreSQL `bench_alpsat` recreated)."""
    if database == "sqlite":
        database_url = f"sqlite:///{workdir / 'db.sqlite3'}"
        # Production settings insist on a shared cache, whatever the database.
        _redis_forget()
        cache_url = REDIS_URL
    elif database == "postgres":
        _postgres_recreate()
        _redis_forget()
        p = POSTGRES
        database_url = f"postgres://{p['user']}@{p['host']}:{p['port']}/{p['database']}"
        cache_url = REDIS_URL
    else:
        raise ValueError(f"unknown database {database!r}")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "alpsatellites.settings.production",
        "SECRET_KEY": random_secret(),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": database_url,
        "EMAIL_URL": "consolemail://",
        "CACHE_URL": cache_url,
        "STATIC_ROOT": str(workdir / "static"),
        "MEDIA_ROOT": str(workdir / "media"),
        "ALPSATELLITES_DATA_DIR": str(workdir),
        "ALPSATELLITES_BENCHMARK_HELLO": "true",
        "LOG_LEVEL": "WARNING",
        **extra_env,
    }
    return Site(database=database, workdir=workdir, env=env)


def analyze(site: Site) -> str:
    """Refresh the planner's statistics, as PostgreSQL's autovacuum does on its own in production.

    Returns a note on the server's autovacuum setting (it is off on some development servers,
    and then the statistics of a freshly imported table stay empty).
    """
    if site.database == "postgres":
        import psycopg

        options = {k: v for k, v in POSTGRES.items() if k != "database"}
        with psycopg.connect(dbname=POSTGRES["database"], autocommit=True, **options) as connection:
            autovacuum = connection.execute("SHOW autovacuum").fetchone()[0]
            connection.execute("VACUUM ANALYZE")
        return f"VACUUM ANALYZE done (the server's autovacuum is {autovacuum})"
    python(site, "from django.db import connection\nconnection.cursor().execute('ANALYZE')\n")
    return "ANALYZE done"


def postgres_autovacuum() -> str:
    import psycopg

    options = {k: v for k, v in POSTGRES.items() if k != "database"}
    with psycopg.connect(dbname="postgres", **options) as connection:
        return connection.execute("SHOW autovacuum").fetchone()[0]


def manage(site: Site, *args: str, env: dict | None = None) -> str:
    """Run `alpsatellites <args>` with the site's production environment; its stdout."""
    return run([PYTHON, "-m", "alpsatellites", *args], site, env=env)


def python(site: Site, code: str, env: dict | None = None) -> str:
    """Run Python code in a fresh interpreter after django.setup(); its stdout."""
    prelude = "import django\ndjango.setup()\n"
    return run([PYTHON, "-c", prelude + code], site, env=env)


def run(command: list[str], site: Site, env: dict | None = None, timeout: float = 900) -> str:
    result = subprocess.run(
        command,
        cwd=site.workdir,
        env={**site.env, **(env or {})},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise RuntimeError(f"{' '.join(command[:4])}… failed with exit code {result.returncode}")
    return result.stdout


def prepare(site: Site, *, default_territories: bool = True) -> None:
    """What a deployment does: schema, collected static files, then (optionally) the data."""
    manage(site, "migrate", "--noinput", "--verbosity", "0")
    manage(site, "collectstatic", "--noinput", "--verbosity", "0")
    manage(site, "build_translations", "--verbosity", "0")
    if default_territories:
        python(
            site,
            "from alpsatellites.setup.demo import load_default_territories\n"
            "load_default_territories(print)\n",
        )


@contextlib.contextmanager
def workdir(prefix: str) -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


# ---------------------------------------------------------------------------------------------
# gunicorn
# ---------------------------------------------------------------------------------------------


@dataclass
class Workers:
    """gunicorn's worker configuration: on 2 cores, 3 sync workers (2 x cores - 1) by default."""

    count: int = 3
    kind: str = "sync"
    threads: int = 1

    def arguments(self) -> list[str]:
        arguments = ["--workers", str(self.count), "--worker-class", self.kind]
        if self.kind == "gthread":
            arguments += ["--threads", str(self.threads)]
        return arguments

    def __str__(self) -> str:
        threads = f" x {self.threads} threads" if self.kind == "gthread" else ""
        return f"gunicorn {self.count} {self.kind} workers{threads}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """gunicorn serving the site on 127.0.0.1; stopped (with its workers) on exit."""

    def __init__(self, site: Site, workers: Workers):
        self.site = site
        self.workers = workers
        self.port = free_port()
        self.process: subprocess.Popen | None = None
        self.log = site.workdir / f"gunicorn-{self.port}.log"

    @property
    def process_group(self) -> int | None:
        return self.process.pid if self.process else None  # started in a session of its own

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> "Server":
        command = [
            PYTHON, "-m", "gunicorn", "alpsatellites.wsgi:application",
            "--bind", f"127.0.0.1:{self.port}", *self.workers.arguments(),
            "--timeout", "60", "--graceful-timeout", "5",
        ]  # fmt: skip
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                command,
                cwd=self.site.workdir,
                env=self.site.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: workers are stopped with it
            )
        try:
            self._wait_healthy()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def _wait_healthy(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited early:\n{self.log.read_text()[-3000:]}")
            with contextlib.suppress(OSError):
                if fetch(self.base_url + "/healthz", timeout=2)[0] == 200:
                    return
            time.sleep(0.2)
        raise RuntimeError(
            f"gunicorn not healthy after {timeout} s:\n{self.log.read_text()[-3000:]}"
        )

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.terminate()  # the master stops its workers
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)  # the group started above, nothing else
            process.wait(timeout=5)


def exit_cleanly_on_sigterm() -> None:
    """Turn SIGTERM into an exception so that `finally` blocks stop gunicorn."""

    def handler(signum, frame):
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, handler)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def fetch(url: str, headers: dict | None = None, timeout: float = 30) -> tuple[int, bytes]:
    """GET without following redirects: (status, body). A 3xx is reported, not followed."""
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 (127.0.0.1 only)
    try:
        with _opener.open(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


# ---------------------------------------------------------------------------------------------
# wrk
# ---------------------------------------------------------------------------------------------


@dataclass
class Load:
    duration: int = 10
    connections: int = 32
    threads: int = 2
    attempts: int = 3  # runs disturbed by other processes are repeated, up to this many in all
    max_background: float = 0.10


@dataclass
class Measure:
    path: str
    status: int  # of a single request before the load (wrk does not count 3xx as errors)
    requests: int = 0
    requests_per_second: float = 0.0
    p50_ms: float = 0.0
    p99_ms: float = 0.0
    non_2xx_3xx: int = 0
    socket_errors: dict[str, int] = field(default_factory=dict)
    background_cpu: float = 0.0  # share of the CPU other processes used during the run
    raw: str = ""

    @property
    def errors(self) -> list[str]:
        problems = []
        if not 200 <= self.status < 300:
            problems.append(f"status {self.status}")
        if self.non_2xx_3xx:
            problems.append(f"{self.non_2xx_3xx} non-2xx/3xx")
        problems += [f"{n} {kind} errors" for kind, n in self.socket_errors.items() if n]
        return problems


_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(value: str, unit: str) -> float:
    return float(value) * _UNITS_MS[unit]


def parse_wrk(path: str, status: int, output: str) -> Measure:
    measure = Measure(path=path, status=status, raw=output)
    if found := re.search(r"Requests/sec:\s+([\d.]+)", output):
        measure.requests_per_second = float(found.group(1))
    if found := re.search(r"(\d+) requests in", output):
        measure.requests = int(found.group(1))
    for percentile, attribute in (("50", "p50_ms"), ("99", "p99_ms")):
        if found := re.search(rf"^\s+{percentile}%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.M):
            setattr(measure, attribute, _ms(*found.groups()))
    if found := re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output):
        measure.non_2xx_3xx = int(found.group(1))
    if found := re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    ):
        measure.socket_errors = dict(
            zip(("connect", "read", "write", "timeout"), map(int, found.groups()), strict=True)
        )
    return measure


def wrk(server: Server, path: str, load: Load, log=print) -> Measure:
    """One wrk run on `path`, repeated (up to `load.attempts` times in all) while other
    processes took more than `load.max_background` of the CPU: the least disturbed run is kept."""
    url = server.base_url + path
    status, _body = fetch(url, headers=HTTPS)  # also warms the page cache, as traffic would
    command = [
        "wrk", f"-t{load.threads}", f"-c{load.connections}", f"-d{load.duration}s", "--latency",
        "-H", "X-Forwarded-Proto: https", url,
    ]  # fmt: skip
    best = None
    for attempt in range(load.attempts):
        wait_for_quiet(patience=60, process_group=server.process_group, log=log)
        account = CpuAccount(server.process_group)
        account.start()
        result = subprocess.run(
            command, capture_output=True, text=True, timeout=load.duration + 60, check=False
        )
        background = account.stop()
        if result.returncode != 0:
            raise RuntimeError(f"wrk failed: {result.stderr}")
        measure = parse_wrk(path, status, result.stdout)
        measure.background_cpu = background
        if best is None or measure.background_cpu < best.background_cpu:
            best = measure
        if background <= load.max_background:
            break
        if attempt + 1 < load.attempts:
            log(f"    {background:.0%} CPU taken by other processes during the run: again")
    return best


# ---------------------------------------------------------------------------------------------
# Reporting
# ---------------------------------------------------------------------------------------------


def ceiling_rate(ceilings: list[Measure]) -> float:
    """The reference req/s: the mean of the /__hello__ runs (one before the URLs, one after)."""
    return statistics.fmean(m.requests_per_second for m in ceilings) if ceilings else 0.0


def verdict(measure: Measure, ceilings: list[Measure]) -> tuple[float, bool]:
    rate = ceiling_rate(ceilings)
    share = measure.requests_per_second / rate if rate else 0.0
    passed = (
        not measure.errors
        and measure.requests_per_second > 0
        and share >= MIN_SHARE_OF_CEILING
        and measure.p99_ms < MAX_P99_MS
    )
    return share, passed


def table(title: str, ceilings: list[Measure], measures: list[Measure]) -> str:
    header = ("url", "req/s", "p50 ms", "p99 ms", "% ceiling", "errors", "bg cpu", "result")
    rows = []
    labels = ["(ceiling, first)", "(ceiling, last)"]
    for index, measure in enumerate([*ceilings, *measures]):
        share, passed = verdict(measure, ceilings)
        path = measure.path
        if index < len(ceilings):
            path = f"{path} {labels[index] if index < len(labels) else '(ceiling)'}"
            result = "FAIL" if measure.errors else "-"
        else:
            result = "PASS" if passed else "FAIL"
        rows.append(
            (
                path,
                f"{measure.requests_per_second:,.0f}",
                f"{measure.p50_ms:.1f}",
                f"{measure.p99_ms:.1f}",
                f"{share:.0%}",
                ", ".join(measure.errors) or "0",
                f"{measure.background_cpu:.0%}",
                result,
            )
        )
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    align = ["<", ">", ">", ">", ">", ">", ">", "<"]

    def line(cells) -> str:
        return "  ".join(f"{c:{a}{w}}" for c, a, w in zip(cells, align, widths, strict=True))

    lines = [title, line(header), "  ".join("-" * w for w in widths)]
    lines += [line(row) for row in rows]
    notes = (
        f"ceiling = mean of the /__hello__ runs = {ceiling_rate(ceilings):,.0f} req/s. "
        f"target: >= {MIN_SHARE_OF_CEILING:.0%} of it and p99 < {MAX_P99_MS:.0f} ms, no error.\n"
        "bg cpu: share of the CPU used during the run by processes other than gunicorn, wrk, "
        "PostgreSQL and Redis"
    )
    return "\n".join([*lines, notes])


def measure_paths(
    server: Server, paths: list[str], load: Load, log=print
) -> tuple[list[Measure], list[Measure]]:
    """The ceiling (/__hello__), each path, the ceiling again: the machine drifts."""
    ceilings, measures = [], []
    log(f"  wrk {load.duration}s -c{load.connections} /__hello__ (ceiling)")
    ceilings.append(wrk(server, "/__hello__", load, log))
    for path in paths:
        log(f"  wrk {load.duration}s -c{load.connections} {path}")
        measures.append(wrk(server, path, load, log))
    log(f"  wrk {load.duration}s -c{load.connections} /__hello__ (ceiling, again)")
    ceilings.append(wrk(server, "/__hello__", load, log))
    return ceilings, measures


# ---------------------------------------------------------------------------------------------
# In-process measurements, run in a child process of the benchmark script
# ---------------------------------------------------------------------------------------------


def in_child(script: str, site: Site, name: str, env: dict | None = None):
    """Run `script --child name` against `site`; returns (its last JSON line, seconds)."""
    import json

    started = time.perf_counter()
    output = run([PYTHON, str(Path(script).resolve()), "--child", name], site, env=env)
    return json.loads(output.strip().splitlines()[-1]), time.perf_counter() - started


def timings_ms(call: Callable[[], object], runs: int) -> dict[str, float]:
    """Wall-clock and CPU milliseconds of `runs` calls in this process: medians and 95th
    percentiles (the in-process benchmarks: commune page, officer inbox, welcome dashboard)."""
    wall, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        call()
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    wall.sort()
    cpu.sort()
    return {
        "median_ms": statistics.median(wall),
        "p95_ms": wall[int(0.95 * (len(wall) - 1))],
        "cpu_median_ms": statistics.median(cpu),
        "cpu_p95_ms": cpu[int(0.95 * (len(cpu) - 1))],
    }


def page_figures(client, path: str, runs: int) -> dict:
    """One page through Django's test client (in a child process set up for Django): the first
    request's status, size and query count, then the timings of `runs` more."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, secure=True)
    return {
        "status": response.status_code,
        "bytes": len(response.content),
        "queries": len(captured.captured_queries),
        **timings_ms(lambda: client.get(path, secure=True), runs),
    }


def profile_requests(paths: list[str], renders: int = 10, with_sql: bool = False) -> list[dict]:
    """Queries and median in-process time of each path (Django set up by the caller's child)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(SERVER_NAME="localhost")
    results = []
    for path in paths:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path, secure=True)
        queries = list(captured.captured_queries)  # before the next request resets the log
        timings = []
        for _ in range(renders):
            started = time.perf_counter()
            client.get(path, secure=True)
            timings.append(time.perf_counter() - started)
        result = {
            "path": path,
            "status": response.status_code,
            "bytes": len(response.content),
            "queries": len(queries),
            "db_ms": sum(float(q["time"]) for q in queries) * 1000,
            "render_ms": statistics.median(timings) * 1000,
        }
        if with_sql:
            result["sql"] = [f"[{float(q['time']) * 1000:.1f} ms] {q['sql']}" for q in queries]
        results.append(result)
    return results
