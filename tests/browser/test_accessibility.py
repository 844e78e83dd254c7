"""Every public page passes axe-core's WCAG 2.1 A and AA rules with zero violations.

The API documentation (/api/v1/docs/) is third-party Swagger UI and is not checked.
"""

import pytest

from tests.browser.helpers import AXE, WCAG_21_AA, assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("territories")]


PAGES = [
    "/fr/",
    "/fr/t/grand-brianconnais/",
    "/fr/t/grand-brianconnais/communes/",
    "/fr/t/grand-brianconnais/communes/?q=briancon",
    "/fr/t/grand-brianconnais/communes/05023/",
    "/fr/t/grand-brianconnais/sources/",
    "/fr/t/evancon/",
    "/fr/t/evancon/communes/",
    "/en/",
    "/en/t/grand-brianconnais/",
    "/it/t/grand-brianconnais/",
    "/it/t/evancon/",
    "/de/t/grand-brianconnais/",
]


def wait_for_maps(page):
    for selector in ("#territory-map", "#commune-map"):
        if page.locator(selector).count():
            page.locator(f"{selector}.map-ready").wait_for()


@pytest.mark.parametrize("path", PAGES)
def test_page_passes_axe(tab, path):
    response = tab.goto(path)
    assert response.status == 200
    wait_for_maps(tab)
    assert_accessible(tab)


def test_not_found_page_passes_axe(tab):
    response = tab.goto("/fr/t/no-such-territory/")
    assert response.status == 404
    assert tab.locator("h1").inner_text().endswith("404")
    assert_accessible(tab)


def test_axe_does_report_violations(tab):
    """Guards the checks above against passing vacuously (axe not injected, rules not run)."""
    tab.goto("/fr/")
    tab.evaluate("() => document.querySelector('main').append(document.createElement('input'))")

    results = AXE.run(
        tab,
        options={"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": ["violations"]},
    )

    assert "label" in {violation["id"] for violation in results.response["violations"]}
