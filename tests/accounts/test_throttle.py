"""One limit on guessing for every way in (back office, site sign-in, API token): per client
address and account, so that an attacker is slowed and the owner is never locked out."""

import pytest
from django.test import Client, override_settings

from alpsatellites.accounts import throttle
from alpsatellites.accounts.tokens import api_token_create
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"  # UserFactory's
ATTACKER, OWNER = "203.0.113.7", "198.51.100.20"
ADMIN_LOGIN = "/en/admin/login/"
SIGN_IN = "/en/accounts/login/"


@pytest.fixture
def anne():
    return UserFactory(email="anne@example.org", is_staff=True)


def admin_sign_in(address, email, password):
    client = Client(REMOTE_ADDR=address)
    response = client.post(
        ADMIN_LOGIN, {"username": email, "password": password, "next": "/en/admin/"}
    )
    return client, response


def site_sign_in(address, email, password):
    client = Client(REMOTE_ADDR=address)
    return client, client.post(SIGN_IN, {"login": email, "password": password})


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.parametrize("sign_in", [admin_sign_in, site_sign_in], ids=["admin", "site"])
def test_guesses_are_refused_for_the_guessers_address_only(anne, sign_in):
    for _ in range(throttle.FAILURES_PER_ACCOUNT):
        client, response = sign_in(ATTACKER, anne.email, "wrong guess")
        assert response.status_code == 200
        assert not signed_in(client)

    # The attacker's address is refused, even with the right password: guessing cannot go on.
    client, refused = sign_in(ATTACKER, "Anne@Example.org", PASSWORD)
    assert not signed_in(client)
    assert "Too many failed attempts from your address" in refused.content.decode()
    # The owner, from their own address, signs in at once.
    client, response = sign_in(OWNER, anne.email, PASSWORD)
    assert response.status_code == 302
    assert signed_in(client)


@pytest.mark.parametrize("sign_in", [admin_sign_in, site_sign_in], ids=["admin", "site"])
def test_a_success_clears_the_count_of_its_address(anne, sign_in):
    for _ in range(throttle.FAILURES_PER_ACCOUNT - 1):
        sign_in(OWNER, anne.email, "typo")
    client, _response = sign_in(OWNER, anne.email, PASSWORD)
    assert signed_in(client)

    for _ in range(throttle.FAILURES_PER_ACCOUNT - 1):
        sign_in(OWNER, anne.email, "typo")
    client, _response = sign_in(OWNER, anne.email, PASSWORD)
    assert signed_in(client)


def test_one_address_trying_many_accounts_is_refused(anne):
    for n in range(throttle.FAILURES_PER_ADDRESS):
        admin_sign_in(ATTACKER, f"person{n}@example.org", "guess")

    client, refused = site_sign_in(ATTACKER, anne.email, PASSWORD)
    assert not signed_in(client)
    assert "Too many failed attempts" in refused.content.decode()
    client, _response = site_sign_in(OWNER, anne.email, PASSWORD)
    assert signed_in(client)


def test_token_guesses_get_a_429_for_the_guessers_address_only(anne):
    _row, token = api_token_create(user=anne, name="script")
    prefix = token.split("_")[1]
    attacker = Client(REMOTE_ADDR=ATTACKER, headers={"accept-language": "en"})
    guess = {"authorization": f"Token alps_{prefix}_guessed"}

    for _ in range(throttle.FAILURES_PER_ACCOUNT):
        assert attacker.get("/api/v1/bookings/", headers=guess).status_code == 401
    refused = attacker.get("/api/v1/bookings/", headers={"authorization": f"Token {token}"})

    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= throttle.WINDOW_SECONDS
    assert "Too many failed attempts" in refused.json()["error"]["message"]
    owner = Client(REMOTE_ADDR=OWNER)
    assert (
        owner.get("/api/v1/bookings/", headers={"authorization": f"Token {token}"}).status_code
        == 200
    )


def test_the_window_ends(anne, time_machine):
    time_machine.move_to("2026-06-01 08:00Z", tick=False)
    for _ in range(throttle.FAILURES_PER_ACCOUNT):
        admin_sign_in(ATTACKER, anne.email, "wrong")
    client, _response = admin_sign_in(ATTACKER, anne.email, PASSWORD)
    assert not signed_in(client)

    time_machine.move_to("2026-06-01 08:16Z", tick=False)
    client, _response = admin_sign_in(ATTACKER, anne.email, PASSWORD)
    assert signed_in(client)


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_a_proxy_the_client_is_the_address_the_proxy_saw(anne, rf):
    forged_then_real = {"HTTP_X_FORWARDED_FOR": f"10.9.9.9, {ATTACKER}", "REMOTE_ADDR": "10.0.0.1"}

    assert throttle.client_address(rf.get("/", **forged_then_real)) == ATTACKER
    assert throttle.client_address(rf.get("/", REMOTE_ADDR=OWNER)) == OWNER
    assert throttle.client_address(rf.get("/", REMOTE_ADDR="not an address")) == "unknown"
