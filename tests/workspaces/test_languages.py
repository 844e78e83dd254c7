"""Each person reads the platform, and gets its e-mails, in their language and its formats."""

import datetime
import uuid
from decimal import Decimal

import pytest
from django.core import mail
from django.test import Client
from django.utils import translation

from alpsatellites.accounts.models import User
from alpsatellites.workspaces.services import BookingRequest, booking_request
from tests.factories import UserFactory
from tests.workspaces.factories import ResourceFactory, WorkspaceFactory, open_all_week

UTC = datetime.UTC
NOW = datetime.datetime(2026, 12, 1, 8, 0, tzinfo=UTC)  # a Tuesday
MONDAY = datetime.date(2026, 12, 7)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen_clock(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def resource():
    workspace = WorkspaceFactory(name="Le Refuge", phone="04 76 79 90 29")
    open_all_week(workspace, opens=datetime.time(8, 0), closes=datetime.time(18, 0))
    return ResourceFactory(
        workspace=workspace,
        name_fr="Salle de réunion",
        name_en="Meeting room",
        name_de="Besprechungsraum",
        price_hour=None,
        price_half_day=None,
        price_day=Decimal("1250.00"),
    )


def nine(day=MONDAY):
    return datetime.datetime.combine(day, datetime.time(9, 0), tzinfo=datetime.UTC).replace(
        hour=8
    )  # 09:00 in Paris in December


def book(user, resource):
    return booking_request(
        user=user,
        request=BookingRequest(
            resource_id=resource.pk, starts_at=nine(), ends_at=nine() + datetime.timedelta(hours=2)
        ),
    )


def page_booking(client, resource, language):
    return client.post(
        f"/{language}/workspaces/{resource.workspace.slug}/book/{resource.pk}/",
        {
            "day": MONDAY.isoformat(),
            "slot": "morning",
            "days": 1,
            "seats": 1,
            "request_key": str(uuid.uuid4()),
            "action": "confirm",
        },
    )


# --- e-mails in the recipient's language ------------------------------------------------------


def test_a_german_user_gets_a_german_email(resource, django_capture_on_commit_callbacks):
    with translation.override("fr"), django_capture_on_commit_callbacks(execute=True):
        book(UserFactory(language="de"), resource)

    (message,) = mail.outbox
    assert message.subject == "Ihre Buchung — Le Refuge"
    assert "Montag, 7. Dezember 2026, 09:00" in message.body
    assert "Besprechungsraum" in message.body


def test_booking_on_the_german_site_remembers_german(
    client, resource, django_capture_on_commit_callbacks
):
    user = UserFactory(language="fr")
    client.force_login(user)

    with django_capture_on_commit_callbacks(execute=True):
        response = page_booking(client, resource, "de")

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.language == "de"
    (message,) = mail.outbox
    assert "Montag, 7. Dezember 2026" in message.body


def test_signing_up_on_the_italian_site_keeps_italian(client):
    response = client.post(
        "/it/accounts/signup/",
        {
            "email": "lucia@example.org",
            "password1": "Dolomiti-2026!",
            "password2": "Dolomiti-2026!",
        },
    )

    assert response.status_code == 302
    assert User.objects.get(email="lucia@example.org").language == "it"


def test_the_language_can_be_changed(client):
    user = UserFactory(language="fr")
    client.force_login(user)

    assert client.get("/fr/accounts/language/").status_code == 200
    response = client.post("/fr/accounts/language/", {"language": "it"})

    assert (response.status_code, response["Location"]) == (302, "/it/accounts/language/")
    user.refresh_from_db()
    assert user.language == "it"
    assert client.post("/fr/accounts/language/", {"language": "xx"}).status_code == 400
    user.refresh_from_db()
    assert user.language == "it"


def test_an_api_booking_follows_accept_language_only_when_given(resource):
    user = UserFactory(language="it")
    client = Client()
    client.force_login(user)
    body = {
        "resource": resource.pk,
        "starts_at": nine().isoformat(),
        "ends_at": (nine() + datetime.timedelta(hours=1)).isoformat(),
    }

    client.post("/api/v1/bookings/", body, content_type="application/json")
    user.refresh_from_db()
    assert user.language == "it"  # a script without Accept-Language changes nothing

    body["starts_at"] = (nine() + datetime.timedelta(hours=2)).isoformat()
    body["ends_at"] = (nine() + datetime.timedelta(hours=3)).isoformat()
    response = client.post(
        "/api/v1/bookings/",
        body,
        content_type="application/json",
        headers={"accept-language": "de"},
    )
    assert response.status_code == 201, response.content
    user.refresh_from_db()
    assert user.language == "de"


# --- translated content --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "name"),
    [("fr", "Salle de réunion"), ("en", "Meeting room"), ("de", "Besprechungsraum")],
)
def test_resource_names_are_in_the_readers_language(client, resource, language, name):
    html = client.get(f"/{language}/workspaces/{resource.workspace.slug}/").content.decode()
    assert name in html


def test_a_missing_translation_falls_back_as_configured(client, resource):
    html = client.get(f"/it/workspaces/{resource.workspace.slug}/").content.decode()
    assert "Salle de réunion" in html  # no Italian name: French comes first in the fallbacks


# --- dates, numbers and phone numbers in each locale's format ------------------------------


@pytest.mark.parametrize(
    ("language", "when", "price"),
    [
        ("fr", "lundi 7 décembre 2026, 09:00", "1\xa0250,00\xa0€"),
        ("en", "Monday 7 December 2026, 09:00", "1,250.00\xa0€"),
        ("it", "lunedì 7 dicembre 2026, 09:00", "1.250,00\xa0€"),
        ("de", "Montag, 7. Dezember 2026, 09:00", "1.250,00\xa0€"),
    ],
)
def test_a_booking_page_in_each_language(client, resource, language, when, price):
    user = UserFactory()
    booking = booking_request(
        user=user,
        request=BookingRequest(
            resource_id=resource.pk, starts_at=nine(), ends_at=nine().replace(hour=17)
        ),
    )
    client.force_login(user)

    detail = client.get(f"/{language}/bookings/{booking.pk}/").content.decode()
    listing = client.get(f"/{language}/bookings/").content.decode()

    assert when in detail
    assert when in listing
    assert price.replace("\xa0€", "") in detail


def test_no_iso_date_in_a_french_refusal(client, resource):
    resource.workspace.opening_hours.filter(weekday=0).delete()  # closed on Mondays
    client.force_login(UserFactory())

    html = page_booking(client, resource, "fr").content.decode()

    assert "est fermé le lundi 7 décembre 2026." in html
    assert "2026-12-07" not in html.split("<form")[0]


@pytest.mark.parametrize(
    ("language", "shown"),
    [
        ("fr", "04 76 79 90 29"),
        ("en", "+33 4 76 79 90 29"),
        ("it", "+33 4 76 79 90 29"),
        ("de", "+33 4 76 79 90 29"),
    ],
)
def test_phone_numbers_dial_e164_and_read_as_the_locale_writes_them(
    client, resource, language, shown
):
    html = client.get(f"/{language}/workspaces/{resource.workspace.slug}/").content.decode()

    assert f'<a href="tel:+33476799029">{shown}</a>' in html
