"""Public territory pages: numbers, years, phone numbers and source titles in each language."""

import pytest

from alpsatellites.territories.models import Commune

pytestmark = pytest.mark.django_db

GB = "t/grand-brianconnais"


@pytest.mark.parametrize(
    ("language", "phone", "population"),
    [
        ("fr", "04 92 21 20 72", "11\xa0411"),
        ("en", "+33 4 92 21 20 72", "11,411"),
        ("it", "+33 4 92 21 20 72", "11.411"),
        ("de", "+33 4 92 21 20 72", "11.411"),
    ],
)
def test_commune_page(client, grand_brianconnais, language, phone, population):
    Commune.objects.filter(territory=grand_brianconnais, code="05023").update(population_year=2022)
    html = client.get(f"/{language}/{GB}/communes/05023/").content.decode()

    assert f'<a href="tel:+33492212072">{phone}</a>' in html
    assert population in html
    # A year is a year, not a number with a thousands separator.
    assert "(2022)" in html


@pytest.mark.parametrize(
    ("language", "title"),
    [
        ("fr", "Code officiel géographique (communes, EPCI)"),
        ("en", "Official geographic code (communes, EPCIs)"),
        ("de", "Amtlicher Gemeindeschlüssel (Gemeinden, EPCI)"),
    ],
)
def test_source_titles_in_the_readers_language(client, grand_brianconnais, language, title):
    html = client.get(f"/{language}/{GB}/sources/").content.decode()
    assert title in html
