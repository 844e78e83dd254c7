"""The privacy page, in four languages: who is responsible (each published territory), what is
kept and why, who sees what, how long, the rights and where to exercise them, the last update."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from alpsatellites.newcomers.privacy_views import NOTICE_UPDATED_ON
from tests.factories import TerritoryFactory
from tests.newcomers.factories import WelcomeServiceFactory

pytestmark = pytest.mark.django_db

LAST_UPDATED = {
    "fr": "mercredi 2 décembre 2026",
    "en": "Wednesday 2 December 2026",
    "it": "mercoledì 2 dicembre 2026",
    "de": "Mittwoch, 2. Dezember 2026",
}


@pytest.fixture
def territories(grand_brianconnais):
    WelcomeServiceFactory(
        territory=grand_brianconnais,
        email="accueil@grand-brianconnais.example",
        retention_months=36,
    )
    hidden = TerritoryFactory(name="Territoire caché", is_published=False)
    return grand_brianconnais, hidden


@pytest.mark.parametrize("language", ["fr", "en", "it", "de"])
def test_the_page_in_each_language(territories, language):
    published, hidden = territories
    response = Client().get(f"/{language}/privacy/")

    assert response.status_code == 200
    page = response.content.decode()
    assert f'<html lang="{language}">' in page
    assert page.count("<h1>") == 1
    headings = re.findall(r"<h(\d)", page)
    assert headings[0] == "1" and set(headings[1:]) <= {"2"}  # one h1, then h2 only (no skip)
    for section in ("responsible", "what", "who", "how-long", "rights", "contact"):
        assert f'id="{section}"' in page
    assert published.name in page and hidden.name not in page
    assert "mailto:accueil@grand-brianconnais.example" in page
    assert f'href="/{language}/my-data/"' in page
    assert LAST_UPDATED[language] in page
    assert NOTICE_UPDATED_ON.year == 2026


def test_what_it_says_in_english(territories):
    with translation.override("en"):
        page = Client().get("/en/privacy/").content.decode()
    for words in (
        "Each territory is responsible for the personal data of its welcome service.",
        "stored only when you share it with a welcome request, with your consent",
        "The welcome officers of the communauté de communes of your case",
        "Elected officials: only counts, never a case or a name.",
        "Closed cases are kept 36 months.",
        "A closed case is anonymised 24 months after it closed",
        "Every time a member of staff opens your case, it is written down",
        "they are included in your download",
        "Access: download all your data as a file (JSON).",
        "Rectification: change your name",
        "Erasure: delete your account.",
        "Withdrawal of consent",
    ):
        assert words in page, words


def test_the_page_takes_the_same_queries_with_more_territories(
    territories, django_assert_max_num_queries
):
    with CaptureQueriesContext(connection) as one:
        assert Client().get("/fr/privacy/").status_code == 200
    for territory in TerritoryFactory.create_batch(3):
        WelcomeServiceFactory(territory=territory)

    with django_assert_max_num_queries(len(one)):
        assert Client().get("/fr/privacy/").status_code == 200
