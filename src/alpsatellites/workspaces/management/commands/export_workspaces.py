"""alpsatellites export_workspaces: a territory's public workspaces as CSV or GeoJSON."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from alpsatellites.territories.models import Territory
from alpsatellites.workspaces.exports import dump_geojson, workspaces_csv, workspaces_geojson


class Command(BaseCommand):
    help = "Export the public facts of a territory's workspaces (no managers, no bookings)."

    def add_arguments(self, parser):
        parser.add_argument("--territory", required=True, help="slug of the territory")
        parser.add_argument("--format", choices=["csv", "geojson"], default="csv")
        parser.add_argument("-o", "--output", type=Path, help="file to write (default: stdout)")
        parser.add_argument(
            "--base-url",
            default="",
            help="site address put before each workspace page's path, e.g. https://example.org",
        )

    def handle(self, *args, **options):
        territory = Territory.objects.filter(slug=options["territory"]).first()
        if territory is None:
            raise CommandError(f"--territory {options['territory']!r}: no such territory")
        output = options["output"]
        if output is None:
            count = self._write(territory, options, self.stdout._out)
        else:
            try:
                with open(output, "w", encoding="utf-8", newline="") as handle:
                    count = self._write(territory, options, handle)
            except OSError as error:
                raise CommandError(f"{output}: cannot be written ({error.strerror})") from None
        if output:
            self.stdout.write(self.style.SUCCESS(f"{count} workspaces written to {output}."))

    def _write(self, territory, options, handle) -> int:
        if options["format"] == "csv":
            return workspaces_csv(territory, handle)
        document = workspaces_geojson(territory, options["base_url"].rstrip("/"))
        dump_geojson(document, handle)
        return len(document["features"])
