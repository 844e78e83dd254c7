"""Every page carries a Content-Security-Policy without inline script, and a Permissions-Policy;
no template of the platform holds a script the policy would have to allow inline."""

import re
from pathlib import Path

import pytest

import alpsatellites

PACKAGE = Path(alpsatellites.__file__).parent
TEMPLATES = sorted(PACKAGE.glob("**/templates/**/*.html"))
SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
EVENT_ATTRIBUTE = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)


def directives(response) -> dict[str, list[str]]:
    policy = response.headers["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in policy.split(";") if part.strip())
    }


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/fr/", "/api/v1/territories/", "/api/v1/docs/", "/fr/admin/"])
def test_pages_carry_a_policy_that_runs_only_the_platforms_own_scripts(client, url):
    response = client.get(url, follow=True)

    policy = directives(response)
    assert policy["script-src"] == ["'self'"]
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    permissions = response.headers["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in permissions


def test_the_map_tiles_origin_is_the_only_other_image_source(settings):
    from alpsatellites.settings.base import _tile_origin

    assert _tile_origin("https://{s}.tile.example.org/{z}/{x}/{y}.png") == [
        "https://*.tile.example.org"
    ]
    assert _tile_origin("") == []


def test_the_templates_were_found():
    assert len(TEMPLATES) > 20


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_template_holds_inline_script(path):
    text = path.read_text(encoding="utf-8")

    for attributes in SCRIPT_TAG.findall(text):
        assert "src=" in attributes or 'type="application/json"' in attributes, (
            f"inline <script{attributes}> in {path.name}: move it into a static file"
        )
    assert not EVENT_ATTRIBUTE.search(text), f"an on… event attribute in {path.name}"
    assert "javascript:" not in text.lower(), f"a javascript: URL in {path.name}"


@pytest.mark.django_db
def test_the_api_reference_pages_run_no_inline_script_and_fetch_nothing_elsewhere(client):
    for url in ("/api/v1/docs/", "/api/v1/redoc/"):
        html = client.get(url).content.decode()

        assert all("src=" in attributes for attributes in SCRIPT_TAG.findall(html)), url
        assert "googleapis" not in html, url

    script = client.get("/api/v1/docs/?script=")
    assert script.status_code == 200
    assert "SwaggerUIBundle" in script.content.decode()
