"""Browser fixtures: one headless Debian Chromium per session, a fresh context and page per test.

Playwright never downloads a browser here: it drives the system's Chromium. Without one, the
tests are skipped on a workstation but fail in CI (CI=true), where they must always run.
The live server is pytest-django's, which needs `transactional_db`: the territories are loaded
per test through the same code as the shared `grand_brianconnais` / `evancon` fixtures.
"""

import os
import shutil
import threading
from urllib.parse import urlsplit

import pytest

from tests.conftest import load_shipped_territory

# Playwright's sync API keeps an event loop alive in this thread; Django would refuse its ORM calls.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
TIMEOUT_MS = 10_000


def _chromium_path() -> str | None:
    if os.access("/usr/bin/chromium", os.X_OK):
        return "/usr/bin/chromium"
    return shutil.which("chromium")


def _require_chromium() -> str:
    executable = _chromium_path()
    if executable is None:
        if os.environ.get("CI") == "true":
            pytest.fail(
                "Chromium is not installed (/usr/bin/chromium): browser tests must never be "
                "skipped in CI. Install Debian's chromium package.",
                pytrace=False,
            )
        pytest.skip("install Debian's chromium to run browser tests")
    return executable


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Skip (or fail, in CI) before any fixture builds a database or starts the live server."""
    _require_chromium()


@pytest.fixture(scope="session")
def chromium():
    """The session's browser (named so as not to clash with pytest-playwright's fixtures)."""
    executable = _require_chromium()

    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def browser_context_options():
    """Override in a test module (or parametrize) to change the viewport, locale…"""
    return {}


@pytest.fixture
def tab(chromium, live_server, browser_context_options):
    """A page on the live server. Any request leaving this machine is refused and fails the test,
    as does any uncaught JavaScript error."""
    options = {"base_url": live_server.url, "locale": "fr-FR", **browser_context_options}
    context = chromium.new_context(**options)
    context.set_default_timeout(TIMEOUT_MS)
    external: list[str] = []
    page_errors: list[str] = []

    def guard(route):
        if urlsplit(route.request.url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            external.append(route.request.url)
            route.abort()

    context.route(lambda url: not url.startswith(("data:", "blob:")), guard)
    page = context.new_page()
    page.on("pageerror", lambda error: page_errors.append(str(error)))
    yield page
    context.close()
    assert not external, f"the page tried to reach other hosts: {external}"
    assert not page_errors, f"JavaScript errors: {page_errors}"


@pytest.fixture
def live_grand_brianconnais(transactional_db):
    return load_shipped_territory("grand-brianconnais")


@pytest.fixture
def live_evancon(transactional_db):
    return load_shipped_territory("evancon")


@pytest.fixture
def territories(live_grand_brianconnais, live_evancon):
    return live_grand_brianconnais, live_evancon


@pytest.fixture
def live_workspaces(live_grand_brianconnais):
    """The shipped workspaces of the Grand Briançonnais (Altipolis…), loaded after the territory;
    Altipolis bookable as in the demo (checked, with a contact)."""
    from alpsatellites.setup.demo import demo_workspace_publish
    from alpsatellites.workspaces.loading import default_workspaces_load

    default_workspaces_load()
    demo_workspace_publish()
    return live_grand_brianconnais


@pytest.fixture
def log_in(live_server):
    """Signs a page's browser context in as a user without going through the login form (for
    pages that are not about signing in): the session cookie of Django's test client."""
    from django.conf import settings
    from django.test import Client

    def log_in(page, user):
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        page.context.add_cookies(
            [{"name": cookie.key, "value": cookie.value, "url": live_server.url}]
        )

    return log_in


@pytest.fixture
def one_request_at_a_time(live_server):
    """With SQLite in memory, the live server's threads share the test's one connection, where two
    transactions at once trip over each other: an artefact of the test set-up, as a real server
    has a connection per thread. There, the requests of a test using this fixture are served one
    after the other; on PostgreSQL they still run side by side."""
    from django.db import connection

    if not (connection.vendor == "sqlite" and connection.is_in_memory_db()):
        yield
        return
    httpd = live_server.thread.httpd
    app, lock = httpd.get_app(), threading.Lock()

    def serialized(environ, start_response):
        with lock:
            return app(environ, start_response)

    httpd.set_app(serialized)
    yield
    httpd.set_app(app)
