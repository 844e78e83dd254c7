"""No CSV the platform serves can smuggle a formula into the reader's spreadsheet."""

import csv
import io
from pathlib import Path

import pytest

import alpsatellites
from alpsatellites.core.csv_safe import csv_cell, csv_cell_restore
from alpsatellites.workspaces.tiers_lieux import read_tiers_lieux
from tests.factories import UserFactory
from tests.workspaces.factories import BookingFactory, ResourceFactory, WorkspaceFactory

pytestmark = pytest.mark.django_db

FORMULAS = ['=HYPERLINK("http://evil.example","x")', "+1+2", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


@pytest.mark.parametrize("formula", FORMULAS)
def test_a_cell_starting_a_formula_is_shown_as_text(formula):
    assert csv_cell(formula) == "'" + formula
    assert csv_cell_restore(csv_cell(formula)) == formula


@pytest.mark.parametrize("value", ["-6.632681", "+12", "-1e5", -2, 3.5, "Altipolis", "", None])
def test_numbers_and_plain_text_are_left_alone(value):
    assert csv_cell(value) == value


def test_public_workspaces_csv_neutralises_a_manager_set_address(client, grand_brianconnais):
    commune = grand_brianconnais.communes.get(code="05023")
    WorkspaceFactory(
        commune=commune,
        name="@Altiport",
        address=FORMULAS[0],
        latitude=44.9,
        longitude=-6.63,
    )

    response = client.get("/fr/t/grand-brianconnais/workspaces.csv")

    (row,) = csv.DictReader(io.StringIO(response.content.decode()))
    assert row["ADRESSE"] == "'" + FORMULAS[0]
    assert row["NOM_TL"] == "'@Altiport"
    assert row["LONG"] == "-6.63"


def test_the_export_reads_back_as_it_was_written(client, grand_brianconnais, tmp_path):
    commune = grand_brianconnais.communes.get(code="05023")
    WorkspaceFactory(
        commune=commune, name="=Altipolis", address="-1 rue", latitude=44.9, longitude=6.6
    )
    path = tmp_path / "export.csv"
    path.write_bytes(client.get("/fr/t/grand-brianconnais/workspaces.csv").content)

    [place], ignored = read_tiers_lieux(path, grand_brianconnais)

    assert ignored == 0
    assert (place.name, place.address) == ("=Altipolis", "-1 rue")


def test_bookings_export_neutralises_names_set_by_others(client, grand_brianconnais):
    manager = UserFactory()
    workspace = WorkspaceFactory(commune=grand_brianconnais.communes.get(code="05023"))
    workspace.managers.add(manager)
    desk = ResourceFactory(workspace=workspace, name="=1+1")
    BookingFactory(resource=desk, user=UserFactory(email="-x@example.org"))
    client.force_login(manager)

    response = client.get(f"/en/manage/workspaces/{workspace.slug}/bookings.csv")

    (row,) = csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))
    assert row["Resource"] == "'=1+1"
    assert row["Member"] == "'-x@example.org"


def test_every_csv_writer_of_the_platform_is_the_safe_one():
    package = Path(alpsatellites.__file__).parent
    raw = [
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if "csv.writer(" in path.read_text() and path.name != "csv_safe.py"
    ]
    assert raw == [], "write CSV with alpsatellites.core.csv_safe.csv_writer"
