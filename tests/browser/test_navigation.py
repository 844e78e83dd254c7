"""Language switcher, keyboard access and small screens."""

import pytest

from tests.browser.helpers import fits_the_width

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("live_grand_brianconnais")]

TERRITORY = "/fr/t/grand-brianconnais/"


def test_language_switcher_keeps_the_page(tab):
    tab.goto(TERRITORY)
    assert tab.locator("html").get_attribute("lang") == "fr"

    tab.locator('.language-nav a[lang="en"]').click()

    tab.wait_for_url("**/en/t/grand-brianconnais/")
    assert tab.locator("html").get_attribute("lang") == "en"
    assert tab.locator('.language-nav a[lang="en"]').get_attribute("aria-current") == "true"
    assert tab.locator('.language-nav a[lang="fr"]').get_attribute("href") == TERRITORY


def test_skip_link_is_first_and_moves_focus_to_main(tab):
    tab.goto(TERRITORY)

    tab.keyboard.press("Tab")
    skip_link = tab.locator("a.skip-link")
    assert skip_link.evaluate("(link) => link === document.activeElement")
    assert skip_link.get_attribute("href") == "#main"
    box = skip_link.bounding_box()
    assert box and box["x"] >= 0 and box["y"] >= 0, "the focused skip link must be on screen"

    tab.keyboard.press("Enter")
    assert tab.evaluate("() => document.activeElement.id") == "main"


@pytest.mark.parametrize("browser_context_options", [{"viewport": {"width": 375, "height": 812}}])
@pytest.mark.parametrize(
    "path", [TERRITORY, f"{TERRITORY}communes/", f"{TERRITORY}communes/05023/", "/fr/"]
)
def test_no_horizontal_scroll_on_a_phone(tab, path, browser_context_options):
    tab.goto(path)
    for selector in ("#territory-map", "#commune-map"):
        if tab.locator(selector).count():
            tab.locator(f"{selector}.map-ready").wait_for()

    fits_the_width(tab)
