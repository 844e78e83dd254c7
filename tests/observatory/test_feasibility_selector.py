"""territory_feasibility(): the index read from the database (hand values: feasibility_data)."""

import numpy as np
import pytest

from alpsatellites.observatory.feasibility import InvalidWeights
from alpsatellites.observatory.models import FeasibilityWeights
from alpsatellites.observatory.selectors.feasibility import (
    default_weights,
    feasibility_sensitivity,
    territory_feasibility,
)
from tests.factories import CommuneFactory

from .feasibility_data import set_value, small_territory

pytestmark = pytest.mark.django_db


def test_ranked_rows_with_default_weights(django_assert_num_queries):
    territory, _, _ = small_territory()
    with django_assert_num_queries(4):  # weights, indicators, communes, values
        result = territory_feasibility(territory)
    assert result.weights_are_default
    assert result.weights == {k: v for k, v in default_weights().items() if v > 0}
    assert [r.name for r in result.rows] == ["Gamma", "Beta", "Alpha", "Delta"]
    gamma, beta, alpha, delta = result.rows
    assert gamma.score == pytest.approx(80.0) and gamma.rank == 1
    assert gamma.confidence == pytest.approx(5 / 12)
    assert gamma.themes["mobility"] is None and "mobility" in gamma.missing_themes
    assert beta.score == pytest.approx(50.0) and beta.rank == 2
    assert alpha.score == pytest.approx(200 / 7) and alpha.rank == 3
    assert alpha.themes["connectivity"] == 0.0 and alpha.confidence == pytest.approx(7 / 12)
    # Delta has only a secret value and a neutral indicator: no score, never a zero.
    assert (delta.score, delta.rank, delta.confidence) == (None, None, 0.0)
    assert delta.grouping_code == "240000001"
    assert [i.code for i in result.indicators] == [
        "fibre_share",
        "station_distance_km",
        "pharmacies",
    ]
    assert result.themes_with_data() == ("connectivity", "mobility", "services")


def test_latest_value_counts_even_when_it_is_secret():
    territory, communes, indicators = small_territory()
    # Beta's fibre of 2024 is secret: the 2022 figure no longer counts.
    set_value(indicators["fibre_share"], communes["Beta"], None, year=2024, status="secret")
    result = territory_feasibility(territory)
    assert result.row("00002").themes["connectivity"] is None


def test_stored_weights_and_preview_weights():
    territory, _, _ = small_territory()
    FeasibilityWeights.objects.create(territory=territory, weights={"connectivity": 1})
    result = territory_feasibility(territory)
    assert not result.weights_are_default and result.weights == {"connectivity": 1.0}
    # Only connectivity: Alpha 0, Beta 50, Gamma 100, Delta none; confidence 1 where known.
    assert [r.score for r in result.rows[:3]] == [100.0, 50.0, 0.0]
    preview = territory_feasibility(territory, weights={"mobility": 1, "services": 1})
    assert preview.weights == {"mobility": 1.0, "services": 1.0}
    assert preview.row("00001").score == pytest.approx(50.0)
    with pytest.raises(InvalidWeights):
        territory_feasibility(territory, weights={"mobility": -1, "services": 1})
    with pytest.raises(InvalidWeights):
        territory_feasibility(territory, weights={"mobility": 0})


def test_other_territories_values_are_not_compared():
    territory, _, indicators = small_territory()
    other = CommuneFactory(code="99999", name="Elsewhere")
    set_value(indicators["fibre_share"], other, 1000.0)
    result = territory_feasibility(territory)
    assert "99999" not in [r.code for r in result.rows]
    assert result.row("00003").themes["connectivity"] == 100.0


def test_sensitivity_rows_span_the_ranks_a_commune_takes():
    territory, _, _ = small_territory()
    variants, rows = feasibility_sensitivity(territory_feasibility(territory))
    assert {v.theme for v in variants} == set(default_weights())
    assert [r.name for r in rows] == ["Gamma", "Beta", "Alpha"]
    assert all(r.best <= r.rank <= r.worst for r in rows)


def test_the_default_territory_from_the_shipped_open_data(grand_brianconnais):
    from alpsatellites.setup.default_facilities import load_default_facilities
    from alpsatellites.setup.default_indicators import load_default_indicators

    load_default_indicators()
    load_default_facilities()
    result = territory_feasibility(grand_brianconnais)
    assert len(result.rows) == 36
    assert all(row.score is not None and 0 <= row.score <= 100 for row in result.rows)
    assert sorted(row.rank for row in result.rows) == list(range(1, 37))
    # Névache (05093) and Cervières (05027) have the lowest fibre shares of the 36 (65.4 % and
    # 66.2 %, below the 5th percentile): connectivity 0.
    assert result.row("05093").themes["connectivity"] == 0.0
    assert result.row("05027").themes["connectivity"] == 0.0
    # No local jobs table ships: the teleworkable share is never a commune value.
    teleworkable = [i for i in result.indicators if i.code == "teleworkable_jobs_share"]
    column = result.indicators.index(teleworkable[0])
    assert np.isnan(result.engine.normalised[:, column]).all()
