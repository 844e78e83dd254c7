"""The welcome path in a real browser at desktop and phone widths: the "Settle here" page with
its officers, then the whole needs questionnaire, axe-core's WCAG 2.1 AA rules on every page.

Inputs are found by name and value, not by French text: the catalogues may lag behind.
"""

import pytest

from alpsatellites.setup.default_welcome import ensure_demo_welcome, load_default_welcome
from tests.browser.helpers import (
    assert_accessible,
    browser_context_options,  # noqa: F401 (the fixture: both widths)
    fits_the_width,
)
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser]

WELCOME = "/fr/t/grand-brianconnais/settle/"
NEEDS = "/fr/t/grand-brianconnais/settle/needs/"


@pytest.fixture
def welcome(live_grand_brianconnais):
    load_default_welcome()
    ensure_demo_welcome()
    return live_grand_brianconnais


def test_welcome_page(tab, welcome):
    assert tab.goto(WELCOME).status == 200
    assert tab.locator("h1").inner_text() == "Vivez où vous voulez et travaillez là où vous vivez"
    assert tab.locator(".officer-card").count() == 3
    assert tab.locator('.officer-card a[href^="tel:+33"]').count() == 3
    assert tab.locator(".testimonial").count() == 1
    fits_the_width(tab)
    assert_accessible(tab)
    tab.locator(f'a[href="{NEEDS}"]').first.click()
    tab.wait_for_url("**/settle/needs/household/")


def test_call_to_action_on_the_territory_page(tab, welcome):
    assert tab.goto("/fr/t/grand-brianconnais/").status == 200
    tab.locator(f'.welcome-cta a[href="{WELCOME}"]').click()
    tab.wait_for_url(f"**{WELCOME}")


def test_whole_questionnaire(tab, welcome):
    assert tab.goto(NEEDS).status == 200
    tab.wait_for_url("**/needs/household/")
    assert tab.locator('[aria-current="step"]').count() == 1
    fits_the_width(tab)
    assert_accessible(tab)
    # An impossible answer: the error is shown next to its input, and axe still passes.
    tab.fill('input[name="adults"]', "2")
    tab.fill('input[name="number_of_children"]', "-1")
    tab.locator("main button[type=submit]").first.click()
    assert tab.locator("#id_number_of_children_error").is_visible()
    assert tab.locator('input[name="number_of_children"]').get_attribute("aria-invalid") == "true"
    assert_accessible(tab)
    tab.fill('input[name="number_of_children"]', "2")
    tab.fill('input[name="children_ages"]', "4, 9")
    tab.locator("main button[type=submit]").first.click()

    tab.wait_for_url("**/needs/work/")
    assert_accessible(tab)
    tab.check('input[name="work_status"][value="freelancer"]')
    tab.fill('input[name="employer_location"]', "Lyon")
    tab.fill('input[name="office_days_per_month"]', "2")
    tab.locator("main button[type=submit]").first.click()

    tab.wait_for_url("**/needs/needs/")
    fits_the_width(tab)
    assert_accessible(tab)
    tab.check('input[name="fibre"][value="must"]')
    tab.check('input[name="station"][value="nice"]')
    tab.check('input[name="housing"][value="no"]')
    tab.locator("main button[type=submit]").first.click()

    tab.wait_for_url("**/needs/practicalities/")
    assert_accessible(tab)
    tab.check('input[name="arrival_season"][value="summer"]')
    tab.check('input[name="languages"][value="en"]')
    tab.locator("main button[type=submit]").first.click()

    tab.wait_for_url("**/needs/summary/")
    assert "Lyon" in tab.locator("main").inner_text()
    fits_the_width(tab)
    assert_accessible(tab)
    # Back to an earlier step: the answers are still there.
    tab.goto("/fr/t/grand-brianconnais/settle/needs/household/")
    assert tab.locator('input[name="children_ages"]').input_value() == "4, 9"


def test_testimonial_form(tab, welcome, log_in):
    log_in(tab, UserFactory())
    assert tab.goto("/fr/t/grand-brianconnais/settle/testimonial/").status == 200
    assert_accessible(tab)
    tab.locator("main button[type=submit]").first.click()
    assert tab.locator("#id_consent_error").is_visible()
    assert_accessible(tab)
