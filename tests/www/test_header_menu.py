"""The header on every page: a real "Menu" button for phones that stays hidden until its
script runs (no inline script: CSP), the favicon, the sign-in link that comes back to the page,
and the signed-in person's persistent links (their home first)."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.utils import translation

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def page(client, path="/en/"):
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def test_the_menu_button_controls_the_menu_and_waits_for_its_script(client):
    body = page(client)
    button = re.search(r"<button[^>]*class=\"menu-toggle\"[^>]*>", body).group(0)
    assert 'aria-expanded="false"' in button
    assert 'aria-controls="site-menu"' in button
    assert " hidden" in button  # without script, the navigation shows as a list instead
    assert 'id="site-menu"' in body
    assert re.search(r'<script src="[^"]*www/js/menu\.js"[^>]*defer', body)
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", body), "inline script"
    assert finders.find("www/js/menu.js")


def test_the_favicon_is_linked_in_svg_and_png(client):
    body = page(client)
    for name, kind in (("favicon.svg", "image/svg+xml"), ("favicon-32.png", "image/png")):
        assert re.search(
            rf'<link rel="icon" href="[^"]*www/img/{re.escape(name)}" type="{re.escape(kind)}"',
            body,
        )
        assert finders.find(f"www/img/{name}")


def test_the_sign_in_link_comes_back_to_the_page(client, grand_brianconnais):
    body = page(client, "/en/t/grand-brianconnais/")
    assert 'href="/en/accounts/login/?next=/en/t/grand-brianconnais/"' in body


def test_signed_in_people_see_their_home_on_every_page(client):
    client.force_login(UserFactory())
    with translation.override("en"):
        for path in ("/en/", "/en/bookings/", "/en/home/"):
            body = page(client, path)
            assert 'href="/en/home/"' in body
            assert "My home" in body
            assert 'id="site-menu"' in body


def test_the_sign_in_page_does_not_send_back_to_itself(client):
    body = page(client, "/en/accounts/login/?next=/en/bookings/")
    assert 'href="/en/accounts/login/"' in body
    assert "next=/en/accounts/login/" not in body
