"""Generic CSV and GeoJSON readers of territory files: values and faulty lines."""

import json

import pytest

from alpsatellites.territories.importers.records import InvalidImportFile
from alpsatellites.territories.importers.tabular import read_csv, read_geojson
from alpsatellites.territories.models import Commune, Territory
from alpsatellites.territories.services import territory_import
from tests.utils import DATA_DIR

# --- generic CSV -----------------------------------------------------------------------------


def test_csv_is_read_with_its_grouping_columns(file_source):
    data = read_csv(DATA_DIR / "communes.csv", "FR", file_source)
    communes = {c.code: c for c in data.communes}

    assert list(communes) == ["A001", "A002", "A003", "A004", "A005"]
    assert communes["A004"].name == "Delta, le Bourg"
    assert communes["A005"].name == "L'Argentière-d'en-Haut"
    assert (communes["A001"].population, communes["A001"].population_year) == (1200, 2021)
    assert (communes["A001"].latitude, communes["A001"].longitude) == (45.10, 6.50)
    assert communes["A001"].altitude_m == 1350
    assert communes["A004"].grouping is None and communes["A004"].latitude is None
    assert [(g.official_id, g.name) for g in data.groupings] == [
        ("G1", "Communauté du Haut"),
        ("G2", "Union d'en Bas"),
    ]


def test_csv_import_creates_territory_groupings_and_communes(db, file_source):
    data = read_csv(DATA_DIR / "communes.csv", "AT", file_source)

    report = territory_import(
        data,
        territory_slug="csv-valley",
        create_with={"name": "CSV-Tal", "country": "AT", "default_language": "de"},
    )

    assert (report.created, report.groupings_created) == (5, 2)
    territory = Territory.objects.get(slug="csv-valley")
    assert (territory.name_de, territory.country, territory.default_language) == (
        "CSV-Tal",
        "AT",
        "de",
    )
    beta = Commune.objects.get(territory=territory, code="A002")
    assert beta.grouping.name == "Communauté du Haut"
    assert beta.grouping.kind == "other"
    assert beta.search_name == "beta sur glace"
    assert beta.country == "AT"
    assert beta.population_source.title == "Test municipalities"
    assert Commune.objects.get(territory=territory, code="A004").grouping is None


def test_csv_with_semicolons_is_understood(file_source):
    data = read_csv(DATA_DIR / "communes_semicolon.csv", "FR", file_source)

    assert [(c.code, c.name, c.population) for c in data.communes] == [
        ("B001", "Saint-Véran", 236),
        ("B002", "Éygliers", 791),
    ]


def test_csv_names_the_line_of_a_bad_population(file_source):
    with pytest.raises(InvalidImportFile) as error:
        read_csv(DATA_DIR / "communes_bad_population.csv", "FR", file_source)

    assert error.value.problems == ["line 3: population 'abc' is not a whole number"]


def test_csv_lists_every_bad_line(file_source):
    with pytest.raises(InvalidImportFile) as error:
        read_csv(DATA_DIR / "communes_many_errors.csv", "FR", file_source)

    assert error.value.problems == [
        "line 3: missing name",
        "line 4: population -5 is out of range",
        "line 5: latitude 95.0 is out of range",
        "line 6: latitude and longitude go together",
    ]


def test_csv_rejects_duplicate_codes(file_source):
    with pytest.raises(InvalidImportFile) as error:
        read_csv(DATA_DIR / "communes_duplicate.csv", "FR", file_source)

    assert error.value.problems == ["line 4: code A001 already given at line 2"]


def test_csv_names_missing_columns(file_source):
    with pytest.raises(InvalidImportFile) as error:
        read_csv(DATA_DIR / "communes_missing_columns.csv", "FR", file_source)

    assert error.value.problems == ["line 1: missing column(s) population"]


def test_csv_rejects_text_that_is_not_utf8(file_source):
    path = DATA_DIR / "communes_latin1.csv"

    with pytest.raises(InvalidImportFile) as error:
        read_csv(path, "FR", file_source)

    assert error.value.problems == [f"{path}: not UTF-8 text (invalid continuation byte)"]


def test_csv_with_a_header_only_has_no_municipality(tmp_path, file_source):
    path = tmp_path / "empty.csv"
    path.write_text("code,name,population\n", encoding="utf-8")

    with pytest.raises(InvalidImportFile) as error:
        read_csv(path, "FR", file_source)

    assert error.value.problems == [f"{path}: no municipality in the file"]


def test_csv_reports_extra_values_and_inconsistent_groupings(tmp_path, file_source):
    path = tmp_path / "odd.csv"
    path.write_text(
        "code,name,population,grouping_id,grouping_name\n"
        "A1,One,1,G1,First\n"
        "A2,Two,2,G1,Second\n"
        "A3,Three,3,G1,First,surplus\n",
        encoding="utf-8",
    )

    with pytest.raises(InvalidImportFile) as error:
        read_csv(path, "FR", file_source)

    assert error.value.problems == [
        "line 3: grouping G1 is named 'First' elsewhere",
        "line 4: more values than columns",
    ]


# --- generic GeoJSON -------------------------------------------------------------------------


def test_geojson_polygons_become_boundaries_and_points_places(file_source):
    data = read_geojson(DATA_DIR / "communes.geojson", "AT", file_source)
    communes = {c.code: c for c in data.communes}

    oberdorf = communes["90001"]
    assert json.loads(oberdorf.boundary)["type"] == "Polygon"
    assert oberdorf.boundary_source == "file-test"
    assert 10.0 < oberdorf.longitude < 10.1 and 47.0 < oberdorf.latitude < 47.1
    # 0.1 by 0.1 degree at 47°N: 111.2 km * cos(47°) * 11.12 km, about 84.3 km².
    assert oberdorf.area_km2 == pytest.approx(84.3, abs=0.2)
    assert json.loads(communes["90002"].boundary)["type"] == "MultiPolygon"
    assert communes["90002"].population == 820  # "820" as text is accepted

    mitteldorf = communes["90003"]
    assert (mitteldorf.boundary, mitteldorf.boundary_source) == ("", None)
    assert (mitteldorf.latitude, mitteldorf.longitude) == (47.05, 10.25)
    assert mitteldorf.area_km2 is None
    assert mitteldorf.altitude_m == 1420
    assert [(g.official_id, g.name) for g in data.groupings] == [("R1", "Region Eins")]


def test_geojson_import_stores_boundaries(db, file_source):
    data = read_geojson(DATA_DIR / "communes.geojson", "AT", file_source)

    territory_import(
        data,
        territory_slug="tirol-test",
        create_with={"name": "Tirol", "country": "AT", "default_language": "de"},
    )

    communes = Commune.objects.filter(territory__slug="tirol-test")
    assert communes.count() == 3
    assert communes.exclude(boundary="").count() == 2
    assert communes.get(code="90001").boundary_geometry["type"] == "Polygon"
    assert communes.get(code="90001").boundary_source.key == "file-test"
    assert communes.get(code="90003").boundary_source is None


def test_geojson_names_each_bad_feature(file_source):
    with pytest.raises(InvalidImportFile) as error:
        read_geojson(DATA_DIR / "communes_bad_geometry.geojson", "AT", file_source)

    assert error.value.problems == [
        "feature 2: geometry type 'LineString' is not Point, Polygon or MultiPolygon",
        "feature 3: coordinates are not longitude/latitude in WGS84",
        "feature 4: population 'viele' is not a whole number",
    ]


def test_geojson_names_the_line_of_broken_json(file_source):
    path = DATA_DIR / "communes_truncated.geojson"

    with pytest.raises(InvalidImportFile) as error:
        read_geojson(path, "AT", file_source)

    assert error.value.problems == [f"{path}: line 3: invalid JSON (Expecting ',' delimiter)"]


@pytest.mark.parametrize(
    ("document", "problem"),
    [
        ({"type": "Feature"}, "not a GeoJSON FeatureCollection"),
        ({"type": "FeatureCollection", "features": []}, "the FeatureCollection has no features"),
    ],
)
def test_geojson_must_be_a_feature_collection(tmp_path, file_source, document, problem):
    path = tmp_path / "file.geojson"
    path.write_text(json.dumps(document), encoding="utf-8")

    with pytest.raises(InvalidImportFile) as error:
        read_geojson(path, "AT", file_source)

    assert error.value.problems == [f"{path}: {problem}"]


def test_geojson_reports_a_feature_without_properties_and_an_empty_geometry(tmp_path, file_source):
    path = tmp_path / "file.geojson"
    path.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {"type": "Feature", "geometry": None},
                    {
                        "type": "Feature",
                        "properties": {"code": "1", "name": "A", "population": 1},
                        "geometry": {"type": "Polygon", "coordinates": []},
                    },
                ],
            }
        ),
        encoding="utf-8",
    )

    with pytest.raises(InvalidImportFile) as error:
        read_geojson(path, "AT", file_source)

    assert error.value.problems == [
        "feature 1: not a GeoJSON Feature with properties",
        "feature 2: geometry is empty",
    ]
