"""INSEE Base permanente des équipements (BPE), geolocated file → facility records.

The official file ("BPE … ensemble géolocalisé", ";" separator) has one row per facility:
DEPCOM, TYPEQU, LAMBERT_X, LAMBERT_Y (Lambert-93, EPSG:2154), with REG, DEP, DCIRIS, AN and, in
recent vintages, EPSG (overseas rows use their own projection) and NOMRS (the name). National, it
is 2.5 million rows: it is streamed, kept in columns (NumPy arrays and interned strings, never one
dict per row), converted to WGS84 with one pyproj Transformer over whole arrays, and handed to the
writer as records built one at a time.

Which TYPEQU codes become which kind of facility is data (`data/bpe_typequ.csv`); rows of other
codes are skipped and counted per code.

The BPE gives no identifier per facility, yet an import must be idempotent. The identifier built
here is TYPEQU-DEPCOM-X-Y-rank: the type, the commune and the Lambert point as published (two
decimals), and the rank among rows identical in those four (two GPs sharing a surgery). It is
stable from one run to the next on the same file, and from one vintage to the next for every
facility that neither moves nor changes type, which is what "updated rather than replaced" needs.
"""

import array
import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np
import numpy.typing as npt
from pyproj import Transformer

from ..models import FacilityKind
from .base import (
    HEADER_SEARCH_LINES,
    ImportReport,
    InvalidObservatoryFile,
    _find_header,
    parse_number,
    raise_if,
)
from .facility_records import FacilityReading, FacilityRecord, departement_of, inside

TYPEQU_TABLE = Path(__file__).resolve().parent.parent / "data" / "bpe_typequ.csv"
SOURCE_KEY = "insee-bpe"
REQUIRED = ("DEPCOM", "TYPEQU", "LAMBERT_X", "LAMBERT_Y")
COMMUNE_CODE = re.compile(r"^(\d{5}|2[AB]\d{3})$")
DEFAULT_EPSG = "2154"  # Lambert-93, metropolitan France
# Projections of the overseas rows of the BPE (EPSG column): Antilles, Guyane, Réunion, Mayotte.
KNOWN_EPSG = frozenset({"2154", "5490", "2972", "2975", "4471"})


@dataclass(frozen=True)
class FacilityType:
    kind: str
    label_fr: str
    label_en: str


@cache
def typequ_table(path: Path = TYPEQU_TABLE) -> dict[str, FacilityType]:
    """TYPEQU code → the facility it becomes, read from the data file (checked)."""
    from .base import read_rows

    table, problems = {}, []
    for row in read_rows(path, ["typequ", "kind", "label_fr", "label_en"]):
        if row.get("kind") not in FacilityKind.values:
            problems.append(f"{path.name}: line {row.line}: unknown kind {row.get('kind')!r}")
        table[row.get("typequ")] = FacilityType(
            row.get("kind"), row.get("label_fr"), row.get("label_en")
        )
    raise_if(problems)
    return table


@dataclass
class _Columns:
    """The kept rows of the file, column by column (a few dozen bytes per row)."""

    lines: "array.array[int]" = field(default_factory=lambda: array.array("l"))
    x: "array.array[float]" = field(default_factory=lambda: array.array("d"))
    y: "array.array[float]" = field(default_factory=lambda: array.array("d"))
    depcom: list[str] = field(default_factory=list)
    typequ: list[str] = field(default_factory=list)
    year: list[str] = field(default_factory=list)
    epsg: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)


def _number(text: str, label: str, line: int, problems: list[str]) -> float | None:
    try:
        return float(text)
    except ValueError:
        pass
    try:  # the slow path: decimal commas, spaces, empty cells
        value = parse_number(text, label)
    except ValueError as error:
        problems.append(f"line {line}: {error}")
        return None
    if value is None:
        return None
    if not isinstance(value, float):
        problems.append(f"line {line}: {label} {text.strip()!r} is not a number")
        return None
    return value


def _stream(
    path: Path, encoding: str, report: ImportReport
) -> tuple[_Columns, set[str], list[str]]:
    table = typequ_table()
    columns = _Columns()
    areas: set[str] = set()
    problems: list[str] = []
    interned: dict[str, str] = {}
    with open(path, encoding=encoding, newline="") as handle:
        head = [handle.readline() for _ in range(HEADER_SEARCH_LINES)]
        head = [line for line in head if line]
        if head:
            head[0] = head[0].lstrip("\ufeff")
        index, delimiter, header = _find_header(head, list(REQUIRED))
        handle.seek(0)
        reader = csv.reader(handle, delimiter=delimiter)
        for _ in range(index + 1):
            next(reader)
        position = {name: header.index(name) for name in header}
        i_dep, i_type = position["DEPCOM"], position["TYPEQU"]
        i_x, i_y = position["LAMBERT_X"], position["LAMBERT_Y"]
        i_an, i_epsg = position.get("AN"), position.get("EPSG")
        i_name = position.get("NOMRS")
        width = len(header)
        for values in reader:
            line = reader.line_num
            if len(values) != width:
                if any(value.strip() for value in values):
                    problems.append(f"line {line}: {len(values)} fields, the header has {width}")
                continue
            report.read += 1
            depcom = values[i_dep].strip()
            if not COMMUNE_CODE.match(depcom):
                problems.append(f"line {line}: DEPCOM {depcom!r} is not a commune code")
                continue
            areas.add(departement_of(depcom))
            code = values[i_type].strip()
            if code not in table:
                report.skip(f"TYPEQU {code or '(empty)'} not in the table of kinds")
                continue
            raw_x, raw_y = values[i_x].strip(), values[i_y].strip()
            if not raw_x or not raw_y:
                report.skip("no coordinates (LAMBERT_X/LAMBERT_Y empty)")
                continue
            x = _number(raw_x, "LAMBERT_X", line, problems)
            y = _number(raw_y, "LAMBERT_Y", line, problems)
            if x is None or y is None:
                continue
            epsg = values[i_epsg].strip() if i_epsg is not None else ""
            epsg = epsg.removeprefix("EPSG:") or DEFAULT_EPSG
            if epsg not in KNOWN_EPSG:
                problems.append(f"line {line}: EPSG {epsg!r} is not a projection of the BPE")
                continue
            columns.lines.append(line)
            columns.x.append(x)
            columns.y.append(y)
            columns.depcom.append(interned.setdefault(depcom, depcom))
            columns.typequ.append(interned.setdefault(code, code))
            year = values[i_an].strip() if i_an is not None else ""
            columns.year.append(interned.setdefault(year, year))
            columns.epsg.append(interned.setdefault(epsg, epsg))
            if i_name is not None:
                columns.names.append(values[i_name].strip())
    return columns, areas, problems


def _to_wgs84(columns: _Columns) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Whole arrays through one Transformer per projection (one for a metropolitan file)."""
    x = np.frombuffer(columns.x, dtype=np.float64)
    y = np.frombuffer(columns.y, dtype=np.float64)
    lat = np.empty_like(x)
    lon = np.empty_like(x)
    epsg = np.array(columns.epsg) if len(set(columns.epsg)) > 1 else None
    for code in sorted(set(columns.epsg)):
        chosen = slice(None) if epsg is None else epsg == code
        lon[chosen], lat[chosen] = _transformer(code).transform(x[chosen], y[chosen])
    return lat, lon


@cache
def _transformer(epsg: str) -> Transformer:
    return Transformer.from_crs(f"EPSG:{epsg}", "EPSG:4326", always_xy=True)


def _ranks(columns: _Columns) -> npt.NDArray[np.int64]:
    """Rank of each row among rows with the same TYPEQU, DEPCOM and point, in file order."""
    count = len(columns.lines)
    if count == 0:
        return np.zeros(0, dtype=np.int64)
    _, typ = np.unique(np.array(columns.typequ), return_inverse=True)
    _, dep = np.unique(np.array(columns.depcom), return_inverse=True)
    x = np.round(np.frombuffer(columns.x, dtype=np.float64), 2)
    y = np.round(np.frombuffer(columns.y, dtype=np.float64), 2)
    order = np.lexsort((np.arange(count), y, x, dep, typ))
    keys = np.stack((typ[order], dep[order]), axis=1)
    new_group = np.ones(count, dtype=bool)
    new_group[1:] = (
        np.any(keys[1:] != keys[:-1], axis=1)
        | (x[order][1:] != x[order][:-1])
        | (y[order][1:] != y[order][:-1])
    )
    group_start = np.maximum.accumulate(np.where(new_group, np.arange(count), 0))
    ranks = np.empty(count, dtype=np.int64)
    ranks[order] = np.arange(count) - group_start + 1
    return ranks


class _Records:
    """The records of a BPE file, built one at a time while the writer consumes them."""

    def __init__(
        self, columns: _Columns, lat: npt.NDArray[np.float64], lon: npt.NDArray[np.float64]
    ):
        self.columns = columns
        self.lat = lat
        self.lon = lon
        self.ranks = _ranks(columns)

    def __len__(self) -> int:
        return len(self.columns.lines)

    def __contains__(self, item: object) -> bool:  # pragma: no cover - Collection protocol
        return any(record == item for record in self)

    def __iter__(self) -> Iterator[FacilityRecord]:
        table = typequ_table()
        c = self.columns
        names = c.names or None
        for i in range(len(c.lines)):
            code, depcom = c.typequ[i], c.depcom[i]
            kind = table[code]
            x, y = c.x[i], c.y[i]
            yield FacilityRecord(
                line=c.lines[i],
                kind=kind.kind,
                external_id=f"{code}-{depcom}-{x:.2f}-{y:.2f}-{self.ranks[i]}",
                name=(names[i] if names and names[i] else kind.label_fr)[:300],
                commune_code=depcom,
                latitude=round(float(self.lat[i]), 6),
                longitude=round(float(self.lon[i]), 6),
                area=departement_of(depcom),
                details={"typequ": code, "year": c.year[i]} if c.year[i] else {"typequ": code},
            )


def read_bpe(path: Path | str) -> FacilityReading:
    """Read a BPE geolocated file; InvalidObservatoryFile lists the faulty lines."""
    path = Path(path)
    report = ImportReport(source=f"BPE {path.name}")
    try:
        columns, areas, problems = _stream(path, "utf-8-sig", report)
    except UnicodeDecodeError:
        # Not UTF-8: the older vintages are Windows-1252. Start again from the top.
        report = ImportReport(source=f"BPE {path.name}")
        columns, areas, problems = _stream(path, "cp1252", report)
    raise_if(problems)
    lat, lon = _to_wgs84(columns)
    outside = np.flatnonzero(~inside(lat, lon, "FR"))
    raise_if(
        [
            f"line {columns.lines[i]}: LAMBERT_X/LAMBERT_Y {columns.x[i]:.2f}, "
            f"{columns.y[i]:.2f} is outside France (EPSG:{columns.epsg[i]})"
            for i in outside
        ]
    )
    kinds = frozenset(kind.kind for kind in typequ_table().values())
    if report.read == 0:
        raise InvalidObservatoryFile([f"{path.name}: no row under the header"])
    return FacilityReading(
        report=report,
        source_key=SOURCE_KEY,
        kinds=kinds,
        areas=frozenset(areas),
        records=_Records(columns, lat, lon),
        unique_ids=True,
    )
