"""Open-data files of a territory: indicators, facilities and the feasibility index, as CSV and
GeoJSON, written as a stream of text chunks.

Each export is built in two steps: its sources are read first (they name the licences, which go
into the HTTP headers before the first byte of the body), then the body is produced lazily while
it is sent, so a large file never sits whole in memory.

- CSV: UTF-8, a header line of machine names, every cell through `core.csv_safe` (a name such as
  `=HYPERLINK(…)` reaches the spreadsheet as text). A CSV file has no place for a licence line, so
  the licence travels in the HTTP headers and on the territory's open-data page.
- GeoJSON: RFC 7946, WGS84, [longitude, latitude]; the licence, attribution and sources are
  foreign members of the FeatureCollection (allowed by RFC 7946 §6.1).

An empty cell or a JSON null means "no known value" and the `status` column says why (secret,
unknown): never a zero. Names are data: markup in them is written as it is (pages escape it).
"""

import json
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any

from alpsatellites.core.csv_safe import csv_writer
from alpsatellites.observatory.models import Facility, Theme
from alpsatellites.observatory.selectors import opendata as selectors
from alpsatellites.observatory.selectors.feasibility import (
    CommuneFeasibility,
    TerritoryFeasibility,
    territory_feasibility,
)
from alpsatellites.territories.models import Commune, Source, Territory

PLATFORM = "AlpSatellites"
# Chunks of about this many characters are sent, rather than one per line.
CHUNK_CHARS = 64 * 1024
CSV_MEDIA_TYPE = "text/csv; charset=utf-8"
GEOJSON_MEDIA_TYPE = "application/geo+json"
JSON_SEPARATORS = (",", ":")

INDICATOR_COLUMNS = (
    "commune_code",
    "commune_name",
    "indicator_code",
    "value",
    "status",
    "period",
    "reference_date",
    "unit",
    "source_key",
    "source_title",
    "source_licence",
)
FACILITY_COLUMNS = (
    "kind",
    "name",
    "external_id",
    "country",
    "commune_code",
    "commune_name",
    "latitude",
    "longitude",
    "details",
    "source_key",
    "source_title",
    "source_licence",
)


def is_share_alike(source: Source) -> bool:
    """ODbL (SNCF's stations): attribution, and any database derived from it stays ODbL."""
    licence = source.licence.casefold()
    return "odbl" in licence or "open database licen" in licence


# Typographic signs that have a plain ASCII stand-in in a header.
ASCII_STAND_INS = str.maketrans({"—": "-", "–": "-", "’": "'", "‘": "'", "“": '"', "”": '"'})


def _ascii(text: str) -> str:
    """HTTP header values are Latin-1 at best: dashes and quotes made plain, accents dropped,
    anything else too."""
    decomposed = unicodedata.normalize("NFKD", text.translate(ASCII_STAND_INS))
    return decomposed.encode("ascii", "ignore").decode("ascii")


@dataclass(frozen=True)
class Attribution:
    """Who to credit and under which licences, from the sources a file was built from."""

    sources: tuple[Source, ...]

    @property
    def licences(self) -> list[str]:
        return list(dict.fromkeys(source.licence for source in self.sources))

    @property
    def licence_links(self) -> list[tuple[str, str]]:
        """Each licence once, with the first address given for it ("" if none)."""
        links: dict[str, str] = {}
        for source in self.sources:
            links[source.licence] = links.get(source.licence) or source.licence_url
        return list(links.items())

    @property
    def licence(self) -> str:
        return "; ".join(self.licences)

    @property
    def share_alike_sources(self) -> list[Source]:
        return [source for source in self.sources if is_share_alike(source)]

    @property
    def credits(self) -> str:
        publishers = dict.fromkeys(source.publisher for source in self.sources)
        return ", ".join(publishers) if publishers else PLATFORM

    @property
    def text(self) -> str:
        """The credit line of the files (in English: a file has no reader's language)."""
        return f"{self.credits} — compiled by {PLATFORM}"

    @property
    def share_alike_note(self) -> str:
        odbl = self.share_alike_sources
        if not odbl:
            return ""
        names = ", ".join(dict.fromkeys(source.publisher for source in odbl))
        return (
            f"Records from {names} are under the ODbL: credit {names} and share any database "
            "derived from them under the ODbL."
        )

    def geojson_members(self) -> dict[str, Any]:
        members: dict[str, Any] = {"licence": self.licence, "attribution": self.text}
        if self.share_alike_note:
            members["share_alike"] = self.share_alike_note
        members["sources"] = [
            {
                "key": source.key,
                "title": source.title,
                "publisher": source.publisher,
                "version": source.version,
                "licence": source.licence,
                "licence_url": source.licence_url,
                "url": source.url,
            }
            for source in self.sources
        ]
        return members

    def headers(self) -> dict[str, str]:
        """Licence and attribution as HTTP headers (ASCII), with the licences' addresses."""
        headers = {
            "X-Licence": _ascii(self.licence),
            "X-Attribution": _ascii(self.text),
        }
        if self.share_alike_note:
            headers["X-Share-Alike"] = _ascii(self.share_alike_note)
        urls = dict.fromkeys(s.licence_url for s in self.sources if s.licence_url)
        if urls:
            headers["Link"] = ", ".join(f'<{url}>; rel="license"' for url in urls)
        return headers


@dataclass
class Export:
    """A file ready to send: its name, type, attribution, and its body produced on demand."""

    filename: str
    media_type: str
    attribution: Attribution
    write: Callable[[], Iterator[str]]
    extra_headers: dict[str, str] = field(default_factory=dict)

    def chunks(self) -> Iterator[str]:
        return batched(self.write())


def batched(pieces: Iterable[str], size: int = CHUNK_CHARS) -> Iterator[str]:
    buffer: list[str] = []
    length = 0
    for piece in pieces:
        buffer.append(piece)
        length += len(piece)
        if length >= size:
            yield "".join(buffer)
            buffer, length = [], 0
    if buffer:
        yield "".join(buffer)


class _Line:
    """A file-like object whose write() hands the line back: csv.writer one row at a time."""

    def write(self, text: str) -> str:
        return text


def csv_lines(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    writer = csv_writer(_Line(), lineterminator="\n")
    yield writer.writerow(header)
    for row in rows:
        yield writer.writerow(row)


def number(value: float | None) -> int | float | None:
    """A whole number as an integer (11411, not 11411.0); None stays None."""
    if value is None:
        return None
    return int(value) if value.is_integer() and abs(value) < 2**53 else value


def feature_collection(members: dict[str, Any], features: Iterable[str]) -> Iterator[str]:
    """A FeatureCollection with `members` first and the features (JSON texts) streamed last."""
    head = json.dumps({"type": "FeatureCollection", **members}, ensure_ascii=False)
    yield head[:-1] + ',"features":[\n'
    separator = ""
    for feature in features:
        yield separator + feature
        separator = ",\n"
    yield "\n]}\n"


def feature(geometry: str, properties: dict[str, Any], feature_id: str | int | None = None) -> str:
    """A Feature as text; `geometry` is GeoJSON text already (stored boundaries are not parsed)."""
    identifier = "" if feature_id is None else f'"id":{json.dumps(feature_id)},'
    props = json.dumps(properties, ensure_ascii=False, separators=JSON_SEPARATORS)
    return f'{{"type":"Feature",{identifier}"geometry":{geometry},"properties":{props}}}'


def point(longitude: float | None, latitude: float | None) -> str:
    if longitude is None or latitude is None:
        return "null"
    return json.dumps({"type": "Point", "coordinates": [longitude, latitude]})


# --- indicators -------------------------------------------------------------------------------


def indicators_csv(territory: Territory) -> Export:
    """One line per commune × indicator: the latest value, or an empty value and its status."""

    def write() -> Iterator[str]:
        # A source's cells are read once, not once per line (its title is a translated field).
        cells: dict[int, tuple[str, str, str]] = {}

        def source_cells(source: Source) -> tuple[str, str, str]:
            if source.pk not in cells:
                cells[source.pk] = (source.key, source.title, source.licence)
            return cells[source.pk]

        rows = (
            (
                row.commune_code,
                row.commune_name,
                row.indicator.code,
                number(row.latest.value),
                row.latest.status,
                row.latest.period,
                row.latest.reference_date.isoformat() if row.latest.reference_date else "",
                row.indicator.unit,
                *source_cells(row.latest.source),
            )
            for row in selectors.territory_value_rows(territory)
        )
        return csv_lines(INDICATOR_COLUMNS, rows)

    return Export(
        f"{territory.slug}-indicators.csv",
        CSV_MEDIA_TYPE,
        Attribution(tuple(selectors.value_sources(territory))),
        write,
    )


def indicators_wide_csv(territory: Territory) -> Export:
    """One line per commune, one column per indicator code with its latest known value.

    A secret or unknown value is an empty cell: the long file (indicators_csv) says which, with
    the period and source of each value.
    """

    def write() -> Iterator[str]:
        codes = [indicator.code for indicator in selectors.indicator_catalogue()]
        lines = groupby(
            selectors.territory_value_rows(territory),
            key=lambda row: (row.commune_code, row.commune_name),
        )
        rows = (
            (code, name, *(number(row.latest.value) for row in values))
            for (code, name), values in lines
        )
        return csv_lines(("commune_code", "commune_name", *codes), rows)

    return Export(
        f"{territory.slug}-indicators-wide.csv",
        CSV_MEDIA_TYPE,
        Attribution(tuple(selectors.value_sources(territory))),
        write,
    )


# --- facilities -------------------------------------------------------------------------------


def _facility_fields(facility: Facility) -> dict[str, Any]:
    commune = facility.commune
    return {
        "kind": facility.kind,
        "name": facility.name,
        "external_id": facility.external_id,
        "country": facility.country,
        "commune_code": facility.commune_code,
        "commune_name": commune.name if commune is not None else None,
    }


def _facility_source(facility: Facility) -> dict[str, str]:
    source = facility.source
    return {
        "source_key": source.key,
        "source_title": source.title,
        "source_licence": source.licence,
    }


def facility_feature(facility: Facility) -> str:
    properties = {**_facility_fields(facility), "details": facility.details}
    properties.update(_facility_source(facility))
    return feature(point(facility.longitude, facility.latitude), properties, facility.pk)


def facilities_geojson(territory: Territory) -> Export:
    facilities = selectors.territory_facilities(territory)
    attribution = Attribution(tuple(selectors.facility_sources(facilities)))

    def write() -> Iterator[str]:
        features = (facility_feature(f) for f in facilities.iterator(chunk_size=2000))
        return feature_collection(attribution.geojson_members(), features)

    return Export(f"{territory.slug}-facilities.geojson", GEOJSON_MEDIA_TYPE, attribution, write)


def facilities_csv(territory: Territory) -> Export:
    facilities = selectors.territory_facilities(territory)

    def write() -> Iterator[str]:
        rows = (
            (
                *_facility_fields(f).values(),
                f.latitude,
                f.longitude,
                json.dumps(f.details, ensure_ascii=False) if f.details else "",
                *_facility_source(f).values(),
            )
            for f in facilities.iterator(chunk_size=2000)
        )
        return csv_lines(FACILITY_COLUMNS, rows)

    return Export(
        f"{territory.slug}-facilities.csv",
        CSV_MEDIA_TYPE,
        Attribution(tuple(selectors.facility_sources(facilities))),
        write,
    )


def commune_geometries(territory: Territory) -> dict[str, str]:
    """Each commune's boundary as GeoJSON text, its point where it has none, else "null"."""
    rows = Commune.objects.filter(territory=territory).values_list(
        "code", "boundary", "longitude", "latitude"
    )
    return {code: boundary or point(lon, lat) for code, boundary, lon, lat in rows}


# --- the feasibility index --------------------------------------------------------------------

THEMES: tuple[str, ...] = tuple(Theme.values)
INDEX_COLUMNS = (
    "commune_code",
    "commune_name",
    "grouping_code",
    "rank",
    "score",
    "confidence",
    *(f"score_{theme}" for theme in THEMES),
    "missing_themes",
)
MISSING_SEPARATOR = "|"


def _rounded(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


def _index_fields(row: CommuneFeasibility) -> dict[str, Any]:
    """A commune's line: scores 0–100 to two decimals, null where nothing is known."""
    return {
        "commune_code": row.code,
        "commune_name": row.name,
        "grouping_code": row.grouping_code,
        "rank": row.rank,
        "score": _rounded(row.score, 2),
        "confidence": round(row.confidence, 3),
        **{f"score_{theme}": _rounded(row.themes.get(theme), 2) for theme in THEMES},
        "missing_themes": list(row.missing_themes),
    }


def _weights_header(result: TerritoryFeasibility) -> dict[str, str]:
    weights = ", ".join(f"{theme}={weight:g}" for theme, weight in result.weights.items())
    default = "; default" if result.weights_are_default else ""
    return {"X-Feasibility-Weights": weights + default}


def index_csv(territory: Territory) -> Export:
    """The index of every commune, best first; missing themes joined with "|"."""
    result = territory_feasibility(territory)

    def write() -> Iterator[str]:
        rows = []
        for row in result.rows:
            fields = _index_fields(row)
            fields["missing_themes"] = MISSING_SEPARATOR.join(fields["missing_themes"])
            rows.append(list(fields.values()))
        return csv_lines(INDEX_COLUMNS, rows)

    return Export(
        f"{territory.slug}-feasibility.csv",
        CSV_MEDIA_TYPE,
        Attribution(tuple(selectors.index_sources(territory))),
        write,
        _weights_header(result),
    )


def index_geojson(territory: Territory) -> Export:
    """The index with each commune's boundary (its point where it has none)."""
    result = territory_feasibility(territory)
    attribution = Attribution(tuple(selectors.index_sources(territory)))

    def write() -> Iterator[str]:
        geometries = commune_geometries(territory)
        members = {
            "weights": result.weights,
            "weights_are_default": result.weights_are_default,
            "indicators": [indicator.code for indicator in result.indicators],
            **attribution.geojson_members(),
        }
        features = (
            feature(geometries.get(row.code, "null"), _index_fields(row), row.code)
            for row in result.rows
        )
        return feature_collection(members, features)

    return Export(
        f"{territory.slug}-feasibility.geojson",
        GEOJSON_MEDIA_TYPE,
        attribution,
        write,
        _weights_header(result),
    )


EXPORTS: dict[tuple[str, str], Callable[[Territory], Export]] = {
    ("indicators", "csv"): indicators_csv,
    ("indicators-wide", "csv"): indicators_wide_csv,
    ("facilities", "csv"): facilities_csv,
    ("facilities", "geojson"): facilities_geojson,
    ("feasibility", "csv"): index_csv,
    ("feasibility", "geojson"): index_geojson,
}
