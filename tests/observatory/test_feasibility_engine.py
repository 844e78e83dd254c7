"""The feasibility engine on small matrices whose results are computed by hand in the comments."""

import math

import numpy as np
import pytest

from alpsatellites.observatory.feasibility import (
    IndicatorSpec,
    InvalidWeights,
    compute_index,
    normalise,
    sensitivity,
    spearman,
)

NAN = math.nan
FIBRE = IndicatorSpec("fibre_share", "connectivity", "higher")
STATION = IndicatorSpec("station_distance_km", "mobility", "lower")


def test_hand_computed_index_with_missing_and_constant_values():
    # fibre [0, 50, 100, ?]: P5 = 5, P95 = 95 (linear interpolation over 3 values), so
    # 0 → 0, 50 → (50 − 5) / 90 = 0.5, 100 → 1. The station distance is 10 km wherever it is
    # known: constant, so every commune with a value gets the middle mark, 0.5.
    values = np.array(
        [
            [0.0, 10.0],  # A: connectivity 0, mobility 50 → (0·3 + 50·1) / 4 = 12.5
            [50.0, 10.0],  # B: 50, 50 → 50
            [100.0, NAN],  # C: 100, mobility unknown → 100 with weights re-normalised; conf 3/4
            [NAN, NAN],  # D: nothing known → no score, confidence 0, no rank
        ]
    )
    result = compute_index(
        values, [FIBRE, STATION], {"connectivity": 3, "mobility": 1}, ["A", "B", "C", "D"]
    )
    assert result.themes == ("connectivity", "mobility")
    np.testing.assert_allclose(result.score[:3], [12.5, 50.0, 100.0])
    assert math.isnan(result.score[3])
    assert result.score_or_none(3) is None
    np.testing.assert_allclose(result.confidence, [1.0, 1.0, 0.75, 0.0])
    assert result.rank.tolist() == [3, 2, 1, 0]
    assert result.rank_or_none(3) is None
    assert [result.keys[i] for i in result.order] == ["C", "B", "A", "D"]
    np.testing.assert_allclose(result.theme_scores[0], [0.0, 50.0])
    assert math.isnan(result.theme_scores[2, 1])
    fibre, station = result.scaling
    assert (fibre.low, fibre.high, fibre.winsorised, fibre.known) == (5.0, 95.0, True, 3)
    assert station.constant and station.known == 2


def test_constant_indicator_gives_the_middle_mark_even_when_lower_is_better():
    normalised, scaling = normalise(np.array([[4.0], [4.0], [NAN]]), [STATION])
    assert normalised[:2, 0].tolist() == [0.5, 0.5]
    assert math.isnan(normalised[2, 0])
    assert scaling[0].constant


def test_winsorising_at_the_5th_and_95th_percentiles():
    # 0..19 and one outlier 1000 (21 values): P5 is the 2nd value (1), P95 the 20th (19).
    column = np.array([*range(20), 1000.0]).reshape(-1, 1)
    normalised, (scaling,) = normalise(column, [FIBRE])
    assert (scaling.low, scaling.high) == (1.0, 19.0)
    assert normalised[0, 0] == 0.0  # 0 is clipped to 1
    assert normalised[10, 0] == pytest.approx(0.5)  # (10 − 1) / 18
    assert normalised[20, 0] == 1.0  # the outlier is clipped to 19


def test_raw_range_when_winsorising_would_flatten_a_varying_indicator():
    # 39 communes without a workspace and one with 3: P5 = P95 = 0, so the raw range is used.
    column = np.array([0.0] * 39 + [3.0]).reshape(-1, 1)
    normalised, (scaling,) = normalise(column, [FIBRE])
    assert not scaling.winsorised and (scaling.low, scaling.high) == (0.0, 3.0)
    assert normalised[39, 0] == 1.0 and normalised[0, 0] == 0.0


def test_lower_is_better_is_flipped():
    normalised, _ = normalise(np.array([[0.0], [50.0], [100.0]]), [STATION])
    np.testing.assert_allclose(normalised[:, 0], [1.0, 0.5, 0.0])


def test_theme_sub_score_is_the_mean_of_its_known_indicators():
    colleges = IndicatorSpec("college_distance_km", "services", "lower")
    pharmacies = IndicatorSpec("pharmacies", "services", "higher")
    # colleges [0, 100, ?] → P5 = 5, P95 = 95 → flipped: 1, 0, ?;
    # pharmacies [0, 2, 4] → P5 = 0.2, P95 = 3.8 → 0, 0.5, 1.
    values = np.array([[0.0, 0.0], [100.0, 2.0], [NAN, 4.0]])
    result = compute_index(values, [colleges, pharmacies], {"services": 1}, ["a", "b", "c"])
    np.testing.assert_allclose(result.theme_scores[:, 0], [50.0, 25.0, 100.0])
    np.testing.assert_allclose(result.confidence, [1.0, 1.0, 1.0])


def test_weighted_theme_without_any_indicator_lowers_confidence_not_the_score():
    values = np.array([[0.0], [100.0]])
    result = compute_index(values, [FIBRE], {"connectivity": 3, "housing": 1}, ["a", "b"])
    np.testing.assert_allclose(result.score, [0.0, 100.0])
    np.testing.assert_allclose(result.confidence, [0.75, 0.75])


def test_equal_scores_share_a_rank_and_are_listed_by_key():
    values = np.array([[10.0], [90.0], [90.0], [50.0]])
    result = compute_index(values, [FIBRE], {"connectivity": 1}, ["05093", "05085", "05023", "x"])
    assert result.rank.tolist() == [4, 1, 1, 3]
    assert [result.keys[i] for i in result.order] == ["05023", "05085", "x", "05093"]


def test_a_theme_weighted_zero_or_absent_does_not_count():
    values = np.array([[0.0, 0.0], [100.0, 100.0]])
    result = compute_index(values, [FIBRE, STATION], {"connectivity": 1, "mobility": 0}, ["a", "b"])
    assert result.themes == ("connectivity",)
    np.testing.assert_allclose(result.score, [0.0, 100.0])
    assert result.theme_scores.shape == (2, 1)


@pytest.mark.parametrize(
    "weights",
    [
        {"connectivity": -1, "mobility": 2},
        {"connectivity": 0, "mobility": 0},
        {},
        {"connectivity": math.nan},
        {"connectivity": math.inf},
    ],
)
def test_negative_zero_or_missing_weights_are_refused(weights):
    with pytest.raises(InvalidWeights):
        compute_index(np.array([[1.0, 2.0]]), [FIBRE, STATION], weights, ["a"])


def test_neutral_indicator_and_wrong_shape_are_refused():
    neutral = IndicatorSpec("median_income", "economy", "neutral")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="direction"):
        compute_index(np.array([[1.0]]), [neutral], {"economy": 1}, ["a"])
    with pytest.raises(ValueError, match="expected"):
        compute_index(np.array([[1.0, 2.0]]), [FIBRE], {"connectivity": 1}, ["a"])


def test_sensitivity_hand_computed():
    # connectivity [100, 0, 50] → 1, 0, 0.5; mobility (higher here) [0, 100, 50] → 0, 1, 0.5.
    # Weights 1.1 / 1: X = 110 / 2.1 = 52.4, Y = 100 / 2.1 = 47.6, Z = 50 → X 1, Z 2, Y 3.
    # connectivity × 0.8 (0.88): X = 88 / 1.88 = 46.8, Y = 53.2 → Y 1, Z 2, X 3 (reversed);
    # × 1.2 keeps the order. mobility × 0.8 keeps it; × 1.2: X = 110 / 2.3 = 47.8 → reversed.
    mobility = IndicatorSpec("departures", "mobility", "higher")
    values = np.array([[100.0, 0.0], [0.0, 100.0], [50.0, 50.0]])
    result = compute_index(
        values, [FIBRE, mobility], {"connectivity": 1.1, "mobility": 1}, ["X", "Y", "Z"]
    )
    assert result.rank.tolist() == [1, 3, 2]
    found = {(s.theme, s.factor): s for s in sensitivity(result)}
    assert set(found) == {
        ("connectivity", 0.8),
        ("connectivity", 1.2),
        ("mobility", 0.8),
        ("mobility", 1.2),
    }
    reversed_ = found["connectivity", 0.8]
    assert reversed_.rank.tolist() == [3, 1, 2]
    assert reversed_.max_move == 2 and reversed_.mean_move == pytest.approx(4 / 3)
    assert reversed_.spearman == pytest.approx(-1.0)
    unchanged = found["connectivity", 1.2]
    assert (unchanged.max_move, unchanged.mean_move, unchanged.spearman) == (0, 0.0, 1.0)
    assert found["mobility", 0.8].max_move == 0
    assert found["mobility", 1.2].max_move == 2


def test_sensitivity_ignores_communes_without_a_score():
    values = np.array([[0.0], [100.0], [NAN]])
    result = compute_index(values, [FIBRE], {"connectivity": 1}, ["a", "b", "c"])
    low, _high = sensitivity(result)
    assert low.rank.tolist() == [2, 1, 0] and low.max_move == 0


def test_spearman_matches_the_textbook_formula_without_ties():
    a = np.array([1.0, 2.0, 3.0, 4.0, 5.0])
    b = np.array([2.0, 1.0, 4.0, 3.0, 5.0])
    # 1 − 6 Σd² / (n (n² − 1)) = 1 − 6·4 / 120 = 0.8
    assert spearman(a, b) == pytest.approx(0.8)
    assert spearman(a[:1], b[:1]) is None
