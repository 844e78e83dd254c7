"""The matching feed: the observatory's figures as the engine's table, with their sources."""

import math

import numpy as np
import pytest
from django.core.cache import cache

from alpsatellites.matching.profile import Importance, NeedsProfile
from alpsatellites.newcomers.selectors.matching import (
    WORKSPACES_CITATION,
    cached_table,
    territory_matches,
    territory_table,
    travel_estimate,
)
from alpsatellites.observatory.models import IndicatorValue

from . import matching_helpers
from .matching_helpers import BRIANCON, NEVACHE

observed = matching_helpers.observed  # the fixture

pytestmark = pytest.mark.django_db


def row(table, code):
    return list(table.codes).index(code)


def test_the_table_of_the_real_territory(observed, django_assert_num_queries):
    # Communes, fibre, facilities, workspaces, pharmacy counts, communes with a pharmacy.
    with django_assert_num_queries(6):
        data = territory_table(observed)
    table = data.table

    assert len(table) == 36
    briancon = row(table, BRIANCON)
    fibre = IndicatorValue.objects.filter(
        indicator__code="fibre_share", commune__code=BRIANCON
    ).latest("reference_date")
    assert table.values["fibre"][briancon] == pytest.approx(fibre.value)
    assert table.periods["fibre"][briancon] == fibre.period
    assert table.citations[table.sources["fibre"][briancon]].title == fibre.source.title
    # Briançon has its own station: a few minutes at most, named, cited.
    assert table.values["station"][briancon] < 10
    assert "Briançon" in table.labels["station"][briancon]
    assert table.sources["station"][briancon] in table.citations
    assert not math.isnan(table.values["college"][briancon])
    # No altitude, rent or doctor in the shipped data: unknown, never a figure.
    for measure in ("altitude", "rent", "doctor"):
        assert np.isnan(table.measure(measure)).all()
    # Pharmacies are counted (BPE): known everywhere (test_matching_health.py says how).
    assert not np.isnan(table.measure("pharmacy")).any()
    # The workspace: nearest to Briançon, cited as the platform's listings.
    assert table.labels["coworking"][briancon] == "Tiers-lieu de Briançon"
    assert table.sources["coworking"][briancon] == WORKSPACES_CITATION
    assert [w.slug for w in data.workspaces[BRIANCON]] == ["tiers-lieu-briancon"]


def test_times_come_from_the_one_documented_estimate(observed):
    from alpsatellites.observatory.models import NearestFacility

    estimate = travel_estimate()
    assert estimate.status == "assumption"
    nearest = NearestFacility.objects.get(commune__code=NEVACHE, kind="station")
    table = territory_table(observed).table
    expected = nearest.distance_km * estimate.detour_factor / estimate.average_speed_kmh * 60
    assert table.values["station"][row(table, NEVACHE)] == pytest.approx(expected)


def test_matches_rank_and_exclude_with_reasons(observed):
    profile = NeedsProfile(
        fibre=Importance.NICE,
        station=Importance.MUST,
        station_minutes=15,
        health=Importance.NICE,
        coworking=Importance.NICE,
    )
    result = territory_matches(observed, profile)

    assert len(result.ranked) + len(result.excluded) == 36
    assert result.excluded and result.ranked
    assert all(m.failed == ("station",) for m in result.excluded)
    assert BRIANCON in [m.code for m in result.ranked]
    scores = [m.score for m in result.ranked if m.score is not None]
    assert scores == sorted(scores, reverse=True)
    health = {c.key: c for c in result.ranked[0].criteria if c.group == "health"}
    assert list(health) == ["pharmacy", "doctor"]
    assert health["pharmacy"].known and health["pharmacy"].points is not None
    assert health["doctor"].status == "unknown" and health["doctor"].points is None


def test_the_table_is_cached_under_the_territory_version(observed, django_assert_num_queries):
    cache.clear()
    cached_table(observed)
    with django_assert_num_queries(0):
        cached_table(observed)
    from alpsatellites.core.cache import content_changed

    content_changed(territory_slugs=[observed.slug])
    with django_assert_num_queries(6):
        cached_table(observed)


def test_a_territory_without_data_has_every_value_unknown(grand_brianconnais):
    result = territory_matches(grand_brianconnais, NeedsProfile(station=Importance.MUST))

    assert len(result.ranked) == 36 and not result.excluded
    assert all(m.score is None for m in result.ranked)
    assert all(c.ask_officer for m in result.ranked for c in m.criteria if c.key == "station")
