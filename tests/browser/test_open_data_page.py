"""The open-data page in a real browser: axe-core's WCAG 2.1 AA rules in the four languages, at
desktop and phone widths, nothing wider than the phone's screen, and the downloads answering.

Elements are found by href rather than by text: the catalogues of new strings may lag behind.
"""

import pytest

from tests.browser.helpers import WIDTHS, assert_accessible, fits_the_width
from tests.observatory.opendata_world import build_world

pytestmark = [pytest.mark.browser]


@pytest.fixture
def world(live_grand_brianconnais):
    return build_world(live_grand_brianconnais, "05023", "05093")


@pytest.mark.parametrize(
    "browser_context_options", [{"viewport": size} for size in WIDTHS.values()], ids=list(WIDTHS)
)
@pytest.mark.parametrize("language", ["fr", "en", "it", "de"])
def test_the_open_data_page_passes_axe(tab, world, language, browser_context_options):
    response = tab.goto(f"/{language}/t/grand-brianconnais/open-data/")

    assert response.status == 200
    assert tab.locator("html").get_attribute("lang") == language
    # The column tables are inside <details>: open them so that axe checks them too.
    for summary in tab.locator("details > summary").all():
        summary.click()
    assert_accessible(tab)
    fits_the_width(tab)


def test_the_downloads_answer_from_the_page(tab, world, one_request_at_a_time):
    tab.goto("/en/t/grand-brianconnais/open-data/")
    links = tab.locator("#facilities a[download]")

    assert links.count() == 2
    for link in links.all():
        response = tab.request.get(link.get_attribute("href"))
        assert response.status == 200
        assert "ODbL 1.0" in response.headers["x-licence"]
    footer = tab.locator('footer a[href="/en/t/grand-brianconnais/open-data/"]')
    assert footer.count() == 1
