"""The `alpsatellites` console script: the project's manage.py.

Every Django command is available (`alpsatellites migrate`, `alpsatellites test`…), plus the
project's own (`alpsatellites demo`, `alpsatellites import_territory`…).
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alpsatellites.settings.base")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(sys.argv)
    except ImproperlyConfigured as error:
        # A configuration mistake deserves one clear sentence, not a traceback.
        sys.exit(f"alpsatellites: {error}")
