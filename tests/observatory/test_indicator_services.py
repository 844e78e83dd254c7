"""The indicator catalogue, the shipped load of the default territory, the command, the admin."""

import copy
import json

import pytest
from django.core.management import CommandError, call_command

from alpsatellites.accounts.models import Role
from alpsatellites.accounts.services import role_grant
from alpsatellites.observatory.importers.base import InvalidObservatoryFile
from alpsatellites.observatory.importers.indicator_files import import_indicator_files
from alpsatellites.observatory.models import Indicator, IndicatorValue
from alpsatellites.observatory.services.indicators import CATALOGUE_PATH, indicators_load
from alpsatellites.setup.default_indicators import DEFAULT_FILES, load_default_indicators
from alpsatellites.territories.models import Source
from tests.factories import UserFactory

ALL_CODES = {
    "fibre_share", "station_distance_km", "station_departures_per_day", "college_distance_km",
    "hospital_distance_km", "pharmacies", "supermarkets", "grocery_stores", "colleges", "lycees",
    "workspaces", "workspace_distance_km", "dwellings", "secondary_home_share",
    "vacant_dwelling_share", "owner_occupier_share", "population", "population_change",
    "share_under_15", "share_60_plus", "households", "median_income", "poverty_rate", "jobs",
    "unemployment_rate", "establishments", "business_creations", "tourist_accommodation",
    "teleworkable_jobs_share",
}  # fmt: skip


def latest(code, commune_code):
    return (
        IndicatorValue.objects.filter(indicator__code=code, commune__code=commune_code)
        .select_related("source")
        .order_by("-reference_date")
        .first()
    )


# --- the catalogue ------------------------------------------------------------------------------


def test_catalogue_has_every_agreed_code_in_four_languages(db):
    report = indicators_load()

    assert (report.indicators_created, report.sources_created) == (29, 5)
    assert set(Indicator.objects.values_list("code", flat=True)) == ALL_CODES
    for indicator in Indicator.objects.all():
        for language in ("fr", "en", "it", "de"):
            assert getattr(indicator, f"label_{language}"), (indicator.code, language)
            assert getattr(indicator, f"definition_{language}"), (indicator.code, language)
        assert indicator.direction != "neutral" or not indicator.in_index
    fibre = Indicator.objects.get(code="fibre_share")
    assert (fibre.unit, fibre.theme, fibre.direction, fibre.in_index) == (
        "%",
        "connectivity",
        "higher",
        True,
    )
    assert "derived" in fibre.source.notes.lower() or "derived" in fibre.source.notes


def test_catalogue_load_is_idempotent_and_updates_what_changed(db):
    indicators_load()
    assert indicators_load().line() == (
        "indicator catalogue: 0 created, 0 updated; sources 0 created, 0 updated"
    )

    document = json.loads(CATALOGUE_PATH.read_text(encoding="utf-8"))
    document["indicators"][0]["label"]["it"] = "Fibra"
    document["sources"][0]["version"] = "census 2023"
    report = indicators_load(catalogue=document)

    assert (report.indicators_updated, report.sources_updated) == (1, 1)
    assert Indicator.objects.get(code=document["indicators"][0]["code"]).label_it == "Fibra"


def test_a_wrong_catalogue_is_refused_whole(db):
    document = json.loads(CATALOGUE_PATH.read_text(encoding="utf-8"))
    bad = copy.deepcopy(document)
    bad["indicators"][0]["theme"] = "weather"
    bad["indicators"][1]["direction"] = "neutral"  # station distance, in the index
    bad["indicators"][2]["source"] = "nowhere"

    with pytest.raises(InvalidObservatoryFile) as error:
        indicators_load(catalogue=bad)

    assert [p.split(":")[0] for p in error.value.problems] == [
        "indicators[0] (fibre_share)",
        "indicators[1] (station_distance_km)",
        "indicators[2] (station_departures_per_day)",
    ]
    assert not Indicator.objects.exists() and not Source.objects.exists()


# --- the shipped load ---------------------------------------------------------------------------


@pytest.fixture
def shipped(grand_brianconnais):
    load_default_indicators()
    return grand_brianconnais


def test_every_commune_gets_its_values_from_the_shipped_files(shipped):
    per_commune = {
        commune.code: set(
            commune.indicator_values.values_list("indicator__code", flat=True).distinct()
        )
        for commune in shipped.communes.all()
    }

    assert len(per_commune) == 36
    expected = ALL_CODES - {
        "station_distance_km",
        "station_departures_per_day",
        "college_distance_km",
        "hospital_distance_km",
        "workspaces",
        "workspace_distance_km",
        "teleworkable_jobs_share",
    }  # fmt: skip  (computed by other parts of the observatory)
    assert all(codes == expected for codes in per_commune.values())


def test_shipped_figures_are_the_files_figures(shipped):
    assert latest("population", "05023").value == 10748
    population_2016 = IndicatorValue.objects.get(
        indicator__code="population", commune__code="05023", period="2016"
    )
    assert (population_2016.value, population_2016.source.key) == (
        11950,
        "insee-comparateur-territoires",
    )
    assert latest("secondary_home_share", "05023").value == pytest.approx(37.34, abs=0.01)
    assert latest("secondary_home_share", "05085").value == pytest.approx(91, abs=1)
    income = latest("median_income", "05001")
    assert (income.value, income.period) == (19460, "2021")
    poverty = latest("poverty_rate", "05001")
    assert (poverty.value, poverty.status) == (None, "secret")
    assert latest("pharmacies", "05023").value == 6
    fibre = latest("fibre_share", "05023")
    assert (fibre.value, fibre.period, fibre.source.key) == (94.7, "2025", "arcep-fibre-vivrea")
    assert latest("fibre_share", "05093").value == 65.4


def test_shipped_load_is_idempotent(shipped):
    count = IndicatorValue.objects.count()
    reports = import_indicator_files(DEFAULT_FILES, territory_slug="grand-brianconnais")

    assert IndicatorValue.objects.count() == count
    assert [(r.created, r.updated) for r in reports] == [(0, 0)] * 3
    # P16_POP is in both INSEE files: the second one's is skipped, not written twice.
    assert reports[1].skipped == {"value already given by insee_base_cc_comparateur_petr36.csv": 36}


def test_shipped_load_never_overwrites_what_the_staff_imported(shipped, samples):
    # ARCEP's own T3 2025 file: the same date as vivrea's figure, a cleaner source.
    import_indicator_files(
        [("arcep", samples / "arcep_deploiements_latin1.csv", "")],
        territory_slug="grand-brianconnais",
    )

    load_default_indicators()

    fibre = latest("fibre_share", "05023")
    assert (fibre.source.key, fibre.period) == ("arcep-deploiements", "T3 2025")
    assert fibre.value == pytest.approx(94.70, abs=0.01)
    assert latest("fibre_share", "05027").source.key == "arcep-fibre-vivrea"  # not in the sample


def test_shipped_import_takes_a_handful_of_queries(
    grand_brianconnais, catalogue, django_assert_max_num_queries
):
    # 8 reads and savepoints, then the inserts: 828 rows of 8 fields, by 124 rows on SQLite
    # (999 parameters a query), by 500 on PostgreSQL. Never one query per value.
    with django_assert_max_num_queries(16):
        reports = import_indicator_files(DEFAULT_FILES, territory_slug="grand-brianconnais")

    assert sum(r.created for r in reports) == 36 * 23  # 22 indicators, population twice


def test_shipped_fibre_file_carries_vivrea_figures_unchanged():
    """The generic fibre file is generated by scripts/extract_observatory.py: same figures."""
    import csv

    from alpsatellites.setup.default_indicators import OPENDATA

    with (OPENDATA / "connectivity" / "vivrea_fibre_crime_air_petr36.csv").open() as file:
        vivrea = {row["code_insee"]: row["fibre_pct_ftth_locaux"] for row in csv.DictReader(file)}
    with DEFAULT_FILES[2][1].open() as file:
        shipped = list(csv.DictReader(file, delimiter=";"))

    assert {row["code"]: row["value"] for row in shipped} == vivrea
    assert {(r["date"], r["period"], r["source"]) for r in shipped} == {
        ("2025-09-30", "2025", "arcep-fibre-vivrea")
    }


# --- the command --------------------------------------------------------------------------------


def test_command_prints_the_report(grand_brianconnais, catalogue, samples, capsys):
    call_command(
        "import_indicators",
        "insee",
        str(samples / "insee_comparateur.csv"),
        "--territory",
        "grand-brianconnais",
    )

    out = capsys.readouterr().out
    assert "insee_comparateur.csv: 3 rows read, 2 imported (26 created, 0 updated" in out
    assert "1 unknown commune code(s): 05999" in out
    assert latest("population", "05023").source.key == "insee-comparateur-territoires"


def test_command_credits_the_source_given(grand_brianconnais, catalogue, samples):
    call_command(
        "import_indicators",
        "insee",
        str(samples / "insee_dossier_complet.csv"),
        "--territory=grand-brianconnais",
        "--source=insee-dossier-complet",
    )

    assert latest("pharmacies", "05023").source.key == "insee-dossier-complet"


def test_command_refuses_a_bad_file_with_its_lines_and_writes_nothing(
    grand_brianconnais, catalogue, tmp_path
):
    path = tmp_path / "values.csv"
    path.write_text("code,indicator,value,date,source\n05023,jobs,x,2024,nowhere\n", "utf-8")

    with pytest.raises(CommandError) as error:
        call_command("import_indicators", "generic", str(path), "--territory=grand-brianconnais")

    assert str(error.value) == (
        "Nothing was imported:\n  line 2: source 'nowhere' is unknown\n"
        "  line 2: value 'x' is not a number"
    )
    assert not IndicatorValue.objects.exists()


def test_command_refuses_a_missing_file_or_an_unknown_source(
    grand_brianconnais, catalogue, samples
):
    with pytest.raises(CommandError, match="no such file"):
        call_command("import_indicators", "arcep", "nowhere.xlsx", "--territory=grand-brianconnais")
    with pytest.raises(CommandError, match="unknown source 'arcep-2031'"):
        call_command(
            "import_indicators",
            "arcep",
            str(samples / "arcep_deploiements_latin1.csv"),
            "--territory=grand-brianconnais",
            "--source=arcep-2031",
        )


# --- the back office ----------------------------------------------------------------------------

VALUES = "/fr/admin/observatory/indicatorvalue/"


def test_values_are_scoped_to_the_staff_territory(shipped, evancon, client):
    staff = UserFactory(email="staff@example.org")
    role_grant(user=staff, role=Role.TERRITORY_ADMIN, territory=evancon)
    client.force_login(staff)
    value = latest("fibre_share", "05023")

    listing = client.get(VALUES, {"q": "Briançon"})

    assert listing.status_code == 200
    assert f"{VALUES}{value.pk}/change/" not in listing.content.decode()
    assert client.get(f"{VALUES}{value.pk}/change/").status_code == 302  # "not found" redirect
    assert client.get("/fr/admin/observatory/indicator/").status_code == 403


def test_staff_of_the_territory_sees_its_values_but_cannot_change_them(shipped, client):
    staff = UserFactory(email="staff@example.org")
    role_grant(user=staff, role=Role.TERRITORY_ADMIN, territory=shipped)
    client.force_login(staff)
    value = latest("fibre_share", "05023")

    page = client.get(f"{VALUES}{value.pk}/change/")

    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert client.post(f"{VALUES}{value.pk}/change/", {"value": "1"}).status_code == 403
