from django.core.management.base import BaseCommand

from alpsatellites.core.translations import compile_catalogues


class Command(BaseCommand):
    help = "Compile the .po message catalogues into .mo files (pure Python, no gettext needed)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="rebuild every catalogue")

    def handle(self, *args, **options):
        written = compile_catalogues(force=options["force"])
        self.stdout.write(f"{written} catalogue(s) compiled.")
