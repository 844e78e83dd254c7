"""Indicator import at national size: an INSEE comparateur file of 35,000 communes.

Builds a territory of 35,000 communes in a scratch SQLite database (or the DATABASE_URL given),
writes a comparateur CSV in INSEE's shape (the 32 columns of the shipped extract, its 36 rows
recycled under new codes), then times the import (about a million values), a re-run that must
change nothing, and one changed value. Prints the figures; asserts nothing.

    python benchmarks/import_indicators.py [--communes 35000]
"""

import argparse
import csv
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = (
    ROOT
    / "src/alpsatellites/observatory/data/opendata/housing/insee_base_cc_comparateur_petr36.csv"
)


def write_file(path: Path, communes: int) -> None:
    with SHIPPED.open(encoding="utf-8", newline="") as file:
        rows = list(csv.reader(file, delimiter=";"))
    header, data = rows[0], rows[1:]
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, delimiter=";", lineterminator="\n")
        writer.writerow(header)
        for index in range(communes):
            writer.writerow([f"{index + 1:05d}", *data[index % len(data)][1:]])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--communes", type=int, default=35_000)
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="bench-indicators-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alpsatellites.settings.base")
    os.environ["ALPSATELLITES_DATA_DIR"] = str(scratch)
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{scratch / 'db.sqlite3'}")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from alpsatellites.observatory.importers.indicator_files import import_indicator_files
    from alpsatellites.observatory.models import IndicatorValue
    from alpsatellites.observatory.services.indicators import indicators_load
    from alpsatellites.territories.models import Commune, Territory

    call_command("migrate", verbosity=0)
    indicators_load()
    territory = Territory.objects.create(slug="france", name="France", country="FR")
    Commune.objects.bulk_create(
        [
            Commune(territory=territory, country="FR", code=f"{i + 1:05d}", name=f"C{i + 1}")
            for i in range(args.communes)
        ],
        batch_size=2000,
    )
    path = scratch / "base_cc_comparateur.csv"
    write_file(path, args.communes)
    files = [("insee", path, "")]
    print(f"{connection.vendor}, {args.communes} communes, {path.stat().st_size / 1e6:.1f} MB")

    for label in ("first import", "re-run"):
        started, cpu = time.perf_counter(), time.process_time()
        with CaptureQueriesContext(connection) as queries:
            report = import_indicator_files(files, territory_slug="france")[0]
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        print(
            f"{label}: {seconds:.2f} s wall, {cpu:.2f} s CPU of this process, {len(queries)} "
            f"queries; {report.created} created, {report.updated} updated, "
            f"{report.unchanged} unchanged"
        )
    text = path.read_text(encoding="utf-8").replace("\n00001;379;", "\n00001;380;", 1)
    path.write_text(text, encoding="utf-8")
    started = time.perf_counter()
    report = import_indicator_files(files, territory_slug="france")[0]
    print(
        f"one commune changed: {time.perf_counter() - started:.2f} s, {report.updated} updated "
        f"(population and its change)"
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"values stored: {IndicatorValue.objects.count()}; peak memory {peak:.0f} MiB")
    # Wall time on a shared machine is mostly waiting: say how busy it was.
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
