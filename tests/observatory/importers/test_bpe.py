"""INSEE BPE geolocated file: official shape, Lambert-93 → WGS84, skipped codes, idempotence."""

import pytest
from django.core.management import CommandError, call_command

from alpsatellites.observatory.importers import bpe
from alpsatellites.observatory.importers.base import InvalidObservatoryFile
from alpsatellites.observatory.importers.bpe import read_bpe, typequ_table
from alpsatellites.observatory.models import Facility, FacilityKind
from alpsatellites.observatory.services import facilities as service
from alpsatellites.observatory.services.facilities import facilities_import
from tests.observatory.facility_fixtures import SAMPLES, facility_snapshot

SAMPLE = SAMPLES / "bpe_sample.csv"


def test_the_table_of_kinds_is_data_with_the_codes_movers_need():
    table = typequ_table()
    assert table["D307"].kind == FacilityKind.PHARMACY
    assert table["C201"].kind == FacilityKind.COLLEGE
    assert table["D265"].kind == FacilityKind.DOCTOR
    assert table["B105"].kind == FacilityKind.SUPERMARKET
    assert {table[code].kind for code in ("C107", "C108", "A206", "B207")} == {
        FacilityKind.NURSERY,
        FacilityKind.PRIMARY_SCHOOL,
        FacilityKind.POST_OFFICE,
        FacilityKind.BAKERY,
    }


def test_lambert_93_points_become_wgs84_and_unknown_codes_are_counted():
    reading = read_bpe(SAMPLE)
    records = {record.line: record for record in reading.records}
    pharmacy = records[2]
    assert pharmacy.kind == FacilityKind.PHARMACY
    assert pharmacy.name == "PHARMACIE DU CHAMP DE MARS"
    # Briançon, checked against the point the Lambert-93 values were made from.
    assert pharmacy.latitude == pytest.approx(44.8985, abs=1e-5)
    assert pharmacy.longitude == pytest.approx(6.6434, abs=1e-5)
    assert pharmacy.details == {"typequ": "D307", "year": "2024"}
    assert reading.report.read == 10
    assert reading.report.skipped == {
        "TYPEQU A501 not in the table of kinds": 1,
        "no coordinates (LAMBERT_X/LAMBERT_Y empty)": 1,
    }
    assert len(reading.records) == 8
    assert reading.areas == {"05", "99"}


def test_identifiers_are_stable_and_rank_identical_rows():
    ids = [record.external_id for record in read_bpe(SAMPLE).records]
    assert "D265-05023-986865.61-6428483.20-1" in ids
    assert "D265-05023-986865.61-6428483.20-2" in ids
    assert ids == [record.external_id for record in read_bpe(SAMPLE).records]
    assert len(set(ids)) == len(ids)


def test_latin1_reads_like_utf8():
    utf8 = [(r.external_id, r.name) for r in read_bpe(SAMPLE).records]
    latin1 = [(r.external_id, r.name) for r in read_bpe(SAMPLES / "bpe_latin1.csv").records]
    assert latin1 == utf8


def test_bad_lines_are_named():
    with pytest.raises(InvalidObservatoryFile) as error:
        read_bpe(SAMPLES / "bpe_bad.csv")
    assert error.value.problems == [
        "line 3: LAMBERT_X 'abc' is not a number",
        "line 4: DEPCOM '5023' is not a commune code",
    ]


def test_missing_column(tmp_path):
    with pytest.raises(InvalidObservatoryFile) as error:
        read_bpe(SAMPLES / "bpe_missing_column.csv")
    assert "missing column" in error.value.problems[0]


def test_points_outside_france_are_line_errors(tmp_path):
    path = tmp_path / "bpe.csv"
    path.write_text(
        "DEPCOM;TYPEQU;LAMBERT_X;LAMBERT_Y\n"
        "05023;D307;987515.76;6428780.03\n"
        "05023;D307;3987515.76;6428780.03\n",
        encoding="utf-8",
    )
    with pytest.raises(InvalidObservatoryFile) as error:
        read_bpe(path)
    assert error.value.problems == [
        "line 3: LAMBERT_X/LAMBERT_Y 3987515.76, 6428780.03 is outside France (EPSG:2154)"
    ]


def test_empty_file_is_refused(tmp_path):
    path = tmp_path / "bpe.csv"
    path.write_text("DEPCOM;TYPEQU;LAMBERT_X;LAMBERT_Y\n", encoding="utf-8")
    with pytest.raises(InvalidObservatoryFile, match="no row under the header"):
        read_bpe(path)


@pytest.mark.django_db
def test_import_is_idempotent_and_lists_unknown_communes(grand_brianconnais):
    report = facilities_import(reading=read_bpe(SAMPLE), territory=grand_brianconnais)
    assert (report.created, report.updated, report.unchanged) == (8, 0, 0)
    # Gap (05061) is not in the territory; 99999 is no commune at all: both kept, listed.
    assert report.unknown_codes == {"05061", "99999"}
    pharmacy = Facility.objects.get(external_id="D307-05023-987515.76-6428780.03-1")
    assert pharmacy.commune.code == "05023"
    assert pharmacy.source.key == "insee-bpe"
    before = facility_snapshot()
    again = facilities_import(reading=read_bpe(SAMPLE), territory=grand_brianconnais)
    assert (again.created, again.updated, again.unchanged, again.deleted) == (0, 0, 8, 0)
    assert facility_snapshot() == before


@pytest.mark.django_db
def test_a_facility_gone_from_the_file_is_removed_in_its_departement_only(tmp_path):
    facilities_import(reading=read_bpe(SAMPLE))
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    # Without the Briançon pharmacy (dép. 05) nor the 99999 row (its "département" 99).
    kept = [line for line in lines if "CHAMP DE MARS" not in line and "99999" not in line]
    smaller = tmp_path / "bpe.csv"
    smaller.write_text("\n".join(kept) + "\n", encoding="utf-8")
    report = facilities_import(reading=read_bpe(smaller))
    assert report.deleted == 1
    assert not Facility.objects.filter(name="PHARMACIE DU CHAMP DE MARS").exists()
    assert Facility.objects.filter(commune_code="99999").exists()  # outside the file's scope


@pytest.mark.django_db
def test_a_failure_half_way_writes_nothing(monkeypatch, tmp_path):
    facilities_import(reading=read_bpe(SAMPLE))
    before = facility_snapshot()
    monkeypatch.setattr(service, "BATCH_SIZE", 1)  # batches are written before the bad record
    reading = read_bpe(SAMPLE)
    reading.unique_ids = False
    records = list(reading.records)
    records[2].name = "changed"
    reading.records = [*records, records[0]]  # the same facility twice: a line error at the end
    with pytest.raises(InvalidObservatoryFile, match="appears twice"):
        facilities_import(reading=reading)
    assert facility_snapshot() == before


@pytest.mark.django_db
def test_command_prints_the_report(capsys):
    call_command("import_facilities", "bpe", str(SAMPLE))
    out = capsys.readouterr().out
    assert "8 imported (8 created" in out
    assert "skipped 1: TYPEQU A501 not in the table of kinds" in out
    with pytest.raises(CommandError, match="line 3: LAMBERT_X 'abc' is not a number"):
        call_command("import_facilities", "bpe", str(SAMPLES / "bpe_bad.csv"))
    with pytest.raises(CommandError, match="no such file"):
        call_command("import_facilities", "bpe", "nowhere.csv")


def test_module_documents_its_identifier():
    assert "TYPEQU-DEPCOM-X-Y-rank" in (bpe.__doc__ or "")
