"""One way in and a home for every role, in a real browser: the sign-in page that says why it is
asked and brings the person back, a member's home, the phone menu (a real button, a short
header), the back office's stacked highlights within a 1,366 px screen; axe-core on each page.

Elements are found by href, id and attributes rather than by French text: the catalogues of the
new strings may lag behind.
"""

import pytest

from alpsatellites.territories.models import Territory
from alpsatellites.workspaces.models import Workspace
from tests.browser.helpers import WIDTHS, assert_accessible, browser_context_options, fits_the_width
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("live_workspaces")]

__all__ = ["browser_context_options"]  # each test of this module runs at both widths

SLUG = "altipolis-briancon"
PASSWORD = "correct horse battery staple"
PHONE = WIDTHS["phone"]


def is_phone(tab) -> bool:
    return tab.viewport_size["width"] <= PHONE["width"]


def open_menu_if_folded(tab):
    button = tab.locator("button.menu-toggle")
    if button.is_visible():
        button.click()


def test_sign_in_to_book_then_come_back(tab):
    altipolis = Workspace.objects.get(slug=SLUG)
    book = f"/fr/workspaces/{SLUG}/book/{altipolis.resources.first().pk}/"
    member = UserFactory(email="camille@example.org")

    tab.goto(book)  # anonymous: sent to sign in, with the page to come back to
    assert tab.url.endswith(f"/fr/accounts/login/?next={book}"), tab.url
    reason = tab.locator("main .entrance-context")
    assert str(altipolis.name) in reason.inner_text()
    assert tab.locator("h1").count() == 1
    assert_accessible(tab)
    fits_the_width(tab)

    form = tab.locator('main form[action="/fr/accounts/login/"]')
    form.locator('input[name="login"]').fill(member.email)
    form.locator('input[name="password"]').fill(PASSWORD)
    form.locator('button[type="submit"]').click()
    tab.wait_for_url(f"**{book}")


def test_a_member_lands_on_their_home(tab):
    member = UserFactory(email="camille@example.org", name="Camille Martin")
    tab.goto("/fr/accounts/login/")
    form = tab.locator('main form[action="/fr/accounts/login/"]')
    form.locator('input[name="login"]').fill(member.email)
    form.locator('input[name="password"]').fill(PASSWORD)
    form.locator('button[type="submit"]').click()
    tab.wait_for_url("**/fr/home/")

    # The default territory's open workspaces are suggested.
    assert tab.locator(f'main .cards a[href="/fr/workspaces/{SLUG}/"]').count() <= 1
    assert tab.locator('main a[href="/fr/t/grand-brianconnais/workspaces/"]').count() == 1
    assert_accessible(tab)
    fits_the_width(tab)
    open_menu_if_folded(tab)
    assert tab.locator('.account-nav a[href="/fr/home/"]').get_attribute("aria-current") == "page"


def test_the_header_menu_folds_on_phones(tab):
    tab.goto("/fr/t/grand-brianconnais/")
    button = tab.locator("button.menu-toggle")
    menu = tab.locator("#site-menu")
    if not is_phone(tab):
        assert not button.is_visible()
        assert menu.is_visible()
        return

    header = tab.locator(".site-header").bounding_box()
    assert header["height"] <= 0.15 * PHONE["height"], header
    assert button.get_attribute("aria-expanded") == "false"
    assert not menu.is_visible()
    assert_accessible(tab)

    button.click()
    assert button.get_attribute("aria-expanded") == "true"
    assert menu.is_visible()
    assert tab.locator('#site-menu a[href="/fr/t/grand-brianconnais/workspaces/"]').is_visible()
    assert_accessible(tab)
    fits_the_width(tab)

    tab.keyboard.press("Escape")
    assert button.get_attribute("aria-expanded") == "false"
    assert not menu.is_visible()
    assert tab.evaluate("() => document.activeElement.classList.contains('menu-toggle')")


def test_without_script_the_menu_is_a_plain_list(chromium, live_server):
    context = chromium.new_context(
        base_url=live_server.url, java_script_enabled=False, viewport=PHONE
    )
    page = context.new_page()
    page.goto("/fr/t/grand-brianconnais/")
    assert not page.locator("button.menu-toggle").is_visible()
    assert page.locator('#site-menu a[href="/fr/t/grand-brianconnais/communes/"]').is_visible()
    context.close()


@pytest.mark.parametrize("language", ["fr", "en", "it", "de"])
def test_the_sign_in_page_in_four_languages(tab, language):
    tab.goto(f"/{language}/accounts/login/?next=/{language}/t/grand-brianconnais/settle/request/")
    assert tab.locator("html").get_attribute("lang") == language
    assert tab.locator("main .entrance-context").count() == 1
    assert tab.locator(f'main a[href^="/{language}/accounts/signup/"]').count() >= 1
    assert_accessible(tab)
    fits_the_width(tab)


def test_the_highlights_editor_fits_the_screen(tab, log_in):
    if is_phone(tab):
        pytest.skip("the back office is used on a desktop")
    territory = Territory.objects.get(slug="grand-brianconnais")
    log_in(tab, UserFactory(is_staff=True, is_superuser=True))
    tab.goto(f"/fr/admin/territories/territory/{territory.pk}/change/")
    assert tab.locator("#highlights-group").count() == 1
    width = tab.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 1366, width
    assert "AlpSatellites" in tab.locator("#site-name").inner_text()


def test_the_workspace_editor_fits_the_screen_and_links_its_planning(tab, log_in):
    if is_phone(tab):
        pytest.skip("the back office is used on a desktop")
    altipolis = Workspace.objects.get(slug=SLUG)
    log_in(tab, UserFactory(is_staff=True, is_superuser=True))
    tab.goto(f"/fr/admin/workspaces/workspace/{altipolis.pk}/change/")
    widths = tab.evaluate(
        """() => [document.documentElement.scrollWidth,
        ...[...document.querySelectorAll('.inline-group')].map(g => g.id + ':' + g.scrollWidth)]"""
    )
    assert widths[0] <= 1366, widths
    tab.locator(f'a[href="/fr/manage/workspaces/{SLUG}/"]').click()
    tab.wait_for_url(f"**/fr/manage/workspaces/{SLUG}/")
