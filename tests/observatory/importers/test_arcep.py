import datetime

import pytest
from openpyxl import Workbook

from alpsatellites.observatory.importers.arcep import read_arcep
from alpsatellites.observatory.importers.base import InvalidObservatoryFile
from alpsatellites.observatory.importers.indicator_files import import_indicator_files
from alpsatellites.observatory.models import IndicatorValue

HEADER = [
    "Code commune",
    "Code département",
    "Code région",
    "Siren EPCI",
    "Logements",
    "Établissements",
    "Meilleure estimation des locaux à date",
    "Commune rurale",
    "Commune de montagne",
    "Zone très dense",
    "T4 2017",
    "T1 2025",
    "T2 2025",
]


def by_code(reading):
    return {r.commune_code: r for r in reading.records}


def workbook(path, rows, *, sheet="Communes", header=HEADER):
    book = Workbook()
    book.active.title = "Lisez-moi"
    data = book.create_sheet(sheet)
    data.append(["Le marché du haut et très haut débit fixe - déploiements"])
    data.append(["Données au 30 juin 2025"])
    data.append([])
    data.append(header)
    for row in rows:
        data.append(row)
    book.save(path)
    return path


def test_latin1_csv_with_metadata_lines_gives_the_latest_quarter(samples):
    reading = read_arcep(samples / "arcep_deploiements_latin1.csv", source="arcep-deploiements")
    records = by_code(reading)

    assert reading.report.read == 4
    briancon = records["05023"]
    assert briancon.value == pytest.approx(10050 / 10612 * 100)
    assert (briancon.period, briancon.reference_date) == ("T3 2025", datetime.date(2025, 9, 30))
    assert briancon.line == 6
    assert records["05093"].value == pytest.approx(65.41, abs=0.01)
    # No premises to divide by: unknown, not 0 %.
    assert (records["05001"].value, records["05001"].status) == (None, "unknown")


def test_xlsx_sheet_communes_is_read(tmp_path):
    path = workbook(
        tmp_path / "arcep.xlsx",
        [
            [
                5023,
                "05",
                "93",
                "240500439",
                9700,
                900,
                10612,
                "non",
                "oui",
                "non",
                120,
                9000,
                10050,
            ],
            ["05093", "05", "93", "240500439", 800, 40, 850, "oui", "oui", "non", 0, 500, 900],
            ["05001", "05", "93", "200067452", 900, 60, 950, "oui", "oui", "non", 0, 0, None],
        ],
    )

    reading = read_arcep(path, source="arcep-deploiements")
    records = by_code(reading)

    assert records["05023"].value == pytest.approx(94.70, abs=0.01)  # 5023 read as "05023"
    assert records["05023"].line == 5
    assert records["05093"].value == 100.0  # 900 of 850 premises: capped
    assert records["05001"].status == "unknown"  # empty latest quarter
    assert records["05023"].period == "T2 2025"
    assert records["05023"].reference_date == datetime.date(2025, 6, 30)


def test_xlsx_without_the_communes_sheet_is_refused(tmp_path):
    path = workbook(tmp_path / "arcep.xlsx", [], sheet="Départements")

    with pytest.raises(InvalidObservatoryFile) as error:
        read_arcep(path, source="arcep-deploiements")

    assert "no sheet 'Communes'" in error.value.problems[0]


def test_a_file_that_is_not_a_workbook_is_refused(tmp_path):
    path = tmp_path / "arcep.xlsx"
    path.write_text("Code commune;T3 2025\n", encoding="utf-8")

    with pytest.raises(InvalidObservatoryFile) as error:
        read_arcep(path, source="arcep-deploiements")

    assert "not a readable XLSX workbook" in error.value.problems[0]


def test_missing_columns_and_missing_quarters_are_refused(tmp_path):
    path = tmp_path / "arcep.csv"
    path.write_text("Code commune;Logements;T3 2025\n05023;1;1\n", encoding="utf-8")
    with pytest.raises(InvalidObservatoryFile) as error:
        read_arcep(path, source="arcep-deploiements")
    assert error.value.problems[0].startswith("line 1: missing column(s) Code commune, Meilleure")

    no_quarter = workbook(tmp_path / "arcep.xlsx", [["05023", 1, 1]], header=HEADER[:7])
    with pytest.raises(InvalidObservatoryFile) as error:
        read_arcep(no_quarter, source="arcep-deploiements")
    assert error.value.problems == [
        'line 4: no quarter column ("T4 2017", "T3 2025"…) in the header'
    ]


def test_negative_counts_and_duplicates_name_their_line(tmp_path):
    path = tmp_path / "arcep.csv"
    path.write_text(
        "Code commune;Meilleure estimation des locaux à date;T3 2025\n"
        "05023;100;-5\n"
        "05093;100;5\n"
        "05093;100;5\n",
        encoding="utf-8",
    )

    with pytest.raises(InvalidObservatoryFile) as error:
        read_arcep(path, source="arcep-deploiements")

    assert error.value.problems == [
        "line 2: T3 2025 -5 is out of range [0, inf]",
        "line 4: Code commune 05093 already given on line 3",
    ]


def test_import_skips_communes_of_other_territories_and_is_idempotent(
    grand_brianconnais, catalogue, samples
):
    files = [("arcep", samples / "arcep_deploiements_latin1.csv", "")]

    first = import_indicator_files(files, territory_slug="grand-brianconnais")[0]
    again = import_indicator_files(files, territory_slug="grand-brianconnais")[0]

    assert (first.read, first.imported, first.created, first.unknown_codes) == (4, 3, 3, {"75056"})
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    value = IndicatorValue.objects.get(commune__code="05023")
    assert (value.period, value.source.key) == ("T3 2025", "arcep-deploiements")
