"""Two server processes on one PostgreSQL database and one Redis cache, as production runs them.

A booking made through one server is visible at once in the other's availability page and API:
the cached pages' versions live in the shared cache, not in each process. The servers get a
PostgreSQL database of the test's own (whatever database the rest of the suite runs on) and a
Redis database given by TWO_SERVERS_CACHE_URL (production-like: redis://127.0.0.1:6379/13).
"""

import datetime
import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import redis

REPO = Path(__file__).resolve().parents[2]
CACHE_URL = os.environ.get("TWO_SERVERS_CACHE_URL", "redis://127.0.0.1:6379/13")
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/postgres"

SEED = """
import datetime, json, django
django.setup()
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from tests.factories import CommuneFactory, TerritoryFactory, UserFactory
from tests.workspaces.factories import ResourceFactory, WorkspaceFactory, open_all_week

commune = CommuneFactory(territory=TerritoryFactory(slug="two-servers"))
workspace = WorkspaceFactory(slug="shared-desk", commune=commune)
open_all_week(workspace)
resource = ResourceFactory(workspace=workspace, capacity=3, max_days_ahead=60)
user = UserFactory(email="booker@example.org")
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
print(json.dumps({"resource": resource.pk, "session": session.session_key}))
"""


def _postgres_base() -> str:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else DEFAULT_PG


def _unavailable(reason: str):
    # CI runs the suite with both services: a missing one is a failure there, never a skip.
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture
def postgres_url():
    import psycopg

    base = urlsplit(_postgres_base())
    admin = base._replace(path="/postgres").geturl()
    name = f"alpsat_two_servers_{secrets.token_hex(4)}"
    try:
        with psycopg.connect(admin, autocommit=True, connect_timeout=5) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as error:
        _unavailable(f"needs PostgreSQL at {base.hostname}:{base.port or 5432}: {error}")
    yield base._replace(path=f"/{name}").geturl()
    with psycopg.connect(admin, autocommit=True, connect_timeout=5) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def shared_cache_url():
    prefix = f"two-servers-{secrets.token_hex(4)}"
    client = redis.Redis.from_url(CACHE_URL, socket_connect_timeout=5)
    try:
        client.ping()
    except redis.RedisError as error:
        _unavailable(f"needs Redis at {CACHE_URL}: {error}")
    yield f"{CACHE_URL}?key_prefix={prefix}"
    keys = list(client.scan_iter(match=f"{prefix}:*"))
    if keys:
        client.delete(*keys)
    client.close()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str, **headers) -> tuple[int, str]:
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 (http only)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def _wait_until_serving(base: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"server stopped: {process.stderr.read()}")
        try:
            _get(f"{base}/api/v1/territories/")
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{base} did not answer within 60 s")


@pytest.fixture
def two_servers(tmp_path, postgres_url, shared_cache_url):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="alpsatellites.settings.base",
        DATABASE_URL=postgres_url,
        CACHE_URL=shared_cache_url,
        ALPSATELLITES_DATA_DIR=str(tmp_path),
        PYTHONPATH=str(REPO),
    )
    run = {"env": env, "cwd": REPO, "capture_output": True, "text": True, "timeout": 300}
    migrated = subprocess.run([sys.executable, "-m", "alpsatellites", "migrate", "-v0"], **run)
    assert migrated.returncode == 0, migrated.stderr
    seeded = subprocess.run([sys.executable, "-c", SEED], **run)
    assert seeded.returncode == 0, seeded.stderr
    servers, processes = [], []
    try:
        for _ in range(2):
            port = _free_port()
            command = [sys.executable, "-m", "gunicorn", "-w", "1", "-b", f"127.0.0.1:{port}"]
            process = subprocess.Popen(
                [*command, "alpsatellites.wsgi:application"],
                env=env,
                cwd=REPO,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
            processes.append(process)
            servers.append(f"http://127.0.0.1:{port}")
        for base, process in zip(servers, processes, strict=True):
            _wait_until_serving(base, process)
        yield servers, json.loads(seeded.stdout)
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=30)
            process.stderr.close()


def _free_seats(base: str, day: datetime.date) -> int:
    status, body = _get(f"{base}/api/v1/workspaces/shared-desk/availability/?from={day}&days=1")
    assert status == 200, body
    (resource,) = json.loads(body)["resources"]
    (availability,) = resource["days"]
    return availability["free_seats"]


def test_a_booking_through_one_server_is_seen_at_once_by_the_other(two_servers):
    (first, second), seed = two_servers
    day = datetime.date.today() + datetime.timedelta(days=2)
    page = f"{second}/en/workspaces/shared-desk/"
    # The second server caches both before the booking (asked twice: the second is a cache hit).
    for _ in range(2):
        assert _free_seats(second, day) == 3
        status, page_before = _get(page)
        assert status == 200

    csrf = secrets.token_hex(16)
    booking = json.dumps(
        {
            "resource": seed["resource"],
            "starts_at": f"{day}T10:00:00+00:00",
            "ends_at": f"{day}T12:00:00+00:00",
            "seats": 2,
        }
    ).encode()
    request = urllib.request.Request(  # noqa: S310 (http only)
        f"{first}/api/v1/bookings/",
        data=booking,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "Cookie": f"sessionid={seed['session']}; csrftoken={csrf}",
            "X-CSRFToken": csrf,
        },
    )
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        assert response.status == 201

    assert _free_seats(second, day) == 1
    status, page_after = _get(page)
    assert status == 200
    assert page_after != page_before
