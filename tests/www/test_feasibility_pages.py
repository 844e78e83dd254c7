"""Public feasibility pages: ranking, sensitivity, comparison, method; languages, cache, errors."""

import json
import re

import pytest
from django.core.cache import cache

from alpsatellites.accounts.models import Role
from alpsatellites.accounts.services import role_grant
from alpsatellites.observatory.models import FeasibilityWeights
from alpsatellites.observatory.services.weights import feasibility_weights_update
from tests.observatory.feasibility_data import small_territory

pytestmark = pytest.mark.django_db
LANGUAGES = ["fr", "en", "it", "de"]
BASE = "/{language}/t/vallee/feasibility/"


@pytest.fixture
def vallee():
    territory, _, _ = small_territory()
    return territory


def ranked_names(html: str) -> list[str]:
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a></th>', body)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page", ["", "sensitivity/", "compare/", "method/"])
def test_every_page_in_every_language(client, vallee, language, page):
    response = client.get(BASE.format(language=language) + page)
    assert response.status_code == 200
    assert f'<html lang="{language}">' in response.content.decode()


def test_ranking_page(client, vallee, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        response = client.get(BASE.format(language="en"))
    html = response.content.decode()
    assert ranked_names(html) == ["Gamma", "Beta", "Alpha", "Delta"]
    # Gamma: 80.0 with mobility and four weighted themes without data (housing… economy).
    assert "80.0" in html
    assert "lower confidence: 5 of 7 themes without data" in html
    # Delta: nothing known → no score, shown as unknown, never 0.
    delta = html.split(">Delta</a>", 1)[1].split("</tr>", 1)[0]
    assert "unknown" in delta and "no data" in delta and ">0.0<" not in delta
    assert "INSEE test table" in html  # the sources the score is computed from
    # The map: Delta, without a score, is drawn hatched ("unknown"), never in the lowest class.
    data = json.loads(
        html.split('id="feasibility-map-data" type="application/json">', 1)[1].split(
            "</script>", 1
        )[0]
    )
    by_code = {f["properties"]["code"]: f["properties"] for f in data["features"]}
    assert by_code["00004"]["class"] is None and by_code["00004"]["status"] == "unknown"
    assert by_code["00003"]["display"] == "80.0"
    assert by_code["00003"]["detail"] == "rank 1; lower confidence: 5 of 7 themes without data"
    assert "Weights: the platform’s defaults" in html or "platform's defaults" in html


def test_ranking_page_in_french_uses_decimal_commas(client, vallee):
    html = client.get(BASE.format(language="fr")).content.decode()
    assert "80,0" in html


def test_national_teleworkability_is_labelled_national_and_not_counted(client, vallee):
    html = client.get(BASE.format(language="en")).content.decode()
    assert "National estimate, not a figure of these communes:" in html
    assert "37.7 % of jobs" in html
    assert "the index uses no teleworkability figure for the communes" in html
    assert "Dingel" in html


def test_no_national_estimate_for_an_unknown_country(client):
    territory, _, _ = small_territory(slug="vallee")
    territory.country = "CH"
    territory.save()
    html = client.get(BASE.format(language="en")).content.decode()
    assert "No estimate of teleworkable jobs is available for this territory." in html


def test_saved_weights_renew_the_cached_page(
    client, vallee, territory_admin, django_capture_on_commit_callbacks
):
    first = client.get(BASE.format(language="en")).content.decode()
    assert ranked_names(first)[0] == "Gamma"
    role_grant(user=territory_admin, role=Role.TERRITORY_ADMIN, territory=vallee)
    with django_capture_on_commit_callbacks(execute=True):
        feasibility_weights_update(territory=vallee, weights={"services": 1}, by=territory_admin)
    # Only services: every known commune gets 50 (constant pharmacies), listed by code.
    second = client.get(BASE.format(language="en")).content.decode()
    assert ranked_names(second) == ["Alpha", "Beta", "Gamma", "Delta"]
    assert FeasibilityWeights.objects.get(territory=vallee).weights["services"] == 1.0


def test_sensitivity_page(client, vallee):
    html = client.get(BASE.format(language="en") + "sensitivity/").content.decode()
    assert "Weight −20 %" in html and "Spearman correlation" in html
    assert html.count('<th scope="row">') >= 7 + 3  # seven themes, three ranked communes


def test_compare_two_communes(client, vallee, django_assert_max_num_queries):
    with django_assert_max_num_queries(9):
        response = client.get(BASE.format(language="en") + "compare/?a=00001&b=00003")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Alpha and Gamma compared" in html
    assert "2022 — " in html and "INSEE test table" in html  # date and source of each value
    stations = html.split("Nearest station", 1)[1].split("</tr>", 1)[0]
    assert "10\xa0km" in stations and "unknown" in stations
    secret = client.get(BASE.format(language="en") + "compare/?a=00001&b=00004").content.decode()
    pharmacies = secret.split(">Pharmacies", 1)[1].split("</tr>", 1)[0]
    assert "secret (INSEE statistical secrecy)" in pharmacies


def test_compare_refuses_the_same_commune_twice_and_unknown_codes(client, vallee):
    same = client.get(BASE.format(language="en") + "compare/?a=00001&b=00001")
    assert same.status_code == 400
    assert "Choose a commune other than the first one." in same.content.decode()
    unknown = client.get(BASE.format(language="en") + "compare/?a=00001&b=99999")
    assert unknown.status_code == 400


def test_method_page_lists_indicators_with_sources(client, vallee):
    html = client.get(BASE.format(language="en") + "method/").content.decode()
    for text in ["Fibre", "Nearest station", "Pharmacies", "INSEE test table", "5th and the 95th"]:
        assert text in html
    assert "Median income" not in html  # neutral: shown on commune pages, not in the index


def test_unpublished_or_unknown_territory_is_404(client, vallee):
    vallee.is_published = False
    vallee.save()
    assert client.get(BASE.format(language="en")).status_code == 404
    assert client.get("/en/t/nowhere/feasibility/").status_code == 404


def test_pages_are_cached_for_anonymous_readers(client, vallee, django_assert_num_queries):
    client.get(BASE.format(language="en"))
    with django_assert_num_queries(0):
        assert client.get(BASE.format(language="en")).status_code == 200
    cache.clear()


def test_local_teleworkability_is_announced_and_national_kept_as_context(client, vallee):
    from alpsatellites.observatory.models import Indicator
    from alpsatellites.territories.models import Commune
    from tests.observatory.feasibility_data import set_value

    indicator = Indicator.objects.create(
        code="teleworkable_jobs_share",
        label="Teleworkable jobs",
        theme="economy",
        direction="higher",
        in_index=True,
        unit="%",
        source=Indicator.objects.first().source,
    )
    set_value(indicator, Commune.objects.get(code="00001"), 38.75)
    html = client.get(BASE.format(language="en")).content.decode()
    assert "share of teleworkable jobs for 1 commune" in html
    assert "National estimate, not a figure of these communes:" in html
    assert "the index uses no teleworkability figure" not in html


def test_default_territory_ranking_queries_do_not_grow_with_communes(
    client, grand_brianconnais, django_assert_max_num_queries
):
    from alpsatellites.setup.default_indicators import load_default_indicators

    load_default_indicators()
    with django_assert_max_num_queries(8):
        response = client.get("/fr/t/grand-brianconnais/feasibility/")
    html = response.content.decode()
    assert response.status_code == 200
    assert len(ranked_names(html)) == 36
    assert "Névache" in html and "Briançon" in html


@pytest.mark.parametrize("page", ["", "sensitivity/", "compare/", "method/"])
def test_a_territory_without_communes_or_figures(client, page):
    from tests.factories import TerritoryFactory

    TerritoryFactory(slug="vide", name="Vide")
    response = client.get(f"/en/t/vide/feasibility/{page}")
    assert response.status_code == 200
