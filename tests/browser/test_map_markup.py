"""A name is text wherever it reaches JavaScript: markup in a workspace's name never runs."""

import pytest

from tests.workspaces.factories import WorkspaceFactory

pytestmark = pytest.mark.browser

MARKUP = "<img src=x onerror=window.__xss=1>"


def test_a_workspace_named_with_markup_is_shown_as_text_on_the_map(tab, live_grand_brianconnais):
    commune = live_grand_brianconnais.communes.get(code="05023")
    WorkspaceFactory(commune=commune, name=MARKUP, latitude=44.9, longitude=6.64)

    assert tab.goto("/fr/t/grand-brianconnais/workspaces/").status == 200
    tab.locator("#workspaces-map.map-ready").wait_for()
    marker = tab.locator("#workspaces-map path.leaflet-interactive")
    marker.hover(force=True)
    tooltip = tab.locator("#workspaces-map .leaflet-tooltip")
    tooltip.wait_for()
    marker.click(force=True)
    popup_link = tab.locator("#workspaces-map .leaflet-popup-content a")
    popup_link.wait_for()

    assert tooltip.inner_text() == MARKUP
    assert popup_link.inner_text() == MARKUP
    assert tab.locator("#workspaces-map img:not(.leaflet-tile)").count() == 0
    assert tab.evaluate("window.__xss") is None
