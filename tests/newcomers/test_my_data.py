"""Each person's "My data": the download holds everything about them and nothing about anyone
else, in a fixed number of queries; they change their name and withdraw their welcome consent."""

import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from alpsatellites.newcomers.models import Consent, ConsentPurpose
from alpsatellites.newcomers.selectors.personal_data import personal_data
from alpsatellites.newcomers.services.messages import case_message_post
from tests.factories import UserFactory
from tests.newcomers.factories import CaseNoteFactory, WelcomeCaseFactory
from tests.newcomers.privacy_people import EMAIL, NAME, make_person, pdf

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def download(client):
    response = client.get("/fr/my-data/download/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith(
        'attachment; filename="alpsatellites-my-data-'
    )
    return json.loads(response.content)


def test_the_download_holds_everything_about_the_person():
    client = Client()
    person = make_person(client=client)

    data = download(client)

    assert data["account"]["name"] == NAME and data["account"]["email"] == EMAIL
    assert data["account"]["language"] == "fr" and data["account"]["date_joined"]
    assert data["account"]["email_addresses"] == [
        {"email": EMAIL, "verified": True, "primary": True}
    ]
    assert [role["role"] for role in data["roles"]] == ["elected_official"]
    assert data["api_tokens"][0]["name"] == "Export script"
    assert set(data["api_tokens"][0]) == {"name", "created_at", "last_used_at", "revoked_at"}
    (booking,) = data["bookings"]
    assert (booking["workspace"], booking["resource"]) == ("Le Refuge", "Open space")
    assert booking["status"] == person.booking.status and booking["starts_at"]
    assert booking["price_eur"] == str(person.booking.price)
    (case,) = data["welcome_cases"]
    assert (case["grouping"], case["commune"], case["stage"]) == ("CC du Test", "Névache", "new")
    assert case["shared_profile"] == {"adults": 2, "children_ages": [7, 11]}
    assert case["contact"]["phone"] == "+33 6 12 34 56 78"
    household, officer = case["messages"]
    assert household["author"] == NAME and household["from_household"] is True
    assert household["attachments"] == [
        {"name": "plan.pdf", "size_bytes": 30, "type": "application/pdf"}
    ]
    assert officer["author"] == "Camille Officer" and officer["body"].startswith("Bonjour Anouk")
    assert officer["attachments"][0]["name"] == "liste-Anouk.pdf"
    assert case["officer_notes"][0]["body"].startswith("Called Anouk")
    assert case["tasks"][0]["title"] == "Send Anouk Verhaegen-Tissot the housing list"
    assert case["read_by_staff"][0]["by"] == "Camille Officer"
    assert data["consents"][0]["purpose"] == "welcome_request"
    assert data["consents"][0]["words"].startswith("I share my needs profile")
    assert data["stay_applications"][0]["people"] == 3
    assert data["testimonials"][0]["signature"] == f"{NAME}, designer"


def test_no_secret_and_nobody_else_in_the_download():
    client = Client()
    person = make_person(client=client)
    other = UserFactory(name="Zoé Autrepersonne", email="zoe@example.com")
    other_case = WelcomeCaseFactory(grouping=person.case.grouping, household=other)
    CaseNoteFactory(case=other_case, body="Zoé's secret plans")
    case_message_post(case=other_case, author=other, body="Zoé writes", from_household=True)

    text = json.dumps(download(client))

    assert "Zoé" not in text and "zoe@example.com" not in text
    assert person.user.password not in text
    assert person.token.secret_hash not in text
    assert "sessionid" not in text


def _queries(user) -> int:
    with CaptureQueriesContext(connection) as queries:
        personal_data(user)
    return len(queries)


def test_the_download_takes_the_same_queries_however_much_the_person_holds():
    person = make_person()
    few = _queries(person.user)

    for _ in range(3):
        case = WelcomeCaseFactory(grouping=person.case.grouping, household=person.user)
        for n in range(3):
            case_message_post(
                case=case,
                author=person.user,
                body=f"message {n}",
                from_household=True,
                files=[pdf()],
            )
            case_message_post(case=case, author=person.officer, body="reply", from_household=False)
            CaseNoteFactory(case=case, author=person.officer)
    many = _queries(person.user)

    assert few == many == 14, (few, many)


def test_changing_the_name():
    client = Client()
    person = make_person(client=client)

    page = client.get("/en/my-data/")
    assert page.status_code == 200
    assert 'href="/en/accounts/language/"' in page.content.decode()
    response = client.post("/en/my-data/", {"action": "name", "name": "  Anouk   Tissot "})
    assert response.status_code == 302
    person.user.refresh_from_db()
    assert person.user.name == "Anouk Tissot"

    empty = client.post("/en/my-data/", {"action": "name", "name": "   "})
    assert empty.status_code == 400
    person.user.refresh_from_db()
    assert person.user.name == "Anouk Tissot"


def test_the_consents_are_listed_and_the_welcome_one_can_be_withdrawn():
    client = Client()
    person = make_person(client=client)
    consent = Consent.objects.get(user=person.user)

    with translation.override("en"):
        page = client.get("/en/my-data/").content.decode()
        assert "Share my profile with the welcome officers" in page
        assert "I share my needs profile with the welcome officers of my commune." in page
        assert "It does not close your case" in page

    response = client.post("/en/my-data/", {"action": "withdraw", "consent": consent.pk})

    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    person.case.refresh_from_db()
    assert person.case.profile == {}
    assert person.case.stage == "new"  # withdrawal closes nothing by itself
    assert (
        client.post("/en/my-data/", {"action": "withdraw", "consent": consent.pk}).status_code
        == 404
    )


def test_another_persons_consent_cannot_be_withdrawn():
    person = make_person()
    intruder = Client()
    intruder.force_login(UserFactory())
    consent = Consent.objects.get(user=person.user)

    assert (
        intruder.post("/fr/my-data/", {"action": "withdraw", "consent": consent.pk}).status_code
        == 404
    )
    assert intruder.post("/fr/my-data/", {"action": "withdraw", "consent": "x"}).status_code == 404
    consent.refresh_from_db()
    assert consent.withdrawn_at is None


def test_a_testimonial_consent_is_not_withdrawn_here():
    client = Client()
    person = make_person(client=client)
    testimonial = Consent.objects.create(
        user=person.user, purpose=ConsentPurpose.TESTIMONIAL, wording="Publish it.", language="fr"
    )
    assert (
        client.post("/fr/my-data/", {"action": "withdraw", "consent": testimonial.pk}).status_code
        == 404
    )


@pytest.mark.parametrize("path", ["/fr/my-data/", "/fr/my-data/download/", "/fr/my-data/delete/"])
def test_anonymous_visitors_are_sent_to_sign_in(path):
    response = Client().get(path)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_page_in_four_languages():
    client = Client()
    make_person(client=client)
    for language in ("fr", "en", "it", "de"):
        response = client.get(f"/{language}/my-data/")
        assert response.status_code == 200
        assert f'<html lang="{language}">' in response.content.decode()
        assert response.content.decode().count("<h1>") == 1


def test_the_page_takes_the_same_queries_with_more_consents(django_assert_max_num_queries):
    client = Client()
    person = make_person(client=client)
    with CaptureQueriesContext(connection) as one:
        assert client.get("/fr/my-data/").status_code == 200
    for case in WelcomeCaseFactory.create_batch(4, household=person.user):
        Consent.objects.create(
            user=person.user,
            case=case,
            purpose=ConsentPurpose.WELCOME_REQUEST,
            wording="Share it.",
            language="fr",
        )

    with django_assert_max_num_queries(len(one)):
        assert client.get("/fr/my-data/").status_code == 200
