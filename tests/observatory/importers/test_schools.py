"""Éducation nationale school directory: collèges and lycées by nature_uai, closed ones skipped."""

import pytest

from alpsatellites.observatory.importers.base import InvalidObservatoryFile
from alpsatellites.observatory.importers.schools import read_schools
from alpsatellites.observatory.models import Facility, FacilityKind
from alpsatellites.observatory.services.facilities import facilities_import
from tests.observatory.facility_fixtures import COLLEGES, facility_snapshot

HEADER = (
    "numero_uai;appellation_officielle;latitude;longitude;nature_uai;nature_uai_libe;"
    "code_commune;etat_etablissement_libe\n"
)


def write(tmp_path, *rows, encoding="utf-8"):
    path = tmp_path / "schools.csv"
    path.write_text(HEADER + "".join(row + "\n" for row in rows), encoding=encoding)
    return path


def test_the_shipped_collèges_of_the_hautes_alpes():
    reading = read_schools(COLLEGES)
    assert reading.report.read == 15
    assert len(reading.records) == 15
    vauban = next(r for r in reading.records if r.external_id == "0050043V")
    assert vauban.kind == FacilityKind.COLLEGE
    assert vauban.name == "Collège climatique Vauban"
    assert vauban.commune_code == "05023"
    assert vauban.details["sector"] == "Public"
    assert reading.areas == {"05"}


def test_lycees_kept_closed_and_other_natures_skipped(tmp_path):
    path = write(
        tmp_path,
        "0050007F;Lycée d'altitude;44.90;6.64;306;LYCEE POLYVALENT;05023;OUVERT",
        "0050099X;Ancien collège;44.90;6.64;340;COLLEGE;05023;FERME",
        "0050098W;CIO;44.90;6.64;600;CENTRE D INFORMATION ET D ORIENTATION;05023;OUVERT",
        "0050097V;Collège sans point;;;340;COLLEGE;05023;OUVERT",
    )
    reading = read_schools(path)
    assert [(r.external_id, r.kind) for r in reading.records] == [("0050007F", FacilityKind.LYCEE)]
    assert reading.report.skipped == {
        "not open (etat_etablissement FERME)": 1,
        "nature_uai 600 (CENTRE D INFORMATION ET D ORIENTATION) is not a school kept": 1,
        "no coordinates (latitude/longitude empty)": 1,
    }


def test_latin1_file(tmp_path):
    path = write(
        tmp_path, "0050007F;Lycée d'altitude;44.90;6.64;306;LYCEE;05023;OUVERT", encoding="latin-1"
    )
    assert [r.name for r in read_schools(path).records] == ["Lycée d'altitude"]


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        (
            "0050007F;Lycée;95.1;6.64;306;LYCEE;05023;OUVERT",
            "line 2: latitude 95.1 is out of range",
        ),
        ("0050007F;Lycée;4a;6.64;306;LYCEE;05023;OUVERT", "line 2: latitude '4a' is not a number"),
        ("0050007F;Lycée;-33.9;18.4;306;LYCEE;05023;OUVERT", "is outside FR"),
        ("005007F;Lycée;44.9;6.6;306;LYCEE;05023;OUVERT", "is not a UAI"),
        ("0050007F;Lycée;44.9;6.6;306;LYCEE;5023;OUVERT", "is not a commune code"),
        ("0050007F;;44.9;6.6;306;LYCEE;05023;OUVERT", "appellation_officielle is empty"),
    ],
)
def test_bad_rows_name_their_line(tmp_path, row, problem):
    with pytest.raises(InvalidObservatoryFile) as error:
        read_schools(write(tmp_path, row))
    assert problem in error.value.problems[0]


def test_missing_columns(tmp_path):
    path = tmp_path / "schools.csv"
    path.write_text("numero_uai;latitude;longitude\n0050007F;44.9;6.6\n", encoding="utf-8")
    with pytest.raises(InvalidObservatoryFile, match="missing column"):
        read_schools(path)


@pytest.mark.django_db
def test_import_into_a_territory_is_idempotent(grand_brianconnais):
    report = facilities_import(reading=read_schools(COLLEGES), territory=grand_brianconnais)
    assert report.created == 15
    # 11 collèges are outside the 36 communes (Gap, Embrun…): kept, their codes listed.
    assert "05061" in report.unknown_codes and "05023" not in report.unknown_codes
    assert Facility.objects.filter(kind="college", commune__isnull=False).count() == 4
    assert "unknown commune code(s)" in "\n".join(report.lines())
    before = facility_snapshot()
    again = facilities_import(reading=read_schools(COLLEGES), territory=grand_brianconnais)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 15)
    assert facility_snapshot() == before


@pytest.mark.django_db
def test_a_duplicate_uai_writes_nothing(tmp_path):
    path = write(
        tmp_path,
        "0050007F;Lycée A;44.90;6.64;306;LYCEE;05023;OUVERT",
        "0050007F;Lycée B;44.90;6.64;306;LYCEE;05023;OUVERT",
    )
    with pytest.raises(InvalidObservatoryFile, match="line 3: lycee '0050007F' appears twice"):
        facilities_import(reading=read_schools(path))
    assert not Facility.objects.exists()
