"""Generic municipality files for any country: a CSV or a GeoJSON FeatureCollection.

CSV columns: code, name, population (required); population_year, grouping_id, grouping_name,
latitude, longitude, altitude_m (optional). GeoJSON: the same names as feature properties, and
Polygon/MultiPolygon/Point geometries in WGS84. Every problem found is reported with its line or
feature number; a file with any problem imports nothing.
"""

import csv
import json
from pathlib import Path

import numpy as np

from .geometry import describe, geometry_from_geojson, is_finite
from .records import CommuneRecord, GroupingRecord, InvalidImportFile, SourceRecord, TerritoryData

REQUIRED = ("code", "name", "population")
OPTIONAL = (
    "population_year",
    "grouping_id",
    "grouping_name",
    "latitude",
    "longitude",
    "altitude_m",
)
MAX_PROBLEMS_LISTED = 50


def _whole(value, label: str, *, minimum: int = 0, maximum: int = 10**9) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(str(value).strip())
    except ValueError:
        raise ValueError(f"{label} {value!r} is not a whole number") from None
    if not minimum <= number <= maximum:
        raise ValueError(f"{label} {number} is out of range")
    return number


def _decimal(value, label: str, low: float, high: float) -> float | None:
    if value in (None, ""):
        return None
    try:
        number = float(str(value).strip())
    except ValueError:
        raise ValueError(f"{label} {value!r} is not a number") from None
    if not is_finite(number) or not low <= number <= high:
        raise ValueError(f"{label} {number} is out of range")
    return number


def _record(properties: dict, country: str, source_key: str) -> tuple[CommuneRecord, tuple | None]:
    """Validate one row or feature's attributes; ValueError names the first problem."""
    missing = [name for name in REQUIRED if str(properties.get(name) or "").strip() == ""]
    if missing:
        raise ValueError(f"missing {', '.join(missing)}")
    code = str(properties["code"]).strip()
    if len(code) > 12:
        raise ValueError(f"code {code!r} is longer than 12 characters")
    name = str(properties["name"]).strip()
    if len(name) > 200:
        raise ValueError("name is longer than 200 characters")
    grouping_id = str(properties.get("grouping_id") or "").strip() or None
    grouping_name = str(properties.get("grouping_name") or "").strip()
    if grouping_id and not grouping_name:
        raise ValueError("grouping_id given without grouping_name")
    population = _whole(properties["population"], "population")
    record = CommuneRecord(
        code=code,
        name=name,
        country=country,
        grouping=grouping_id,
        population=population,
        population_year=_whole(
            properties.get("population_year"), "population_year", minimum=1800, maximum=2100
        ),
        population_source=source_key,
        latitude=_decimal(properties.get("latitude"), "latitude", -90, 90),
        longitude=_decimal(properties.get("longitude"), "longitude", -180, 180),
        altitude_m=_whole(properties.get("altitude_m"), "altitude_m", minimum=-500, maximum=9000),
    )
    if (record.latitude is None) != (record.longitude is None):
        raise ValueError("latitude and longitude go together")
    grouping = (grouping_id, grouping_name) if grouping_id else None
    return record, grouping


def _finish(records, groupings, problems, source: SourceRecord) -> TerritoryData:
    seen: dict[str, str] = {}
    for where, record in records:
        if record.code in seen:
            problems.append(f"{where}: code {record.code} already given at {seen[record.code]}")
        seen.setdefault(record.code, where)
    if problems:
        if len(problems) > MAX_PROBLEMS_LISTED:
            extra = len(problems) - MAX_PROBLEMS_LISTED
            problems = [*problems[:MAX_PROBLEMS_LISTED], f"… and {extra} more problem(s)"]
        raise InvalidImportFile(problems)
    return TerritoryData(
        sources=[source],
        groupings=[
            GroupingRecord(official_id=gid, kind="other", name=gname, source=source.key)
            for gid, gname in groupings.items()
        ],
        communes=[record for _, record in records],
    )


def _note_grouping(groupings: dict, grouping, where: str, problems: list[str]) -> None:
    if grouping is None:
        return
    gid, gname = grouping
    if groupings.setdefault(gid, gname) != gname:
        problems.append(f"{where}: grouping {gid} is named {groupings[gid]!r} elsewhere")


def read_csv(path: Path, country: str, source: SourceRecord) -> TerritoryData:
    problems: list[str] = []
    records: list[tuple[str, CommuneRecord]] = []
    groupings: dict[str, str] = {}
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            sample = handle.read(4096)
            handle.seek(0)
            try:
                dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
            except csv.Error:
                dialect = csv.excel
            reader = csv.DictReader(handle, dialect=dialect)
            header = [h.strip() for h in (reader.fieldnames or [])]
            absent = [name for name in REQUIRED if name not in header]
            if absent:
                raise InvalidImportFile([f"line 1: missing column(s) {', '.join(absent)}"])
            reader.fieldnames = header
            for row in reader:
                where = f"line {reader.line_num}"
                if None in row:
                    problems.append(f"{where}: more values than columns")
                    continue
                try:
                    record, grouping = _record(row, country, source.key)
                except ValueError as error:
                    problems.append(f"{where}: {error}")
                    continue
                _note_grouping(groupings, grouping, where, problems)
                records.append((where, record))
    except UnicodeDecodeError as error:
        raise InvalidImportFile([f"{path}: not UTF-8 text ({error.reason})"]) from None
    except csv.Error as error:
        raise InvalidImportFile([f"{path}: malformed CSV ({error})"]) from None
    if not records and not problems:
        problems.append(f"{path}: no municipality in the file")
    return _finish(records, groupings, problems, source)


def read_geojson(path: Path, country: str, source: SourceRecord) -> TerritoryData:
    try:
        document = json.loads(Path(path).read_text(encoding="utf-8"))
    except UnicodeDecodeError as error:
        raise InvalidImportFile([f"{path}: not UTF-8 text ({error.reason})"]) from None
    except json.JSONDecodeError as error:
        raise InvalidImportFile(
            [f"{path}: line {error.lineno}: invalid JSON ({error.msg})"]
        ) from None
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        raise InvalidImportFile([f"{path}: not a GeoJSON FeatureCollection"])
    features = document.get("features")
    if not isinstance(features, list) or not features:
        raise InvalidImportFile([f"{path}: the FeatureCollection has no features"])

    problems: list[str] = []
    records: list[tuple[str, CommuneRecord]] = []
    groupings: dict[str, str] = {}
    shapes = []
    for number, feature in enumerate(features, start=1):
        where = f"feature {number}"
        if not isinstance(feature, dict) or not isinstance(feature.get("properties"), dict):
            problems.append(f"{where}: not a GeoJSON Feature with properties")
            continue
        try:
            record, grouping = _record(feature["properties"], country, source.key)
            geometry = feature.get("geometry")
            shape = geometry_from_geojson(geometry) if geometry is not None else None
        except ValueError as error:
            problems.append(f"{where}: {error}")
            continue
        _note_grouping(groupings, grouping, where, problems)
        records.append((where, record))
        shapes.append(shape)

    if not problems:
        with_shape = [i for i, shape in enumerate(shapes) if shape is not None]
        described = describe(np.array([shapes[i] for i in with_shape], dtype=object))
        for index, (text, latitude, longitude, area) in zip(with_shape, described, strict=True):
            record = records[index][1]
            record.latitude, record.longitude, record.area_km2 = latitude, longitude, area
            if area is not None:  # a polygon: a boundary; a point only places the commune
                record.boundary, record.boundary_source = text, source.key
    return _finish(records, groupings, problems, source)
