"""alpsatellites import_facilities: geolocated facilities from official files, and nearest ones."""

import argparse
import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from alpsatellites.observatory.importers.base import InvalidObservatoryFile
from alpsatellites.observatory.importers.bpe import read_bpe
from alpsatellites.observatory.importers.gtfs import read_gtfs
from alpsatellites.observatory.importers.healthcare import read_healthcare
from alpsatellites.observatory.importers.schools import read_schools
from alpsatellites.observatory.importers.sncf import (
    STATIONS_SOURCE,
    read_station_hours,
    read_station_lines,
    read_stations,
)
from alpsatellites.observatory.services.facilities import (
    facilities_import,
    facility_details_set,
    source_ensure,
)
from alpsatellites.observatory.services.gtfs import gtfs_results_write
from alpsatellites.observatory.services.nearest import facilities_nearest_compute
from alpsatellites.territories.models import Commune, Territory

KINDS = (
    "bpe",
    "schools",
    "stations",
    "station-lines",
    "station-hours",
    "healthcare",
    "gtfs",
    "nearest",
)
EXAMPLES = """
kinds:
  bpe            INSEE BPE geolocated file (DEPCOM;TYPEQU;LAMBERT_X;LAMBERT_Y…), Lambert-93
  schools        Éducation nationale directory with coordinates (numero_uai;…;nature_uai…)
  stations       SNCF gares-de-voyageurs (Nom;Trigramme;…;Position géographique;Code(s) UIC)
  station-lines  SNCF Réseau liste-des-gares: line codes of the stations already imported
  station-hours  SNCF horaires des gares: opening hours of the stations already imported
  healthcare     Eurostat GISCO healthcare CSV (id,hospital_name,lat,lon,postcode,city…)
  gtfs           a GTFS zip or folder: departures per day and direct journeys to --hub
  nearest        (no FILE) recompute the nearest facilities and distances of --territory

examples:
  alpsatellites import_facilities bpe BPE24.csv
  alpsatellites import_facilities healthcare FR.csv --territory grand-brianconnais
  alpsatellites import_facilities gtfs export-ter-gtfs.zip --territory grand-brianconnais \\
      --date 2026-03-10 --hub "Marseille Saint-Charles" --hub "Grenoble" \\
      --source-key sncf-ter-gtfs --source-title "SNCF TER GTFS" --source-licence ODbL
  alpsatellites import_facilities nearest --territory grand-brianconnais

A file with any problem imports nothing; the problems are listed with their line numbers.
Re-running an import changes nothing. --territory limits the commune matching to that territory
(facilities elsewhere are kept, without commune) and recomputes its nearest facilities.
"""


class Command(BaseCommand):
    help = "Import geolocated facilities from an official file (idempotent, all or nothing)."

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.epilog = EXAMPLES
        parser.formatter_class = argparse.RawDescriptionHelpFormatter
        return parser

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=KINDS)
        parser.add_argument("file", nargs="?", type=Path, metavar="FILE")
        parser.add_argument("--territory", default="", help="slug of the territory")
        parser.add_argument(
            "--date", type=datetime.date.fromisoformat, help="GTFS: the day counted (YYYY-MM-DD)"
        )
        parser.add_argument(
            "--hub",
            action="append",
            default=[],
            help="GTFS: a stop id or name to measure journeys to",
        )
        for name in ("key", "title", "publisher", "licence", "url", "version"):
            parser.add_argument(f"--source-{name}", default="", help=f"GTFS: the feed's {name}")

    def handle(self, *args, **options):
        kind, path = options["kind"], options["file"]
        territory = self._territory(options["territory"], required=kind in {"gtfs", "nearest"})
        if kind != "nearest" and (path is None or not path.exists()):
            raise CommandError(f"no such file: {path}" if path else "FILE is required")
        try:
            lines = self._run(kind, path, territory, options)
        except InvalidObservatoryFile as error:
            raise CommandError("Nothing was imported:\n  " + "\n  ".join(error.problems)) from None
        if territory is not None and kind not in {"nearest", "gtfs"}:
            try:
                lines += facilities_nearest_compute(territory=territory).lines()
            except InvalidObservatoryFile as error:  # the import itself is done and kept
                lines += [f"nearest facilities not recomputed: {p}" for p in error.problems]
        for line in lines:
            self.stdout.write(line)

    def _territory(self, slug: str, *, required: bool) -> Territory | None:
        if not slug:
            if required:
                raise CommandError("--territory is required for this kind")
            return None
        territory = Territory.objects.filter(slug=slug).first()
        if territory is None:
            raise CommandError(f"no territory {slug!r}: import the territory first")
        return territory

    def _run(self, kind, path, territory, options) -> list[str]:
        if kind == "nearest":
            return facilities_nearest_compute(territory=territory).lines()
        if kind in {"station-lines", "station-hours"}:
            read = read_station_lines if kind == "station-lines" else read_station_hours
            details = read(path)
            report = facility_details_set(
                source_key=STATIONS_SOURCE,
                kind="station",
                part=details.part,
                values=details.values,
                detail_source_key=details.source_key,
                report=details.report,
            )
            return report.lines()
        if kind == "gtfs":
            return self._gtfs(path, territory, options)
        if kind == "healthcare":
            communes = Commune.objects.filter(country="FR")
            if territory is not None:
                communes = communes.filter(territory=territory)
            reading = read_healthcare(path, communes=dict(communes.values_list("code", "name")))
        else:
            reading = {"bpe": read_bpe, "schools": read_schools, "stations": read_stations}[kind](
                path
            )
        return facilities_import(reading=reading, territory=territory).lines()

    def _gtfs(self, path, territory, options) -> list[str]:
        if options["date"] is None:
            raise CommandError("--date is required for a GTFS feed")
        key = options["source_key"] or f"gtfs-{path.stem}".lower()[:100]
        definition = {
            "title": options["source_title"] or f"GTFS {path.name}",
            "publisher": options["source_publisher"],
            "licence": options["source_licence"] or "see the publisher",
            "url": options["source_url"],
            "version": options["source_version"] or path.name,
            "notes": "Departures per day and direct journeys counted from the timetable.",
        }
        source = source_ensure(key, definition=definition)
        result = read_gtfs(path, date=options["date"], hubs=options["hub"])
        return gtfs_results_write(result=result, territory=territory, source=source).lines()
