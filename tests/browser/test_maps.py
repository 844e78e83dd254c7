"""The Leaflet maps draw the platform's own GeoJSON: shapes, points, popups leading to communes."""

import re

import pytest

pytestmark = pytest.mark.browser

SHAPES = "#territory-map path.leaflet-interactive"

# A point of the viewport where this SVG shape, and no other element, receives a click.
POINT_INSIDE = """(shape) => {
  const box = shape.getBoundingClientRect();
  for (let i = 1; i < 16; i++) {
    for (let j = 1; j < 16; j++) {
      const x = box.left + (box.width * i) / 16;
      const y = box.top + (box.height * j) / 16;
      if (document.elementFromPoint(x, y) === shape) return { x, y };
    }
  }
  return null;
}"""


def open_map(page, path, map_id="territory-map"):
    response = page.goto(path)
    assert response.status == 200
    page.locator(f"#{map_id}.map-ready").wait_for()
    return page.locator(f"#{map_id}")


def test_territory_map_draws_the_36_communes(tab, live_grand_brianconnais):
    territory_map = open_map(tab, "/fr/t/grand-brianconnais/")

    assert territory_map.get_attribute("data-features") == "36"
    assert tab.locator(SHAPES).count() == 36
    assert tab.locator("#map-note").is_hidden()


def test_clicking_a_commune_shape_leads_to_its_page(tab, live_grand_brianconnais):
    open_map(tab, "/fr/t/grand-brianconnais/")
    tab.locator("#territory-map").scroll_into_view_if_needed()

    point = None
    for shape in tab.locator(SHAPES).all():
        point = shape.evaluate(POINT_INSIDE)
        if point:
            break
    assert point, "no commune shape can be clicked"
    tab.mouse.click(point["x"], point["y"])

    link = tab.locator("#territory-map .leaflet-popup-content a")
    link.wait_for()
    name = link.inner_text()
    assert re.search(r"/fr/t/grand-brianconnais/communes/\d{5}/$", link.get_attribute("href"))

    link.click()
    tab.wait_for_url(re.compile(r"/fr/t/grand-brianconnais/communes/\d{5}/$"))
    assert tab.locator("h1").inner_text() == name
    tab.locator("#commune-map.map-ready").wait_for()


def test_evancon_map_shows_points_and_says_why(tab, live_evancon):
    territory_map = open_map(tab, "/fr/t/evancon/")

    assert territory_map.get_attribute("data-features") == "10"
    assert tab.locator(SHAPES).count() == 10
    note = tab.locator("#map-note")
    assert note.is_visible()
    assert note.inner_text() == territory_map.get_attribute("data-points-note")
    assert note.inner_text().strip()


def test_commune_page_shows_town_hall_and_its_outline(tab, live_grand_brianconnais):
    commune_map = open_map(tab, "/fr/t/grand-brianconnais/communes/05023/", "commune-map")

    assert tab.locator("h1").inner_text() == "Briançon"
    phone = tab.get_by_role("link", name="04 92 21 20 72")
    assert phone.is_visible()
    assert phone.get_attribute("href") == "tel:+33492212072"
    assert commune_map.get_attribute("data-features") == "1"
    assert tab.locator("#commune-map path.leaflet-interactive").count() == 1
