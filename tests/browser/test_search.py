"""Commune search: htmx swaps the results in place; what is typed is never run as markup."""

from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("live_grand_brianconnais")]

COMMUNES = "/fr/t/grand-brianconnais/communes/"
XSS = "<script>alert(1)</script>"


def open_list(page):
    response = page.goto(COMMUNES)
    assert response.status == 200
    page.wait_for_function("() => window.htmx !== undefined")
    # A full reload would drop this marker; an htmx swap keeps it.
    page.evaluate("() => { window.stillTheSamePage = true; }")


def search(page, text):
    def is_search(response):
        return (
            "/communes/" in response.url
            and response.request.headers.get("hx-request") == "true"
            and "q=" in response.url
        )

    with page.expect_response(is_search) as info:
        page.locator("#id_q").fill(text)
    response = info.value
    assert response.status == 200
    page.wait_for_load_state()
    return response


def test_search_updates_results_without_reload(tab):
    open_list(tab)
    rows = tab.locator("#commune-results tbody tr")
    assert rows.count() == 36

    search(tab, "briancon")

    briancon = tab.locator("#commune-results").get_by_role("link", name="Briançon", exact=True)
    expect(rows).to_have_count(1)
    assert tab.evaluate("() => window.stillTheSamePage") is True
    url = urlsplit(tab.url)  # htmx pushed the search into the address bar
    assert url.path == COMMUNES
    assert parse_qs(url.query)["q"] == ["briancon"]
    assert briancon.get_attribute("href") == f"{COMMUNES}05023/"


def test_search_text_is_never_executed(tab):
    dialogs = []
    tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    open_list(tab)

    search(tab, XSS)
    tab.locator("#commune-results tbody").wait_for(state="detached")

    assert tab.evaluate("() => window.stillTheSamePage") is True
    assert tab.locator("#id_q").input_value() == XSS
    assert tab.locator("#commune-results script").count() == 0

    # The same search as a full page: the text comes back escaped, as the field's value only.
    html = tab.reload().text()
    assert XSS not in html
    assert 'value="&lt;script&gt;alert(1)&lt;/script&gt;"' in html
    assert tab.locator("#id_q").input_value() == XSS
    assert tab.locator("script", has_text="alert(1)").count() == 0
    assert dialogs == []
