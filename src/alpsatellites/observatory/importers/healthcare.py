"""Eurostat GISCO healthcare services CSV (one file per country) → hospital facility records.

Columns: id, hospital_name, lat, lon, postcode, city, cc, cap_beds, emergency, facility_type,
public_private, ref_date… In France the rows come from FINESS (id = FINESS number without its
leading zero). The file has no commune code: the commune is found from the postcode's
département and the city name against the communes given (the territory's, or all), else left
empty with the postcode kept in the details.

Which sites count as hospitals for a mover: the French file also lists rehabilitation clinics
("soins de suite et de réadaptation", SSR) and long-term care units ("soins de longue durée").
Neither treats a broken leg; both are skipped and counted by type, so the nearest hospital of a
commune is one with acute care.
"""

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from alpsatellites.core.text import fold

from ..models import FacilityKind
from .base import ImportReport, parse_number, raise_if, read_rows
from .facility_records import (
    COUNTRY_BOXES,
    FacilityReading,
    FacilityRecord,
    check_points,
    coordinate,
    departement_of,
    departement_of_postcode,
)

SOURCE_KEY = "gisco-healthcare"
REQUIRED = ("id", "hospital_name", "lat", "lon", "postcode", "city")
NOT_ACUTE = re.compile(r"\bSSR\b|soins de suite|longue dur[ée]e|\bUSLD\b", re.IGNORECASE)
MAX_BEDS = 5000
ABBREVIATIONS = {"st": "saint", "ste": "sainte"}
DETAIL_COLUMNS = {
    "site_name": "site",
    "street": "street",
    "house_number": "house_number",
    "postcode": "postcode",
    "city": "city",
    "facility_type": "facility_type",
    "public_private": "public_private",
    "emergency": "emergency",
    "ref_date": "reference_date",
}


def place_key(name: str) -> str:
    """ "VILLAR ST PANCRACE", "Villar-Saint-Pancrace" and "BRIANCON CEDEX" compared alike."""
    words = re.sub(r"[^a-z0-9]+", " ", fold(name)).split()
    words = [
        ABBREVIATIONS.get(word, word) for word in words if word != "cedex" and not word.isdigit()
    ]
    return " ".join(words)


def commune_finder(communes: Mapping[str, str]) -> dict[tuple[str, str], str]:
    """(département, place key) → commune code, from code → name (ambiguous names left out)."""
    found: dict[tuple[str, str], str] = {}
    ambiguous = set()
    for code, name in communes.items():
        key = (departement_of(code), place_key(name))
        if key in found:
            ambiguous.add(key)
        found[key] = code
    for key in ambiguous:
        del found[key]
    return found


def read_healthcare(
    path: Path | str, *, communes: Mapping[str, str] | None = None
) -> FacilityReading:
    """Read a GISCO healthcare CSV; `communes` (code → name) lets French rows find their commune."""
    path = Path(path)
    report = ImportReport(source=f"healthcare {path.name}")
    finder = commune_finder(communes or {})
    problems: list[str] = []
    records: list[FacilityRecord] = []
    areas: set[str] = set()
    countries: set[str] = set()
    not_found = 0
    for row in read_rows(path, REQUIRED):
        report.read += 1
        country = (row.get("cc") or "FR").upper()
        if country not in COUNTRY_BOXES:
            problems.append(f"line {row.line}: cc {country!r} is not a country of the platform")
            continue
        countries.add(country)
        external_id = row.get("id")
        name = row.get("hospital_name")
        if not external_id or not name:
            problems.append(f"line {row.line}: id and hospital_name are required")
            continue
        postcode = row.get("postcode")
        if country == "FR" and not re.fullmatch(r"\d{5}", postcode):
            problems.append(f"line {row.line}: postcode {postcode!r} is not a French postcode")
            continue
        area = departement_of_postcode(postcode) if country == "FR" else country
        areas.add(area)
        facility_type = row.get("facility_type")
        if NOT_ACUTE.search(facility_type):
            report.skip(f"not an acute-care hospital ({facility_type})")
            continue
        try:
            latitude = coordinate(row.get("lat"), "lat", -90, 90)
            longitude = coordinate(row.get("lon"), "lon", -180, 180)
            beds = parse_number(row.get("cap_beds"), "cap_beds", low=0, high=MAX_BEDS)
        except ValueError as error:
            problems.append(f"line {row.line}: {error}")
            continue
        if latitude is None or longitude is None:
            report.skip("no coordinates (lat/lon empty)")
            continue
        details: dict[str, Any] = {
            key: row.get(column) for column, key in DETAIL_COLUMNS.items() if row.get(column)
        }
        if isinstance(beds, float):
            details["beds"] = int(beds)
        commune_code = ""
        if country == "FR":
            commune_code = finder.get((area, place_key(row.get("city"))), "")
            not_found += not commune_code
        records.append(
            FacilityRecord(
                line=row.line,
                kind=FacilityKind.HOSPITAL,
                external_id=external_id,
                name=name,
                commune_code=commune_code,
                latitude=latitude,
                longitude=longitude,
                country=country,
                area=area,
                details=details,
            )
        )
    for country in countries:
        check_points([r for r in records if r.country == country], country, problems, "lat/lon")
    raise_if(problems)
    if not_found:
        # Listed as unknown communes: the place as the file writes it, the facility still kept.
        report.unknown_codes.update(
            f"{r.details.get('postcode', '')} {r.details.get('city', '')}".strip()
            for r in records
            if r.country == "FR" and not r.commune_code
        )
    return FacilityReading(
        report=report,
        source_key=SOURCE_KEY,
        kinds=frozenset({FacilityKind.HOSPITAL}),
        areas=frozenset(areas),
        records=records,
    )
