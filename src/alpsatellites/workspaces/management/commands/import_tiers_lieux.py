"""alpsatellites import_tiers_lieux: the territory's places from the national tiers-lieux CSV."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from alpsatellites.territories.importers.records import InvalidImportFile
from alpsatellites.territories.models import Territory
from alpsatellites.workspaces.tiers_lieux import tiers_lieux_import


class Command(BaseCommand):
    help = (
        "Create or update the workspaces of a territory from the national tiers-lieux list "
        "(CGET Mission Coworking CSV); idempotent, all or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="the CSV file (CGET_TiersLieux_2019.csv)")
        parser.add_argument("--territory", required=True, help="slug of the territory")
        parser.add_argument(
            "--source-version",
            default="",
            help="the dataset's version as published (default: the file name)",
        )

    def handle(self, *args, **options):
        path, slug = options["file"], options["territory"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        if not Territory.objects.filter(slug=slug).exists():
            raise CommandError(f"--territory {slug!r}: no such territory")
        try:
            report = tiers_lieux_import(
                path=path, territory_slug=slug, source_version=options["source_version"]
            )
        except InvalidImportFile as error:
            raise CommandError("Nothing was imported:\n  " + "\n  ".join(error.problems)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"{report.territory}: {len(report.created)} created, {len(report.updated)} "
                f"updated, {len(report.unchanged)} unchanged workspaces; {report.ignored} rows "
                "of other communes ignored."
            )
        )
        if options["verbosity"] > 1:
            for label, slugs in (
                ("created", report.created),
                ("updated", report.updated),
                ("unchanged", report.unchanged),
            ):
                for workspace_slug in slugs:
                    self.stdout.write(f"  {label}: {workspace_slug}")
