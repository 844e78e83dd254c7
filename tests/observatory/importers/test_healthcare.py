"""Eurostat GISCO healthcare CSV: acute-care hospitals, commune found from postcode and city."""

import pytest

from alpsatellites.observatory.importers.base import InvalidObservatoryFile
from alpsatellites.observatory.importers.healthcare import place_key, read_healthcare
from alpsatellites.observatory.models import Facility
from alpsatellites.observatory.services.facilities import facilities_import
from tests.observatory.facility_fixtures import HOSPITALS, facility_snapshot

HEADER = "id,hospital_name,lat,lon,postcode,city,cc,cap_beds,facility_type\n"


def write(tmp_path, *rows):
    path = tmp_path / "FR.csv"
    path.write_text(HEADER + "".join(row + "\n" for row in rows), encoding="utf-8")
    return path


def test_place_names_compare_alike():
    assert place_key("VILLAR ST PANCRACE") == place_key("Villar-Saint-Pancrace")
    assert place_key("BRIANCON CEDEX") == place_key("Briançon")


def test_rehabilitation_and_long_term_care_are_not_hospitals_for_a_mover():
    reading = read_healthcare(HOSPITALS, communes={"05023": "Briançon", "05003": "Aiguilles"})
    assert reading.report.read == 25
    assert reading.report.skipped == {
        "not an acute-care hospital (Etablissement de santé privé autorisé en SSR)": 10,
        "not an acute-care hospital (Etablissement de Soins Longue Durée)": 4,
    }
    by_id = {r.external_id: r for r in reading.records}
    assert by_id["50000231"].commune_code == "05023"  # BRIANCON, postcode 05105 (CEDEX)
    assert by_id["50000223"].commune_code == "05003"  # AIGUILLES
    # Gap is not among the communes given: no commune, the postcode kept.
    assert by_id["50000348"].commune_code == ""
    assert by_id["50000348"].details["postcode"] == "05007"
    assert "05007 GAP" in reading.report.unknown_codes


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ("1,H,44.9,6.6,05100,BRIANCON,FR,-3,Centre Hospitalier", "cap_beds -3 is out of range"),
        ("1,H,44.9,,05100,BRIANCON,FR,,Centre Hospitalier", None),
        ("1,H,48.2,16.4,05100,BRIANCON,FR,,Centre Hospitalier", "is outside FR"),
        ("1,H,44.9,6.6,5100,BRIANCON,FR,,Centre Hospitalier", "is not a French postcode"),
        ("1,H,44.9,6.6,05100,BRIANCON,XX,,Centre Hospitalier", "is not a country of the platform"),
        (",H,44.9,6.6,05100,BRIANCON,FR,,Centre Hospitalier", "id and hospital_name are required"),
    ],
)
def test_bad_rows(tmp_path, row, problem):
    path = write(tmp_path, row)
    if problem is None:
        assert read_healthcare(path).report.skipped == {"no coordinates (lat/lon empty)": 1}
        return
    with pytest.raises(InvalidObservatoryFile) as error:
        read_healthcare(path)
    assert error.value.problems[0].startswith("line 2: ") and problem in error.value.problems[0]


@pytest.mark.django_db
def test_command_matches_communes_of_the_territory(grand_brianconnais):
    from django.core.management import call_command

    call_command(
        "import_facilities", "healthcare", str(HOSPITALS), "--territory", "grand-brianconnais"
    )
    assert Facility.objects.filter(kind="hospital").count() == 11
    escartons = Facility.objects.get(external_id="50000231")
    assert escartons.commune.code == "05023"
    assert escartons.details["facility_type"] == "Centre Hospitalier (C.H.)"
    before = facility_snapshot()
    reading = read_healthcare(
        HOSPITALS, communes=dict(grand_brianconnais.communes.values_list("code", "name"))
    )
    assert facilities_import(reading=reading, territory=grand_brianconnais).unchanged == 11
    assert facility_snapshot() == before
