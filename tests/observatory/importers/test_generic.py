import datetime

import pytest

from alpsatellites.observatory.importers.base import InvalidObservatoryFile
from alpsatellites.observatory.importers.generic import read_generic
from alpsatellites.observatory.importers.indicator_files import import_indicator_files
from alpsatellites.observatory.models import IndicatorValue

UNITS = {"teleworkable_jobs_share": "%", "jobs": "", "population_change": "%/yr"}
SOURCES = {"alpsatellites-computed", "insee-comparateur-territoires"}


def read(tmp_path, text, *, encoding="utf-8", default_source=""):
    path = tmp_path / "values.csv"
    path.write_bytes(text.encode(encoding))
    return read_generic(path, units=UNITS, sources=SOURCES, default_source=default_source)


def test_sample_gives_known_secret_and_unknown_values(samples):
    reading = read_generic(samples / "generic.csv", units=UNITS, sources=SOURCES)
    records = {r.commune_code: r for r in reading.records}

    assert reading.report.read == 4
    assert (records["05023"].value, records["05023"].period) == (37.7, "2024")
    assert records["05023"].reference_date == datetime.date(2024, 1, 1)
    assert (records["05001"].status, records["05001"].period) == ("secret", "2024-06-30")
    assert records["05001"].reference_date == datetime.date(2024, 6, 30)
    assert (records["05003"].value, records["05003"].status) == (None, "unknown")


def test_latin1_semicolons_thousands_and_default_source(tmp_path):
    reading = read(
        tmp_path,
        "code;indicator;value;date;period\n05023;jobs;5 812,5;2022;année 2022\n",
        encoding="latin-1",
        default_source="insee-comparateur-territoires",
    )

    record = reading.records[0]
    assert (record.value, record.period, record.source) == (
        5812.5,
        "année 2022",
        "insee-comparateur-territoires",
    )


def test_negative_values_are_allowed_where_the_unit_allows(tmp_path):
    reading = read(
        tmp_path,
        "code,indicator,value,date,source\n05023,population_change,-1.75,2022,alpsatellites-computed\n",
    )

    assert reading.records[0].value == -1.75


def test_every_bad_line_is_named(tmp_path):
    text = (
        "code,indicator,value,date,source\n"
        "05023,wifi_speed,12,2024,alpsatellites-computed\n"  # 2: unknown indicator
        "05023,jobs,12,2024,nowhere\n"  # 3: unknown source
        "05023,jobs,12,24/05/2024,alpsatellites-computed\n"  # 4: bad date
        "05023,teleworkable_jobs_share,140,2024,alpsatellites-computed\n"  # 5: over 100 %
        "05023,jobs,-3,2024,alpsatellites-computed\n"  # 6: negative count
        "05023,jobs,12,2024,alpsatellites-computed\n"
        "05023,jobs,13,2024,alpsatellites-computed\n"  # 8: duplicate
        ",jobs,12,2024,\n"  # 9: no code, no source
    )
    with pytest.raises(InvalidObservatoryFile) as error:
        read(tmp_path, text)

    assert error.value.problems == [
        "line 2: indicator 'wifi_speed' is not in the catalogue",
        "line 3: source 'nowhere' is unknown",
        "line 4: date '24/05/2024' is not YYYY or YYYY-MM-DD",
        "line 5: value 140 is out of range [0, 100]",
        "line 6: value -3 is out of range [0, inf]",
        "line 8: jobs of 05023 at 2024-01-01 already given on line 7",
        "line 9: code is empty",
        "line 9: no source given",
    ]


def test_missing_columns_are_refused(tmp_path):
    with pytest.raises(InvalidObservatoryFile) as error:
        read(tmp_path, "code,indicator,value\n05023,jobs,1\n")

    assert error.value.problems[0].startswith("line 1: missing column(s) code, indicator")


def test_import_lists_unknown_communes_and_is_idempotent(grand_brianconnais, catalogue, samples):
    files = [("generic", samples / "generic.csv", "")]

    first = import_indicator_files(files, territory_slug="grand-brianconnais")[0]
    again = import_indicator_files(files, territory_slug="grand-brianconnais")[0]

    assert (first.read, first.imported, first.created, first.unknown_codes) == (4, 3, 3, {"99999"})
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert IndicatorValue.objects.filter(status="secret").count() == 1


def test_an_unknown_territory_is_refused(catalogue, samples):
    with pytest.raises(InvalidObservatoryFile) as error:
        import_indicator_files(
            [("generic", samples / "generic.csv", "")], territory_slug="atlantis"
        )

    assert error.value.problems == ["no territory 'atlantis': import the territory first"]
