"""An elected official's journey in a real browser: sign in, land on the decision dashboard,
simulate, ask for the report and download its PDF; axe-core's WCAG 2.1 AA rules on every page,
at desktop and phone widths (screenshots in $SCREENSHOT_DIR when set, to look at)."""

import os
from pathlib import Path

import pytest

from alpsatellites.accounts.models import Role
from alpsatellites.accounts.services import role_grant
from tests.browser.helpers import assert_accessible
from tests.factories import UserFactory
from tests.observatory.decision_fixtures import fake_feasibility

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("live_workspaces")]

PASSWORD = "correct horse battery staple"
DASHBOARD = "/fr/t/grand-brianconnais/decide/"


def screenshot(page, name):
    directory = os.environ.get("SCREENSHOT_DIR")
    if directory:
        Path(directory).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{directory}/{name}.png", full_page=True)


@pytest.fixture
def official(live_grand_brianconnais, settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path
    # The page is tested here, not the index (tests/observatory has both).
    monkeypatch.setattr(
        "alpsatellites.observatory.selectors.dashboard.territory_feasibility_of", fake_feasibility
    )
    user = UserFactory(email="elue@grand-brianconnais.example", name="Élue")
    user.set_password(PASSWORD)
    user.save()
    role_grant(user=user, role=Role.ELECTED_OFFICIAL, territory=live_grand_brianconnais)
    return user


def test_an_official_signs_in_lands_on_the_dashboard_and_downloads_the_report(
    tab, official, one_request_at_a_time
):
    tab.set_viewport_size({"width": 1366, "height": 900})
    tab.goto("/fr/accounts/login/")
    tab.fill("input[name=login]", official.email)
    tab.fill("input[name=password]", PASSWORD)
    tab.locator("form button[type=submit]").last.click()
    tab.wait_for_url(f"**{DASHBOARD}")
    assert tab.locator("svg[role=img] title").count() >= 4
    assert_accessible(tab)
    screenshot(tab, "dashboard-1366")

    tab.goto(DASHBOARD + "?period=year")
    assert tab.locator(".field-error").count() == 1
    assert_accessible(tab)

    tab.goto(DASHBOARD)
    tab.select_option("select[name=language]", "de")
    # The embedded task backend builds the PDF before answering: allow it the 10 s of its target.
    tab.locator("form[action$='/decide/reports/'] button[type=submit]").click(no_wait_after=True)
    tab.wait_for_url("**/decide/reports/*/", timeout=60_000)
    assert_accessible(tab)
    with tab.expect_download() as download_info:
        tab.locator("a[href$='/pdf']").click()
    path = download_info.value.path()
    data = Path(path).read_bytes()
    assert data.startswith(b"%PDF")
    assert download_info.value.suggested_filename.endswith("-de.pdf")


@pytest.mark.parametrize("width", [1366, 390])
def test_decision_pages_are_accessible_at_both_widths(tab, official, log_in, width):
    tab.set_viewport_size({"width": width, "height": 900})
    log_in(tab, official)
    for name, path in [
        ("dashboard", DASHBOARD),
        ("scenario", DASHBOARD + "scenario/"),
        ("report", DASHBOARD + "report/"),
    ]:
        tab.goto(path)
        assert_accessible(tab)
        screenshot(tab, f"{name}-{width}")
    tab.goto(DASHBOARD + "scenario/?households=0&years=5&distribution=population")
    assert tab.locator("[aria-invalid=true]").count() >= 1
    assert_accessible(tab)
