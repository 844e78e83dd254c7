from django.core.management.base import BaseCommand

from alpsatellites.setup.default_facilities import load_default_facilities
from alpsatellites.setup.default_indicators import load_default_indicators
from alpsatellites.setup.demo import load_default_territories, load_default_workspaces


class Command(BaseCommand):
    help = (
        "Create or update the territories shipped with the platform, their workspaces, "
        "indicators and facilities."
    )

    def handle(self, *args, **options):
        load_default_territories(log=self.stdout.write)
        load_default_workspaces(log=self.stdout.write)
        load_default_indicators(log=self.stdout.write)
        load_default_facilities(log=self.stdout.write)
