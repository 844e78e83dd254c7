"""Import from the national tiers-lieux CSV (CGET 2019) and open-data exports (CSV, GeoJSON).

tests/data/tiers_lieux_sample.csv has the national file's 30 columns; the rows of other
départements are copied from CGET_TiersLieux_2019.csv, those of the Grand Briançonnais are built
from the facts in shared/research/territory.md (Altipolis, Quai9, The Snoworkers).
"""

import csv
import io
import json
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from alpsatellites.territories.importers.records import InvalidImportFile
from alpsatellites.territories.models import Source
from alpsatellites.workspaces.models import (
    Booking,
    Resource,
    Workspace,
    WorkspaceKind,
    WorkspaceStatus,
)
from alpsatellites.workspaces.tiers_lieux import (
    kind_for_typology,
    read_tiers_lieux,
)
from tests.factories import UserFactory
from tests.workspaces.factories import AmenityFactory, BookingFactory, ResourceFactory

pytestmark = pytest.mark.django_db

VERSION = "CGET_TiersLieux_2019.csv"
HEADER = (
    "ID,NOM_TL,ADRESSE,CP,COMINIT,INSEECOM,NOMCOM,WEB,TWITTER,FACEBOOK,TYPO,LAT,LONG,GEOCOD,"
    "PRECISION,CONTACT,MAIL,METRO,NOMMETRO,INSEEREG,NOMREG,INSEEMETRO,INSEEDEP,NOMCOMMETRO,"
    "POPCOM,COMCLASS,INSEE_ZE,NOM_ZE,CLASS_ZE,POP_ZE"
)


def _import(path, **options):
    out = io.StringIO()
    call_command(
        "import_tiers_lieux",
        str(path),
        territory="grand-brianconnais",
        source_version=VERSION,
        stdout=out,
        **options,
    )
    return out.getvalue()


def _workspaces() -> list[dict]:
    return list(
        Workspace.objects.order_by("slug").values(
            "slug",
            "name",
            "kind",
            "status",
            "address",
            "latitude",
            "longitude",
            "website",
            "commune__code",
            "source__key",
            "is_demo",
        )
    )


def _row(name="Fablab du Fort", insee="05023", typo="Tiers lieux à dominante fablab", **cells):
    values = dict.fromkeys(HEADER.split(","), "")
    values.update(
        {"ID": "9", "NOM_TL": name, "INSEECOM": insee, "TYPO": typo, "LAT": "", "LONG": ""}
    )
    values.update(cells)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(values.values())
    return out.getvalue()


def test_import_creates_the_territorys_places_and_ignores_the_others(grand_brianconnais, data_dir):
    output = _import(data_dir / "tiers_lieux_sample.csv")

    assert "3 created, 0 updated, 0 unchanged" in output
    assert "4 rows of other communes ignored" in output
    rows = {row["slug"]: row for row in _workspaces()}
    assert sorted(rows) == ["altipolis-briancon", "quai9-briancon", "the-snoworkers-la-grave"]
    altipolis = rows["altipolis-briancon"]
    assert altipolis == {
        "slug": "altipolis-briancon",
        "name": "Altipolis",
        "kind": WorkspaceKind.COWORKING,
        "status": WorkspaceStatus.OPEN,
        "address": "2 avenue du Général Barbot",
        "latitude": 44.900526,
        "longitude": 6.632681,
        "website": "",
        "commune__code": "05023",
        "source__key": "cget-tiers-lieux-2019",
        "is_demo": False,
    }
    # No coordinates in the file: placed at the commune's point.
    snoworkers = rows["the-snoworkers-la-grave"]
    la_grave = grand_brianconnais.communes.get(code="05063")
    assert snoworkers["latitude"] == la_grave.latitude
    assert snoworkers["longitude"] == la_grave.longitude
    # Nothing bookable until a manager adds resources.
    assert not Resource.objects.exists()
    source = Source.objects.get(key="cget-tiers-lieux-2019")
    assert (source.licence, source.version) == ("Licence Ouverte 2.0", VERSION)


def test_a_second_run_changes_nothing(grand_brianconnais, data_dir):
    _import(data_dir / "tiers_lieux_sample.csv")
    before = _workspaces()
    sources = list(Source.objects.values())

    output = _import(data_dir / "tiers_lieux_sample.csv")

    assert "0 created, 0 updated, 3 unchanged" in output
    assert _workspaces() == before
    assert list(Source.objects.values()) == sources


def test_latin1_file_with_semicolons_and_decimal_commas(grand_brianconnais, data_dir):
    raw = (data_dir / "tiers_lieux_latin1.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")

    _import(data_dir / "tiers_lieux_latin1.csv")

    altipolis = Workspace.objects.get(slug="altipolis-briancon")
    assert altipolis.address == "2 avenue du Général Barbot"
    assert (altipolis.latitude, altipolis.longitude) == (44.900526, 6.632681)
    assert Workspace.objects.count() == 3


def test_bad_file_writes_nothing_and_names_each_faulty_line(grand_brianconnais, data_dir):
    with pytest.raises(CommandError) as error:
        _import(data_dir / "tiers_lieux_bad.csv")

    message = str(error.value)
    assert message.startswith("Nothing was imported:")
    assert "line 3: LAT '44.9005x' is not a number" in message
    assert "line 4: missing name (NOM_TL)" in message
    assert "line 5: LAT 6.635204, LONG 44.897725 is" in message
    assert "from Briançon (swapped or wrong coordinates?)" in message
    assert "line 8: more values than columns" in message
    # The nameless row of Nantes (line 7) is not the territory's: not checked, not reported.
    assert "line 7" not in message
    assert "line 6" not in message
    assert not Workspace.objects.exists()
    assert not Source.objects.filter(key="cget-tiers-lieux-2019").exists()


def test_unknown_encoding_and_missing_columns_are_reported(grand_brianconnais, data_dir, tmp_path):
    utf16 = tmp_path / "utf16.csv"
    utf16.write_bytes((data_dir / "tiers_lieux_sample.csv").read_text("utf-8").encode("utf-16"))
    with pytest.raises(InvalidImportFile) as error:
        read_tiers_lieux(utf16, grand_brianconnais)
    assert "unknown encoding" in error.value.problems[0]

    no_coordinates = tmp_path / "columns.csv"
    no_coordinates.write_text("ID,NOM_TL,INSEECOM\n1,Altipolis,05023\n", encoding="utf-8")
    with pytest.raises(InvalidImportFile) as error:
        read_tiers_lieux(no_coordinates, grand_brianconnais)
    assert error.value.problems[0].startswith("line 1: missing column(s) LAT, LONG")


def test_duplicates_half_coordinates_and_bad_websites_are_reported(grand_brianconnais, tmp_path):
    path = tmp_path / "more.csv"
    path.write_text(
        HEADER
        + "\n"
        + _row(name="Le Fort")
        + _row(name="LE  FORT")  # the same place again: same name (folded) and commune
        + _row(name="Bureau", LAT="44.9")
        + _row(name="Atelier", WEB="pas une adresse"),
        encoding="utf-8",
    )

    with pytest.raises(InvalidImportFile) as error:
        read_tiers_lieux(path, grand_brianconnais)

    assert error.value.problems == [
        "line 3: LE FORT in Briançon is already given at line 2",
        "line 4: LAT and LONG go together",
        "line 5: WEB 'pas une adresse' is not a web address",
    ]


def test_typology_mapping_and_website(grand_brianconnais, tmp_path):
    assert kind_for_typology("Tiers lieux à dominante coworking") == WorkspaceKind.COWORKING
    assert kind_for_typology("TÉLÉCENTRE") == WorkspaceKind.COWORKING
    assert kind_for_typology("Tiers lieux à dominante fablab") == WorkspaceKind.TIERS_LIEU
    assert kind_for_typology("") == WorkspaceKind.TIERS_LIEU
    path = tmp_path / "fablab.csv"
    path.write_text(
        HEADER + "\n" + _row(WEB="www.fablab-du-fort.example", INSEECOM="5023"), encoding="utf-8"
    )

    _import(path)

    fablab = Workspace.objects.get(slug="fablab-du-fort-briancon")
    assert fablab.kind == WorkspaceKind.TIERS_LIEU
    assert fablab.website == "http://www.fablab-du-fort.example"  # leading zero restored too


def test_existing_workspace_keeps_what_the_file_does_not_say(grand_brianconnais, data_dir):
    """Resources, managers, status, description and a finer kind stay; public facts update."""
    from alpsatellites.workspaces.loading import default_workspaces_load

    default_workspaces_load()
    manager = UserFactory()
    quai9 = Workspace.objects.get(slug="quai9-briancon")
    quai9.kind = WorkspaceKind.INCUBATOR
    quai9.status = WorkspaceStatus.CLOSED
    quai9.latitude = 44.8977
    quai9.save()
    quai9.managers.add(manager)
    resources = Resource.objects.filter(workspace=quai9).count()
    snoworkers = Workspace.objects.get(slug="the-snoworkers-la-grave")
    described = snoworkers.description

    output = _import(data_dir / "tiers_lieux_sample.csv")

    assert "0 created" in output
    quai9.refresh_from_db()
    assert quai9.kind == WorkspaceKind.INCUBATOR  # the file's coarse typology does not replace it
    assert quai9.status == WorkspaceStatus.CLOSED
    assert quai9.latitude == 44.897725  # the file's coordinates are public facts
    assert list(quai9.managers.all()) == [manager]
    assert Resource.objects.filter(workspace=quai9).count() == resources > 0
    assert Workspace.objects.get(slug="the-snoworkers-la-grave").description == described
    assert Workspace.objects.count() == 4  # Lucéo is not in the national list: untouched


def test_a_workspace_made_by_hand_is_found_by_its_name_in_the_commune(grand_brianconnais, data_dir):
    from tests.workspaces.factories import WorkspaceFactory

    briancon = grand_brianconnais.communes.get(code="05023")
    by_hand = WorkspaceFactory(commune=briancon, name="ALTIPOLIS", slug="altipolis", address="")

    output = _import(data_dir / "tiers_lieux_sample.csv")

    assert "2 created, 1 updated" in output
    by_hand.refresh_from_db()
    assert (by_hand.slug, by_hand.name) == ("altipolis", "ALTIPOLIS")
    assert by_hand.address == "2 avenue du Général Barbot"
    assert not Workspace.objects.filter(slug="altipolis-briancon").exists()


# --- Exports ---------------------------------------------------------------------------------


@pytest.fixture
def exported(grand_brianconnais, data_dir):
    _import(data_dir / "tiers_lieux_sample.csv")
    altipolis = Workspace.objects.get(slug="altipolis-briancon")
    altipolis.website = "https://altipolis.example"
    altipolis.email = "private-contact@altipolis.example"
    altipolis.save()
    altipolis.amenities.add(AmenityFactory(code="fibre"), AmenityFactory(code="parking"))
    manager = UserFactory(email="manager-secret@example.org", name="Manon Secret")
    altipolis.managers.add(manager)
    desk = ResourceFactory(workspace=altipolis, name="Open space")
    BookingFactory(resource=desk, user=UserFactory(email="booker@example.org"), price=Decimal(7))
    draft = Workspace.objects.get(slug="quai9-briancon")
    draft.status = WorkspaceStatus.DRAFT
    draft.save()
    return altipolis


PRIVATE = ("manager-secret", "Manon Secret", "booker@example.org", "private-contact", "Open space")


def test_csv_export_public_facts_only_and_reimport_changes_nothing(client, exported, tmp_path):
    response = client.get("/fr/t/grand-brianconnais/workspaces.csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [row["NOM_TL"] for row in rows] == ["Altipolis", "The Snoworkers"]  # no draft
    national = ["NOM_TL", "ADRESSE", "INSEECOM", "NOMCOM", "WEB", "TYPO", "LAT", "LONG"]
    assert list(rows[0])[:8] == national
    expected = {
        "INSEECOM": "05023",
        "NOMCOM": "Briançon",
        "WEB": "https://altipolis.example",
        "TYPO": "Tiers lieux à dominante coworking",
        "LAT": "44.900526",
        "LONG": "6.632681",
        "kind": "coworking",
        "amenities": "fibre|parking",
        "status": "open",
        "licence": "Licence Ouverte 2.0",
    }
    assert {column: rows[0][column] for column in expected} == expected
    for secret in PRIVATE:
        assert secret not in text
    before = _workspaces()
    path = tmp_path / "export.csv"
    path.write_text(text, encoding="utf-8")
    assert "0 created, 0 updated, 2 unchanged" in _import(path)
    assert _workspaces() == before


def test_geojson_export_is_a_feature_collection_of_points(client, exported):
    response = client.get("/en/t/grand-brianconnais/workspaces.geojson")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    text = response.content.decode("utf-8")
    document = json.loads(text)
    assert document["type"] == "FeatureCollection"
    features = {feature["id"]: feature for feature in document["features"]}
    assert sorted(features) == ["altipolis-briancon", "the-snoworkers-la-grave"]
    altipolis = features["altipolis-briancon"]
    assert altipolis["geometry"] == {"type": "Point", "coordinates": [6.632681, 44.900526]}
    assert altipolis["properties"] == {
        "slug": "altipolis-briancon",
        "name": "Altipolis",
        "kind": "coworking",
        "commune_code": "05023",
        "commune_name": "Briançon",
        "address": "2 avenue du Général Barbot",
        "amenities": ["fibre", "parking"],
        "website": "https://altipolis.example",
        "status": "open",
        "url": "http://testserver/en/workspaces/altipolis-briancon/",
        "source": f"Liste nationale des tiers-lieux (Mission Coworking) ({VERSION})",
        "licence": "Licence Ouverte 2.0",
    }
    for secret in PRIVATE:
        assert secret not in text


def test_export_command_and_unknown_territory(exported, tmp_path, client):
    path = tmp_path / "out.geojson"
    out = io.StringIO()
    call_command(
        "export_workspaces",
        territory="grand-brianconnais",
        format="geojson",
        output=path,
        base_url="https://alpsatellites.example/",
        stdout=out,
    )
    document = json.loads(path.read_text("utf-8"))
    assert len(document["features"]) == 2
    assert document["features"][0]["properties"]["url"].startswith("https://alpsatellites.example/")
    assert "2 workspaces written" in out.getvalue()

    stdout = io.StringIO()
    call_command("export_workspaces", territory="grand-brianconnais", stdout=stdout)
    assert stdout.getvalue().startswith("NOM_TL,ADRESSE,INSEECOM,NOMCOM,WEB,TYPO,LAT,LONG,")

    with pytest.raises(CommandError, match="no such territory"):
        call_command("export_workspaces", territory="atlantis", stdout=io.StringIO())
    assert client.get("/fr/t/atlantis/workspaces.csv").status_code == 404
    assert Booking.objects.count() == 1  # exports read only
