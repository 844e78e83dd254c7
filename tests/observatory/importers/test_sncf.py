"""SNCF passenger stations, the lines through them (SNCF Réseau) and their opening hours."""

import pytest
from django.core.management import call_command

from alpsatellites.observatory.importers.base import InvalidObservatoryFile
from alpsatellites.observatory.importers.sncf import (
    read_station_hours,
    read_station_lines,
    read_stations,
    uic_code,
)
from alpsatellites.observatory.models import Facility
from tests.observatory.facility_fixtures import STATION_HOURS, STATION_LINES, STATIONS


def test_uic_codes_padded_or_not():
    assert uic_code("0087763607") == uic_code("87763607") == "87763607"
    assert uic_code("8776360") is None
    assert uic_code("BRI") is None


def test_the_shipped_stations():
    reading = read_stations(STATIONS)
    assert len(reading.records) == 10
    briancon = next(r for r in reading.records if r.name == "Briançon")
    assert (briancon.external_id, briancon.commune_code) == ("87763607", "05023")
    assert (briancon.latitude, briancon.longitude) == (44.889853, 6.633007)
    assert briancon.details == {"uic": ["87763607"], "trigram": "BRI", "segment": "B"}


def test_lines_only_for_passenger_stations():
    details = read_station_lines(STATION_LINES)
    assert details.report.skipped == {"closed to passengers (VOYAGEURS = N)": 18}
    assert "87763581" not in details.values  # Prelles, closed halt
    assert [line["code"] for line in details.values["87763300"]] == ["905000", "915000"]


def test_hours_by_weekday_monday_first():
    hours = read_station_hours(STATION_HOURS).values
    assert hours["87763607"]["normal"] == [
        {"days": [0, 1, 2, 3, 4, 5, 6], "slots": [["05:30", "20:10"]]}
    ]
    # Gap: Saturday closes earlier, Sunday opens later.
    assert hours["87763003"]["normal"] == [
        {"days": [0, 1, 2, 3, 4], "slots": [["04:45", "22:50"]]},
        {"days": [5], "slots": [["04:45", "22:00"]]},
        {"days": [6], "slots": [["06:00", "22:50"]]},
    ]
    # Aspres-sur-Buëch: no Sunday row, empty holiday cells: closed then.
    assert hours["87763250"] == {
        "normal": [{"days": [0, 1, 2, 3, 4, 5], "slots": [["06:15", "13:15"]]}],
        "holiday": [],
    }
    # Veynes closes at midnight, written 24:00.
    assert hours["87763300"]["normal"][0]["slots"] == [["04:30", "24:00"]]


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ("0087763607;Briançon;Lundi;05:30-25:10;", "is not a time of day"),
        ("0087763607;Briançon;Lundi;20:30-05:10;", "closes before it opens"),
        ("0087763607;Briançon;Lundi;matin;", "is not like 06:15-21:10"),
        ("0087763607;Briançon;Funday;05:30-20:10;", "is not a weekday"),
        ("87;Briançon;Lundi;05:30-20:10;", "is not a UIC code"),
    ],
)
def test_bad_hours(tmp_path, row, problem):
    path = tmp_path / "hours.csv"
    path.write_text(
        "uic;gare;jour_de_la_semaine;horaire_en_jour_normal;horaire_en_jour_ferie\n" + row + "\n",
        encoding="utf-8",
    )
    with pytest.raises(InvalidObservatoryFile) as error:
        read_station_hours(path)
    assert error.value.problems[0].startswith("line 2: ") and problem in error.value.problems[0]


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ("Briançon;BRI;B;44.889853;05023;87763607", 'is not "latitude, longitude"'),
        ("Briançon;BRI;B;-44.889853, 6.633007;05023;87763607", "is outside FR"),
        ("Briançon;BRI;B;44.889853, 6.633007;05023;BRI", "is not a UIC code"),
    ],
)
def test_bad_stations(tmp_path, row, problem):
    path = tmp_path / "gares.csv"
    path.write_text(
        "Nom;Trigramme;Segment(s) DRG;Position géographique;Code commune;Code(s) UIC\n"
        + row
        + "\n",
        encoding="latin-1",
    )
    with pytest.raises(InvalidObservatoryFile) as error:
        read_stations(path)
    assert problem in error.value.problems[0]


@pytest.mark.django_db
def test_command_attaches_lines_and_hours_to_imported_stations_only(capsys):
    call_command("import_facilities", "stations", str(STATIONS))
    call_command("import_facilities", "station-lines", str(STATION_LINES))
    call_command("import_facilities", "station-hours", str(STATION_HOURS))
    out = capsys.readouterr().out
    # Valence TGV is in the hours file but is no station of dép. 05: skipped, no station made.
    assert "no station with this identifier imported (87763029)" in out
    assert Facility.objects.filter(kind="station").count() == 10
    briancon = Facility.objects.get(external_id="87763607")
    assert briancon.details["lines"] == [{"code": "915000", "kilometre_point": "348+882"}]
    assert briancon.details["lines_source"] == "sncf-liste-des-gares"
    assert briancon.details["hours"]["normal"][0]["slots"] == [["05:30", "20:10"]]
    assert not Facility.objects.filter(name__icontains="Prelles").exists()
    call_command("import_facilities", "station-hours", str(STATION_HOURS))
    assert "0 updated, 8 unchanged" in capsys.readouterr().out
