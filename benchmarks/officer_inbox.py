"""The welcome officers' inbox with 10,000 cases: server-side time and query count.

For each database: a fresh site (production settings, the default territories), then 10,000
welcome cases written in bulk over the Grand Briançonnais' 3 groupings (uneven, as requests are:
half in the CC du Briançonnais), at every stage, most with messages and tasks, some overdue;
then, in a child process, the inbox rendered in-process (Django's test client, the whole
middleware stack, no network) RUNS times for an officer and for the territory staff, first page,
a far page and each filter: median and p95 of the wall-clock and CPU time, and the queries of
each request (the same count for every page and every size of inbox is the point).
Target: < 100 ms median, constant query count.

    python benchmarks/officer_inbox.py    # SQLite (and PostgreSQL when DATABASE_URL is set)
    python benchmarks/officer_inbox.py --db both --runs 50
"""

import argparse
import json
import os
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

# A database of its own: other benchmarks recreate `bench_alpsat`.
_common.POSTGRES["database"] = "bench_alpsat_officer_inbox"

DATABASES = ("sqlite", "postgres")
CASES = 10_000
RUNS = 50
TARGET_MS = 100.0
TERRITORY = "grand-brianconnais"
# Share of the requests each grouping receives (by name fragment), and of the stages.
GROUPING_SHARES = (("Briançonnais", 0.5), ("Guillestrois", 0.3), ("Ecrins", 0.2))
STAGE_SHARES = (
    ("new", 0.08),
    ("first_contact", 0.12),
    ("exploring", 0.2),
    ("discovery_stay", 0.08),
    ("settling", 0.1),
    ("settled", 0.07),
    ("follow_up_6", 0.05),
    ("follow_up_12", 0.05),
    ("closed", 0.25),
)
INBOX = "/fr/welcome/cases/"


def _spread(shares, n: int) -> list:
    """`n` items dealt by their share, interleaved (deterministic, no random seed to keep)."""
    out, acc = [], {name: 0.0 for name, _s in shares}
    for _i in range(n):
        for name, share in shares:
            acc[name] += share
        name = max(acc, key=acc.get)
        acc[name] -= 1.0
        out.append(name)
    return out


def child_load(count: int) -> dict:
    import datetime

    import django

    django.setup()
    from django.db import transaction
    from django.utils import timezone

    from alpsatellites.accounts.models import Role, RoleAssignment, User
    from alpsatellites.newcomers.models import (
        CaseMessage,
        CaseStageChange,
        CaseTask,
        WelcomeCase,
    )
    from alpsatellites.territories.models import Territory

    territory = Territory.objects.get(slug=TERRITORY)
    groupings = {
        key: territory.groupings.get(name__contains=key) for key, _share in GROUPING_SHARES
    }
    communes = {key: list(g.communes.order_by("code")) for key, g in groupings.items()}
    officers = {}
    for key, grouping in groupings.items():
        officers[key] = []
        for n in range(3):
            user = User.objects.create_user(email=f"officer-{n}-{grouping.pk}@bench.example")
            RoleAssignment.objects.create(
                user=user, role=Role.WELCOME_OFFICER, territory=territory, grouping=grouping
            )
            officers[key].append(user)
    staff = User.objects.create_user(email="staff@bench.example")
    RoleAssignment.objects.create(user=staff, role=Role.TERRITORY_STAFF, territory=territory)
    households = User.objects.bulk_create(
        User(email=f"household-{n}@bench.example", name=f"Household {n}") for n in range(count)
    )
    now = timezone.now()
    grouping_keys = _spread(GROUPING_SHARES, count)
    stages = _spread(STAGE_SHARES, count)
    started = time.perf_counter()
    with transaction.atomic():
        cases = []
        for n, (key, stage, household) in enumerate(
            zip(grouping_keys, stages, households, strict=True)
        ):
            closed = stage == "closed"
            cases.append(
                WelcomeCase(
                    territory=territory,
                    grouping=groupings[key],
                    commune=communes[key][n % len(communes[key])],
                    household=household,
                    contact_name=household.name,
                    contact_email=household.email,
                    language=("fr", "en", "it", "de")[n % 4],
                    profile={"adults": 2, "children_ages": [n % 15]},
                    stage=stage,
                    closing_reason="no_reply" if closed else "",
                    closed_at=now if closed else None,
                    assigned_to=None if n % 3 == 0 else officers[key][n % 3],
                    first_response_at=None if stage == "new" else now,
                )
            )
        cases = WelcomeCase.objects.bulk_create(cases, batch_size=2000)
        # Requests over two years (auto_now_add stamped them all now): 100 batches a week apart.
        ids = [case.pk for case in cases]
        for week in range(100):
            WelcomeCase.objects.filter(pk__in=ids[week::100]).update(
                created_at=now - datetime.timedelta(days=7 * week)
            )
        messages, tasks, changes = [], [], []
        today = timezone.localdate()
        for n, case in enumerate(cases):
            for m in range(n % 5):  # 0 to 4 messages, 2 on average
                messages.append(
                    CaseMessage(
                        case=case,
                        author=case.household if m % 2 == 0 else case.assigned_to,
                        from_household=m % 2 == 0,
                        body=f"Message {m} about the move.",
                    )
                )
            for t in range(n % 3):  # 0 to 2 tasks; a fifth of the open ones overdue
                tasks.append(
                    CaseTask(
                        case=case,
                        title=f"Task {t}",
                        due_on=today + datetime.timedelta(days=(n % 10) - 2),
                        assigned_to=case.assigned_to,
                    )
                )
            if case.stage != "new":
                changes.append(CaseStageChange(case=case, from_stage="new", to_stage=case.stage))
        CaseMessage.objects.bulk_create(messages, batch_size=5000)
        CaseTask.objects.bulk_create(tasks, batch_size=5000)
        CaseStageChange.objects.bulk_create(changes, batch_size=5000)
    return {
        "cases": WelcomeCase.objects.count(),
        "messages": CaseMessage.objects.count(),
        "tasks": CaseTask.objects.count(),
        "write_s": round(time.perf_counter() - started, 1),
        "officer": officers["Briançonnais"][1].email,
        "small_officer": officers["Ecrins"][1].email,
        "staff": staff.email,
    }


def child_measure(runs: int, people: dict) -> list[dict]:
    import django

    django.setup()
    from django.test import Client

    from alpsatellites.accounts.models import User
    from alpsatellites.newcomers.selectors.cases import cases_for

    views = [
        ("officer", "first page", INBOX),
        ("officer", "page 40", INBOX + "?page=40"),
        ("officer", "assigned to me", INBOX + "?assigned=me"),
        ("officer", "waiting for a first response", INBOX + "?awaiting=on"),
        ("officer", "stage exploring", INBOX + "?stage=exploring"),
        ("small_officer", "first page", INBOX),
        ("staff", "first page (all groupings)", INBOX),
        ("staff", "page 200", INBOX + "?page=200"),
    ]
    results = []
    for who, label, path in views:
        user = User.objects.get(email=people[who])
        client = Client(SERVER_NAME="localhost")
        client.force_login(user)
        results.append(
            {
                "who": who,
                "view": label,
                "in_scope": cases_for(user).count(),
                **_common.page_figures(client, path, runs),
            }
        )
    return results


def report(title: str, loaded: dict, results: list[dict]) -> tuple[str, bool]:
    lines = [
        title,
        f"data: {loaded['cases']} cases, {loaded['messages']} messages, {loaded['tasks']} tasks "
        f"(written in {loaded['write_s']} s)",
        f"{'who':<14} {'view':<30} {'cases':>6} {'status':>6} {'queries':>7} "
        f"{'median ms':>9} {'p95 ms':>7} {'cpu med':>7}  target",
    ]
    passed = True
    counts = {r["queries"] for r in results}
    for r in results:
        ok = r["status"] == 200 and r["median_ms"] < TARGET_MS
        passed &= ok
        lines.append(
            f"{r['who']:<14} {r['view']:<30} {r['in_scope']:>6} {r['status']:>6} "
            f"{r['queries']:>7} {r['median_ms']:>9.2f} {r['p95_ms']:>7.2f} "
            f"{r['cpu_median_ms']:>7.2f}  < {TARGET_MS:.0f} ms {'PASS' if ok else 'FAIL'}"
        )
    constant = len(counts) == 1
    passed &= constant
    lines.append(
        f"query count: {sorted(counts)} — {'constant' if constant else 'NOT constant'} across "
        "people, pages and filters"
    )
    return "\n".join(lines), passed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    default_db = "both" if os.environ.get("DATABASE_URL") else "sqlite"
    parser.add_argument("--db", choices=[*DATABASES, "both"], default=default_db)
    parser.add_argument("--cases", type=int, default=CASES)
    parser.add_argument("--runs", type=int, default=RUNS)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child:
        kind, _, rest = arguments.child.partition(":")
        if kind == "load":
            result = child_load(int(rest))
        else:
            runs, _, people = rest.partition(":")
            result = child_measure(int(runs), json.loads(people))
        print(json.dumps(result))
        return 0
    if arguments.runs < 20:
        parser.error("--runs: at least 20, for a median and a p95 worth reading")
    exit_cleanly_on_sigterm()
    databases = list(DATABASES) if arguments.db == "both" else [arguments.db]
    passed = True
    for database in databases:
        with workdir(f"bench-inbox-{database}-") as directory:
            print(f"[{database}] fresh database, migrate, default territories", flush=True)
            site = fresh_site(database, directory)
            prepare(site, default_territories=True)
            print(f"[{database}] writing {arguments.cases} cases", flush=True)
            loaded, _ = in_child(__file__, site, f"load:{arguments.cases}")
            print(f"[{database}] {analyze(site)}", flush=True)
            people = json.dumps({k: loaded[k] for k in ("officer", "small_officer", "staff")})
            results, _ = in_child(
                __file__, site, f"measure:{arguments.runs}:{people}", env=NO_PAGE_CACHE
            )
            text, ok = report(
                f"== {database}: the officer inbox, {arguments.runs} renders each ==",
                loaded,
                results,
            )
            print(text, flush=True)
            passed &= ok
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
