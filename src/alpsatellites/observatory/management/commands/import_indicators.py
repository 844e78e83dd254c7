"""alpsatellites import_indicators: indicator values from an INSEE, ARCEP or generic file."""

import argparse
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from alpsatellites.observatory.importers.base import InvalidObservatoryFile
from alpsatellites.observatory.importers.indicator_files import FORMATS, import_indicator_files

EXAMPLES = """
formats:
  insee    INSEE comparateur de territoires / dossier complet CSV (CODGEO;P22_POP;…)
  arcep    ARCEP fixed-broadband deployment by commune (XLSX sheet "Communes", or its CSV)
  generic  code;indicator;value;date[;period][;source]

examples:
  alpsatellites import_indicators insee base_cc_comparateur.csv --territory grand-brianconnais
  alpsatellites import_indicators arcep 2025t3-obs-hd-thd-deploiement.xlsx \\
      --territory grand-brianconnais
  alpsatellites import_indicators generic values.csv --territory evancon --source istat-2024

All files are read first; if any has a problem nothing is written, and the problems are listed
with their line numbers. Re-running an import changes nothing.
"""


class Command(BaseCommand):
    help = "Import indicator values for the communes of a territory (idempotent, all or nothing)."

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.epilog = EXAMPLES
        parser.formatter_class = argparse.RawDescriptionHelpFormatter
        return parser

    def add_arguments(self, parser):
        parser.add_argument("format", choices=FORMATS)
        parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
        parser.add_argument("--territory", required=True, help="slug of the territory")
        parser.add_argument(
            "--source", default="", help="key of the source row the figures are credited to"
        )

    def handle(self, *args, **options):
        missing = [str(path) for path in options["files"] if not path.is_file()]
        if missing:
            raise CommandError(f"no such file: {', '.join(missing)}")
        files = [(options["format"], path, options["source"]) for path in options["files"]]
        try:
            reports = import_indicator_files(files, territory_slug=options["territory"])
        except InvalidObservatoryFile as error:
            raise CommandError("Nothing was imported:\n  " + "\n  ".join(error.problems)) from None
        for report in reports:
            for line in report.lines():
                self.stdout.write(line)
