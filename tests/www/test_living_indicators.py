"""The indicator pages: the list by theme and one indicator's choropleth with its table."""

import json
import re

import pytest
from django.utils import translation

from alpsatellites.www.choropleth import PALETTE, Area, choropleth, class_breaks, class_of
from tests.observatory.factories import value

pytestmark = pytest.mark.django_db

GB = "/en/t/grand-brianconnais"


def map_data(html: str) -> dict:
    match = re.search(
        r'<script id="indicator-map-data" type="application/json">(.*?)</script>', html, re.S
    )
    assert match
    return json.loads(match.group(1))


@pytest.fixture
def fibre(grand_brianconnais):
    communes = list(grand_brianconnais.communes.order_by("code"))
    for index, commune in enumerate(communes[:30]):
        value("fibre_share", commune, 50.0 + index, year=2025, period="T3 2025")
    value("fibre_share", communes[30], None, status="secret", year=2025, period="T3 2025")
    return communes


def test_indicator_list_by_theme(client, fibre):
    html = client.get(f"{GB}/indicators/").content.decode()

    assert '<h2 id="theme-connectivity">Connectivity</h2>' in html
    assert 'href="/en/t/grand-brianconnais/indicators/fibre_share/"' in html
    assert "31 communes with a figure" in html


def test_indicator_map_data_legend_and_table(client, fibre):
    html = client.get(f"{GB}/indicators/fibre_share/").content.decode()
    data = map_data(html)

    assert len(data["features"]) == 36
    by_code = {f["properties"]["code"]: f["properties"] for f in data["features"]}
    assert by_code[fibre[0].code]["class"] == 0 and by_code[fibre[29].code]["class"] == 4
    assert (
        by_code[fibre[30].code]["class"] is None and by_code[fibre[30].code]["status"] == "secret"
    )
    assert by_code[fibre[35].code]["status"] == "unknown"
    assert by_code[fibre[35].code]["display"] == "unknown"
    assert [c["colour"] for c in data["classes"]] == list(PALETTE)
    assert sum(1 for f in data["features"] if f["properties"]["labelled"]) == 5
    assert all(f["geometry"] for f in data["features"])
    # The table: highest first, the communes without a figure last; each with date and source.
    rows = re.findall(
        r'<tr><td><a href="[^"]+">([^<]+)</a></td>'
        r'<td class="num nowrap">([^<]+)</td><td class="nowrap">([^<]+)</td>',
        html,
    )
    assert len(rows) == 36
    assert rows[0] == (fibre[29].name, "79.0%", "T3 2025")
    assert rows[-1][1] in ("unknown", "secret (INSEE statistical secrecy)")
    assert "secret (INSEE statistical secrecy) (1 commune)" in re.sub(
        r"\s+", " ", re.sub(r"<[^>]+>", "", html)
    )


def test_unknown_indicator_is_404(client, grand_brianconnais):
    assert client.get(f"{GB}/indicators/no_such_thing/").status_code == 404


def test_unpublished_territory_is_404(client, fibre, grand_brianconnais):
    grand_brianconnais.is_published = False
    grand_brianconnais.save()
    assert client.get(f"{GB}/indicators/").status_code == 404
    assert client.get(f"{GB}/indicators/fibre_share/").status_code == 404


def test_markup_in_names_is_escaped_in_the_map_data(client, fibre):
    commune = fibre[0]
    commune.name = "</script><script>alert(1)</script>"
    commune.save()
    html = client.get(f"{GB}/indicators/fibre_share/").content.decode()

    assert "<script>alert(1)" not in html
    assert map_data(html)["features"]


@pytest.mark.parametrize("language", ["fr", "en", "it", "de"])
def test_indicator_pages_in_each_language(client, fibre, language):
    assert client.get(f"/{language}/t/grand-brianconnais/indicators/").status_code == 200
    assert (
        client.get(f"/{language}/t/grand-brianconnais/indicators/fibre_share/").status_code == 200
    )


def test_indicator_map_queries_are_few(client, admin_user, fibre, django_assert_max_num_queries):
    client.force_login(admin_user)
    with django_assert_max_num_queries(12):
        client.get(f"{GB}/indicators/fibre_share/")


# --- the classes, without a database ------------------------------------------------------


def test_class_breaks_are_quantiles_ending_on_the_maximum():
    assert class_breaks(range(1, 11)) == [2, 4, 6, 8, 10]
    assert class_breaks([3, 3, 3]) == [3]
    assert class_breaks([]) == []
    assert class_breaks([1, 2]) == [1, 2]


def test_a_missing_figure_gets_no_class():
    assert class_of(None, [1, 2]) is None
    assert class_of(2, [1, 2]) == 1


def test_legend_labels_hold_the_figures_of_each_class():
    areas = [Area(str(i), f"C{i}", None, float(i), str(i)) for i in range(1, 11)]
    areas.append(Area("x", "X", None, None, "secret", status="secret"))
    with translation.override("fr"):
        context = choropleth(dom_id="m", label="Map", title="T", areas=areas, unit="%")

    # (the French words come with the catalogue; the figures and units are French already)
    labels = [c["label"].replace("à", "to") for c in context["classes"]]
    assert labels == ["1 to 2\xa0%", "3 to 4\xa0%", "5 to 6\xa0%", "7 to 8\xa0%", "9 to 10\xa0%"]
    assert [(m["status"], m["count"]) for m in context["missing"]] == [("secret", 1)]


def test_sources_page_lists_the_observatory_sources_with_version_and_licence(client, fibre):
    html = client.get(f"{GB}/sources/").content.decode()

    assert 'id="source-arcep-fibre"' in html
    assert 'id="source-insee-population"' in html  # the territory's own, still there
    section = html.split('id="source-arcep-fibre"', 1)[1].split("</article>", 1)[0]
    assert "Licence Ouverte 2.0" in section and "2025" in section
