"""Scripts use personal API tokens, never HTTP Basic: a browser attaches remembered Basic
credentials to another site's form post (CSRF), it never attaches a token. Writes take JSON only."""

import base64
import hashlib
import json

import pytest
from django.test import Client
from django.utils import translation

from alpsatellites.accounts.models import ApiToken
from alpsatellites.workspaces.models import Booking, BookingStatus
from tests.factories import UserFactory
from tests.workspaces.factories import BookingFactory, ResourceFactory, WorkspaceFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"  # UserFactory's
BOOKINGS = "/api/v1/bookings/"
PAGE = "/fr/accounts/api-tokens/"


@pytest.fixture
def anne():
    return UserFactory(email="anne@example.org")


@pytest.fixture
def api():
    return Client(enforce_csrf_checks=True, headers={"accept-language": "en"})


def create_token(client, user, name="My script") -> str:
    client.force_login(user)
    response = client.post(PAGE, {"action": "create", "name": name})
    assert response.status_code == 200
    return response.context["secret"]


def test_http_basic_credentials_no_longer_authenticate(api, anne):
    booking = BookingFactory(user=anne)
    basic = base64.b64encode(f"{anne.email}:{PASSWORD}".encode()).decode()

    response = api.post(
        f"{BOOKINGS}{booking.pk}/cancel/",
        "confirm=1",
        content_type="application/x-www-form-urlencoded",
        headers={"authorization": f"Basic {basic}"},
    )

    assert response.status_code == 401
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED


def test_a_form_encoded_write_is_refused_even_with_a_token(client, api, anne):
    token = create_token(client, anne)
    booking = BookingFactory(user=anne)
    headers = {"authorization": f"Token {token}"}

    cancel = api.post(
        f"{BOOKINGS}{booking.pk}/cancel/",
        "confirm=1",
        content_type="application/x-www-form-urlencoded",
        headers=headers,
    )
    multipart = api.post(BOOKINGS, {"resource": booking.resource_id}, headers=headers)

    assert cancel.status_code == 415
    assert multipart.status_code == 415
    assert cancel.json()["error"]["status"] == 415
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED
    assert Booking.objects.count() == 1


def test_a_token_is_shown_once_and_stored_hashed(client, anne):
    token = create_token(client, anne, name="  Nightly   export ")

    stored = ApiToken.objects.get()
    assert stored.name == "Nightly export"
    assert token.startswith(f"alps_{stored.prefix}_")
    assert stored.secret_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in json.dumps(list(ApiToken.objects.values()), default=str)
    page = client.get(PAGE).content.decode()
    assert token not in page
    assert f"alps_{stored.prefix}…" in page
    assert "Nightly export" in page


@pytest.mark.parametrize("keyword", ["Token", "Bearer", "token"])
def test_a_token_lets_a_script_cancel_its_booking(client, api, anne, keyword):
    token = create_token(client, anne)
    booking = BookingFactory(user=anne)

    listing = api.get(BOOKINGS, headers={"authorization": f"{keyword} {token}"})
    cancel = api.post(
        f"{BOOKINGS}{booking.pk}/cancel/",
        content_type="application/json",
        headers={"authorization": f"{keyword} {token}"},
    )

    assert listing.status_code == 200
    assert [b["id"] for b in listing.json()["results"]] == [booking.pk]
    assert cancel.status_code == 200, cancel.content
    assert ApiToken.objects.get().last_used_at is not None


def test_a_revoked_token_stops_working(client, api, anne):
    token = create_token(client, anne)
    stored = ApiToken.objects.get()

    response = client.post(PAGE, {"action": "revoke", "token": stored.pk})

    assert response.status_code == 302
    stored.refresh_from_db()
    assert stored.revoked_at is not None
    refused = api.get(BOOKINGS, headers={"authorization": f"Token {token}"})
    assert refused.status_code == 401
    assert refused.json()["error"]["message"] == "Invalid or revoked token."


def test_a_token_of_an_inactive_person_or_a_malformed_header_is_refused(client, api, anne):
    token = create_token(client, anne)
    anne.is_active = False
    anne.save()

    assert api.get(BOOKINGS, headers={"authorization": f"Token {token}"}).status_code == 401
    assert api.get(BOOKINGS, headers={"authorization": "Token"}).status_code == 401
    assert api.get(BOOKINGS, headers={"authorization": "Token a b"}).status_code == 401
    assert api.get(BOOKINGS, headers={"authorization": "Token alps_x"}).status_code == 401


def test_nobody_revokes_or_sees_anyone_elses_token(client, anne):
    create_token(client, anne)
    theirs = ApiToken.objects.get()
    bruno = UserFactory()
    client.force_login(bruno)

    assert client.post(PAGE, {"action": "revoke", "token": theirs.pk}).status_code == 404
    assert client.post(PAGE, {"action": "revoke", "token": "abc"}).status_code == 404
    assert theirs.prefix not in client.get(PAGE).content.decode()
    theirs.refresh_from_db()
    assert theirs.revoked_at is None


def test_a_token_needs_a_name_and_the_number_is_bounded(client, anne):
    client.force_login(anne)
    assert client.post(PAGE, {"action": "create", "name": "   "}).status_code == 400
    for n in range(20):
        create_token(client, anne, name=f"script {n}")

    response = client.post(PAGE, {"action": "create", "name": "one too many"})

    assert response.status_code == 400
    assert response.context["secret"] is None
    assert ApiToken.objects.count() == 20


def test_the_page_is_for_signed_in_people(client):
    response = client.get(PAGE)

    assert response.status_code == 302
    assert response["Location"].startswith("/fr/accounts/login/")


@pytest.mark.parametrize("language", ["fr", "en", "it", "de"])
def test_the_page_speaks_the_four_languages(client, anne, language):
    client.force_login(anne)

    page = client.get(f"/{language}/accounts/api-tokens/").content.decode()

    with translation.override(language):
        title = translation.gettext("API tokens")
        create = translation.gettext("Create a token")
    assert f"<h1>{title}</h1>" in page
    assert create in page
    if language != "en":
        assert title != "API tokens"


def test_session_writes_still_need_the_csrf_token(api, anne):
    resource = ResourceFactory(workspace=WorkspaceFactory())
    api.force_login(anne)

    response = api.post(
        BOOKINGS, json.dumps({"resource": resource.pk}), content_type="application/json"
    )

    assert response.status_code == 403
    assert "CSRF" in response.json()["error"]["message"]


def test_the_api_description_names_tokens_not_basic(api):
    schema = json.loads(api.get("/api/v1/openapi.json").content)

    assert "Basic" not in schema["info"]["description"]
    assert "Token" in schema["info"]["description"]
    assert set(schema["components"]["securitySchemes"]) == {"tokenAuth", "cookieAuth"}
