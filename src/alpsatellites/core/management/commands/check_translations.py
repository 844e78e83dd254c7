from django.core.management.base import BaseCommand, CommandError

from alpsatellites.core.translations import catalogue_problems


class Command(BaseCommand):
    help = "Fail when a language lacks a catalogue or has untranslated or fuzzy entries."

    def handle(self, *args, **options):
        problems = catalogue_problems()
        if problems:
            raise CommandError(
                f"{len(problems)} translation problem(s):\n  " + "\n  ".join(problems[:200])
            )
        self.stdout.write(self.style.SUCCESS("All catalogues complete."))
