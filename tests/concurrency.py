"""The machinery of the race tests (seats of a workspace, places of a discovery stay), written once:
threads with their own database connections released together at a barrier, their outcomes
counted, and the same race in a child process on an SQLite file.

Why a child process: the suite's SQLite test database lives in memory with a shared cache, whose
table locks fail at once instead of waiting, so threads cannot share it; the child runs against a
file database with the platform's own embedded settings (WAL, BEGIN IMMEDIATE, busy timeout).
"""

import collections
import json
import os
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[1]


def postgresql_only(sqlite_test: str):
    """Skips a test on any database but PostgreSQL; `sqlite_test` names its SQLite twin."""
    return pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="threads need their own connections to one database: PostgreSQL test database "
        f"only (the SQLite one is in memory; see {sqlite_test})",
    )


def race(
    count: int, attempt: Callable[[int, threading.Barrier], list], refused: type[Exception]
) -> list:
    """Runs attempt(index, barrier) in `count` threads; each waits at the barrier before acting.

    An outcome is what the attempt returns, ["refused", code] for a `refused` exception or
    ["error", repr] for any other (reported, not raised: the test says what went wrong).
    """
    barrier = threading.Barrier(count)
    outcomes: list = [None] * count

    def run(index: int) -> None:
        try:
            outcomes[index] = attempt(index, barrier)
        except refused as refusal:
            outcomes[index] = ["refused", refusal.code]
        except Exception as error:
            outcomes[index] = ["error", repr(error)]
        finally:
            connection.close()  # each thread's own connection

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a racing thread hung"
    return outcomes


def summary(outcomes) -> collections.Counter:
    """How many outcomes of each kind, refusals by their code ("refused:full")."""
    return collections.Counter(
        outcome[0] if outcome[0] != "refused" else f"refused:{outcome[1]}" for outcome in outcomes
    )


def run_sqlite_child(module: str, data_dir: Path, *args: str):
    """Runs `python -m <module> <data dir> …` on a fresh SQLite file in data_dir; its last line
    of output, read as JSON."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "alpsatellites.settings.base",
        "ALPSATELLITES_DATA_DIR": str(data_dir),
        "EMAIL_URL": "memorymail://",
    }
    for name in ("DATABASE_URL", "CACHE_URL"):
        env.pop(name, None)  # the embedded default: SQLite file in the data dir, local cache
    completed = subprocess.run(
        [sys.executable, "-m", module, str(data_dir), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout.strip().splitlines()[-1])


def sqlite_child_setup(data_dir: str) -> str:
    """In the child process: Django set up on the SQLite file of data_dir, migrated; returns
    its journal mode (the race relies on WAL)."""
    import django

    django.setup()
    from django.core.management import call_command

    assert connection.vendor == "sqlite"
    assert Path(connection.settings_dict["NAME"]).parent == Path(data_dir)
    call_command("migrate", verbosity=0, interactive=False)
    with connection.cursor() as cursor:
        return cursor.execute("PRAGMA journal_mode").fetchone()[0]
