"""The "Living in …" block of a commune page: figures with sources, unknown never as zero,
escaping, languages and a constant number of queries."""

import html as html_module
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from alpsatellites.core.cache import content_changed
from alpsatellites.workspaces.models import Workspace, WorkspaceKind
from tests.observatory.factories import FacilityFactory, NearestFacilityFactory, living_data, value

pytestmark = pytest.mark.django_db

BRIANCON = "/fr/t/grand-brianconnais/communes/05023/"


def living_block(html: str) -> str:
    start = html.index('<section class="living"')
    return html[start : html.index('aria-labelledby="figures-title"')]


def text_of(fragment: str) -> str:
    """The words of an HTML fragment, spaces collapsed (no-break spaces kept)."""
    text = html_module.unescape(re.sub(r"<[^>]+>", " ", fragment))
    return re.sub(r" ([,.)])", r"\1", re.sub(r"[ \t\n]+", " ", text)).strip()


@pytest.fixture
def briancon(grand_brianconnais):
    commune = grand_brianconnais.communes.get(code="05023")
    living_data(commune)
    return commune


def test_living_block_comes_before_the_administrative_figures(client, briancon):
    html = client.get("/en" + BRIANCON[3:]).content.decode()

    assert html.index("Living in Briançon") < html.index('id="figures-title"')


def test_every_group_and_figure_with_its_source_and_period(client, briancon):
    text = text_of(living_block(client.get("/en" + BRIANCON[3:]).content.decode()))

    for group in (
        "Connectivity & work",
        "Getting around",
        "Children & schools",
        "Health & shops",
        "Housing",
        "People",
    ):
        assert group in text
    assert "94.7% of premises can be connected to fibre" in text
    assert "ARCEP fibre deployments, T3 2025" in text
    assert "Briançon — in the commune, 0.8\xa0km from the town centre" in text
    assert "Railway line(s): 915000" in text
    assert "Station open: Monday to Sunday: 05:30–20:10" in text
    assert "Collège Les Garcins" in text
    assert "Centre hospitalier des Escartons" in text and "Has an emergency department." in text
    assert "6 pharmacies" in text
    assert "3 supermarkets, 2 small groceries" in text
    assert "37.3%" in text and "8.3%" in text
    assert "INSEE comparateur, 2022" in text
    assert "10,748 inhabitants in 2022, 11,950 in 2016 (-10.0%)" in text
    assert "15.2% under 15, 31.0% aged 60 or more" in text
    assert "21,630\xa0€ a year per consumption unit" in text and "INSEE comparateur, 2021" in text


def test_sources_link_to_the_sources_page(client, briancon):
    html = living_block(client.get(BRIANCON).content.decode())

    assert 'href="/fr/t/grand-brianconnais/sources/#source-arcep-fibre"' in html
    assert 'href="/fr/t/grand-brianconnais/sources/#source-sncf-stations"' in html


def test_numbers_in_the_page_language(client, briancon):
    french = text_of(living_block(client.get(BRIANCON).content.decode()))
    german = text_of(living_block(client.get("/de" + BRIANCON[3:]).content.decode()))

    assert "94,7\xa0%" in french and "10\xa0748" in french
    assert "94,7\xa0%" in german and "10.748" in german


def test_missing_figures_read_unknown_or_secret_never_zero(client, grand_brianconnais):
    commune = grand_brianconnais.communes.get(code="05093")  # Névache
    value("median_income", commune, None, status="secret", year=2021)
    value("secondary_home_share", commune, None)
    text = text_of(
        living_block(client.get("/en/t/grand-brianconnais/communes/05093/").content.decode())
    )

    assert "Median income secret (INSEE statistical secrecy)" in text
    assert "Second homes unknown" in text
    assert "Fibre unknown" in text
    assert "Nearest station unknown" in text
    assert "Altitude unknown" in text
    assert " 0 " not in text and "0%" not in text


def test_no_pharmacy_names_the_nearest_commune_of_the_territory_with_one(client, briancon):
    other = briancon.territory.communes.get(code="05183")  # Villar-Saint-Pancrace
    value("pharmacies", other, 0, year=2024)
    text = text_of(
        living_block(client.get("/en/t/grand-brianconnais/communes/05183/").content.decode())
    )

    assert "No pharmacy in the commune" in text
    assert re.search(r"Nearest commune of the territory with one: Briançon, \d+\.\d\skm", text)


def test_workspaces_in_and_near_the_commune_are_linked(client, briancon):
    near = briancon.territory.communes.get(code="05133")  # Saint-Chaffrey
    for commune, slug, name in ((briancon, "ici", "Espace <b>ici</b>"), (near, "pres", "Près")):
        Workspace.objects.create(
            territory=briancon.territory,
            commune=commune,
            slug=slug,
            name=name,
            kind=WorkspaceKind.COWORKING,
            latitude=commune.latitude,
            longitude=commune.longitude,
        )
    html = living_block(client.get("/en" + BRIANCON[3:]).content.decode())

    assert '<a href="/en/workspaces/ici/">Espace &lt;b&gt;ici&lt;/b&gt;</a>' in html
    assert '<a href="/en/workspaces/pres/">Près</a>' in html
    assert "in Saint-Chaffrey" in html


def test_markup_in_facility_names_is_escaped(client, briancon):
    facility = FacilityFactory(kind="lycee", name="<script>alert(1)</script>", commune=briancon)
    NearestFacilityFactory(commune=briancon, facility=facility)
    html = client.get(BRIANCON).content.decode()

    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.parametrize("language", ["fr", "en", "it", "de"])
def test_commune_page_in_each_language(client, briancon, language):
    response = client.get(f"/{language}" + BRIANCON[3:])

    assert response.status_code == 200
    assert 'class="living"' in response.content.decode()


def test_commune_page_queries_do_not_grow_with_the_data(
    client, admin_user, grand_brianconnais, django_assert_max_num_queries
):
    """Signed in, the page is not cached: its queries are counted with few then many figures,
    the living block computed (cold) and read from its cache (warm)."""
    client.force_login(admin_user)
    path = "/fr/t/grand-brianconnais/communes/05093/"
    with CaptureQueriesContext(connection) as few:
        client.get(path)
    living_data(grand_brianconnais.communes.get(code="05093"))
    content_changed(territory_slugs=["grand-brianconnais"])  # as the importers do
    with CaptureQueriesContext(connection) as many:
        client.get(path)
    assert len(many) == len(few)
    with django_assert_max_num_queries(len(few) - 3):
        client.get(path)


def test_living_block_is_renewed_when_the_territory_changes(client, briancon):
    path = "/en" + BRIANCON[3:]
    assert "94.7%" in client.get(path).content.decode()
    fibre = briancon.indicator_values.get(indicator__code="fibre_share")
    fibre.value = 12.5
    fibre.save()
    client.cookies.clear()
    cache_key_page = client.get(path).content.decode()
    assert "94.7%" in cache_key_page  # the page and its block are cached until told

    content_changed(territory_slugs=["grand-brianconnais"])
    assert "12.5%" in client.get(path).content.decode()
