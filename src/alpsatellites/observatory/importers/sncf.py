"""SNCF open data → passenger stations, the lines through them, and their opening hours.

Three files, three readers:
- "gares-de-voyageurs" (SNCF Gares & Connexions): `Nom;Trigramme;Segment(s) DRG;Position
  géographique;Code commune;Code(s) UIC` — the passenger stations, identified by UIC code.
- "liste-des-gares" (SNCF Réseau): CODE_UIC, LIBELLE, VOYAGEURS, CODE_LIGNE, PK… — one row per
  station and line. Only used to attach line codes to stations already imported: a halt with
  VOYAGEURS = N is closed to passengers and is never created as a station.
- "horaires des gares": `uic;gare;jour_de_la_semaine;horaire_en_jour_normal;horaire_en_jour_ferie`
  — the station building's opening hours, stored as weekdays (Monday = 0) and slots, the shape
  of `Commune.town_hall_hours`. A day without a row, or with an empty cell, is a closed day.

UIC codes come as 8 digits ("87763607") or zero-padded to 10 ("0087763607"): both are read as
the 8-digit code.
"""

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..models import FacilityKind
from .base import ImportReport, raise_if, read_rows
from .facility_records import (
    FacilityReading,
    FacilityRecord,
    check_points,
    coordinate,
    departement_of,
)

STATIONS_SOURCE = "sncf-gares-voyageurs"
LINES_SOURCE = "sncf-liste-des-gares"
HOURS_SOURCE = "sncf-horaires-gares"
STATION_COLUMNS = ("Nom", "Position géographique", "Code commune", "Code(s) UIC")
LINE_COLUMNS = ("CODE_UIC", "LIBELLE", "VOYAGEURS", "CODE_LIGNE")
HOUR_COLUMNS = ("uic", "jour_de_la_semaine", "horaire_en_jour_normal", "horaire_en_jour_ferie")
WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
SLOT = re.compile(r"^(\d{1,2})[:h](\d{2})\s*-\s*(\d{1,2})[:h](\d{2})$")
UIC = re.compile(r"^\d{7,10}$")


def uic_code(text: str) -> str | None:
    """The 8-digit UIC code of "87763607" or "0087763607"; None for anything else."""
    digits = text.strip()
    if not UIC.match(digits):
        return None
    digits = digits.lstrip("0")
    return digits if len(digits) == 8 else None


def _uics(text: str) -> list[str] | None:
    parts = [part for part in re.split(r"[\s,;|/]+", text.strip()) if part]
    codes = [uic_code(part) for part in parts]
    if not codes or any(code is None for code in codes):
        return None
    return [code for code in codes if code is not None]


def read_stations(path: Path | str) -> FacilityReading:
    path = Path(path)
    report = ImportReport(source=f"stations {path.name}")
    problems: list[str] = []
    records: list[FacilityRecord] = []
    areas: set[str] = set()
    for row in read_rows(path, STATION_COLUMNS):
        report.read += 1
        code = row.get("Code commune")
        uics = _uics(row.get("Code(s) UIC"))
        if uics is None:
            problems.append(
                f"line {row.line}: Code(s) UIC {row.get('Code(s) UIC')!r} is not a UIC code"
            )
            continue
        if len(code) != 5:
            problems.append(f"line {row.line}: Code commune {code!r} is not a commune code")
            continue
        areas.add(departement_of(code))
        position = row.get("Position géographique")
        if not position:
            report.skip("no coordinates (Position géographique empty)")
            continue
        parts = [part.strip() for part in position.split(",")]
        try:
            if len(parts) != 2:
                raise ValueError(f'Position géographique {position!r} is not "latitude, longitude"')
            latitude = coordinate(parts[0], "latitude", -90, 90)
            longitude = coordinate(parts[1], "longitude", -180, 180)
        except ValueError as error:
            problems.append(f"line {row.line}: {error}")
            continue
        if latitude is None or longitude is None:
            report.skip("no coordinates (Position géographique empty)")
            continue
        details: dict[str, Any] = {"uic": uics}
        if row.get("Trigramme"):
            details["trigram"] = row.get("Trigramme")
        if row.get("Segment(s) DRG"):
            # The DRG segment: A national, B regional, C local station (SNCF's classes).
            details["segment"] = row.get("Segment(s) DRG")
        records.append(
            FacilityRecord(
                line=row.line,
                kind=FacilityKind.STATION,
                external_id=uics[0],
                name=row.get("Nom"),
                commune_code=code,
                latitude=latitude,
                longitude=longitude,
                area=departement_of(code),
                details=details,
            )
        )
    check_points(records, "FR", problems, "Position géographique")
    raise_if(problems)
    return FacilityReading(
        report=report,
        source_key=STATIONS_SOURCE,
        kinds=frozenset({FacilityKind.STATION}),
        areas=frozenset(areas),
        records=records,
    )


@dataclass
class StationDetails:
    """A part of the stations' details read from a file, by UIC code."""

    report: ImportReport
    part: str
    source_key: str
    values: dict[str, Any]


def read_station_lines(path: Path | str) -> StationDetails:
    """The railway lines (CODE_LIGNE, with their kilometre point) through each passenger station."""
    path = Path(path)
    report = ImportReport(source=f"station lines {path.name}")
    problems: list[str] = []
    lines: dict[str, dict[str, dict[str, str]]] = {}
    for row in read_rows(path, LINE_COLUMNS):
        report.read += 1
        uic = uic_code(row.get("CODE_UIC"))
        if uic is None:
            problems.append(f"line {row.line}: CODE_UIC {row.get('CODE_UIC')!r} is not a UIC code")
            continue
        passengers = row.get("VOYAGEURS").upper()
        if passengers not in {"O", "N"}:
            problems.append(f"line {row.line}: VOYAGEURS {passengers!r} is neither O nor N")
            continue
        if passengers == "N":
            report.skip("closed to passengers (VOYAGEURS = N)")
            continue
        line_code = row.get("CODE_LIGNE")
        if not line_code.isdigit():
            problems.append(f"line {row.line}: CODE_LIGNE {line_code!r} is not a line code")
            continue
        entry = {"code": line_code}
        if row.get("PK"):
            entry["kilometre_point"] = row.get("PK")
        lines.setdefault(uic, {})[line_code] = entry
    raise_if(problems)
    values = {uic: [by_code[code] for code in sorted(by_code)] for uic, by_code in lines.items()}
    return StationDetails(report=report, part="lines", source_key=LINES_SOURCE, values=values)


def _slots(text: str, label: str) -> list[list[str]]:
    """ "05:30-20:10" → [["05:30", "20:10"]]; a closing at 00:00 is midnight, written 24:00."""
    slots = []
    for part in [part for part in re.split(r"[;,/]|\s{2,}|\s+et\s+", text.strip()) if part.strip()]:
        match = SLOT.match(part.strip())
        if match is None:
            raise ValueError(f"{label} {text!r} is not like 06:15-21:10")
        h1, m1, h2, m2 = (int(group) for group in match.groups())
        if h1 > 23 or h2 > 24 or m1 > 59 or m2 > 59:
            raise ValueError(f"{label} {text!r} is not a time of day")
        opening, closing = f"{h1:02d}:{m1:02d}", f"{h2:02d}:{m2:02d}"
        if closing == "00:00":
            closing = "24:00"
        if closing <= opening:
            raise ValueError(f"{label} {text!r} closes before it opens")
        slots.append([opening, closing])
    return slots


def _by_weekdays(days: dict[int, list[list[str]]]) -> list[dict[str, Any]]:
    """{0: slots, 1: same slots…} → [{"days": [0, 1], "slots": …}]: same slots, one entry."""
    groups: list[dict[str, Any]] = []
    for day in sorted(days):
        for group in groups:
            if group["slots"] == days[day]:
                group["days"].append(day)
                break
        else:
            groups.append({"days": [day], "slots": days[day]})
    return groups


def read_station_hours(path: Path | str) -> StationDetails:
    """Opening hours per station: {"normal": [...], "holiday": [...]}, days Monday = 0."""
    path = Path(path)
    report = ImportReport(source=f"station hours {path.name}")
    problems: list[str] = []
    normal: dict[str, dict[int, list[list[str]]]] = {}
    holiday: dict[str, dict[int, list[list[str]]]] = {}
    for row in read_rows(path, HOUR_COLUMNS):
        report.read += 1
        uic = uic_code(row.get("uic"))
        day_name = row.get("jour_de_la_semaine").casefold()
        if uic is None:
            problems.append(f"line {row.line}: uic {row.get('uic')!r} is not a UIC code")
            continue
        if day_name not in WEEKDAYS:
            problems.append(f"line {row.line}: jour_de_la_semaine {day_name!r} is not a weekday")
            continue
        day = WEEKDAYS.index(day_name)
        try:
            for column, target in (
                ("horaire_en_jour_normal", normal),
                ("horaire_en_jour_ferie", holiday),
            ):
                slots = _slots(row.get(column), column)
                if day in target.get(uic, {}):
                    raise ValueError(f"{row.get('jour_de_la_semaine')} given twice for {uic}")
                if slots:
                    target.setdefault(uic, {})[day] = slots
        except ValueError as error:
            problems.append(f"line {row.line}: {error}")
    raise_if(problems)
    values = {
        uic: {
            "normal": _by_weekdays(normal.get(uic, {})),
            "holiday": _by_weekdays(holiday.get(uic, {})),
        }
        for uic in sorted(set(normal) | set(holiday))
    }
    return StationDetails(report=report, part="hours", source_key=HOURS_SOURCE, values=values)
