"""The indicators of the default territory, from the open-data extracts shipped in the package.

Loads the catalogue (indicators and their sources), then imports the INSEE comparateur and
dossier complet files and the fibre file (vivrea's figure in the generic shape) for the Grand
Briançonnais, through the same importers a territory's staff uses. Idempotent: a second run
writes nothing, and a figure the staff imported from another source is never overwritten.
"""

from collections.abc import Callable
from pathlib import Path

from alpsatellites.observatory.importers.indicator_files import import_indicator_files
from alpsatellites.observatory.services.indicators import indicators_load
from alpsatellites.territories.models import Territory

OPENDATA = Path(__file__).resolve().parent.parent / "observatory" / "data" / "opendata"
DEFAULT_TERRITORY = "grand-brianconnais"
# Read in this order in one transaction: P16_POP is in both INSEE files, the first one wins.
DEFAULT_FILES = [
    (
        "insee",
        OPENDATA / "housing" / "insee_base_cc_comparateur_petr36.csv",
        "insee-comparateur-territoires",
    ),
    (
        "insee",
        OPENDATA / "housing" / "insee_dossier_complet_light_petr36.csv",
        "insee-dossier-complet",
    ),
    ("generic", OPENDATA / "connectivity" / "vivrea_fibre_petr36_generic.csv", ""),
]


def load_default_indicators(log: Callable[[str], object] = lambda message: None) -> None:
    log(indicators_load().line())
    if not Territory.objects.filter(slug=DEFAULT_TERRITORY).exists():
        log(f"no territory {DEFAULT_TERRITORY}: its indicator values are not loaded")
        return
    reports = import_indicator_files(
        DEFAULT_FILES, territory_slug=DEFAULT_TERRITORY, keep_other_sources=True
    )
    for report in reports:
        for line in report.lines():
            log(line)
