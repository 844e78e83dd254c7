"""The shipped open-data extracts of the default territory, loaded through the real importers.

Used by the tests of the pages that show them and by benchmarks/commune_page.py, until the
platform's demo loads them itself (then this becomes a call to that loader).
"""

from pathlib import Path

from django.core.management import call_command

import alpsatellites.observatory

OPENDATA = Path(alpsatellites.observatory.__file__).parent / "data" / "opendata"
TERRITORY = "grand-brianconnais"
INDICATOR_FILES = (
    ("insee", "housing/insee_base_cc_comparateur_petr36.csv"),
    ("insee", "housing/insee_dossier_complet_light_petr36.csv"),
    ("generic", "connectivity/vivrea_fibre_petr36_generic.csv"),
)
FACILITY_FILES = (
    ("schools", "schools/geoloc_colleges_dep05_Cat-Miaou-Vyz.csv"),
    ("stations", "transport/sncf_gares-de-voyageurs_dep05.csv"),
    ("station-lines", "transport/sncf_liste-des-gares_hautes-alpes.csv"),
    ("station-hours", "transport/sncf_horaires-des-gares_dep05.csv"),
    ("healthcare", "health/eurostat_gisco_healthcare_FR_dep05.csv"),
)


def load_shipped_observatory(territory: str = TERRITORY, out=None) -> None:
    """Catalogue, indicator values, facilities and nearest distances of the default territory."""
    from alpsatellites.observatory.services.indicators import indicators_load

    indicators_load()
    options = {"territory": territory, "stdout": out, "verbosity": 0}
    for kind, name in INDICATOR_FILES:
        call_command("import_indicators", kind, str(OPENDATA / name), **options)
    for kind, name in FACILITY_FILES:
        call_command("import_facilities", kind, str(OPENDATA / name), **options)
    call_command("import_facilities", "nearest", **options)
