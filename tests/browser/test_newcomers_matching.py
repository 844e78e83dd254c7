"""The matches page in a real browser, at 1366 and 390 px, in four languages: axe-core clean,
no sideways scrolling of the page (breakdown tables scroll inside their box). Screenshots go
to $MATCHING_SCREENSHOTS when set, to be looked at."""

import os
from pathlib import Path

import pytest

from alpsatellites.matching.profile import Importance, NeedsProfile
from tests.browser.helpers import WIDTHS, assert_accessible, fits_the_width

pytestmark = pytest.mark.browser

PROFILE = NeedsProfile(
    adults=2,
    children_ages=(4, 12),
    station=Importance.MUST,
    station_minutes=20,
    school=Importance.NICE,
    childcare=Importance.NICE,
    health=Importance.MUST,
    coworking=Importance.NICE,
    altitude=Importance.NICE,
    languages=("en",),
)


@pytest.fixture
def matching_territory(live_grand_brianconnais):
    from alpsatellites.setup.default_facilities import load_default_facilities
    from alpsatellites.setup.default_indicators import load_default_indicators
    from alpsatellites.workspaces.loading import default_workspaces_load

    load_default_indicators()
    default_workspaces_load()
    load_default_facilities()
    return live_grand_brianconnais


def with_profile(page, live_server, territory):
    """The visitor's session with a saved profile, as the questionnaire leaves it."""
    from django.conf import settings
    from django.contrib.sessions.backends.db import SessionStore

    from alpsatellites.newcomers.profile_session import SESSION_KEY

    session = SessionStore()
    session[SESSION_KEY] = {territory.slug: PROFILE.to_dict()}
    session.save()
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": session.session_key,
                "url": live_server.url,
            }
        ]
    )


def screenshot(page, name):
    folder = os.environ.get("MATCHING_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{folder}/{name}.png", full_page=True)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("language", ["fr", "en", "it", "de"])
def test_matches_page_is_accessible(tab, live_server, matching_territory, language, width):
    with_profile(tab, live_server, matching_territory)
    tab.set_viewport_size(WIDTHS[width])
    tab.goto(f"/{language}/t/grand-brianconnais/settle/matches/")

    assert tab.locator("h1").count() == 1
    assert tab.locator("article.match").count() >= 1
    assert tab.locator("meter").count() >= 1
    first = tab.locator("article.match details").first
    first.locator("summary").click()
    assert first.locator("table").is_visible()
    # Nothing wider than the screen: the breakdown scrolls inside its own box.
    fits_the_width(tab)
    assert_accessible(tab)
    screenshot(tab, f"matches-{language}-{width}")


def test_workspace_links_lead_to_the_workspace(tab, live_server, matching_territory):
    with_profile(tab, live_server, matching_territory)
    tab.goto("/en/t/grand-brianconnais/settle/matches/")
    link = tab.locator("ul.nearby a").first
    name = link.inner_text()
    link.click()

    assert tab.locator("h1").inner_text().strip() == name.strip()


def test_health_is_pharmacy_and_doctor_with_the_nearest_hospital(
    tab, live_server, matching_territory
):
    with_profile(tab, live_server, matching_territory)
    tab.goto("/en/t/grand-brianconnais/settle/matches/")
    first = tab.locator("article.match").first
    first.locator("summary").click()
    rows = first.locator("table tbody th[scope=row]").all_inner_texts()

    assert "Health: pharmacy" in rows and "Health: doctor" in rows
    assert first.get_by_text("Nearest hospital:").is_visible()
    assert_accessible(tab)
