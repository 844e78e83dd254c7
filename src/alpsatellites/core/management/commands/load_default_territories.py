from django.core.management.base import BaseCommand

from alpsatellites.core.demo import load_default_territories


class Command(BaseCommand):
    help = "Create or update the territories shipped with the platform (idempotent)."

    def handle(self, *args, **options):
        load_default_territories(log=self.stdout.write)
