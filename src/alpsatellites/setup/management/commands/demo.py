"""alpsatellites demo: the embedded platform, ready to try, in one command."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from alpsatellites.setup.demo import demo_prepare


class Command(BaseCommand):
    help = (
        "Create or upgrade the embedded database, load the default territories and demo "
        "accounts, then serve the platform (http://127.0.0.1:8000 by default)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--addr", default="127.0.0.1:8000", help="address:port to serve on")
        parser.add_argument("--no-serve", action="store_true", help="prepare only, do not serve")

    def handle(self, *args, **options):
        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
        if settings.STATIC_ROOT is not None:  # None only in the test settings
            settings.STATIC_ROOT.mkdir(parents=True, exist_ok=True)
        summary = demo_prepare(log=self.stdout.write)
        self.stdout.write(self.style.SUCCESS(summary))
        if not options["no_serve"]:
            self.stdout.write(f"Serving on http://{options['addr']}/ — Ctrl-C to stop.")
            call_command("runserver", options["addr"], use_reloader=False)
