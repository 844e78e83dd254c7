"""What every browser test checks on a page, written once: axe-core's WCAG 2.1 AA rules, the page
fitting the window's width, and the two widths the pages are walked at (desktop and phone).

Kept apart from conftest.py so that the test modules import these names explicitly; a module
that walks its pages at both widths imports the `browser_context_options` fixture from here.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE = Axe()

WIDTHS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}

# What sticks out of the window, outside the boxes that scroll sideways on purpose (tables).
WIDE_ELEMENTS = """() => [...document.querySelectorAll('body *')]
  .filter(e => !e.closest('.table-scroll') && e.getBoundingClientRect().right > innerWidth + 1)
  .slice(0, 5).map(e => e.tagName + '.' + e.className)"""


def assert_accessible(page):
    results = AXE.run(
        page,
        options={"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": ["violations"]},
    )
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


def fits_the_width(page):
    """Nothing wider than the window: the page scrolls down, never sideways (a table scrolls in
    its own `.table-scroll` box). A failure names the elements that stick out."""
    fits = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert fits, f"{page.url}: wider than the screen: {page.evaluate(WIDE_ELEMENTS)}"


@pytest.fixture(params=list(WIDTHS), ids=list(WIDTHS))
def browser_context_options(request):
    """Each test of a module that imports this fixture runs at both widths."""
    return {"viewport": WIDTHS[request.param]}
