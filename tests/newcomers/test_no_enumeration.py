"""Nobody learns from the sign-up or password-reset pages whether an address has an account.

allauth hides it (ACCOUNT_PREVENT_ENUMERATION, on by default) only where the address must be
verified before use: ACCOUNT_EMAIL_VERIFICATION = "mandatory", the default of every settings
module. With "optional" a new account would be signed in at once and allauth would let uniqueness
win: the form would say the address is taken (the last test guards the default).
"""

import pytest
from django.core import mail
from django.test import Client

from alpsatellites.accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
OWNER = "claire@example.org"
PASSWORD = "Vallouise-2026!"


@pytest.fixture
def owner():
    return UserFactory(email=OWNER, name="Claire", language="fr")


def sign_up(email):
    return Client().post(
        "/fr/accounts/signup/", {"email": email, "password1": PASSWORD, "password2": PASSWORD}
    )


def test_signing_up_with_a_taken_address_looks_like_with_a_new_one(owner):
    taken = sign_up(OWNER.upper())
    outbox_after_taken = list(mail.outbox)
    new = sign_up("nouvelle@example.org")

    assert (taken.status_code, taken["Location"]) == (new.status_code, new["Location"])
    assert taken.status_code == 302 and taken["Location"] == "/fr/accounts/confirm-email/"
    assert User.objects.filter(email=OWNER).count() == 1
    owner.refresh_from_db()
    assert owner.check_password("correct horse battery staple")  # nothing changed for the owner
    # The owner is told someone tried; the newcomer gets the confirmation link.
    (warning,) = outbox_after_taken
    assert warning.to == [OWNER]
    assert "already" in warning.body.lower() or "déjà" in warning.body.lower()
    assert mail.outbox[-1].to == ["nouvelle@example.org"]
    page_after_taken = Client().get(taken["Location"])
    page_after_new = Client().get(new["Location"])
    assert page_after_taken.status_code == page_after_new.status_code == 200


def test_password_reset_for_an_unknown_address_looks_the_same(owner):
    known = Client().post("/fr/accounts/password/reset/", {"email": OWNER})
    unknown = Client().post("/fr/accounts/password/reset/", {"email": "personne@example.org"})

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert [message.to for message in mail.outbox] == [[OWNER], ["personne@example.org"]]


def test_every_settings_module_requires_verification(settings):
    assert settings.ACCOUNT_EMAIL_VERIFICATION == "mandatory"
    assert settings.ACCOUNT_PREVENT_ENUMERATION is True
