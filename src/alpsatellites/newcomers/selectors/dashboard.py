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

Cost: five queries whatever the number of cases (groupings, one grouped aggregate of the cases,
the first-response durations, requests per month, stay applications). The median is taken in
Python over the durations' one column: 10,000 cases read in a few milliseconds (see
benchmarks/welcome_dashboard.py).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from django.db.models import (
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    Min,
    Model,
    OuterRef,
    Q,
    QuerySet,
)
from django.db.models.functions import TruncMonth

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


def _within(rows: QuerySet[_Model], bounds: Period) -> QuerySet[_Model]:
    """The rows created in the period."""
    if bounds.start is not None:
        rows = rows.filter(created_at__gte=bounds.start)
    if bounds.end is not None:
        rows = rows.filter(created_at__lt=bounds.end)
    return rows


def _reached(stages: tuple[str, ...]) -> Q:
    """The case reached one of `stages`: a recorded move to it, or its current stage (a case
    created directly at a stage has no move recorded)."""
    moved = CaseStageChange.objects.filter(case=OuterRef("pk"), to_stage__in=stages)
    return Q(Exists(moved)) | Q(stage__in=stages)


def _aggregates() -> dict[str, Any]:
    waiting = Q(first_response_at__isnull=True) & ~Q(stage=Stage.CLOSED)
    counts: dict[str, Any] = {
        "requests": Count("pk"),
        "closed": Count("pk", filter=Q(stage=Stage.CLOSED)),
        "awaiting": Count("pk", filter=waiting),
        "oldest_waiting_since": Min("created_at", filter=waiting),
    }
    for key, stages in FUNNEL_STEPS + FOLLOW_UPS:
        counts[f"reached_{key}"] = Count("pk", filter=_reached(stages))
    for reason in CLOSING_REASONS:
        counts[f"reason_{reason}"] = Count(
            "pk", filter=Q(stage=Stage.CLOSED, closing_reason=reason)
        )
    return counts


def _median(durations: list[datetime.timedelta]) -> datetime.timedelta | None:
    """The middle duration; the mean of the two middle ones for an even count."""
    if not durations:
        return None
    ordered = sorted(durations)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def welcome_dashboard(
    territory: Territory, *, period: str = DEFAULT_PERIOD, now: datetime.datetime
) -> WelcomeDashboard:
    """The welcome figures of `territory` for the requests received in `period`."""
    zone = territory.zone
    bounds = period_of(period, now=now, zone=zone)
    cases = _within(WelcomeCase.objects.filter(territory=territory), bounds)
    applications = _within(StayApplication.objects.filter(stay__territory=territory), bounds)

    groupings = list(territory.groupings.order_by("name").values_list("id", "name"))
    per_grouping: dict[int | None, dict[str, Any]] = {
        row["grouping_id"]: dict(row)
        for row in cases.order_by().values("grouping_id").annotate(**_aggregates())
    }
    durations: dict[int | None, list[datetime.timedelta]] = defaultdict(list)
    for grouping_id, duration in (
        cases.filter(first_response_at__isnull=False)
        .order_by()
        .values_list(
            "grouping_id",
            ExpressionWrapper(
                F("first_response_at") - F("created_at"), output_field=DurationField()
            ),
        )
    ):
        durations[grouping_id].append(duration)
    stays: dict[int | None, dict[str, Any]] = {
        row["stay__grouping_id"]: dict(row)
        for row in applications.order_by()
        .values("stay__grouping_id")
        .annotate(
            applied=Count("pk"),
            accepted=Count("pk", filter=Q(status=ApplicationStatus.ACCEPTED)),
        )
    }
    month_counts: dict[datetime.date, dict[int | None, int]] = defaultdict(dict)
    for row in (
        cases.order_by()
        .annotate(month=TruncMonth("created_at", tzinfo=zone))
        .values("month", "grouping_id")
        .annotate(n=Count("pk"))
    ):
        month = row["month"]
        day = month.date() if isinstance(month, datetime.datetime) else month
        month_counts[day][row["grouping_id"]] = row["n"]

    def figures(label: str, grouping_id: int | None) -> Figures:
        row = per_grouping.get(grouping_id, {})
        stay = stays.get(grouping_id, {})
        return Figures(
            label=label,
            grouping_id=grouping_id,
            requests=row.get("requests", 0),
            reached={key: row.get(f"reached_{key}", 0) for key, _ in FUNNEL_STEPS},
            follow_ups={key: row.get(f"reached_{key}", 0) for key, _ in FOLLOW_UPS},
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
    return WelcomeDashboard(
        territory=territory,
        period=bounds,
        rows=rows,
        total=total,
        months=_months(bounds, month_counts, now.astimezone(zone).date()),
    )


def _total(rows: list[Figures], durations: list[datetime.timedelta]) -> Figures:
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


def _months(
    bounds: Period, counts: dict[datetime.date, dict[int | None, int]], today: datetime.date
) -> list[tuple[datetime.date, int, dict[int | None, int]]]:
    """Every month of the period, those without a request included (as 0)."""
    first = bounds.first_day or min(counts, default=today.replace(day=1))
    last = bounds.last_day
    month, months = first.replace(day=1), []
    while month <= last:
        per_grouping = counts.get(month, {})
        months.append((month, sum(per_grouping.values()), per_grouping))
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return months


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
