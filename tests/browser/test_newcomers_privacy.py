"""The privacy notice, "My data" and the deletion of an account in a real browser, at 1366 and
390 px: axe-core clean, nothing wider than the screen; the name is changed, the consent withdrawn,
the file downloaded and the account deleted as a person would do it."""

import json
import os
from pathlib import Path

import pytest

from alpsatellites.accounts.models import User
from alpsatellites.newcomers.models import Consent
from tests.browser.helpers import (
    assert_accessible,
    browser_context_options,  # noqa: F401 (the fixture: both widths)
    fits_the_width,
)
from tests.newcomers.factories import WelcomeServiceFactory
from tests.newcomers.privacy_people import EMAIL, make_person

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery staple"
SHOTS = os.environ.get("PRIVACY_SCREENSHOTS", "")


@pytest.fixture
def person(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return make_person()


def fits(tab) -> None:
    """The page never scrolls sideways (and is photographed when $PRIVACY_SCREENSHOTS is set)."""
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        name = tab.url.split("/", 3)[-1].strip("/").replace("/", "_")
        width = tab.viewport_size["width"]
        tab.screenshot(path=str(Path(SHOTS) / f"{name}-{width}.png"), full_page=True)
    fits_the_width(tab)


@pytest.mark.parametrize("language", ["fr", "en", "it", "de"])
def test_the_privacy_page(tab, live_grand_brianconnais, language):
    WelcomeServiceFactory(territory=live_grand_brianconnais, email="accueil@example.org")
    assert tab.goto(f"/{language}/privacy/").status == 200
    assert tab.locator("h1").count() == 1
    assert tab.locator("a[href='mailto:accueil@example.org']").count() == 1
    assert_accessible(tab)
    fits(tab)


def test_my_data_name_consent_and_download(tab, person, log_in, one_request_at_a_time):
    log_in(tab, person.user)
    assert tab.goto("/en/my-data/").status == 200
    assert_accessible(tab)
    fits(tab)

    tab.get_by_label("Your name").fill("Anouk Tissot")
    tab.locator("form:has(input[name='name']) button[type='submit']").click()
    tab.wait_for_url("**/en/my-data/")
    assert tab.locator("[role=status]").inner_text().strip() == "Your name is saved."
    assert User.objects.get(pk=person.user.pk).name == "Anouk Tissot"

    tab.get_by_role("button", name="Withdraw").click()
    tab.wait_for_url("**/en/my-data/")
    assert Consent.objects.get(user=person.user).withdrawn_at is not None
    assert tab.get_by_role("button", name="Withdraw").count() == 0
    assert_accessible(tab)

    with tab.expect_download() as caught:
        tab.locator("a.button[href='/en/my-data/download/']").click()
    download = caught.value
    assert download.suggested_filename.startswith("alpsatellites-my-data-")
    data = json.loads(Path(download.path()).read_text(encoding="utf-8"))
    assert data["account"]["email"] == EMAIL and data["account"]["name"] == "Anouk Tissot"


def test_deleting_the_account(tab, person, log_in, one_request_at_a_time):
    log_in(tab, person.user)
    tab.goto("/en/my-data/")
    tab.get_by_role("link", name="Delete my account…").click()
    tab.wait_for_url("**/en/my-data/delete/")
    assert_accessible(tab)
    fits(tab)

    tab.get_by_label("Your password").fill("wrong")
    tab.get_by_role("button", name="Delete my account for good").click()
    assert tab.locator(".field-error").count() == 1
    assert_accessible(tab)

    tab.get_by_label("Your password").fill(PASSWORD)
    tab.get_by_role("button", name="Delete my account for good").click()
    tab.wait_for_url("**/en/")
    assert "Your account is deleted" in tab.locator("[role=status]").inner_text()
    assert not User.objects.filter(email=EMAIL).exists()
    assert tab.goto("/en/my-data/").url.split("?")[0].endswith("/en/accounts/login/")
