"""Commune page and territory home rendered without the page cache, as a signed-in person sees them.

For each database: a fresh site (production settings, the default territories, their workspaces
and whatever observatory data the platform ships), then, in a child process with the shared
Redis cache and PUBLIC_PAGE_CACHE_SECONDS=0 (NO_PAGE_CACHE: every request is rendered), each
path requested once to count its queries, then RENDERS more times: median and p95 of the
in-process time (Django's test client, the whole middleware stack, no network).
Target: the commune page with all its indicators in <= 4 ms median.

    python benchmarks/commune_page.py --db sqlite
    python benchmarks/commune_page.py --db both --renders 400
"""

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _common
from _common import NO_PAGE_CACHE, exit_cleanly_on_sigterm, fresh_site, in_child, prepare, workdir

DATABASES = ("sqlite", "postgres")
PATHS = {
    # A bare view through the whole middleware stack: what any request costs on this machine now.
    "hello (floor)": "/__hello__",
    "commune page (Briançon)": "/fr/t/grand-brianconnais/communes/05023/",
    "commune page (Névache)": "/fr/t/grand-brianconnais/communes/05093/",
    "territory home": "/fr/t/grand-brianconnais/",
    "indicator map (fibre)": "/fr/t/grand-brianconnais/indicators/fibre_share/",
}
TARGET_MS = {"commune page (Briançon)": 4.0, "commune page (Névache)": 4.0}
RENDERS = 200
# The loaders of the shipped data: the workspaces, then the observatory's extracts through the
# real importers (tests/observatory/shipped.py, until the demo loads them itself). The benchmark
# says how much data was there.
ROOT = Path(__file__).resolve().parent.parent
OBSERVATORY_LOADERS = (
    ("alpsatellites.setup.demo", "load_default_workspaces"),
    ("tests.observatory.shipped", "load_shipped_observatory"),
)


def child_load() -> dict:
    import importlib

    import django

    django.setup()
    sys.path.insert(0, str(ROOT))
    loaded = []
    for module_name, function_name in OBSERVATORY_LOADERS:
        try:
            function = getattr(importlib.import_module(module_name), function_name)
        except (ImportError, AttributeError):
            continue
        function()
        loaded.append(f"{module_name}.{function_name}")
    from alpsatellites.observatory.models import Facility, IndicatorValue, NearestFacility

    return {
        "loaders": loaded,
        "values": IndicatorValue.objects.count(),
        "facilities": Facility.objects.count(),
        "nearest": NearestFacility.objects.count(),
    }


def child_measure(renders: int) -> list[dict]:
    import django

    django.setup()
    from django.test import Client

    client = Client(SERVER_NAME="localhost")
    results = []
    for name, path in PATHS.items():
        results.append({"name": name, "path": path, **_common.page_figures(client, path, renders)})
    return results


def report(title: str, loaded: dict, results: list[dict]) -> tuple[str, bool]:
    lines = [
        title,
        f"data: {loaded['values']} indicator values, {loaded['facilities']} facilities, "
        f"{loaded['nearest']} nearest-facility rows",
        f"loaders: {', '.join(loaded['loaders']) or 'none'}",
        f"{'page':<26}  status  queries  median ms  p95 ms  cpu median  cpu p95  bytes   target",
    ]
    passed = True
    for r in results:
        target = TARGET_MS.get(r["name"])
        # The target is on the server's own time: the CPU median, which other processes on this
        # 2-core machine disturb far less than the wall-clock one (both printed).
        ok = r["status"] == 200 and (target is None or r["cpu_median_ms"] <= target)
        passed &= ok
        verdict = f"<= {target:.0f} ms {'PASS' if ok else 'FAIL'}" if target else "-"
        lines.append(
            f"{r['name']:<26}  {r['status']:>6}  {r['queries']:>7}  {r['median_ms']:>9.2f}  "
            f"{r['p95_ms']:>6.2f}  {r['cpu_median_ms']:>10.2f}  {r['cpu_p95_ms']:>7.2f}  "
            f"{r['bytes']:>6}  {verdict}"
        )
    return "\n".join(lines), passed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", choices=[*DATABASES, "both"], default="sqlite")
    parser.add_argument("--renders", type=int, default=RENDERS)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child:
        # in_child passes one word: "load" or "measure:<renders>".
        kind, _, renders = arguments.child.partition(":")
        result = child_load() if kind == "load" else child_measure(int(renders))
        print(json.dumps(result))
        return 0
    exit_cleanly_on_sigterm()
    databases = list(DATABASES) if arguments.db == "both" else [arguments.db]
    passed = True
    for database in databases:
        with workdir(f"bench-commune-{database}-") as directory:
            print(f"[{database}] fresh database, migrate, default territories", flush=True)
            site = fresh_site(database, directory)
            prepare(site, default_territories=True)
            loaded, _ = in_child(__file__, site, "load")
            results, _ = in_child(__file__, site, f"measure:{arguments.renders}", env=NO_PAGE_CACHE)
            text, ok = report(
                f"== {database}: pages rendered without the page cache, "
                f"{arguments.renders} renders each ==",
                loaded,
                results,
            )
            print(text, flush=True)
            passed &= ok
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
