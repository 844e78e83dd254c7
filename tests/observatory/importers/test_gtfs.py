"""GTFS: departures per day on a date (calendar exceptions, past midnight), direct journeys."""

import datetime

import pytest
from django.core.management import CommandError, call_command

from alpsatellites.observatory.importers.base import InvalidObservatoryFile
from alpsatellites.observatory.importers.gtfs import gtfs_text, read_gtfs, seconds
from alpsatellites.observatory.importers.sncf import read_stations
from alpsatellites.observatory.models import Facility, IndicatorValue
from alpsatellites.observatory.services.facilities import facilities_import
from tests.observatory.facility_fixtures import STATIONS, computed_indicators

TUESDAY = datetime.date(2026, 3, 10)
# A small feed in the official shape: Briançon (station with two platforms), L'Argentière,
# Mont-Dauphin and Gap. Trips: a weekday train, a Sunday-only one, the same weekday service
# removed on the 10th by calendar_dates and an extra service added that day, and a night train
# of the 9th that leaves Mont-Dauphin at 24:40, i.e. 00:40 on the 10th.
FEED = {
    "agency.txt": "agency_id,agency_name,agency_url,agency_timezone\nSNCF,SNCF,https://sncf.com,Europe/Paris\n",
    "stops.txt": (
        "stop_id,stop_name,stop_lat,stop_lon,location_type,parent_station\n"
        "BRI,Briançon,44.889853,6.633007,1,\n"
        "BRI:1,Briançon quai 1,44.8899,6.6331,0,BRI\n"
        "BRI:2,Briançon quai 2,44.8898,6.6329,0,BRI\n"
        "LEE,L'Argentière Les Écrins,44.7909802,6.5564162,0,\n"
        "MOG,Mont-Dauphin - Guillestre,44.6746283,6.6156027,0,\n"
        "GAP,Gap,44.563693,6.085638,0,\n"
    ),
    "routes.txt": (
        "route_id,agency_id,route_short_name,route_long_name,route_type\n"
        "TER,SNCF,TER,Briançon - Gap,2\n"
    ),
    "calendar.txt": (
        "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\n"
        "WEEK,1,1,1,1,1,0,0,20260101,20261231\n"
        "SUN,0,0,0,0,0,0,1,20260101,20261231\n"
        "NIGHT,1,1,1,1,1,1,1,20260101,20261231\n"
        "WORKS,1,1,1,1,1,0,0,20260101,20261231\n"
    ),
    "calendar_dates.txt": ("service_id,date,exception_type\nWORKS,20260310,2\nEXTRA,20260310,1\n"),
    "trips.txt": (
        "route_id,service_id,trip_id\nTER,WEEK,T1\nTER,SUN,T2\nTER,WORKS,T3\nTER,EXTRA,T4\nTER,NIGHT,N1\n"
    ),
    "stop_times.txt": (
        "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n"
        "T1,06:00:00,06:00:00,BRI:1,1\nT1,06:20:00,06:21:00,LEE,2\nT1,06:40:00,06:41:00,MOG,3\n"
        "T1,07:50:00,07:50:00,GAP,4\n"
        "T2,09:00:00,09:00:00,BRI:2,1\nT2,10:40:00,10:40:00,GAP,2\n"
        "T3,12:00:00,12:00:00,BRI:1,1\nT3,13:30:00,13:30:00,GAP,2\n"
        "T4,15:00:00,15:00:00,BRI:2,1\nT4,16:25:00,16:25:00,GAP,2\n"
        "N1,24:00:00,24:00:00,BRI:1,1\nN1,24:40:00,24:40:00,MOG,2\nN1,25:50:00,25:50:00,GAP,3\n"
    ),
}


@pytest.fixture
def feed(tmp_path):
    path = tmp_path / "gtfs.zip"
    path.write_bytes(gtfs_text(FEED))
    return path


def test_seconds_past_midnight():
    assert seconds("25:10:00", "t") == 90600
    with pytest.raises(ValueError, match="is out of range"):
        seconds("10:61:00", "t")
    with pytest.raises(ValueError, match="is not HH:MM:SS"):
        seconds("10h30", "t")


def test_departures_on_a_tuesday(feed):
    result = read_gtfs(feed, date=TUESDAY, hubs=["Gap"])
    stations = result.stations
    # Briançon: T1 and T4 (T3 removed that day, T2 runs on Sundays); the night train of the 9th
    # left at 24:00 = 00:00 on the 10th, and the one of the 10th leaves on the 11th.
    assert stations["BRI"].departures == 3
    assert stations["LEE"].departures == 1
    assert stations["MOG"].departures == 2  # T1, and N1 of the 9th at 00:40
    assert stations["GAP"].departures == 0  # terminus: arrivals only
    assert stations["BRI"].journeys["GAP"] == (85, "15:00", "16:25")
    assert stations["MOG"].journeys["GAP"] == (69, "06:41", "07:50")


def test_a_sunday_and_a_folder(tmp_path):
    folder = tmp_path / "feed"
    folder.mkdir()
    for name, text in FEED.items():
        (folder / name).write_text(text, encoding="utf-8")
    result = read_gtfs(folder, date=datetime.date(2026, 3, 8), hubs=["GAP"])
    assert result.stations["BRI"].departures == 2  # T2, and N1 at midnight
    assert result.stations["BRI"].journeys["GAP"] == (100, "09:00", "10:40")


@pytest.mark.parametrize(
    ("name", "text", "problem"),
    [
        (
            "stop_times.txt",
            FEED["stop_times.txt"] + "T1,07:99:00,07:99:00,GAP,5\n",
            "stop_times.txt: line 15: arrival_time '07:99:00' is out of range",
        ),
        (
            "stop_times.txt",
            FEED["stop_times.txt"] + "T9,07:00:00,07:00:00,GAP,5\n",
            "unknown trip_id 'T9'",
        ),
        (
            "stop_times.txt",
            FEED["stop_times.txt"] + "T1,08:00:00,08:00:00,XXX,5\n",
            "unknown stop_id 'XXX'",
        ),
        ("trips.txt", FEED["trips.txt"] + "TER,NOPE,T9\n", "service_id 'NOPE' is in no calendar"),
        (
            "stops.txt",
            FEED["stops.txt"] + "BAD,Bad,91,6.6,0,\n",
            "stops.txt: line 8: stop_lat 91 is out of range",
        ),
        (
            "calendar_dates.txt",
            "service_id,date,exception_type\nWORKS,2026-03-10,2\n",
            "is not YYYYMMDD",
        ),
        ("trips.txt", "route_id,trip_id\nTER,T1\n", "trips.txt: line 1: missing column"),
    ],
)
def test_bad_feeds_name_the_file_and_line(tmp_path, name, text, problem):
    path = tmp_path / "gtfs.zip"
    path.write_bytes(gtfs_text({**FEED, name: text}))
    with pytest.raises(InvalidObservatoryFile) as error:
        read_gtfs(path, date=TUESDAY)
    assert any(problem in p for p in error.value.problems), error.value.problems


def test_missing_file_unknown_hub_and_a_day_without_service(tmp_path, feed):
    path = tmp_path / "gtfs.zip"
    path.write_bytes(gtfs_text({k: v for k, v in FEED.items() if k != "stop_times.txt"}))
    with pytest.raises(
        InvalidObservatoryFile, match=r"stop_times\.txt: missing from the GTFS feed"
    ):
        read_gtfs(path, date=TUESDAY)
    with pytest.raises(InvalidObservatoryFile, match="hub 'Lyon'"):
        read_gtfs(feed, date=TUESDAY, hubs=["Lyon"])
    with pytest.raises(InvalidObservatoryFile, match="no service runs on 2027-01-05"):
        read_gtfs(feed, date=datetime.date(2027, 1, 5))


@pytest.mark.django_db
def test_command_writes_departures_per_commune_and_journeys(grand_brianconnais, feed, capsys):
    computed_indicators()
    facilities_import(reading=read_stations(STATIONS))
    args = ["import_facilities", "gtfs", str(feed), "--territory", "grand-brianconnais"]
    call_command(*args, "--date", "2026-03-10", "--hub", "Gap", "--source-title", "TER feed")
    values = {
        v.commune.code: v.value
        for v in IndicatorValue.objects.filter(indicator__code="station_departures_per_day")
    }
    assert len(values) == 36
    # Briançon 3; Mont-Dauphin station is in Eygliers (05052); Gap is outside the territory.
    assert (values["05023"], values["05006"], values["05052"], values["05093"]) == (3, 1, 2, 0)
    value = IndicatorValue.objects.filter(indicator__code="station_departures_per_day").first()
    assert (value.period, value.source.key, value.source.title) == (
        "2026-03-10",
        "gtfs-gtfs",
        "TER feed",
    )
    briancon = Facility.objects.get(external_id="87763607")
    assert briancon.details["journeys"] == [
        {
            "hub": "Gap",
            "minutes": 85,
            "departure": "15:00",
            "arrival": "16:25",
            "date": "2026-03-10",
            "transfers": 0,
        }
    ]
    assert "36 created, 0 updated" in capsys.readouterr().out
    call_command(*args, "--date", "2026-03-10", "--hub", "Gap")
    assert "0 created, 0 updated, 36 unchanged" in capsys.readouterr().out
    with pytest.raises(CommandError, match="--date is required"):
        call_command(*args)
