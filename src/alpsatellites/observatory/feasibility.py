"""The remote-work feasibility index: plain NumPy on a communes × indicators matrix, no Django.

Method (the method page says the same in plain words):

1. **Normalisation: min–max within the compared set, after winsorising at the 5th and 95th
   percentiles.** Each indicator's known values are clipped to [P5, P95] of the communes compared
   (a territory), then scaled to 0–1 (1 = best: "lower is better" indicators are flipped). Min–max
   keeps the distances between communes (94 % and 95 % fibre stay close, where a rank-percentile
   would put them a whole rank apart — large in a set of 36 communes), and the clipping keeps one
   outlier (a town with 40 stations among villages with none) from squeezing every other commune
   into a corner of the scale. When clipping would flatten an indicator that does vary (more than
   90 % of communes share one value, e.g. no workspace at all), the raw minimum and maximum are
   used instead, so the few communes that differ are still told apart. An indicator with a single
   known value everywhere cannot tell communes apart: every commune with a value gets the middle
   mark, 0.5 — neither better nor worse than the others.
2. **Theme sub-score** = mean of the theme's known normalised indicators, × 100.
3. **Score** = mean of the theme sub-scores weighted by the themes' weights, over the themes the
   commune has data for: the weights are re-normalised over those themes, so a missing figure is
   never counted as zero (nor as average). Missing data lowers the **confidence** instead: the
   share of the total weight carried by themes with at least one known value (1 = every weighted
   theme known). A commune with no known value at all has no score and confidence 0.
4. **Rank**: 1 = highest score; equal scores (to 1e-6) share a rank ("1, 2, 2, 4"); rows are
   ordered by score then by their key (commune code), so the order never depends on the input's.
5. **Sensitivity**: each weighted theme's weight × 0.8 and × 1.2, the others unchanged; how many
   ranks each commune moves (max and mean) and Spearman's correlation with the base ranking.

Everything is vectorised over communes (35,000 communes in a few tens of milliseconds, see
benchmarks/feasibility_index.py).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

WINSOR_LOW = 5.0
WINSOR_HIGH = 95.0
SENSITIVITY_FACTORS = (0.8, 1.2)
# Scores closer than this are equal (float sums in another order must not split a tie).
TIE_DECIMALS = 6


class InvalidWeights(ValueError):
    """Weights that cannot make an index: negative, not finite, or all zero."""


@dataclass(frozen=True)
class IndicatorSpec:
    code: str
    theme: str
    direction: Literal["higher", "lower"]


@dataclass(frozen=True)
class Scaling:
    """How one indicator was scaled to 0–1: the explanation of a normalised value."""

    code: str
    low: float | None  # value mapped to 0 before flipping (None: no known value)
    high: float | None
    winsorised: bool  # True when P5/P95 were used, False when the raw min/max were
    constant: bool  # a single known value: everybody gets 0.5
    known: int  # communes with a known value


@dataclass(frozen=True)
class IndexResult:
    keys: tuple[str, ...]
    themes: tuple[str, ...]  # the weighted themes, in the order of the weights given
    weights: dict[str, float]  # as given (only themes with a positive weight)
    normalised: FloatArray  # communes × indicators, 0–1, NaN where unknown
    theme_scores: FloatArray  # communes × themes, 0–100, NaN where the theme has no data
    score: FloatArray  # 0–100, NaN where nothing is known
    confidence: FloatArray  # 0–1
    rank: IntArray  # 1 = best; 0 = no score
    order: IntArray  # row indices, best first, unscored last (by key)
    scaling: tuple[Scaling, ...]

    def rank_or_none(self, i: int) -> int | None:
        return int(self.rank[i]) or None

    def score_or_none(self, i: int) -> float | None:
        value = float(self.score[i])
        return None if math.isnan(value) else value


@dataclass(frozen=True)
class ThemeSensitivity:
    theme: str
    factor: float
    max_move: int
    mean_move: float
    spearman: float | None  # None when fewer than two communes have a score
    rank: IntArray  # the ranking with this weight changed


def validate_weights(weights: Mapping[str, float]) -> dict[str, float]:
    """The positive weights, in the given order; InvalidWeights if any is negative or none > 0."""
    checked: dict[str, float] = {}
    for theme, raw in weights.items():
        weight = float(raw)
        if not math.isfinite(weight):
            raise InvalidWeights(f"The weight of {theme} is not a number.")
        if weight < 0:
            raise InvalidWeights(f"The weight of {theme} is negative.")
        if weight > 0:
            checked[theme] = weight
    if not checked:
        raise InvalidWeights("At least one weight must be above zero.")
    return checked


def _scale(code: str, column: FloatArray) -> tuple[FloatArray, Scaling]:
    """0–1 values of one indicator (1 = highest value), and how they were obtained."""
    known = ~np.isnan(column)
    count = int(known.sum())
    if count == 0:
        return column.copy(), Scaling(code, None, None, False, False, 0)
    values = column[known]
    raw_low, raw_high = float(values.min()), float(values.max())
    if raw_low == raw_high:
        return np.where(known, 0.5, np.nan), Scaling(code, raw_low, raw_high, False, True, count)
    low, high = (float(v) for v in np.percentile(values, [WINSOR_LOW, WINSOR_HIGH]))
    winsorised = high > low
    if not winsorised:
        low, high = raw_low, raw_high
    out = (np.clip(column, low, high) - low) / (high - low)
    return out, Scaling(code, low, high, winsorised, False, count)


def normalise(
    values: FloatArray, indicators: Sequence[IndicatorSpec]
) -> tuple[FloatArray, tuple[Scaling, ...]]:
    """Each column scaled to 0–1 with 1 = best (see the module docstring, step 1)."""
    normalised = np.empty_like(values, dtype=np.float64)
    scalings = []
    for j, spec in enumerate(indicators):
        column, scaling = _scale(spec.code, values[:, j].astype(np.float64))
        normalised[:, j] = 1.0 - column if spec.direction == "lower" else column
        scalings.append(scaling)
    return normalised, tuple(scalings)


def _theme_scores(
    normalised: FloatArray, indicators: Sequence[IndicatorSpec], themes: Sequence[str]
) -> FloatArray:
    # Column sums per theme rather than a matrix product: with a handful of indicators, BLAS
    # costs more in set-up (and threads fighting for the cores) than it saves.
    known = ~np.isnan(normalised)
    filled = np.where(known, normalised, 0.0)
    out = np.full((normalised.shape[0], len(themes)), np.nan)
    for t, theme in enumerate(themes):
        columns = [j for j, spec in enumerate(indicators) if spec.theme == theme]
        if not columns:
            continue
        counts = known[:, columns].sum(axis=1)
        sums = filled[:, columns].sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            out[:, t] = np.where(counts > 0, 100.0 * sums / counts, np.nan)
    return out


def _combine(theme_scores: FloatArray, weight_vector: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Weighted mean over the known themes, and the share of the weight they carry."""
    known_weight = np.zeros(theme_scores.shape[0])
    weighted = np.zeros(theme_scores.shape[0])
    for t, weight in enumerate(weight_vector.tolist()):
        column = theme_scores[:, t]
        known = ~np.isnan(column)
        known_weight += known * weight
        weighted += np.where(known, column, 0.0) * weight
    with np.errstate(invalid="ignore", divide="ignore"):
        score = np.where(known_weight > 0, weighted / known_weight, np.nan)
    return score, known_weight / float(weight_vector.sum())


def rank_scores(score: FloatArray, key_order: IntArray) -> tuple[IntArray, IntArray]:
    """Competition ranks (1 = best, equal scores share, 0 = no score) and the display order.

    `key_order[i]` is row i's position when rows are sorted by key: ties are listed by key.
    """
    rounded = np.round(score, TIE_DECIMALS)
    negated = np.where(np.isnan(rounded), np.inf, -rounded)
    order = np.lexsort((key_order, negated)).astype(np.int64)
    # One sort gives both: walking the sorted scores, a rank is the position where its group of
    # equal scores starts.
    ordered = negated[order]
    positions = np.arange(len(ordered), dtype=np.int64)
    starts = np.ones(len(ordered), dtype=bool)
    starts[1:] = ordered[1:] != ordered[:-1]
    ranks_in_order = np.maximum.accumulate(np.where(starts, positions, 0)) + 1
    rank = np.empty(len(score), dtype=np.int64)
    rank[order] = np.where(np.isinf(ordered), 0, ranks_in_order)
    return rank, order


def _average_ranks(values: FloatArray) -> FloatArray:
    """Ranks 1..n of `values` (ascending), ties given their mean rank: Spearman's convention."""
    _, inverse, counts = np.unique(values, return_inverse=True, return_counts=True)
    ends = np.cumsum(counts)
    means = ends - (counts - 1) / 2.0
    return np.asarray(means[inverse], dtype=np.float64)


def spearman(a: FloatArray, b: FloatArray) -> float | None:
    """Spearman's rank correlation of two score vectors (both without NaN)."""
    if len(a) < 2:
        return None
    return _rank_correlation(_average_ranks(a), _average_ranks(b))


def _rank_correlation(ra: FloatArray, rb: FloatArray) -> float | None:
    """Pearson's correlation of two rank vectors: Spearman's rho."""
    if len(ra) < 2:
        return None
    da, db = ra - ra.mean(), rb - rb.mean()
    denominator = math.sqrt(float((da * da).sum()) * float((db * db).sum()))
    if denominator == 0:
        # Every commune tied in one of the rankings: correlation undefined, read as unchanged.
        return 1.0 if np.array_equal(ra, rb) else None
    return float((da * db).sum()) / denominator


def _key_order(keys: Sequence[str]) -> IntArray:
    """Each row's position among the rows sorted by key (tie-break of the ranking)."""
    # Callers usually pass keys already sorted (communes by code): checking costs a few ms where
    # sorting 35,000 strings costs tens.
    if all(a <= b for a, b in itertools.pairwise(keys)):
        return np.arange(len(keys), dtype=np.int64)
    positions = np.empty(len(keys), dtype=np.int64)
    positions[sorted(range(len(keys)), key=keys.__getitem__)] = np.arange(len(keys))
    return positions


def compute_index(
    values: FloatArray,
    indicators: Sequence[IndicatorSpec],
    weights: Mapping[str, float],
    keys: Sequence[str],
) -> IndexResult:
    """The index of every row of `values` (communes × indicators, NaN = unknown or secret).

    `weights` maps themes to non-negative weights (at least one positive); a theme missing from
    it, or weighted 0, does not count. A weighted theme with no indicator lowers every commune's
    confidence, truthfully: nothing is known about it.
    """
    values = np.asarray(values, dtype=np.float64)
    if values.ndim != 2 or values.shape != (len(keys), len(indicators)):
        raise ValueError(
            f"values are {values.shape}, expected {(len(keys), len(indicators))} "
            "(communes × indicators)."
        )
    for spec in indicators:
        if spec.direction not in ("higher", "lower"):
            raise ValueError(f"{spec.code}: only indicators with a direction can count.")
    checked = validate_weights(weights)
    themes = tuple(checked)
    weight_vector = np.array([checked[t] for t in themes], dtype=np.float64)
    normalised, scaling = normalise(values, indicators)
    theme_scores = _theme_scores(normalised, indicators, themes)
    score, confidence = _combine(theme_scores, weight_vector)
    rank, order = rank_scores(score, _key_order(keys))
    return IndexResult(
        keys=tuple(keys),
        themes=themes,
        weights=checked,
        normalised=normalised,
        theme_scores=theme_scores,
        score=score,
        confidence=confidence,
        rank=rank,
        order=order,
        scaling=scaling,
    )


def sensitivity(
    result: IndexResult, factors: Sequence[float] = SENSITIVITY_FACTORS
) -> list[ThemeSensitivity]:
    """For each weighted theme and factor: the ranking with that theme's weight × factor.

    Only communes with a score are compared (an unscored commune has no rank to move). The
    sub-scores do not depend on the weights, so only the weighted mean is recomputed.
    """
    base_weights = np.array([result.weights[t] for t in result.themes], dtype=np.float64)
    key_order = _key_order(result.keys)
    scored = result.rank > 0
    base_ranks = _average_ranks(result.score[scored])
    out = []
    for t, theme in enumerate(result.themes):
        for factor in factors:
            varied = base_weights.copy()
            varied[t] *= factor
            score, _ = _combine(result.theme_scores, varied)
            rank, _ = rank_scores(score, key_order)
            moves = np.abs(rank[scored] - result.rank[scored])
            out.append(
                ThemeSensitivity(
                    theme=theme,
                    factor=factor,
                    max_move=int(moves.max()) if moves.size else 0,
                    mean_move=float(moves.mean()) if moves.size else 0.0,
                    spearman=_rank_correlation(base_ranks, _average_ranks(score[scored])),
                    rank=rank,
                )
            )
    return out
