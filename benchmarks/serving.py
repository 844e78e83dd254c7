"""Serving benchmark: requests per second and tail latency of the public pages and the API.

For each database, a fresh site (production settings, default territories) served by gunicorn
on 127.0.0.1, loaded with wrk. Prints one table per database; see benchmarks/README.md.

    python benchmarks/serving.py --db both --duration 10 --connections 32
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (
    Load,
    Server,
    Workers,
    exit_cleanly_on_sigterm,
    fresh_site,
    measure_paths,
    prepare,
    table,
    verdict,
    workdir,
)

PATHS = [
    "/fr/t/grand-brianconnais/",
    "/fr/t/grand-brianconnais/communes/05023/",
    "/api/v1/communes/?territory=grand-brianconnais",
    "/fr/t/grand-brianconnais/communes/",
]
DATABASES = ("sqlite", "postgres")


def add_common_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", choices=[*DATABASES, "both"], default="both")
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per URL")
    parser.add_argument("--connections", type=int, default=32, help="wrk's open connections")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers")
    parser.add_argument("--worker-class", default="sync", choices=["sync", "gthread"])
    parser.add_argument("--threads", type=int, default=4, help="threads per gthread worker")
    parser.add_argument(
        "--page-cache",
        choices=["on", "off"],
        default="on",
        help="off sets PUBLIC_PAGE_CACHE_SECONDS=0: every page is rendered (diagnostic)",
    )


def options(arguments) -> tuple[list[str], Load, Workers, dict[str, str]]:
    databases = list(DATABASES) if arguments.db == "both" else [arguments.db]
    load = Load(duration=arguments.duration, connections=arguments.connections)
    workers = Workers(arguments.workers, arguments.worker_class, arguments.threads)
    extra_env = {"PUBLIC_PAGE_CACHE_SECONDS": "0"} if arguments.page_cache == "off" else {}
    return databases, load, workers, extra_env


def serve_and_measure(site, paths, load, workers, title) -> bool:
    with Server(site, workers) as server:
        print(f"  {workers} on {server.base_url}", flush=True)
        ceilings, measures = measure_paths(server, paths, load, log=lambda m: print(m, flush=True))
    print()
    print(table(title, ceilings, measures), flush=True)
    print()
    return all(verdict(m, ceilings)[1] for m in measures) and not any(c.errors for c in ceilings)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    add_common_arguments(parser)
    arguments = parser.parse_args()
    databases, load, workers, extra_env = options(arguments)
    exit_cleanly_on_sigterm()

    passed = True
    for database in databases:
        with workdir(f"bench-serving-{database}-") as directory:
            print(
                f"[{database}] fresh database, migrate, collectstatic, default territories",
                flush=True,
            )
            site = fresh_site(database, directory, **extra_env)
            prepare(site, default_territories=True)
            cache = "page cache off" if extra_env else "page cache on"
            title = (
                f"== serving, {database}, {workers}, wrk -t{load.threads} -c{load.connections} "
                f"-d{load.duration}s, {cache} =="
            )
            passed &= serve_and_measure(site, PATHS, load, workers, title)
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
