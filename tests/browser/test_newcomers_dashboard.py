"""The territory's welcome dashboard in a real browser, at desktop and phone widths: an elected
official goes from the decision dashboard's "Welcome service" card to the figures, changes the
period, finds the empty state and downloads the CSV; axe-core's WCAG 2.1 AA rules on every page
(screenshots in $SCREENSHOT_DIR when set)."""

import datetime
from pathlib import Path

import pytest
from django.utils import timezone

from alpsatellites.accounts.models import Role
from alpsatellites.accounts.services import role_grant
from alpsatellites.newcomers.models import ClosingReason, Stage
from tests.browser.helpers import WIDTHS, assert_accessible, fits_the_width
from tests.browser.test_decision import screenshot
from tests.factories import UserFactory
from tests.newcomers.dashboard_helpers import history_case

pytestmark = pytest.mark.browser
DECISION = "/fr/t/grand-brianconnais/decide/"
WELCOME = DECISION + "welcome/"
S = Stage


@pytest.fixture
def official(live_grand_brianconnais, monkeypatch):
    from tests.observatory.decision_fixtures import fake_feasibility

    # The decision dashboard's index is not what is tested here.
    monkeypatch.setattr(
        "alpsatellites.observatory.selectors.dashboard.territory_feasibility_of", fake_feasibility
    )
    user = UserFactory(name="Élue")
    role_grant(user=user, role=Role.ELECTED_OFFICIAL, territory=live_grand_brianconnais)
    groupings = list(live_grand_brianconnais.groupings.order_by("name"))
    now = timezone.now()
    paths = [
        (S.FIRST_CONTACT, S.EXPLORING, S.DISCOVERY_STAY, S.SETTLING, S.SETTLED, S.FOLLOW_UP_6),
        (S.FIRST_CONTACT, S.EXPLORING, S.SETTLING, S.SETTLED),
        (S.FIRST_CONTACT, S.EXPLORING),
        (S.FIRST_CONTACT, S.CLOSED),
        (),
    ]
    for number in range(15):
        history_case(
            groupings[number % len(groupings)],
            created=now - datetime.timedelta(days=20 * number + 1),
            stages=paths[number % len(paths)],
            answered_after=None if number % 5 == 4 else datetime.timedelta(hours=number + 1),
            closing_reason=ClosingReason.HOUSING,
            contact_name=f"Famille Secrète {number}",
        )
    return user


@pytest.mark.parametrize("width", WIDTHS)
def test_an_official_reads_the_welcome_figures(tab, log_in, official, width):
    tab.set_viewport_size(WIDTHS[width])
    log_in(tab, official)
    tab.goto(DECISION)
    card = tab.locator("section[aria-labelledby=welcome-title]")
    assert card.locator(".figure-value").first.inner_text() == "15"
    assert_accessible(tab)
    card.locator(f"a[href='{WELCOME}']").click()
    tab.wait_for_url(f"**{WELCOME}")
    assert tab.locator("h1").count() == 1
    assert tab.locator("svg[role=img] title").count() == 4
    assert tab.locator("table caption").count() == 5
    assert "Secrète" not in tab.content()
    fits_the_width(tab)  # the wide tables scroll inside their box; the page itself does not
    assert_accessible(tab)
    screenshot(tab, f"welcome-dashboard-{WIDTHS[width]['width']}")

    tab.select_option("select[name=period]", "last-year")
    tab.locator("form.search-form button[type=submit]").click()
    tab.wait_for_url("**period=last-year")
    assert_accessible(tab)

    tab.goto(WELCOME + "?period=forever")
    assert tab.locator(".field-error").count() == 1
    assert_accessible(tab)

    tab.goto(WELCOME)
    with tab.expect_download() as download_info:
        tab.locator("a[href*='funnel.csv']").click()
    text = Path(download_info.value.path()).read_text(encoding="utf-8")
    assert "Secrète" not in text and text.count("\n") == 5  # header, 3 groupings, total


def test_the_empty_state_is_accessible(tab, log_in, live_grand_brianconnais):
    user = UserFactory()
    role_grant(user=user, role=Role.TERRITORY_STAFF, territory=live_grand_brianconnais)
    tab.set_viewport_size(WIDTHS["phone"])
    log_in(tab, user)
    tab.goto(WELCOME)
    assert tab.locator("#no-request").count() == 1
    assert_accessible(tab)
