"""The remote-work feasibility index of a territory's communes, read from the database.

For pages, the API and the report, one call:

    result = territory_feasibility(territory)                 # the territory's weights
    result = territory_feasibility(territory, weights={...})  # a preview with other weights
    for row in result.rows:            # best first; communes without any data last
        row.code, row.name, row.grouping_code, row.population
        row.score        # 0–100 or None (nothing known)
        row.confidence   # 0–1: share of the total weight backed by known values
        row.rank         # 1 = best, equal scores share a rank; None without a score
        row.themes       # {theme: sub-score 0–100 or None}, in result.themes order
        row.missing_themes  # weighted themes without any known value for this commune
    result.weights       # {theme: weight} used (positive ones), result.weights_are_default
    result.indicators    # the indicators that count, with their theme, direction and source
    result.engine        # the engine's IndexResult (normalised values, scaling, for explanations)

`weights` given to the selector are checked like stored ones: negative or all-zero weights raise
`InvalidWeights` (a ValueError). The compared set is the territory's communes: a commune's score
says where it stands among them, not against the whole country. Only the latest value of each
indicator counts; "secret" and "unknown" values count as missing, never as zero. The national
teleworkability estimate is not a commune value and never enters here (see teleworkability.py).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal, cast

import numpy as np

from alpsatellites.observatory.feasibility import (
    FloatArray,
    IndexResult,
    IndicatorSpec,
    ThemeSensitivity,
    compute_index,
    sensitivity,
    validate_weights,
)
from alpsatellites.observatory.models import (
    Direction,
    FeasibilityWeights,
    Indicator,
    IndicatorValue,
    Theme,
    ValueStatus,
)
from alpsatellites.observatory.teleworkability import NationalEstimate, national_estimate
from alpsatellites.territories.models import Commune, Source, Territory

THEMES: tuple[str, ...] = tuple(Theme.values)


@cache
def default_weights() -> dict[str, float]:
    """The shipped default weights (data/feasibility/default_weights.json): to be discussed."""
    text = (
        resources.files("alpsatellites.observatory")
        .joinpath("data/feasibility/default_weights.json")
        .read_text(encoding="utf-8")
    )
    weights = json.loads(text)["weights"]
    return {theme: float(weights.get(theme, 0)) for theme in THEMES}


def territory_weights(territory: Territory) -> tuple[dict[str, float], bool]:
    """The territory's weights for every theme (0 where not weighted), and whether default."""
    stored = FeasibilityWeights.objects.filter(territory=territory).values_list(
        "weights", flat=True
    )
    for weights in stored:
        if weights:
            return {theme: float(weights.get(theme, 0)) for theme in THEMES}, False
    return default_weights(), True


@dataclass(frozen=True)
class IndexIndicator:
    id: int
    code: str
    label: str
    unit: str
    decimals: int
    theme: str
    direction: str
    source: Source


@dataclass(frozen=True)
class CommuneFeasibility:
    commune_id: int
    code: str
    name: str
    grouping_code: str | None
    population: int | None
    score: float | None
    confidence: float
    rank: int | None
    themes: dict[str, float | None]
    missing_themes: tuple[str, ...]


@dataclass(frozen=True)
class TerritoryFeasibility:
    territory: Territory
    weights: dict[str, float]
    weights_are_default: bool
    themes: tuple[str, ...]
    indicators: tuple[IndexIndicator, ...]
    rows: tuple[CommuneFeasibility, ...]
    engine: IndexResult

    def row(self, code: str) -> CommuneFeasibility | None:
        return next((row for row in self.rows if row.code == code), None)

    def themes_with_data(self) -> tuple[str, ...]:
        """Weighted themes for which at least one commune has a known value."""
        return tuple(
            theme
            for t, theme in enumerate(self.themes)
            if not bool(np.isnan(self.engine.theme_scores[:, t]).all())
        )


def index_indicators() -> tuple[IndexIndicator, ...]:
    """The indicators that count in the index (in_index and a direction), in catalogue order."""
    queryset = (
        Indicator.objects.filter(in_index=True)
        .exclude(direction=Direction.NEUTRAL)
        .select_related("source")
        .order_by("theme", "position", "code")
    )
    order = {theme: i for i, theme in enumerate(THEMES)}
    found = [
        IndexIndicator(
            id=i.pk,
            code=i.code,
            label=i.label,
            unit=i.unit,
            decimals=i.decimals,
            theme=i.theme,
            direction=i.direction,
            source=i.source,
        )
        for i in queryset
    ]
    return tuple(sorted(found, key=lambda i: order.get(i.theme, len(order))))


def _latest_values(
    territory: Territory, indicators: tuple[IndexIndicator, ...], commune_ids: list[int]
) -> FloatArray:
    """communes × indicators: the latest value of each pair (NaN: none, secret or unknown)."""
    matrix = np.full((len(commune_ids), len(indicators)), np.nan)
    row_of = {pk: i for i, pk in enumerate(commune_ids)}
    column_of = {indicator.id: j for j, indicator in enumerate(indicators)}
    seen: set[tuple[int, int]] = set()
    rows = (
        IndicatorValue.objects.filter(commune__territory=territory, indicator_id__in=column_of)
        .order_by("indicator_id", "commune_id", "-reference_date")
        .values_list("indicator_id", "commune_id", "value", "status")
    )
    for indicator_id, commune_id, value, status in rows.iterator(chunk_size=5000):
        pair = (indicator_id, commune_id)
        if pair in seen or commune_id not in row_of:
            continue
        seen.add(pair)  # the latest date only, even when it is secret or unknown
        if status == ValueStatus.KNOWN and value is not None and math.isfinite(value):
            matrix[row_of[commune_id], column_of[indicator_id]] = value
    return matrix


def territory_feasibility(
    territory: Territory, *, weights: dict[str, float] | None = None
) -> TerritoryFeasibility:
    """The index of every commune of `territory` (see the module docstring). Three queries."""
    if weights is None:
        all_weights, is_default = territory_weights(territory)
    else:
        all_weights, is_default = {t: float(weights.get(t, 0)) for t in THEMES}, False
    used = validate_weights(all_weights)
    indicators = index_indicators()
    communes = list(
        Commune.objects.filter(territory=territory)
        .order_by("code")
        .values_list("id", "code", "name", "grouping__official_id", "population")
    )
    matrix = _latest_values(territory, indicators, [c[0] for c in communes])
    specs = [
        IndicatorSpec(i.code, i.theme, cast(Literal["higher", "lower"], i.direction))
        for i in indicators
    ]
    engine = compute_index(matrix, specs, used, [c[1] for c in communes])
    rows = []
    for i in engine.order.tolist():
        commune_id, code, name, grouping_code, population = communes[i]
        themes = {
            theme: _or_none(float(engine.theme_scores[i, t]))
            for t, theme in enumerate(engine.themes)
        }
        rows.append(
            CommuneFeasibility(
                commune_id=commune_id,
                code=code,
                name=name,
                grouping_code=grouping_code,
                population=population,
                score=engine.score_or_none(i),
                confidence=float(engine.confidence[i]),
                rank=engine.rank_or_none(i),
                themes=themes,
                missing_themes=tuple(t for t, v in themes.items() if v is None),
            )
        )
    return TerritoryFeasibility(
        territory=territory,
        weights=used,
        weights_are_default=is_default,
        themes=engine.themes,
        indicators=indicators,
        rows=tuple(rows),
        engine=engine,
    )


def _or_none(value: float) -> float | None:
    return None if math.isnan(value) else value


@dataclass(frozen=True)
class SensitivityRow:
    """One commune's rank in the base ranking and the range it spans under every ±20 % change."""

    code: str
    name: str
    rank: int
    best: int
    worst: int


def feasibility_sensitivity(
    result: TerritoryFeasibility,
) -> tuple[list[ThemeSensitivity], list[SensitivityRow]]:
    """Per theme and factor (×0.8, ×1.2) the moves, and per ranked commune its range of ranks."""
    variants = sensitivity(result.engine)
    index_of = {code: i for i, code in enumerate(result.engine.keys)}
    rows = []
    for row in result.rows:
        if row.rank is None:
            continue
        i = index_of[row.code]
        ranks = [row.rank, *(int(v.rank[i]) for v in variants)]
        rows.append(SensitivityRow(row.code, row.name, row.rank, min(ranks), max(ranks)))
    return variants, rows


TELEWORKABLE_CODE = "teleworkable_jobs_share"


@dataclass(frozen=True)
class Teleworkability:
    """What the pages say about teleworkable jobs: local values if imported, else national."""

    local_values: int  # communes of the territory with a known local share
    national: NationalEstimate | None


def territory_teleworkability(territory: Territory) -> Teleworkability:
    local = IndicatorValue.objects.filter(
        indicator__code=TELEWORKABLE_CODE,
        commune__territory=territory,
        status=ValueStatus.KNOWN,
    ).count()
    return Teleworkability(local_values=local, national=national_estimate(territory.country))


@dataclass(frozen=True)
class ComparedValue:
    indicator: IndexIndicator
    values: tuple[IndicatorValue | None, ...]  # one per compared commune, the latest


def feasibility_comparison(
    result: TerritoryFeasibility, codes: tuple[str, ...]
) -> tuple[tuple[CommuneFeasibility, ...], list[ComparedValue]]:
    """The rows of the communes `codes` and, per index indicator, their latest values (one query).

    Raises KeyError naming a code that is not one of the territory's communes.
    """
    rows = []
    for code in codes:
        row = result.row(code)
        if row is None:
            raise KeyError(code)
        rows.append(row)
    latest: dict[tuple[int, int], IndicatorValue] = {}
    values = (
        IndicatorValue.objects.filter(
            commune_id__in=[row.commune_id for row in rows],
            indicator_id__in=[i.id for i in result.indicators],
        )
        .select_related("source")
        .order_by("indicator_id", "commune_id", "-reference_date")
    )
    for value in values:
        latest.setdefault((value.indicator_id, value.commune_id), value)
    compared = [
        ComparedValue(indicator, tuple(latest.get((indicator.id, row.commune_id)) for row in rows))
        for indicator in result.indicators
    ]
    return tuple(rows), compared
