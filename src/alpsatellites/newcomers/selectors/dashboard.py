"""The territory's welcome figures: how many requests, how far they went, how fast they were
answered, why cases closed. Read by the territory's welcome dashboard and, in one query, by the
elected officials' decision dashboard (templatetags/welcome_figures).

Every figure is about the requests RECEIVED in the chosen period (a cohort): a request of last
March stays in last March's cohort whatever happened to it since, so two readings of the same
period agree. Discovery-stay applications are the exception: they are counted by the date they
were made, as they are the stays' figures, not the cases'.

No personal data leaves this module: counts, durations and dates only. Anonymised cases count
like the others (statistics are kept after erasure): they keep their territory, grouping,
stages and dates.

Cost: six queries whatever the number of cases (the groupings; one grouped pass over the cases
for the counts, reasons and requests per month; one over their recorded stage moves for the
funnel, and one for the cases with none; the first-response durations, computed as seconds by
the database; the stay applications), seven for "all time" (its first month first). The median
is taken in Python over the durations' one column of floats: see benchmarks/welcome_dashboard.py
for 10,000 cases.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from django.db.models import (
    Count,
    Exists,
    F,
    FloatField,
    Func,
    Min,
    Model,
    OuterRef,
    Q,
    QuerySet,
)

from alpsatellites.territories.models import Territory

from ..models import (
    ApplicationStatus,
    CaseStageChange,
    ClosingReason,
    Stage,
    StayApplication,
    WelcomeCase,
)

LAST_12_MONTHS = "12m"
THIS_YEAR = "year"
LAST_YEAR = "last-year"
ALL_TIME = "all"
PERIODS = (LAST_12_MONTHS, THIS_YEAR, LAST_YEAR, ALL_TIME)
DEFAULT_PERIOD = LAST_12_MONTHS

# The funnel's steps after "requests" (every case is a request) and the stages that mean a case
# reached each. A case counts at a step only if it really reached it: discovery stays are
# optional, so a household that went from exploring to settling is not counted as having had
# one (the bars may then go up again; the table says so). Follow-ups are stages of a settled
# household, so reaching them means it settled.
FUNNEL_STEPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("first_contact", (Stage.FIRST_CONTACT,)),
    ("exploring", (Stage.EXPLORING,)),
    ("discovery_stay", (Stage.DISCOVERY_STAY,)),
    ("settling", (Stage.SETTLING,)),
    ("settled", (Stage.SETTLED, Stage.FOLLOW_UP_6, Stage.FOLLOW_UP_12)),
)
FOLLOW_UPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("follow_up_6", (Stage.FOLLOW_UP_6, Stage.FOLLOW_UP_12)),
    ("follow_up_12", (Stage.FOLLOW_UP_12,)),
)
CLOSING_REASONS: tuple[str, ...] = tuple(ClosingReason.values)


@dataclass(frozen=True)
class Period:
    key: str
    start: datetime.datetime | None  # None: since the first request
    end: datetime.datetime | None  # exclusive; None: up to now
    first_day: datetime.date | None  # local dates of the bounds, for the page's sentence
    last_day: datetime.date


@dataclass(frozen=True)
class Figures:
    """One grouping's figures (or the territory's total, or the cases routed to no grouping)."""

    label: str
    grouping_id: int | None = None
    is_total: bool = False
    requests: int = 0
    reached: dict[str, int] = field(default_factory=dict)  # FUNNEL_STEPS key → cases
    follow_ups: dict[str, int] = field(default_factory=dict)  # FOLLOW_UPS key → cases
    closed: int = 0
    closing_reasons: dict[str, int] = field(default_factory=dict)  # reason → cases
    answered: int = 0
    median_first_response: datetime.timedelta | None = None
    awaiting: int = 0  # open cases that never had an answer
    oldest_waiting_since: datetime.datetime | None = None
    stay_applications: int = 0
    stay_acceptances: int = 0

    @property
    def funnel(self) -> list[tuple[str, int]]:
        """("requests", n) then each step, in order."""
        return [("requests", self.requests)] + [(key, self.reached[key]) for key, _ in FUNNEL_STEPS]

    @property
    def settled(self) -> int:
        return self.reached.get("settled", 0)

    @property
    def closed_without_reason(self) -> int:
        return self.closed - sum(self.closing_reasons.values())


@dataclass(frozen=True)
class WelcomeDashboard:
    territory: Territory
    period: Period
    rows: list[Figures]  # each grouping of the territory, then "no grouping" if it has cases
    total: Figures
    months: list[tuple[datetime.date, int, dict[int | None, int]]]  # month, total, per grouping


def period_of(key: str, *, now: datetime.datetime, zone: ZoneInfo) -> Period:
    """The bounds of a period key (one of PERIODS) in the territory's time zone.

    "Last 12 months" is the current month and the eleven before it, whole months, so that the
    monthly chart has twelve full columns. Raises ValueError on an unknown key.
    """
    today = now.astimezone(zone).date()

    def midnight(day: datetime.date) -> datetime.datetime:
        return datetime.datetime.combine(day, datetime.time(), tzinfo=zone)

    if key == LAST_12_MONTHS:
        months = today.year * 12 + today.month - 1 - 11
        first = datetime.date(months // 12, months % 12 + 1, 1)
        return Period(key, midnight(first), None, first, today)
    if key == THIS_YEAR:
        first = datetime.date(today.year, 1, 1)
        return Period(key, midnight(first), None, first, today)
    if key == LAST_YEAR:
        first, after = datetime.date(today.year - 1, 1, 1), datetime.date(today.year, 1, 1)
        return Period(key, midnight(first), midnight(after), first, after - datetime.timedelta(1))
    if key == ALL_TIME:
        return Period(key, None, None, None, today)
    raise ValueError(f"unknown period {key!r}")


_Model = TypeVar("_Model", bound=Model)


def _within(rows: QuerySet[_Model], bounds: Period, through: str = "") -> QuerySet[_Model]:
    """The rows created in the period (those whose `through` relation was, when given)."""
    field = f"{through}__created_at" if through else "created_at"
    if bounds.start is not None:
        rows = rows.filter(**{f"{field}__gte": bounds.start})
    if bounds.end is not None:
        rows = rows.filter(**{f"{field}__lt": bounds.end})
    return rows


class _Seconds(Func):
    """Seconds from the second datetime to the first, computed by the database (a float): no
    per-row Python function on SQLite, where Django's duration arithmetic calls one."""

    output_field = FloatField()
    template = "EXTRACT(EPOCH FROM (%(expressions)s))"
    arg_joiner = " - "

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler,
            connection,
            template="(julianday(%(expressions)s)) * 86400.0",
            arg_joiner=") - julianday(",
            **extra,
        )


def _moved(stages: tuple[str, ...] | None = None) -> Q:
    """The case has a recorded move to one of `stages` (to any stage when None)."""
    moves = CaseStageChange.objects.filter(case=OuterRef("pk"))
    if stages is not None:
        moves = moves.filter(to_stage__in=stages)
    return Q(Exists(moves))


def _reached(stages: tuple[str, ...]) -> Q:
    """A recorded move to one of `stages`; or, for a case with no recorded move at all (created
    at a stage directly), its current stage."""
    return _moved(stages) | (Q(stage__in=stages) & ~_moved())


def _case_aggregates(month_starts: list[datetime.datetime]) -> dict[str, Any]:
    """One pass over the cases: counts, the oldest wait, requests per month."""
    waiting = Q(first_response_at__isnull=True) & ~Q(stage=Stage.CLOSED)
    counts: dict[str, Any] = {
        "requests": Count("pk"),
        "closed": Count("pk", filter=Q(stage=Stage.CLOSED)),
        "awaiting": Count("pk", filter=waiting),
        "oldest_waiting_since": Min("created_at", filter=waiting),
    }
    for reason in CLOSING_REASONS:
        counts[f"reason_{reason}"] = Count(
            "pk", filter=Q(stage=Stage.CLOSED, closing_reason=reason)
        )
    bounds = [*month_starts[1:], None]
    for position, (start, end) in enumerate(zip(month_starts, bounds, strict=True)):
        month = (
            Q(created_at__gte=start)
            if end is None
            else Q(created_at__gte=start, created_at__lt=end)
        )
        counts[f"month_{position}"] = Count("pk", filter=month)
    return counts


def _reached_aggregates() -> dict[str, Any]:
    """Over the recorded moves: the cases that moved to each step's stages at least once."""
    return {
        f"reached_{key}": Count("case_id", distinct=True, filter=Q(to_stage__in=stages))
        for key, stages in FUNNEL_STEPS + FOLLOW_UPS
    }


def _median(seconds: list[float]) -> datetime.timedelta | None:
    """The middle duration; the mean of the two middle ones for an even count. Rounded to the
    millisecond: SQLite's julianday() is exact to a few hundredths of a millisecond only."""
    if not seconds:
        return None
    ordered = sorted(seconds)
    middle = len(ordered) // 2
    value = ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
    return datetime.timedelta(seconds=round(value, 3))


def _month_starts(
    first: datetime.date, last: datetime.date, zone: ZoneInfo
) -> list[datetime.datetime]:
    """Local midnight of the first day of each month from `first`'s to `last`'s."""
    month, starts = first.replace(day=1), []
    while month <= last:
        starts.append(datetime.datetime.combine(month, datetime.time(), tzinfo=zone))
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return starts


def welcome_dashboard(
    territory: Territory, *, period: str = DEFAULT_PERIOD, now: datetime.datetime
) -> WelcomeDashboard:
    """The welcome figures of `territory` for the requests received in `period`."""
    zone = territory.zone
    bounds = period_of(period, now=now, zone=zone)
    cases = _within(WelcomeCase.objects.filter(territory=territory), bounds).order_by()
    applications = _within(StayApplication.objects.filter(stay__territory=territory), bounds)

    groupings = list(territory.groupings.order_by("name").values_list("id", "name"))
    first_day = bounds.first_day
    if first_day is None:  # all time: from the month of the first request
        first = cases.aggregate(first=Min("created_at"))["first"]
        first_day = first.astimezone(zone).date() if first else bounds.last_day
    month_starts = _month_starts(first_day, bounds.last_day, zone)
    per_grouping: dict[int | None, dict[str, Any]] = {
        row["grouping_id"]: dict(row)
        for row in cases.values("grouping_id").annotate(**_case_aggregates(month_starts))
    }
    reached: dict[int | None, dict[str, Any]] = {
        row["case__grouping_id"]: dict(row)
        # Filtered through the join, not `case__in=cases`: one join of the moves to their cases.
        for row in _within(
            CaseStageChange.objects.filter(case__territory=territory), bounds, "case"
        )
        .order_by()
        .values("case__grouping_id")
        .annotate(**_reached_aggregates())
    }
    # Cases with no recorded move at all count at their current stage (one correlated subquery
    # per case here, not one per step in the pass above: that made it five times slower).
    unrecorded: dict[int | None, dict[str, int]] = defaultdict(dict)
    for row in (
        cases.exclude(stage=Stage.NEW)
        .filter(~_moved())
        .values("grouping_id", "stage")
        .annotate(n=Count("pk"))
    ):
        unrecorded[row["grouping_id"]][row["stage"]] = row["n"]
    durations: dict[int | None, list[float]] = defaultdict(list)
    for grouping_id, seconds in cases.filter(first_response_at__isnull=False).values_list(
        "grouping_id", _Seconds(F("first_response_at"), F("created_at"))
    ):
        durations[grouping_id].append(seconds)
    stays: dict[int | None, dict[str, Any]] = {
        row["stay__grouping_id"]: dict(row)
        for row in applications.order_by()
        .values("stay__grouping_id")
        .annotate(
            applied=Count("pk"),
            accepted=Count("pk", filter=Q(status=ApplicationStatus.ACCEPTED)),
        )
    }

    def figures(label: str, grouping_id: int | None) -> Figures:
        row = per_grouping.get(grouping_id, {})
        moves = reached.get(grouping_id, {})
        standing = unrecorded.get(grouping_id, {})
        stay = stays.get(grouping_id, {})

        def reached_count(key: str) -> int:
            stages = dict(FUNNEL_STEPS + FOLLOW_UPS)[key]
            return int(moves.get(f"reached_{key}", 0)) + sum(standing.get(s, 0) for s in stages)

        return Figures(
            label=label,
            grouping_id=grouping_id,
            requests=row.get("requests", 0),
            reached={key: reached_count(key) for key, _ in FUNNEL_STEPS},
            follow_ups={key: reached_count(key) for key, _ in FOLLOW_UPS},
            closed=row.get("closed", 0),
            closing_reasons={r: row.get(f"reason_{r}", 0) for r in CLOSING_REASONS},
            answered=len(durations.get(grouping_id, ())),
            median_first_response=_median(durations.get(grouping_id, [])),
            awaiting=row.get("awaiting", 0),
            oldest_waiting_since=row.get("oldest_waiting_since"),
            stay_applications=stay.get("applied", 0),
            stay_acceptances=stay.get("accepted", 0),
        )

    rows = [figures(name, pk) for pk, name in groupings]
    if None in per_grouping or None in stays:
        rows.append(figures("", None))  # the page names it ("territory staff, no grouping")
    total = _total(rows, [d for ds in durations.values() for d in ds])
    months = [
        (
            start.date(),
            sum(row[f"month_{i}"] for row in per_grouping.values()),
            {g: row[f"month_{i}"] for g, row in per_grouping.items() if row[f"month_{i}"]},
        )
        for i, start in enumerate(month_starts)
    ]
    return WelcomeDashboard(
        territory=territory, period=bounds, rows=rows, total=total, months=months
    )


def _total(rows: list[Figures], durations: list[float]) -> Figures:
    waits = [r.oldest_waiting_since for r in rows if r.oldest_waiting_since is not None]

    def add(name: str) -> dict[str, int]:
        keys = getattr(rows[0], name).keys() if rows else ()
        return {k: sum(getattr(r, name)[k] for r in rows) for k in keys}

    return Figures(
        label="",
        is_total=True,
        requests=sum(r.requests for r in rows),
        reached=add("reached") or {key: 0 for key, _ in FUNNEL_STEPS},
        follow_ups=add("follow_ups") or {key: 0 for key, _ in FOLLOW_UPS},
        closed=sum(r.closed for r in rows),
        closing_reasons=add("closing_reasons") or {r: 0 for r in CLOSING_REASONS},
        answered=len(durations),
        median_first_response=_median(durations),
        awaiting=sum(r.awaiting for r in rows),
        oldest_waiting_since=min(waits, default=None),
        stay_applications=sum(r.stay_applications for r in rows),
        stay_acceptances=sum(r.stay_acceptances for r in rows),
    )


def welcome_headline(territory: Territory, *, now: datetime.datetime) -> dict[str, int]:
    """The decision dashboard's card, in one query: requests of the last 12 months, how many
    settled, how many still await a first answer."""
    bounds = period_of(LAST_12_MONTHS, now=now, zone=territory.zone)
    settled = dict(FUNNEL_STEPS)["settled"]
    figures: dict[str, int] = _within(
        WelcomeCase.objects.filter(territory=territory), bounds
    ).aggregate(
        requests=Count("pk"),
        settled=Count("pk", filter=_reached(settled)),
        awaiting=Count("pk", filter=Q(first_response_at__isnull=True) & ~Q(stage=Stage.CLOSED)),
    )
    return figures
