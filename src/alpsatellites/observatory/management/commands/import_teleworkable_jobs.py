"""alpsatellites import_teleworkable_jobs: a local jobs-by-occupation table → teleworkable share."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from alpsatellites.observatory.importers.base import InvalidObservatoryFile
from alpsatellites.observatory.services.teleworkability import teleworkable_jobs_import
from alpsatellites.territories.models import Source, Territory


class Command(BaseCommand):
    help = (
        "Compute each commune's share of teleworkable jobs from a local table of jobs by ISCO-08 "
        "occupation and a cited table of teleworkable shares by occupation (all or nothing)."
    )

    def add_arguments(self, parser):
        parser.add_argument("territory", help="slug of the territory")
        parser.add_argument(
            "--jobs", type=Path, required=True, help="CSV: commune_code, occupation_code, jobs"
        )
        parser.add_argument(
            "--shares",
            type=Path,
            required=True,
            help="CSV: occupation_code, teleworkable_share (0–1), from the cited publication",
        )
        parser.add_argument(
            "--source",
            required=True,
            help="key of the Source (already recorded) that the values will cite",
        )
        parser.add_argument("--year", type=int, required=True, help="year of the jobs table")

    def handle(self, *args, **options):
        territory = Territory.objects.filter(slug=options["territory"]).first()
        if territory is None:
            raise CommandError(f"unknown territory {options['territory']!r}")
        source = Source.objects.filter(key=options["source"]).first()
        if source is None:
            raise CommandError(f"unknown source {options['source']!r}: record it first")
        try:
            report = teleworkable_jobs_import(
                territory=territory,
                jobs_path=options["jobs"],
                shares_path=options["shares"],
                source=source,
                year=options["year"],
            )
        except (InvalidObservatoryFile, OSError) as error:
            raise CommandError(f"nothing imported:\n{error}") from None
        for line in report.lines():
            self.stdout.write(line)
