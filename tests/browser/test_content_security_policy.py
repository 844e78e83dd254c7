"""The platform's pages work under its Content-Security-Policy: maps, htmx, the API reference
(Swagger UI, ReDoc) and the admin run without one refused script or resource."""

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture
def refusals(tab):
    """What the browser refused because of the policy, as it reports it in the console."""
    refused: list[str] = []
    tab.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return refused


def test_the_maps_and_htmx_run(tab, refusals, live_grand_brianconnais):
    tab.goto("/fr/t/grand-brianconnais/")
    tab.locator("#territory-map.map-ready").wait_for()
    tab.goto("/fr/t/grand-brianconnais/communes/")
    tab.wait_for_function("() => window.htmx !== undefined")
    with tab.expect_response(lambda response: "q=briancon" in response.url):
        tab.locator("#id_q").fill("briancon")

    assert refusals == []


def test_swagger_ui_and_redoc_render_the_api(tab, refusals, live_grand_brianconnais):
    tab.goto("/api/v1/docs/")
    tab.locator(".swagger-ui .info .title").wait_for()
    assert "AlpSatellites API" in tab.locator(".swagger-ui .info .title").inner_text()

    tab.goto("/api/v1/redoc/")
    tab.get_by_role("heading", name="AlpSatellites API").first.wait_for()

    # ReDoc's "powered by" logo lives on ReDoc's site: the policy keeps that request from leaving.
    assert [refusal for refusal in refusals if "https://cdn.redoc.ly/" not in refusal] == []


def test_the_admin_runs_its_scripts(tab, refusals, log_in, live_grand_brianconnais):
    from tests.factories import UserFactory

    log_in(tab, UserFactory(is_staff=True, is_superuser=True))
    tab.goto("/fr/admin/territories/territory/")
    tab.wait_for_function("() => window.django !== undefined && window.django.jQuery")
    tab.locator("#action-toggle").check()  # actions.js selects every row
    assert tab.locator("tr.selected").count() >= 1

    assert refusals == []
