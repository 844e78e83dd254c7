"""The "Living in …" commune page, the territory home with its layers and an indicator's
choropleth, in a real browser: axe-core clean, drawn without tiles, names kept as text,
at 1366 and 390 px (screenshots in $LIVING_SCREENSHOTS when set, to be looked at)."""

import os
from pathlib import Path

import pytest

from tests.browser.helpers import WIDTHS, assert_accessible, fits_the_width
from tests.observatory.factories import living_data, value

pytestmark = pytest.mark.browser


@pytest.fixture
def living_territory(live_grand_brianconnais):
    territory = live_grand_brianconnais
    communes = list(territory.communes.order_by("code"))
    living_data(territory.communes.get(code="05023"))
    for index, commune in enumerate(communes):
        if commune.code == "05023":
            continue
        if index % 9 == 4:
            value("fibre_share", commune, None, status="secret", year=2025, period="T3 2025")
        elif index % 11 != 5:
            value("fibre_share", commune, 40.0 + index * 1.6, year=2025, period="T3 2025")
    return territory


def screenshot(page, name):
    folder = os.environ.get("LIVING_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{folder}/{name}.png", full_page=True)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("language", ["fr", "en", "it", "de"])
def test_commune_page_is_accessible(tab, living_territory, language, width):
    tab.set_viewport_size(WIDTHS[width])
    tab.goto(f"/{language}/t/grand-brianconnais/communes/05023/")
    tab.locator("#commune-map.map-ready").wait_for()

    assert tab.locator(".living-group").count() == 6
    # Nothing wider than the screen: the page does not scroll sideways on a phone.
    fits_the_width(tab)
    assert_accessible(tab)
    screenshot(tab, f"commune-{language}-{width}")


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("language", ["fr", "en", "it", "de"])
def test_territory_home_is_accessible_and_draws_its_layers(tab, living_territory, language, width):
    tab.set_viewport_size(WIDTHS[width])
    tab.goto(f"/{language}/t/grand-brianconnais/")
    territory_map = tab.locator("#territory-map.map-ready")
    territory_map.wait_for()

    assert territory_map.get_attribute("data-points") == "3"  # station, collège, hospital
    assert tab.locator("#territory-map .map-label").count() == 5
    fits_the_width(tab)
    assert_accessible(tab)
    screenshot(tab, f"home-{language}-{width}")


def test_layer_switch_hides_and_shows_a_layer(tab, living_territory):
    tab.goto("/en/t/grand-brianconnais/")
    tab.locator("#territory-map.map-ready").wait_for()
    markers = tab.locator("#territory-map .map-marker")
    assert markers.count() == 3

    tab.get_by_label("Railway stations (1)").uncheck()
    assert markers.count() == 2
    tab.get_by_label("Railway stations (1)").check()
    assert markers.count() == 3


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("language", ["fr", "en", "it", "de"])
def test_indicator_map_is_accessible(tab, living_territory, language, width):
    tab.set_viewport_size(WIDTHS[width])
    tab.goto(f"/{language}/t/grand-brianconnais/indicators/fibre_share/")
    choropleth = tab.locator("#indicator-map.map-ready")
    choropleth.wait_for()

    assert choropleth.get_attribute("data-features") == "36"
    hatched = tab.locator('#indicator-map path[fill^="url(#indicator-map-"]')
    assert hatched.count() >= 2  # the secret and the unknown ones
    fits_the_width(tab)
    assert_accessible(tab)
    screenshot(tab, f"indicator-{language}-{width}")
    tab.goto(f"/{language}/t/grand-brianconnais/indicators/")
    assert_accessible(tab)


def test_markup_in_names_stays_text_in_popups(tab, living_territory):
    commune = living_territory.communes.get(code="05023")
    commune.name = "<img src=x onerror=alert(1)>Briançon"
    commune.save()
    tab.goto("/en/t/grand-brianconnais/indicators/fibre_share/")
    tab.locator("#indicator-map.map-ready").wait_for()

    # Briançon is one of the main towns: its name is written on the map, as text.
    assert tab.locator("#indicator-map img[src=x]").count() == 0
    assert "<img src=x onerror=alert(1)>Briançon" in tab.locator("#indicator-map").inner_text()
    tab.goto("/en/t/grand-brianconnais/")
    tab.locator("#territory-map.map-ready").wait_for()
    assert tab.locator("#territory-map img[src=x]").count() == 0
    assert "<img src=x onerror=alert(1)>Briançon" in tab.locator("#territory-map").inner_text()
