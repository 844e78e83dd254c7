"""Open-data exports at national size: every commune × indicator of a 35,000-commune territory.

A fresh SQLite database (or PostgreSQL with --db postgres) gets one territory of N communes
(35,000 by default, about France's count), the indicator catalogue of the issue (34 codes) and
one value per commune and indicator (two dates for the population): about 1.2 million rows.
Then each export is streamed whole in a process of its own, which prints its time to the first
chunk, its total time, its size and its peak resident memory; the files must stream in constant
memory (the values are read a thousand communes at a time). Finally the view serves the
territory-size file twice: written, then from the cache.

    python benchmarks/opendata_exports.py                 # SQLite, 35,000 communes
    python benchmarks/opendata_exports.py --communes 5000 --db postgres

Targets: the long indicators CSV (1.2 million lines) in < 60 s with < 512 MiB peak memory.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SLUG = "bench"
MAX_SECONDS = 60.0
MAX_RSS_BYTES = 512 * 1024**2
CODES = {
    "connectivity": ["fibre_share"],
    "mobility": ["station_distance_km", "station_departures_per_day"],
    "services": [
        "college_distance_km",
        "hospital_distance_km",
        "pharmacies",
        "supermarkets",
        "grocery_stores",
        "colleges",
        "lycees",
    ],
    "workspaces": ["workspaces", "workspace_distance_km"],
    "housing": [
        "dwellings",
        "secondary_home_share",
        "vacant_dwelling_share",
        "owner_occupier_share",
    ],
    "demography": ["population", "population_change", "share_under_15", "share_60_plus"],
    "economy": [
        "households",
        "median_income",
        "poverty_rate",
        "jobs",
        "unemployment_rate",
        "establishments",
        "business_creations",
        "tourist_accommodation",
        "teleworkable_jobs_share",
    ],
}
EXPORTS = [("indicators", "csv"), ("indicators-wide", "csv"), ("facilities", "geojson")]


def setup_django() -> None:
    import django

    sys.path.insert(0, str(ROOT / "src"))
    django.setup()


def child_fill(communes: int) -> dict:
    """Create the territory, its communes, the catalogue and the values (bulk inserts)."""
    import datetime

    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from alpsatellites.observatory.models import (
        Direction,
        Facility,
        FacilityKind,
        Indicator,
        IndicatorValue,
        ValueStatus,
    )
    from alpsatellites.territories.models import Commune, Source, Territory

    started = time.perf_counter()
    source = Source.objects.create(
        key="bench",
        title="Bench",
        publisher="Bench",
        licence="Licence Ouverte 2.0",
        version="2025",
        retrieved_on=datetime.date(2026, 1, 1),
    )
    territory = Territory.objects.create(slug=SLUG, name="Bench", country="FR")
    Commune.objects.bulk_create(
        Commune(
            territory=territory,
            country="FR",
            code=f"{i:05d}",
            name=f"Commune {i}",
            search_name=f"commune {i}",
            latitude=44 + i / 1e5,
            longitude=6 + i / 1e5,
        )
        for i in range(communes)
    )
    indicators = Indicator.objects.bulk_create(
        Indicator(
            code=code,
            label=code,
            label_fr=code,
            theme=theme,
            direction=Direction.HIGHER,
            in_index=True,
            source=source,
            position=p,
        )
        for theme, codes in CODES.items()
        for p, code in enumerate(codes)
    )
    ids = list(Commune.objects.filter(territory=territory).values_list("pk", flat=True))
    batch: list = []
    rows = 0
    for n, commune_id in enumerate(ids):
        for indicator in indicators:
            secret = (n + indicator.pk) % 97 == 0
            batch.append(
                IndicatorValue(
                    indicator=indicator,
                    commune_id=commune_id,
                    value=None if secret else float(n % 1000) + 0.5,
                    status=ValueStatus.SECRET if secret else ValueStatus.KNOWN,
                    reference_date=datetime.date(2022, 1, 1),
                    period="2022",
                    source=source,
                )
            )
            if indicator.code == "population":
                batch.append(
                    IndicatorValue(
                        indicator=indicator,
                        commune_id=commune_id,
                        value=float(n),
                        reference_date=datetime.date(2016, 1, 1),
                        period="2016",
                        source=source,
                    )
                )
        if len(batch) >= 20000:
            IndicatorValue.objects.bulk_create(batch)
            rows += len(batch)
            batch = []
    IndicatorValue.objects.bulk_create(batch)
    rows += len(batch)
    Facility.objects.bulk_create(
        Facility(
            kind=FacilityKind.PHARMACY,
            name=f"Pharmacie {i}",
            external_id=str(i),
            commune_code=f"{i % communes:05d}",
            commune_id=ids[i % communes],
            latitude=44.5,
            longitude=6.5,
            source=source,
        )
        for i in range(communes)
    )
    return {
        "communes": communes,
        "indicators": len(indicators),
        "values": rows,
        "fill_s": time.perf_counter() - started,
    }


def child_stream(dataset: str, extension: str) -> dict:
    from alpsatellites.observatory import exports
    from alpsatellites.territories.models import Territory

    territory = Territory.objects.get(slug=SLUG)
    started = time.perf_counter()
    export = exports.EXPORTS[dataset, extension](territory)
    first = None
    size = lines = 0
    for chunk in export.chunks():
        if first is None:
            first = time.perf_counter() - started
        data = chunk.encode()
        size += len(data)
        lines += data.count(b"\n")
    return {
        "file": f"{dataset}.{extension}",
        "first_chunk_s": first,
        "total_s": time.perf_counter() - started,
        "bytes": size,
        "lines": lines,
        "peak_rss_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
    }


def child_view() -> dict:
    """The view twice: written and streamed, then from the cache (locmem in this process)."""
    from django.test import Client

    client = Client(SERVER_NAME="localhost")
    timings = []
    for _ in range(2):
        started = time.perf_counter()
        response = client.get(f"/fr/t/{SLUG}/open-data/facilities.geojson")
        assert response.status_code == 200, response.status_code
        body = b"".join(response.streaming_content)
        timings.append(time.perf_counter() - started)
    return {
        "status": response.status_code,
        "bytes": len(body),
        "written_s": timings[0],
        "cached_s": timings[1],
    }


def run_child(env: dict, *args: str) -> dict:
    output = subprocess.run(
        [sys.executable, __file__, "--child", *args],
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=1800,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--communes", type=int, default=35000)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        setup_django()
        name, *rest = args.child
        result = {
            "fill": lambda: child_fill(int(rest[0])),
            "stream": lambda: child_stream(*rest),
            "view": child_view,
        }[name]()
        print(json.dumps(result))
        return 0

    with tempfile.TemporaryDirectory(prefix="alpsat-opendata-") as tmp:
        if args.db == "postgres":
            sys.path.insert(0, str(ROOT / "benchmarks"))
            from _common import POSTGRES, _postgres_recreate

            _postgres_recreate()
            url = "postgres://{user}@{host}:{port}/{database}".format(**POSTGRES)
        else:
            url = f"sqlite:///{tmp}/db.sqlite3"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "alpsatellites.settings.base",
            "DATABASE_URL": url,
            "CACHE_URL": "locmemcache://opendata-bench",
            "ALPSATELLITES_DATA_DIR": tmp,
            "LOG_LEVEL": "WARNING",
        }
        filled = run_child(env, "fill", str(args.communes))
        print(
            f"{args.db}: {filled['communes']:,} communes × {filled['indicators']} indicators = "
            f"{filled['values']:,} values, inserted in {filled['fill_s']:.1f} s"
        )
        header = ("file", "first chunk", "total", "lines", "MiB", "peak RSS")
        print("{:<22} {:>12} {:>9} {:>11} {:>7} {:>9}".format(*header))
        failed = False
        for dataset, extension in EXPORTS:
            r = run_child(env, "stream", dataset, extension)
            mib = r["bytes"] / 1024**2
            rss = r["peak_rss_bytes"] / 1024**2
            print(
                f"{r['file']:<22} {r['first_chunk_s'] * 1000:>9.0f} ms {r['total_s']:>7.1f} s "
                f"{r['lines']:>11,} {mib:>7.1f} {rss:>5.0f} MiB"
            )
            if dataset == "indicators":
                ok = r["total_s"] < MAX_SECONDS and r["peak_rss_bytes"] < MAX_RSS_BYTES
                failed |= not ok
                print(
                    f"  target < {MAX_SECONDS:.0f} s and < {MAX_RSS_BYTES // 1024**2} MiB: "
                    f"{'PASS' if ok else 'FAIL'}"
                )
        view = run_child(env, "view")
        print(
            f"view facilities.geojson ({view['bytes'] / 1024**2:.1f} MiB): written and sent in "
            f"{view['written_s'] * 1000:.0f} ms, from the cache in {view['cached_s'] * 1000:.1f} ms"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
