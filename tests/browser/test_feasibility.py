"""Feasibility pages in a real browser: axe-clean at 1366 and 390 px, the staff live preview."""

from pathlib import Path

import pytest

from alpsatellites.accounts.models import Role
from alpsatellites.accounts.services import role_grant
from alpsatellites.observatory.models import FeasibilityWeights
from tests.browser.test_accessibility import assert_accessible
from tests.factories import UserFactory
from tests.observatory.feasibility_data import small_territory

pytestmark = pytest.mark.browser
SHOTS = Path("/tmp/feasibility-screenshots")
PAGES = [
    "/fr/t/vallee/feasibility/",
    "/en/t/vallee/feasibility/sensitivity/",
    "/de/t/vallee/feasibility/compare/?a=00001&b=00003",
    "/it/t/vallee/feasibility/method/",
    "/fr/t/vallee/feasibility/compare/?a=00001&b=00001",
]
WIDTHS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture
def vallee(transactional_db):
    territory, _, _ = small_territory()
    return territory


@pytest.fixture(params=list(WIDTHS))
def browser_context_options(request):
    return {"viewport": WIDTHS[request.param]}


@pytest.mark.parametrize("path", PAGES)
def test_public_pages_pass_axe_and_fit_the_screen(tab, vallee, path, browser_context_options):
    response = tab.goto(path)
    assert response.status in (200, 400)
    assert_accessible(tab)
    # Wide tables scroll inside their box: the page itself never scrolls sideways.
    assert tab.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    SHOTS.mkdir(exist_ok=True)
    name = path.strip("/").replace("/", "_").replace("?", "_").replace("&", "_")
    width = browser_context_options["viewport"]["width"]
    tab.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)


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
    SHOTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(SHOTS / "manage-weights.png"), full_page=True)
