"""Ranks a territory's communes for a needs profile, and says why, criterion by criterion.

Plain NumPy over arrays of communes: each criterion is a handful of vector operations, so the
cost grows linearly with the number of communes (benchmarks/matching.py) and the ranking is
computed whole before any explanation is built; explanations (`Ranking.matches`) are built only
for the communes a page or the API shows.

The rules, so that a score can be explained in one sentence each:
- a MUST criterion a commune fails excludes it, and the failure is the reason given;
- every criterion asked for (MUST or NICE) is worth the same points; a value within the limit
  earns them all, past it fewer and fewer (criteria.py says how fast);
- a value nobody knows is "unknown": it counts in neither the points earned nor the points
  possible (never as a zero), and a MUST that is unknown excludes nothing but is flagged so
  the household asks the welcome officer;
- the score is 100 × earned / possible over the known criteria; none known: no score;
- ties (same score) go by name, then by official code, so the order never depends on input order.

Reasons are codes with parameters (no Django, no translation here); newcomers/matching_text.py
turns them into sentences in the reader's language.
"""

import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property

import numpy as np
import numpy.typing as npt

from .criteria import (
    ALTITUDE_DECAY_M,
    FIBRE_ZERO_SHARE,
    RENT_DECAY_SHARE,
    Criterion,
    Rule,
    Skipped,
    criteria_for,
)
from .profile import Importance, NeedsProfile

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.intp]
# Scores are compared at this precision, so float noise never decides between equal communes.
SCORE_DECIMALS = 6


@dataclass(frozen=True)
class Citation:
    """Where a value comes from, as plain data: the feed fills it from the Source rows."""

    key: str
    title: str
    publisher: str = ""
    url: str = ""


@dataclass
class CommuneTable:
    """The communes of a territory as arrays: position i of every sequence is commune i.

    `values[measure]`: floats, NaN where unknown (a missing measure is unknown everywhere).
    `labels[measure]`: what the value is about, e.g. the nearest station's name ("" if none).
    `sources[measure]`: the citation key of each value ("" if none), `periods[measure]` its date
    as published ("T2 2025"); `citations` maps the keys to their Citation.
    `bases[measure]`: how each value was obtained when not from a located place ("" then):
    "in_commune" (counted in the commune itself, 0 min), "nearest_commune" (none in the commune:
    the nearest commune that has one, named in `labels`), "none_in_territory" (none in the
    commune nor in any other commune of the territory: unknown beyond it).
    """

    codes: Sequence[str]
    names: Sequence[str]
    values: Mapping[str, FloatArray]
    labels: Mapping[str, Sequence[str]] = field(default_factory=dict)
    sources: Mapping[str, Sequence[str]] = field(default_factory=dict)
    periods: Mapping[str, Sequence[str]] = field(default_factory=dict)
    citations: Mapping[str, Citation] = field(default_factory=dict)
    bases: Mapping[str, Sequence[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        size = len(self.codes)
        if len(self.names) != size:
            raise ValueError("codes and names differ in length")
        for name, columns in (
            ("values", self.values),
            ("labels", self.labels),
            ("sources", self.sources),
            ("periods", self.periods),
            ("bases", self.bases),
        ):
            for measure, column in columns.items():
                if len(column) != size:
                    raise ValueError(f"{name}[{measure!r}] has {len(column)} rows, not {size}")

    def __len__(self) -> int:
        return len(self.codes)

    def measure(self, key: str) -> FloatArray:
        column = self.values.get(key)
        if column is None:
            return np.full(len(self), np.nan)
        return np.asarray(column, dtype=np.float64)

    @cached_property
    def name_order(self) -> IntArray:
        """Each commune's position when sorted by name (accents ignored), then code."""
        keys = [(_sort_key(name), code) for name, code in zip(self.names, self.codes, strict=True)]
        order = sorted(range(len(keys)), key=keys.__getitem__)
        positions = np.empty(len(keys), dtype=np.intp)
        positions[np.asarray(order, dtype=np.intp)] = np.arange(len(keys), dtype=np.intp)
        return positions


def _sort_key(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@dataclass(frozen=True)
class Reason:
    """Why a criterion scored as it did, as a code and its parameters (translated elsewhere).

    Codes: near / far / unknown (a place within reach or not, `part` = station, college…),
    fibre / altitude / rent (a measured value against the household's limit), with params
    such as `name`, `minutes`, `threshold`, `value`, `source`, `period`, `basis` (the table's).
    """

    code: str
    params: Mapping[str, str | float | None]


@dataclass(frozen=True)
class CriterionResult:
    key: str
    group: str  # the profile's item it is counted under ("health"), "" when it is the key
    importance: Importance
    threshold: float
    value: float | None  # None: unknown
    points: float | None  # earned; None when unknown (counts in neither sum)
    possible: float | None
    status: str  # met, partial, failed, unknown
    reasons: tuple[Reason, ...]

    @property
    def known(self) -> bool:
        return self.value is not None

    @property
    def ask_officer(self) -> bool:
        """A MUST nobody knows: it excludes nothing, the welcome officer can tell."""
        return self.importance == Importance.MUST and self.value is None


@dataclass(frozen=True)
class CommuneMatch:
    index: int  # the commune's row in the table
    code: str
    name: str
    rank: int | None  # 1-based among the communes kept; None when excluded
    score: float | None  # 0–100; None when no criterion is known
    earned: float
    possible: float
    excluded: bool
    failed: tuple[str, ...]  # keys of the MUST criteria that excluded it
    criteria: tuple[CriterionResult, ...]

    @property
    def unknown(self) -> tuple[str, ...]:
        return tuple(c.key for c in self.criteria if not c.known)


@dataclass
class _Scored:
    criterion: Criterion
    value: FloatArray  # the criterion's value per commune, NaN unknown
    fraction: FloatArray  # share of the points earned (NaN unknown)
    failed: BoolArray  # known and beyond the limit


class Ranking:
    """The outcome for every commune, as arrays; CommuneMatch objects on demand."""

    def __init__(
        self,
        table: CommuneTable,
        criteria: list[Criterion],
        skipped: list[Skipped],
        scored: list[_Scored],
    ) -> None:
        self.table = table
        self.criteria = criteria
        self.skipped = skipped
        self._scored = scored
        size = len(table)
        self.earned = np.zeros(size)
        self.possible = np.zeros(size)
        self.excluded = np.zeros(size, dtype=np.bool_)
        for item in scored:
            known = ~np.isnan(item.value)
            self.possible += np.where(known, item.criterion.points, 0.0)
            self.earned += np.where(known, item.fraction * item.criterion.points, 0.0)
            if item.criterion.importance == Importance.MUST:
                self.excluded |= item.failed
        with np.errstate(invalid="ignore", divide="ignore"):
            self.score = np.where(self.possible > 0, 100.0 * self.earned / self.possible, np.nan)
        # Best score first, no score after every score, then name, then code.
        rounded = np.round(self.score, SCORE_DECIMALS)
        descending = np.where(np.isnan(rounded), np.inf, -rounded)
        order = np.lexsort((table.name_order, descending, self.excluded))
        kept = int(size - np.count_nonzero(self.excluded))
        self.order: IntArray = order[:kept]  # the communes kept, best first
        self.excluded_order: IntArray = order[kept:]  # the excluded ones, by score then name

    def __len__(self) -> int:
        return len(self.order)

    def matches(self, limit: int | None = None) -> list[CommuneMatch]:
        """The communes kept, best first (all of them, or the first `limit`)."""
        indexes = self.order if limit is None else self.order[:limit]
        return self._build(indexes, ranked=True)

    def excluded_matches(self, limit: int | None = None) -> list[CommuneMatch]:
        indexes = self.excluded_order if limit is None else self.excluded_order[:limit]
        return self._build(indexes, ranked=False)

    def match(self, index: int) -> CommuneMatch:
        """One commune's result, wherever it stands (rank None when excluded)."""
        built = self._build(np.array([index], dtype=np.intp), ranked=False)[0]
        if built.excluded:
            return built
        rank_of = int(np.flatnonzero(self.order == index)[0]) + 1
        return replace(built, rank=rank_of)

    def _build(self, indexes: IntArray, *, ranked: bool) -> list[CommuneMatch]:
        """The explanations of the communes at `indexes`: the arrays are read once for all of
        them (plain Python floats then), so a page of 20 costs the same in any territory."""
        rows = indexes.tolist()
        columns = [self._columns(item, indexes) for item in self._scored]
        scores = self.score[indexes].tolist()
        earned = self.earned[indexes].tolist()
        possible = self.possible[indexes].tolist()
        excluded = self.excluded[indexes].tolist()
        built = []
        for position, index in enumerate(rows):
            results = tuple(
                self._criterion_result(item, column, position, index)
                for item, column in zip(self._scored, columns, strict=True)
            )
            score = scores[position]
            built.append(
                CommuneMatch(
                    index=index,
                    code=self.table.codes[index],
                    name=self.table.names[index],
                    rank=position + 1 if ranked else None,
                    score=None if score != score else round(score, 1),  # NaN: no score
                    earned=earned[position],
                    possible=possible[position],
                    excluded=bool(excluded[position]),
                    failed=tuple(
                        r.key
                        for r in results
                        if r.importance == Importance.MUST and r.status == "failed"
                    ),
                    criteria=results,
                )
            )
        return built

    def _columns(self, item: _Scored, indexes: IntArray) -> "_Columns":
        return _Columns(
            value=item.value[indexes].tolist(),
            fraction=item.fraction[indexes].tolist(),
            failed=item.failed[indexes].tolist(),
            parts={
                part: self.table.measure(part)[indexes].tolist() for part in item.criterion.parts
            },
        )

    def _criterion_result(
        self, item: _Scored, column: "_Columns", position: int, index: int
    ) -> CriterionResult:
        criterion = item.criterion
        value = column.value[position]
        reasons = tuple(
            self._part_reason(criterion, part, column.parts[part][position], index)
            for part in criterion.parts
        )
        if value != value:  # NaN: unknown
            return CriterionResult(
                key=criterion.key,
                group=criterion.group,
                importance=criterion.importance,
                threshold=criterion.threshold,
                value=None,
                points=None,
                possible=None,
                status="unknown",
                reasons=reasons,
            )
        if column.failed[position]:
            status = "failed" if criterion.importance == Importance.MUST else "partial"
        else:
            status = "met"
        return CriterionResult(
            key=criterion.key,
            group=criterion.group,
            importance=criterion.importance,
            threshold=criterion.threshold,
            value=value,
            points=round(column.fraction[position] * criterion.points, 2),
            possible=criterion.points,
            status=status,
            reasons=reasons,
        )

    def _part_reason(self, criterion: Criterion, part: str, value: float, index: int) -> Reason:
        table = self.table
        labels, sources, periods, bases = (
            table.labels.get(part),
            table.sources.get(part),
            table.periods.get(part),
            table.bases.get(part),
        )
        source_key = sources[index] if sources is not None else ""
        citation = table.citations.get(source_key) if source_key else None
        params: dict[str, str | float | None] = {
            "part": part,
            "threshold": criterion.threshold,
            "name": labels[index] if labels is not None else "",
            "source": citation.title if citation else "",
            "source_key": source_key,
            "period": periods[index] if periods is not None else "",
            "basis": bases[index] if bases is not None else "",
        }
        if value != value:  # NaN: unknown
            return Reason("unknown", params)
        params["value"] = value
        if criterion.rule == Rule.TRAVEL:
            return Reason("near" if value <= criterion.threshold else "far", params)
        return Reason(str(criterion.rule), params)


@dataclass
class _Columns:
    """One criterion's arrays at the rows being explained, as plain Python values."""

    value: list[float]
    fraction: list[float]
    failed: list[bool]
    parts: dict[str, list[float]]


def _fraction(criterion: Criterion, value: FloatArray) -> tuple[FloatArray, BoolArray]:
    """The share of the points earned (NaN where unknown) and where the limit is not met."""
    limit = criterion.threshold
    known = ~np.isnan(value)
    filled = np.where(known, value, 0.0)
    if criterion.rule == Rule.FIBRE:
        fraction = np.clip((filled - FIBRE_ZERO_SHARE) / (limit - FIBRE_ZERO_SHARE), 0.0, 1.0)
        failed = known & (filled < limit)
    else:
        if criterion.rule == Rule.TRAVEL:
            decay = limit  # zero at twice the limit
        elif criterion.rule == Rule.ALTITUDE:
            decay = ALTITUDE_DECAY_M
        else:
            decay = limit * RENT_DECAY_SHARE
        fraction = np.clip(1.0 - (filled - limit) / max(decay, 1e-9), 0.0, 1.0)
        failed = known & (filled > limit)
    return np.where(known, fraction, np.nan), failed


def _combined(table: CommuneTable, criterion: Criterion) -> FloatArray:
    """One value per commune for a criterion of several parts (school = collège and lycée).

    The worst part decides; a part that is unknown makes the whole unknown, unless a known
    part already fails the limit (then the failure is certain whatever the unknown part).
    """
    columns = [table.measure(part) for part in criterion.parts]
    if len(columns) == 1:
        return columns[0]
    stack = np.vstack(columns)
    missing = np.isnan(stack)
    higher_worse = criterion.rule != Rule.FIBRE
    filler = -np.inf if higher_worse else np.inf
    worst = (
        np.where(missing, filler, stack).max(axis=0)
        if higher_worse
        else np.where(missing, filler, stack).min(axis=0)
    )
    beyond = worst > criterion.threshold if higher_worse else worst < criterion.threshold
    any_missing = missing.any(axis=0)
    return np.where(any_missing & ~beyond, np.nan, worst)


def rank(table: CommuneTable, profile: NeedsProfile) -> Ranking:
    """Every commune of `table` scored for `profile`; deterministic for the same inputs."""
    criteria, skipped = criteria_for(profile)
    scored = []
    for criterion in criteria:
        value = _combined(table, criterion)
        fraction, failed = _fraction(criterion, value)
        scored.append(_Scored(criterion, value, fraction, failed))
    return Ranking(table, criteria, skipped, scored)


__all__ = [
    "Citation",
    "CommuneMatch",
    "CommuneTable",
    "CriterionResult",
    "Ranking",
    "Reason",
    "rank",
]
