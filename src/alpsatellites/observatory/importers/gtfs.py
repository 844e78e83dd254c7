"""GTFS timetable (a zip or a folder) → departures per day per station, fastest direct journeys.

For one chosen date:
- the services running that day are those of calendar.txt whose weekday and date range include
  it, plus calendar_dates.txt exceptions (1 = added, 2 = removed);
- a trip of the day before whose times pass 24:00 (GTFS writes 25:10:00) departs on the chosen
  date, and is counted there; a trip of the chosen date past 24:00 is not;
- stops are grouped to their parent station (a station's platforms are one place to a
  traveller), and the last stop of a trip is an arrival, not a departure;
- the fastest journey from each station to each chosen hub is the shortest direct trip that
  calls at the station and later at the hub, departing on that date. Journeys with a change of
  train are not searched: a station whose only way to a hub involves a change has no journey to
  it here, and the page says "direct trains".
"""

import datetime
import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .base import ImportReport, InvalidObservatoryFile, Row, decode, raise_if, read_rows
from .facility_records import coordinate

DAY_SECONDS = 86_400
WEEKDAY_COLUMNS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MAX_HOURS = 48  # GTFS times stay below 48:00:00 in practice; more is a broken file


@dataclass
class GtfsStation:
    station_id: str
    name: str
    latitude: float
    longitude: float
    departures: int = 0
    # hub station id → (minutes, departure "HH:MM", arrival "HH:MM")
    journeys: dict[str, tuple[int, str, str]] = field(default_factory=dict)


@dataclass
class GtfsResult:
    report: ImportReport
    date: datetime.date
    stations: dict[str, GtfsStation]
    hubs: dict[str, str]  # hub station id → name


class _Feed:
    def __init__(self, path: Path):
        self.path = path
        self.archive = zipfile.ZipFile(path) if path.is_file() else None
        if self.archive is None and not path.is_dir():
            raise InvalidObservatoryFile([f"{path}: neither a GTFS zip nor a folder"])

    def has(self, name: str) -> bool:
        if self.archive is not None:
            return any(Path(member).name == name for member in self.archive.namelist())
        return (self.path / name).is_file()

    def rows(self, name: str, required: Iterable[str]) -> list[Row]:
        if not self.has(name):
            raise InvalidObservatoryFile([f"{name}: missing from the GTFS feed"])
        if self.archive is not None:
            member = next(m for m in self.archive.namelist() if Path(m).name == name)
            raw = self.archive.read(member)
        else:
            raw = (self.path / name).read_bytes()
        try:
            return read_rows(name, required, text=decode(raw))
        except InvalidObservatoryFile as error:
            raise InvalidObservatoryFile(
                [f"{name}: {problem}" for problem in error.problems]
            ) from None


def seconds(text: str, label: str) -> int:
    """ "25:10:00" → 90600; ValueError naming `label` for anything that is not H:MM:SS."""
    parts = text.strip().split(":")
    if len(parts) != 3 or not all(part.isdigit() for part in parts):
        raise ValueError(f"{label} {text.strip()!r} is not HH:MM:SS")
    hours, minutes, secs = (int(part) for part in parts)
    if minutes > 59 or secs > 59 or hours >= MAX_HOURS:
        raise ValueError(f"{label} {text.strip()!r} is out of range")
    return hours * 3600 + minutes * 60 + secs


def _clock(value: int) -> str:
    return f"{value // 3600 % 24:02d}:{value // 60 % 60:02d}"


def _date(text: str, label: str) -> datetime.date:
    try:
        return datetime.datetime.strptime(text.strip(), "%Y%m%d").date()
    except ValueError:
        raise ValueError(f"{label} {text.strip()!r} is not YYYYMMDD") from None


def _services(feed: _Feed, day: datetime.date, problems: list[str]) -> tuple[set[str], set[str]]:
    """Service ids running on `day`, and every service id the feed defines."""
    running: set[str] = set()
    known: set[str] = set()
    if not feed.has("calendar.txt") and not feed.has("calendar_dates.txt"):
        raise InvalidObservatoryFile(["calendar.txt and calendar_dates.txt: the feed has neither"])
    if feed.has("calendar.txt"):
        for row in feed.rows(
            "calendar.txt", ("service_id", *WEEKDAY_COLUMNS, "start_date", "end_date")
        ):
            service = row.get("service_id")
            known.add(service)
            try:
                start = _date(row.get("start_date"), "start_date")
                end = _date(row.get("end_date"), "end_date")
                flags = [row.get(column) for column in WEEKDAY_COLUMNS]
                if any(flag not in {"0", "1"} for flag in flags):
                    raise ValueError("weekday columns hold 0 or 1")
            except ValueError as error:
                problems.append(f"calendar.txt: line {row.line}: {error}")
                continue
            if start <= day <= end and flags[day.weekday()] == "1":
                running.add(service)
    if feed.has("calendar_dates.txt"):
        for row in feed.rows("calendar_dates.txt", ("service_id", "date", "exception_type")):
            service = row.get("service_id")
            known.add(service)
            try:
                when = _date(row.get("date"), "date")
            except ValueError as error:
                problems.append(f"calendar_dates.txt: line {row.line}: {error}")
                continue
            exception = row.get("exception_type")
            if exception not in {"1", "2"}:
                problems.append(
                    f"calendar_dates.txt: line {row.line}: "
                    f"exception_type {exception!r} is not 1 or 2"
                )
            elif when == day and exception == "1":
                running.add(service)
            elif when == day:
                running.discard(service)
    return running, known


def _stations(feed: _Feed, problems: list[str]) -> tuple[dict[str, str], dict[str, GtfsStation]]:
    """stop id → station id, and the stations (parent stations, or stops without one)."""
    rows = feed.rows("stops.txt", ("stop_id", "stop_name", "stop_lat", "stop_lon"))
    parent_of: dict[str, str] = {}
    stations: dict[str, GtfsStation] = {}
    for row in rows:
        stop_id = row.get("stop_id")
        parent = row.get("parent_station")
        kind = row.get("location_type") or "0"
        if kind not in {"0", "1"}:
            continue  # entrances, generic nodes and boarding areas carry no departures
        try:
            latitude = coordinate(row.get("stop_lat"), "stop_lat", -90, 90)
            longitude = coordinate(row.get("stop_lon"), "stop_lon", -180, 180)
        except ValueError as error:
            problems.append(f"stops.txt: line {row.line}: {error}")
            continue
        if latitude is None or longitude is None:
            problems.append(f"stops.txt: line {row.line}: stop_lat and stop_lon are required")
            continue
        if kind == "0" and parent:
            parent_of[stop_id] = parent
        else:
            parent_of[stop_id] = stop_id
            stations[stop_id] = GtfsStation(stop_id, row.get("stop_name"), latitude, longitude)
    for stop_id, parent in parent_of.items():
        if parent not in stations:
            problems.append(f"stops.txt: stop {stop_id} has an unknown parent_station {parent!r}")
    return parent_of, stations


def read_gtfs(path: Path | str, *, date: datetime.date, hubs: Iterable[str] = ()) -> GtfsResult:
    """Departures on `date` per station, fastest direct trips to `hubs` (stop ids or names)."""
    path = Path(path)
    feed = _Feed(path)
    report = ImportReport(source=f"GTFS {path.name} on {date.isoformat()}")
    problems: list[str] = []
    station_of, stations = _stations(feed, problems)
    today, known = _services(feed, date, problems)
    yesterday, _known = _services(feed, date - datetime.timedelta(days=1), [])
    hub_ids = _hubs(hubs, station_of, stations, problems)
    offsets: dict[str, list[int]] = {}
    for row in feed.rows("trips.txt", ("route_id", "service_id", "trip_id")):
        service = row.get("service_id")
        if service not in known:
            problems.append(f"trips.txt: line {row.line}: service_id {service!r} is in no calendar")
            continue
        # Seconds to add to the trip's times to place them on the chosen date's clock.
        runs = ([0] if service in today else []) + ([-DAY_SECONDS] if service in yesterday else [])
        offsets[row.get("trip_id")] = runs
    raise_if(problems)
    if not today:
        raise InvalidObservatoryFile(
            [f"no service runs on {date.isoformat()}: choose a date of the feed"]
        )
    calls: dict[str, list[tuple[int, str, int, int]]] = {}
    for row in feed.rows(
        "stop_times.txt", ("trip_id", "arrival_time", "departure_time", "stop_id", "stop_sequence")
    ):
        report.read += 1
        trip, stop = row.get("trip_id"), row.get("stop_id")
        if trip not in offsets:
            problems.append(f"stop_times.txt: line {row.line}: unknown trip_id {trip!r}")
            continue
        if stop not in station_of:
            problems.append(f"stop_times.txt: line {row.line}: unknown stop_id {stop!r}")
            continue
        try:
            sequence = int(row.get("stop_sequence"))
            arrival = seconds(row.get("arrival_time") or row.get("departure_time"), "arrival_time")
            departure = seconds(
                row.get("departure_time") or row.get("arrival_time"), "departure_time"
            )
        except ValueError as error:
            problems.append(f"stop_times.txt: line {row.line}: {error}")
            continue
        if not offsets[trip]:
            report.skip("trip not running on the date")
            continue
        calls.setdefault(trip, []).append((sequence, station_of[stop], arrival, departure))
    raise_if(problems)
    for trip, trip_calls in calls.items():
        trip_calls.sort()
        for offset in offsets[trip]:
            _count(trip_calls, offset, stations, hub_ids)
    report.imported = sum(1 for station in stations.values() if station.departures)
    return GtfsResult(
        report=report, date=date, stations=stations, hubs={h: stations[h].name for h in hub_ids}
    )


def _hubs(
    hubs: Iterable[str],
    station_of: dict[str, str],
    stations: dict[str, GtfsStation],
    problems: list[str],
) -> list[str]:
    by_name = {station.name.casefold(): station_id for station_id, station in stations.items()}
    found = []
    for hub in hubs:
        station_id = station_of.get(hub) or by_name.get(hub.casefold())
        if station_id is None:
            problems.append(f"hub {hub!r}: no stop or station with this id or name in stops.txt")
        else:
            found.append(station_id)
    return found


def _count(
    calls: list[tuple[int, str, int, int]],
    offset: int,
    stations: dict[str, GtfsStation],
    hubs: list[str],
) -> None:
    """Departures on the date of one trip run, and its journeys to the hubs."""
    for index, (_sequence, station_id, _arrival, departure) in enumerate(calls[:-1]):
        leaves = departure + offset
        if not 0 <= leaves < DAY_SECONDS:
            continue
        station = stations[station_id]
        station.departures += 1
        for _seq, later_id, arrival, _dep in calls[index + 1 :]:
            if later_id in hubs and later_id != station_id:
                minutes = (arrival - departure) // 60
                best = station.journeys.get(later_id)
                if best is None or minutes < best[0]:
                    station.journeys[later_id] = (minutes, _clock(leaves), _clock(arrival + offset))


def gtfs_text(files: dict[str, str]) -> bytes:
    """A GTFS zip from file name → text: for tests and benchmarks building small feeds."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()
