"""The open-data files: CSV safe for spreadsheets, GeoJSON valid (RFC 7946), licences carried,
unknown values empty with their status, never a zero."""

import csv
import io
import json

import pytest
from shapely.geometry import shape

from alpsatellites.core.csv_safe import csv_cell_restore
from alpsatellites.observatory import exports
from alpsatellites.observatory.models import Indicator
from tests.factories import CommuneFactory, GroupingFactory, TerritoryFactory
from tests.utils import shipped

from .opendata_world import HOSTILE_NAME, MARKUP_NAME, build_world

GB = shipped("grand-brianconnais")


@pytest.fixture
def world(grand_brianconnais):
    return build_world(grand_brianconnais, "05023", "05093")


def body(export: exports.Export) -> str:
    return "".join(export.chunks())


def csv_rows(export: exports.Export) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(body(export))))


def assert_rfc7946(document: dict) -> None:
    """A FeatureCollection of Features whose geometries parse, in WGS84 with longitude first."""
    assert document["type"] == "FeatureCollection"
    assert "crs" not in document  # RFC 7946 dropped it: WGS84 only
    for item in document["features"]:
        assert item["type"] == "Feature"
        assert isinstance(item["properties"], dict)
        if item["geometry"] is None:
            continue
        geometry = shape(item["geometry"])
        assert geometry.is_valid
        lon_min, lat_min, lon_max, lat_max = geometry.bounds
        assert -180 <= lon_min <= lon_max <= 180
        assert -90 <= lat_min <= lat_max <= 90


# --- indicators -------------------------------------------------------------------------------


def test_indicators_csv_has_one_line_per_commune_and_indicator(world):
    export = exports.indicators_csv(world.territory)
    text = body(export)
    rows = list(csv.DictReader(io.StringIO(text)))

    assert text.splitlines()[0] == ",".join(exports.INDICATOR_COLUMNS)
    assert len(rows) == GB.commune_count * Indicator.objects.count()
    assert [r["commune_code"] for r in rows] == sorted(r["commune_code"] for r in rows)
    by_pair = {(r["commune_code"], r["indicator_code"]): r for r in rows}
    population = by_pair["05023", "population"]
    assert (population["value"], population["period"], population["reference_date"]) == (
        "10748",
        "2022",
        "2022-01-01",
    )  # the latest of 2016 and 2022, written as a whole number
    assert population["commune_name"] == "Briançon"
    assert (population["unit"], population["source_key"]) == ("inhabitants", "insee-comparateur")
    fibre = by_pair["05093", "fibre_share"]
    assert (fibre["value"], fibre["period"], fibre["source_licence"]) == (
        "65.4",
        "T3 2025",
        "Licence Ouverte 2.0",
    )


def test_secret_and_unknown_values_are_empty_never_zero(world):
    rows = {
        (r["commune_code"], r["indicator_code"]): r
        for r in csv_rows(exports.indicators_csv(world.territory))
    }

    secret = rows["05093", "median_income"]
    assert (secret["value"], secret["status"], secret["period"]) == ("", "secret", "2021")
    never_imported = rows["05093", "population"]
    assert never_imported["value"] == never_imported["reference_date"] == ""
    assert never_imported["status"] == "unknown"
    assert never_imported["source_key"] == "insee-comparateur"  # where it would come from


def test_the_wide_csv_has_one_line_per_commune_and_a_column_per_indicator(world):
    text = body(exports.indicators_wide_csv(world.territory))
    rows = {r["commune_code"]: r for r in csv.DictReader(io.StringIO(text))}

    assert text.splitlines()[0] == "commune_code,commune_name,fibre_share,population,median_income"
    assert len(rows) == GB.commune_count
    assert rows["05023"] == {
        "commune_code": "05023",
        "commune_name": "Briançon",
        "fibre_share": "94.7",
        "population": "10748",
        "median_income": "21630",
    }
    assert (rows["05093"]["median_income"], rows["05093"]["population"]) == ("", "")


def test_indicators_csv_attribution_names_its_sources(world):
    attribution = exports.indicators_csv(world.territory).attribution

    assert {s.key for s in attribution.sources} == {"insee-comparateur", "arcep-ftth"}
    assert attribution.licence == "Licence Ouverte 2.0"
    assert attribution.share_alike_sources == []
    headers = attribution.headers()
    assert headers["X-Licence"] == "Licence Ouverte 2.0"
    assert "ARCEP" in headers["X-Attribution"] and "INSEE" in headers["X-Attribution"]
    assert (
        headers["Link"]
        == '<https://www.etalab.gouv.fr/licence-ouverte-open-licence/>; rel="license"'
    )


def test_indicators_csv_reads_a_few_queries_whatever_the_size(
    grand_brianconnais, django_assert_max_num_queries
):
    build_world(grand_brianconnais, "05023", "05093")
    small = TerritoryFactory(slug="small")
    CommuneFactory.create_batch(3, territory=small, grouping=GroupingFactory(territory=small))

    for territory in (small, grand_brianconnais):
        export = exports.indicators_csv(territory)
        with django_assert_max_num_queries(4):  # catalogue, sources, communes, values
            body(export)


# --- facilities -------------------------------------------------------------------------------


def test_facilities_csv_is_safe_for_spreadsheets(world):
    text = body(exports.facilities_csv(world.territory))
    rows = list(csv.DictReader(io.StringIO(text)))

    assert text.splitlines()[0] == ",".join(exports.FACILITY_COLUMNS)
    hostile = next(r for r in rows if r["external_id"] == "0050043V")
    assert hostile["name"] == "'" + HOSTILE_NAME  # shown as text, never run as a formula
    assert csv_cell_restore(hostile["name"]) == HOSTILE_NAME
    markup = next(r for r in rows if r["external_id"] == "0050006V")
    assert markup["name"] == MARKUP_NAME  # data: written as it is
    station = next(r for r in rows if r["kind"] == "station")
    assert (station["latitude"], station["longitude"]) == ("44.889853", "6.633007")
    assert json.loads(station["details"]) == {"lines": ["Briançon – Paris (night)"]}
    assert (station["commune_code"], station["commune_name"]) == ("05023", "Briançon")
    assert station["source_licence"] == "ODbL 1.0"


def test_a_territory_has_its_facilities_and_those_nearest_to_it(world):
    names = {r["name"] for r in csv_rows(exports.facilities_csv(world.territory))}

    assert "Centre hospitalier de Gap" in names  # nearest hospital of Névache
    assert "Hôpital de Lyon" not in names
    assert len(names) == 4


def test_facilities_geojson_is_rfc_7946_with_licence_members(world):
    export = exports.facilities_geojson(world.territory)
    document = json.loads(body(export))

    assert_rfc7946(document)
    station = next(f for f in document["features"] if f["properties"]["kind"] == "station")
    assert station["geometry"] == {"type": "Point", "coordinates": [6.633007, 44.889853]}
    assert station["properties"]["source_licence"] == "ODbL 1.0"
    assert station["properties"]["details"] == {"lines": ["Briançon – Paris (night)"]}
    hospital = next(f for f in document["features"] if f["properties"]["kind"] == "hospital")
    assert hospital["properties"]["commune_name"] is None
    assert hospital["properties"]["commune_code"] == "05061"
    names = {f["properties"]["name"] for f in document["features"]}
    assert {HOSTILE_NAME, MARKUP_NAME} <= names  # JSON is not a spreadsheet: names as they are
    assert "ODbL 1.0" in document["licence"] and "Licence Ouverte 2.0" in document["licence"]
    assert "SNCF" in document["attribution"]
    assert "SNCF Gares & Connexions" in document["share_alike"]
    assert {s["key"] for s in document["sources"]} == {
        "sncf-gares",
        "education-colleges",
        "gisco-healthcare",
    }
    assert export.attribution.headers()["X-Share-Alike"].startswith("Records from SNCF")


def test_headers_are_ascii_even_for_accented_publishers(world):
    headers = exports.facilities_csv(world.territory).attribution.headers()

    assert "Ministere de l'Education nationale" in headers["X-Attribution"]
    assert headers["X-Attribution"].endswith(" - compiled by AlpSatellites")
    for value in headers.values():
        value.encode("ascii")


def test_an_empty_territory_gives_files_with_a_header_and_nothing_else(db):
    empty = TerritoryFactory(slug="empty")

    assert body(exports.facilities_csv(empty)) == ",".join(exports.FACILITY_COLUMNS) + "\n"
    document = json.loads(body(exports.facilities_geojson(empty)))
    assert document["features"] == [] and document["sources"] == []


# --- the feasibility index --------------------------------------------------------------------


def test_index_csv_ranks_every_commune(world):
    export = exports.index_csv(world.territory)
    text = body(export)
    rows = list(csv.DictReader(io.StringIO(text)))

    assert text.splitlines()[0] == ",".join(exports.INDEX_COLUMNS)
    assert len(rows) == GB.commune_count
    best = rows[0]
    assert (best["commune_code"], best["rank"]) == ("05023", "1")
    assert float(best["score"]) >= float(rows[1]["score"])
    assert best["score_connectivity"] and best["score_housing"] == ""
    without_data = next(r for r in rows if r["commune_code"] == "05027")
    assert without_data["score"] == without_data["rank"] == ""  # unknown, not zero
    assert without_data["missing_themes"] == "connectivity|economy"
    assert export.extra_headers["X-Feasibility-Weights"] == "connectivity=2, economy=1"


def test_index_geojson_carries_boundaries_and_weights(world):
    export = exports.index_geojson(world.territory)
    document = json.loads(body(export))

    assert_rfc7946(document)
    assert len(document["features"]) == GB.commune_count
    briancon = next(f for f in document["features"] if f["id"] == "05023")
    assert briancon["geometry"]["type"] in {"Polygon", "MultiPolygon"}
    assert shape(briancon["geometry"]).contains(
        shape({"type": "Point", "coordinates": [6.64, 44.9]})
    )
    assert briancon["properties"]["rank"] == 1
    assert document["weights"] == {"connectivity": 2.0, "economy": 1.0}
    assert document["weights_are_default"] is False
    assert document["indicators"] == ["fibre_share"]
    assert "ARCEP" in document["attribution"]
