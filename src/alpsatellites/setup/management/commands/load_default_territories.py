from django.core.management.base import BaseCommand

from alpsatellites.setup.demo import load_default_territories, load_default_workspaces


class Command(BaseCommand):
    help = "Create or update the territories shipped with the platform and their workspaces."

    def handle(self, *args, **options):
        load_default_territories(log=self.stdout.write)
        load_default_workspaces(log=self.stdout.write)
