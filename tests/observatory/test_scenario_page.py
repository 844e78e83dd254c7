"""The scenario page: defaults cited or marked, field errors for out-of-range values, results by
year, commune and collège, the territory's own household size when its census is loaded."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from alpsatellites.observatory.models import Indicator, IndicatorValue
from alpsatellites.observatory.selectors.scenario import territory_assumptions
from alpsatellites.territories.models import Commune
from tests.factories import SourceFactory

pytestmark = pytest.mark.django_db


def url(language="en", **query):
    with translation.override(language):
        path = reverse("decision:scenario", args=["grand-brianconnais"])
    if query:
        path += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return path


def test_the_defaults_give_results_with_their_origin(client, official, fake_index):
    client.force_login(official)
    response = client.get(url())
    assert response.status_code == 200
    page = response.content.decode()
    assert "Assumption (to discuss)" in page
    assert "Cited: ADEME" in page
    result = response.context["scenario"]
    assert result.final.households == 50
    assert len(result.communes) == 36
    assert sum(row.share for row in result.communes) == pytest.approx(1)
    # Capacity of collèges is never published: the page says unknown, not a number.
    assert "unknown (not published)" in page or not result.colleges


def test_out_of_range_values_are_field_errors(client, official, fake_index):
    client.force_login(official)
    query = {
        key: a.value
        for key, a in territory_assumptions(official.role_assignments.get().territory).items()
    }
    query.update(distribution="population", years=0, car_share="1.5", households="many")
    response = client.get(url(**query))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert set(errors) == {"years", "car_share", "households"}
    assert response.context["scenario"] is None


def test_households_follow_the_feasibility_scores(client, official, fake_index):
    client.force_login(official)
    query = {
        key: a.value
        for key, a in territory_assumptions(official.role_assignments.get().territory).items()
    }
    query.update(distribution="feasibility", grouping="240500462")
    response = client.get(url(**query))
    assert response.status_code == 200
    rows = response.context["scenario"].communes
    assert len(rows) == 8  # the Pays des Écrins
    assert rows[0].share > rows[-1].share


def test_the_territory_census_sets_the_household_size(grand_brianconnais):
    source = SourceFactory()
    population = Indicator.objects.create(
        code="population", label="Population", theme="demography", source=source
    )
    households = Indicator.objects.create(
        code="households", label="Households", theme="demography", source=source
    )
    for commune, pop, men in zip(
        Commune.objects.filter(territory=grand_brianconnais)[:2],
        (300, 100),
        (100, 100),
        strict=True,
    ):
        for indicator, value in ((population, pop), (households, men)):
            IndicatorValue.objects.create(
                indicator=indicator,
                commune=commune,
                value=value,
                reference_date=datetime.date(2022, 1, 1),
                period="2022",
                source=source,
            )
    size = territory_assumptions(grand_brianconnais)["household_size"]
    assert size.value == 2.0
    assert size.status == "cited" and source.title in size.source and "2022" in size.source


def test_decimals_are_read_as_the_reader_writes_them(client, official, fake_index):
    client.force_login(official)
    query = {
        key: a.value
        for key, a in territory_assumptions(official.role_assignments.get().territory).items()
    }
    query.update(distribution="population", child_share="0,5")
    assert url("fr").startswith("/fr/")  # a French page: decimal comma
    response = client.get(url("fr", **query))
    assert response.status_code == 200, response.context["form"].errors
    assert response.context["form"].cleaned_data["child_share"] == pytest.approx(0.5)
