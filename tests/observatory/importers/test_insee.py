import pytest

from alpsatellites.observatory.importers.base import InvalidObservatoryFile
from alpsatellites.observatory.importers.indicator_files import import_indicator_files
from alpsatellites.observatory.importers.insee import read_insee
from alpsatellites.observatory.models import IndicatorValue

UNITS = {
    "population": "",
    "population_change": "%/yr",
    "households": "",
    "dwellings": "",
    "secondary_home_share": "%",
    "vacant_dwelling_share": "%",
    "owner_occupier_share": "%",
    "median_income": "€",
    "poverty_rate": "%",
    "jobs": "",
    "unemployment_rate": "%",
    "establishments": "",
    "share_under_15": "%",
    "share_60_plus": "%",
    "business_creations": "",
    "tourist_accommodation": "",
    "supermarkets": "",
    "grocery_stores": "",
    "colleges": "",
    "lycees": "",
    "pharmacies": "",
}


def values_of(reading, code):
    return {
        (r.indicator, r.period): (r.value, r.status)
        for r in reading.records
        if r.commune_code == code
    }


def read(tmp_path, text, name="insee.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return read_insee(path, units=UNITS, source="insee-comparateur-territoires")


def test_comparateur_sample_gives_values_shares_and_secrecy(samples):
    reading = read_insee(
        samples / "insee_comparateur.csv", units=UNITS, source="insee-comparateur-territoires"
    )
    briancon = values_of(reading, "05023")

    assert reading.report.read == 3
    assert briancon[("population", "2022")] == (10748.0, "known")
    assert briancon[("population", "2016")] == (11950.0, "known")
    assert briancon[("secondary_home_share", "2022")][0] == pytest.approx(37.342, abs=1e-3)
    assert briancon[("poverty_rate", "2021")] == (13.5, "known")  # decimal comma
    assert briancon[("jobs", "2022")] == (5812.2, "known")  # "5 812,2"
    assert briancon[("establishments", "2024")] == (1234.0, "known")  # "1 234"
    assert briancon[("population_change", "2016–2022")][0] == pytest.approx(-1.751, abs=1e-3)
    abries = values_of(reading, "05001")
    assert abries[("poverty_rate", "2021")] == (None, "secret")
    assert abries[("median_income", "2021")] == (19460.0, "known")


def test_empty_cells_are_unknown_never_zero(samples):
    reading = read_insee(
        samples / "insee_comparateur.csv", units=UNITS, source="insee-comparateur-territoires"
    )
    empty = values_of(reading, "05999")

    assert empty[("population", "2022")] == (120.0, "known")
    assert empty[("population_change", "2016–2022")] == (None, "unknown")
    assert empty[("secondary_home_share", "2022")] == (None, "unknown")
    assert empty[("dwellings", "2022")] == (None, "unknown")


def test_a_share_or_sum_built_on_a_secret_is_secret(samples):
    reading = read_insee(
        samples / "insee_dossier_complet.csv", units=UNITS, source="insee-dossier-complet"
    )
    abries = values_of(reading, "05001")
    briancon = values_of(reading, "05023")

    assert abries[("tourist_accommodation", "2026")] == (None, "secret")  # RT26 = "s"
    assert briancon[("tourist_accommodation", "2026")] == (20.0, "known")
    assert briancon[("pharmacies", "2024")] == (6.0, "known")
    assert briancon[("share_under_15", "2022")][0] == pytest.approx(1500 / 10748 * 100)
    assert abries[("share_60_plus", "2022")][0] == pytest.approx(37.13, abs=0.01)


def test_secret_denominator_makes_the_share_secret(tmp_path):
    reading = read(tmp_path, "CODGEO;P22_LOG;P22_RSECOCC\n05023;s;120\n05001;100;\n")

    assert values_of(reading, "05023")[("secondary_home_share", "2022")] == (None, "secret")
    assert values_of(reading, "05001")[("secondary_home_share", "2022")] == (None, "unknown")


def test_missing_code_column_is_refused_on_line_1(tmp_path):
    with pytest.raises(InvalidObservatoryFile) as error:
        read(tmp_path, "COM;P22_POP\n05023;10748\n")

    assert error.value.problems[0].startswith("line 1: missing column(s) CODGEO")


def test_a_file_without_any_known_column_is_refused(tmp_path):
    with pytest.raises(InvalidObservatoryFile) as error:
        read(tmp_path, "CODGEO;LIBGEO\n05023;Briançon\n")

    assert "none of the INSEE columns" in error.value.problems[0]


def test_bad_numbers_out_of_range_shares_and_duplicates_name_their_line(tmp_path):
    text = (
        "CODGEO;P22_LOG;P22_RSECOCC\n"
        "05023;100;37\n"
        "05001;100;abc\n"  # line 3
        "05003;100;120\n"  # line 4: 120 % of secondary homes
        "05023;100;37\n"  # line 5: again
    )
    with pytest.raises(InvalidObservatoryFile) as error:
        read(tmp_path, text)

    assert error.value.problems == [
        "line 3: P22_RSECOCC 'abc' is not a number",
        "line 4: secondary_home_share 120 is out of range [0, 100] (from P22_RSECOCC, P22_LOG)",
        "line 5: CODGEO 05023 already given on line 2",
    ]


def test_utf8_bom_and_latin1_are_both_read(tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes("CODGEO;LIBGEO;P22_POP\n05023;Briançon;10748\n".encode("latin-1"))
    bom = tmp_path / "bom.csv"
    bom.write_bytes("\ufeffCODGEO;P22_POP\n05023;10748\n".encode())

    for file in (path, bom):
        reading = read_insee(file, units=UNITS, source="x")
        assert values_of(reading, "05023")[("population", "2022")] == (10748.0, "known")


def test_import_counts_unknown_communes_and_is_idempotent(grand_brianconnais, catalogue, samples):
    files = [("insee", samples / "insee_comparateur.csv", "")]

    first = import_indicator_files(files, territory_slug="grand-brianconnais")[0]
    second = import_indicator_files(files, territory_slug="grand-brianconnais")[0]

    assert (first.read, first.imported, first.unknown_codes) == (3, 2, {"05999"})
    assert first.skipped == {"unknown commune code (not in grand-brianconnais)": 1}
    assert first.created == IndicatorValue.objects.count() == 2 * 13
    assert (second.created, second.updated, second.unchanged) == (0, 0, 26)
    assert "1 unknown commune code(s): 05999" in "\n".join(first.lines())


def test_a_changed_figure_is_updated(grand_brianconnais, catalogue, tmp_path):
    path = tmp_path / "insee.csv"
    path.write_text("CODGEO;P22_POP\n05023;10748\n", encoding="utf-8")
    import_indicator_files([("insee", path, "")], territory_slug="grand-brianconnais")
    path.write_text("CODGEO;P22_POP\n05023;s\n", encoding="utf-8")

    report = import_indicator_files([("insee", path, "")], territory_slug="grand-brianconnais")[0]

    assert (report.created, report.updated) == (0, 1)
    value = IndicatorValue.objects.get()
    assert (value.value, value.status) == (None, "secret")


def test_a_file_failing_half_way_leaves_the_database_unchanged(
    grand_brianconnais, catalogue, samples, tmp_path
):
    bad = tmp_path / "bad.csv"
    bad.write_text("CODGEO;P22_POP\n05023;10748\n05001;-\n", encoding="utf-8")

    with pytest.raises(InvalidObservatoryFile) as error:
        import_indicator_files(
            [("insee", samples / "insee_comparateur.csv", ""), ("insee", bad, "")],
            territory_slug="grand-brianconnais",
        )

    assert error.value.problems == ["line 3: P22_POP '-' is not a number"]
    assert not IndicatorValue.objects.exists()
