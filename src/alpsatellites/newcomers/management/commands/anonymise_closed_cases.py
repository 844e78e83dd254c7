"""`alpsatellites anonymise_closed_cases`: the daily run of the retention rule (docs/privacy.md).

Anonymises every welcome case closed longer ago than its territory's retention delay. Safe to
run at any time and as often as wanted: an anonymised case is never touched again.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from alpsatellites.newcomers.services.erasure import closed_cases_anonymise


class Command(BaseCommand):
    help = "Anonymise the welcome cases closed longer ago than their territory's retention delay."

    def handle(self, *args, **options):
        count = closed_cases_anonymise(now=timezone.now())
        self.stdout.write(f"{count} closed case(s) anonymised.")
