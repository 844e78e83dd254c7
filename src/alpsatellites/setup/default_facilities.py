"""The default territory's facilities, from the extracts shipped with the package.

Collèges (Éducation nationale), SNCF passenger stations with their lines and opening hours, and
hospitals (Eurostat GISCO / FINESS) of the Hautes-Alpes, then the nearest of each from every
commune of the Grand Briançonnais. Run after the indicator catalogue is loaded (the distance
indicators and the `alpsatellites-computed` source come from it). Idempotent.
"""

from pathlib import Path

from alpsatellites.observatory.importers.healthcare import read_healthcare
from alpsatellites.observatory.importers.schools import read_schools
from alpsatellites.observatory.importers.sncf import (
    STATIONS_SOURCE,
    read_station_hours,
    read_station_lines,
    read_stations,
)
from alpsatellites.observatory.services.facilities import facilities_import, facility_details_set
from alpsatellites.observatory.services.nearest import facilities_nearest_compute
from alpsatellites.territories.models import Commune, Territory

OPENDATA = Path(__file__).resolve().parent.parent / "observatory" / "data" / "opendata"
DEFAULT_TERRITORY = "grand-brianconnais"
COLLEGES = OPENDATA / "schools" / "geoloc_colleges_dep05_Cat-Miaou-Vyz.csv"
STATIONS = OPENDATA / "transport" / "sncf_gares-de-voyageurs_dep05.csv"
STATION_LINES = OPENDATA / "transport" / "sncf_liste-des-gares_hautes-alpes.csv"
STATION_HOURS = OPENDATA / "transport" / "sncf_horaires-des-gares_dep05.csv"
HOSPITALS = OPENDATA / "health" / "eurostat_gisco_healthcare_FR_dep05.csv"


def load_default_facilities(log=lambda message: None) -> None:
    territory = Territory.objects.filter(slug=DEFAULT_TERRITORY).first()
    if territory is None:
        log(f"no territory {DEFAULT_TERRITORY}: facilities not loaded")
        return
    # Every commune of the département, so that a hospital in Gap finds its commune too.
    communes = dict(Commune.objects.filter(country="FR").values_list("code", "name"))
    for reading in (
        read_schools(COLLEGES),
        read_stations(STATIONS),
        read_healthcare(HOSPITALS, communes=communes),
    ):
        report = facilities_import(reading=reading, show_progress=False)
        log(report.lines()[0])
    for details in (read_station_lines(STATION_LINES), read_station_hours(STATION_HOURS)):
        report = facility_details_set(
            source_key=STATIONS_SOURCE,
            kind="station",
            part=details.part,
            values=details.values,
            detail_source_key=details.source_key,
            report=details.report,
        )
        log(report.lines()[0])
    for line in facilities_nearest_compute(territory=territory).lines():
        log(line)
