"""What the facility readers hand to `services.facilities.facilities_import`: plain records.

Each reader (BPE, school directory, SNCF, GISCO healthcare, GTFS) parses its official file into
`FacilityRecord`s and says which set it replaces: its source, its kinds and its *areas* (the
départements the file covers). Re-importing a file then updates the facilities it names, removes
those of the same source, kinds and areas it no longer names, and leaves everything else alone —
a dép. 05 extract never deletes the collèges of dép. 38.
"""

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from .base import ImportReport, parse_number

# Where a facility of France may be, in WGS84 (min lon, min lat, max lon, max lat): metropolitan
# France with Corsica, then the overseas départements. A point elsewhere is a line error: the
# coordinates were swapped, in another system, or simply wrong.
FRANCE_BOXES = (
    (-5.3, 41.3, 9.7, 51.2),  # metropolitan France and Corsica
    (-61.9, 15.8, -60.9, 16.6),  # Guadeloupe
    (-61.3, 14.3, -60.8, 14.9),  # Martinique
    (-54.7, 2.1, -51.5, 5.9),  # Guyane
    (55.2, -21.4, 55.9, -20.8),  # La Réunion
    (44.9, -13.1, 45.4, -12.6),  # Mayotte
)
# The other countries of the platform, for files that are not French (GISCO IT/AT).
COUNTRY_BOXES = {
    "FR": FRANCE_BOXES,
    "IT": ((6.6, 35.4, 18.6, 47.1),),
    "AT": ((9.5, 46.3, 17.2, 49.1),),
}


@dataclass(slots=True)
class FacilityRecord:
    line: int
    kind: str
    external_id: str
    name: str
    commune_code: str
    latitude: float
    longitude: float
    country: str = "FR"
    # The département (or, abroad, the country) the facility belongs to: the scope of a re-import.
    area: str = ""
    details: dict[str, Any] = field(default_factory=dict)


@dataclass
class FacilityReading:
    """A file read: its records and the set (source, kinds, areas) they replace."""

    report: ImportReport
    source_key: str
    kinds: frozenset[str]
    areas: frozenset[str]
    records: Collection[FacilityRecord]
    # The reader guarantees (kind, external_id) unique (BPE builds them so): no check needed.
    unique_ids: bool = False


def departement_of(commune_code: str) -> str:
    """The département of an INSEE commune code: "05023" → "05", "2A004" → "2A", "97411" → "974"."""
    return commune_code[:3] if commune_code.startswith("97") else commune_code[:2]


def departement_of_postcode(postcode: str) -> str:
    """The département of a French postcode, as far as it tells: Corsica's "20" stays "20"."""
    return postcode[:3] if postcode.startswith("97") else postcode[:2]


def inside(
    latitudes: npt.ArrayLike, longitudes: npt.ArrayLike, country: str = "FR"
) -> npt.NDArray[np.bool_]:
    """Which points fall inside one of the country's boxes (vectorised)."""
    lat = np.asarray(latitudes, dtype=np.float64)
    lon = np.asarray(longitudes, dtype=np.float64)
    result = np.zeros(lat.shape, dtype=bool)
    for min_lon, min_lat, max_lon, max_lat in COUNTRY_BOXES.get(country, ()):
        result |= (lon >= min_lon) & (lon <= max_lon) & (lat >= min_lat) & (lat <= max_lat)
    return result


def coordinate(text: str, label: str, low: float, high: float) -> float | None:
    """A latitude or longitude cell: None when empty, ValueError when not a number in range."""
    value = parse_number(text, label, low=low, high=high)
    if value is None:
        return None
    if not isinstance(value, float):
        raise ValueError(f"{label} {text.strip()!r} is not a number")
    return value


def check_points(
    records: Iterable[FacilityRecord], country: str, problems: list[str], what: str
) -> None:
    """A problem for each record whose point is outside the country (or, abroad, its box)."""
    records = list(records)
    if not records or country not in COUNTRY_BOXES:
        return
    ok = inside([r.latitude for r in records], [r.longitude for r in records], country)
    for record, fine in zip(records, ok, strict=True):
        if not fine:
            problems.append(
                f"line {record.line}: {what} {record.latitude}, {record.longitude} "
                f"is outside {country}"
            )
