"""Feasibility pages in a real browser: axe-clean at 1366 and 390 px, the staff live preview.

Screenshots go to $FEASIBILITY_SCREENSHOTS when it is set, to be looked at.
"""

import os
from pathlib import Path

import pytest

from alpsatellites.accounts.models import Role
from alpsatellites.accounts.services import role_grant
from alpsatellites.observatory.models import FeasibilityWeights
from tests.browser.helpers import (
    assert_accessible,
    browser_context_options,  # noqa: F401 (the fixture: both widths)
    fits_the_width,
)
from tests.factories import UserFactory
from tests.observatory.feasibility_data import small_territory

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("FEASIBILITY_SCREENSHOTS", "")
PAGES = [
    "/fr/t/vallee/feasibility/",
    "/en/t/vallee/feasibility/sensitivity/",
    "/de/t/vallee/feasibility/compare/?a=00001&b=00003",
    "/it/t/vallee/feasibility/method/",
    "/fr/t/vallee/feasibility/compare/?a=00001&b=00001",
]


def screenshot(tab, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        tab.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


@pytest.fixture
def vallee(transactional_db):
    territory, _, _ = small_territory()
    return territory


@pytest.mark.parametrize("path", PAGES)
def test_public_pages_pass_axe_and_fit_the_screen(tab, vallee, path):
    response = tab.goto(path)
    assert response.status in (200, 400)
    if tab.locator("#feasibility-map").count():
        tab.locator("#feasibility-map.map-ready").wait_for()
    assert_accessible(tab)
    # Wide tables scroll inside their box: the page itself never scrolls sideways.
    fits_the_width(tab)
    name = path.strip("/").replace("/", "_").replace("?", "_").replace("&", "_")
    screenshot(tab, f"{name}-{tab.viewport_size['width']}")


def test_default_territory_map_and_ranking(tab, live_grand_brianconnais):
    from alpsatellites.setup.default_facilities import load_default_facilities
    from alpsatellites.setup.default_indicators import load_default_indicators

    load_default_indicators()
    load_default_facilities()
    tab.goto("/fr/t/grand-brianconnais/feasibility/")
    tab.locator("#feasibility-map.map-ready").wait_for()
    # 36 communes drawn: every one has a score, so none is hatched.
    assert tab.locator("#feasibility-map path.leaflet-interactive").count() >= 36
    assert tab.locator("#ranking-caption").count() == 1
    assert_accessible(tab)
    fits_the_width(tab)
    screenshot(tab, f"grand-brianconnais-{tab.viewport_size['width']}")


def test_staff_sees_the_ranking_move_before_saving(tab, vallee, log_in, one_request_at_a_time):
    staff = UserFactory()
    role_grant(user=staff, role=Role.TERRITORY_STAFF, territory=vallee)
    log_in(tab, staff)
    tab.goto("/en/manage/vallee/feasibility/")
    assert_accessible(tab)
    first_row = tab.locator("#weights-preview tbody tr").first
    assert "Gamma" in first_row.inner_text()
    # Connectivity and mobility out: only services count, where every commune is equal.
    tab.get_by_label("Connectivity").fill("0")
    tab.get_by_label("Mobility").fill("0")
    tab.locator("#weights-preview").get_by_text("up 2 places").wait_for()
    assert "Alpha" in first_row.inner_text()
    assert not FeasibilityWeights.objects.exists()
    tab.get_by_label("Housing").fill("-1")
    tab.get_by_text("No preview: correct the weights marked above.").wait_for()
    tab.get_by_label("Housing").fill("1")
    tab.get_by_role("button", name="Save the weights").click()
    tab.get_by_text("Weights saved").wait_for()
    assert FeasibilityWeights.objects.get(territory=vallee).weights["connectivity"] == 0.0
    screenshot(tab, "manage-weights")
