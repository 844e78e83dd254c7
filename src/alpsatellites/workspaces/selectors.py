"""Reads of the coworking network: search, opening hours, availability, bookings by scope."""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Case, F, Q, QuerySet, Sum, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from alpsatellites.accounts.models import User
from alpsatellites.territories.models import Commune, Territory

from .models import (
    HOLDING_STATUSES,
    Booking,
    BookingStatus,
    Closure,
    OpeningHours,
    PriceBasis,
    Resource,
    Workspace,
    WorkspaceStatus,
)
from .querysets import WorkspaceQuerySet
from .schedule import ClosedDays, WeeklySlot, day_envelope, peak_usage

UTC = ZoneInfo("UTC")


@dataclass
class Schedule:
    """A workspace's opening hours (usual week and seasons), closures and time zone.

    The zone is read with the hours (its territory's); a workspace without hours is closed
    every day, whatever its zone.
    """

    slots: list[WeeklySlot] = field(default_factory=list)
    closures: list[ClosedDays] = field(default_factory=list)
    zone: ZoneInfo = UTC

    def envelope(self, day: datetime.date) -> tuple[datetime.datetime, datetime.datetime] | None:
        return day_envelope(day, self.slots, self.closures, zone=self.zone)


def workspace_schedules(
    workspace_ids: Iterable[int] | QuerySet[Any, Any],
    first_day: datetime.date | None = None,
    last_day: datetime.date | None = None,
) -> defaultdict[int, Schedule]:
    """Hours and closures of many workspaces in two queries (ids, or a query of ids).

    Given the days that matter, only the rows that can apply on them are read: closures and
    seasons overlapping them, and, over less than a week, the usual week's rows of their weekdays
    (a season's rows are all read: on its days it replaces the whole usual week).
    """
    hours = OpeningHours.objects.filter(workspace_id__in=workspace_ids)
    closures = Closure.objects.filter(workspace_id__in=workspace_ids)
    if first_day is not None and last_day is not None:
        hours = hours.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=last_day),
            Q(valid_until__isnull=True) | Q(valid_until__gte=first_day),
        )
        span = (last_day - first_day).days + 1
        if span < 7:
            weekdays = {(first_day + datetime.timedelta(days=n)).weekday() for n in range(span)}
            seasonal = Q(valid_from__isnull=False) | Q(valid_until__isnull=False)
            hours = hours.filter(seasonal | Q(weekday__in=weekdays))
        closures = closures.filter(starts_on__lte=last_day, ends_on__gte=first_day)
    schedules: defaultdict[int, Schedule] = defaultdict(Schedule)
    rows = hours.values_list(
        "workspace_id",
        "workspace__territory__time_zone",
        "weekday",
        "opens",
        "closes",
        "valid_from",
        "valid_until",
    )
    for workspace_id, time_zone, weekday, opens, closes, valid_from, valid_until in rows:
        schedule = schedules[workspace_id]
        schedule.slots.append(WeeklySlot(weekday, opens, closes, valid_from, valid_until))
        if schedule.zone.key != time_zone:
            schedule.zone = ZoneInfo(time_zone)
    for workspace_id, starts_on, ends_on in closures.values_list(
        "workspace_id", "starts_on", "ends_on"
    ):
        schedules[workspace_id].closures.append(ClosedDays(starts_on, ends_on))
    return schedules


def workspace_schedule(workspace_id: int) -> Schedule:
    return workspace_schedules([workspace_id])[workspace_id]


def workspace_weekly_slots(workspace_id: int) -> list[WeeklySlot]:
    return workspace_schedule(workspace_id).slots


def workspace_closed_days(workspace_id: int) -> list[ClosedDays]:
    return workspace_schedule(workspace_id).closures


@dataclass
class HeldSeats:
    """The bookings holding seats of one resource over a window, as (start, end, seats)."""

    workspace_id: int
    capacity: int
    spans: list[tuple[datetime.datetime, datetime.datetime, int]] = field(default_factory=list)


def _held_seats(
    resources: list[int] | QuerySet[Any, Any], start: datetime.datetime, end: datetime.datetime
) -> dict[int, HeldSeats]:
    """Holding bookings of the resources (ids or a query of ids) over [start, end), by id."""
    held: dict[int, HeldSeats] = {}
    rows = Booking.objects.filter(
        resource__in=resources,
        status__in=HOLDING_STATUSES,
        starts_at__lt=end,
        ends_at__gt=start,
    ).values_list(
        "resource_id",
        "resource__workspace_id",
        "resource__capacity",
        "starts_at",
        "ends_at",
        "seats",
        "is_block",
        "resource__price_basis",
    )
    for resource_id, workspace_id, capacity, span_start, span_end, seats, is_block, basis in rows:
        entry = held.setdefault(resource_id, HeldSeats(workspace_id, capacity))
        # A block takes every seat, including seats added after it was made; a room priced
        # for the whole is booked whole (services._claim_seats), whatever the number of people.
        whole = is_block or basis == PriceBasis.PER_UNIT
        entry.spans.append((span_start, span_end, max(seats, capacity) if whole else seats))
    return held


@dataclass(frozen=True)
class DayAvailability:
    day: datetime.date
    opens: datetime.datetime | None
    closes: datetime.datetime | None
    free_seats: int  # at the busiest moment of the day's opening hours

    @property
    def is_open(self) -> bool:
        return self.opens is not None


@dataclass(frozen=True)
class ResourceAvailability:
    resource: Resource
    days: list[DayAvailability]


def availability(
    workspaces: QuerySet[Workspace] | list[int], first_day: datetime.date, day_count: int = 14
) -> dict[int, list[ResourceAvailability]]:
    """Free seats per resource and day of each workspace, by workspace id.

    Four queries whatever the number of workspaces and bookings: the active resources, the
    opening hours, the closures, and the bookings that hold seats over the window. `workspaces`
    is a QuerySet (read as a subquery, never row by row) or a list of ids.
    """
    # Kept as a query: the later reads take it as a subquery, not as thousands of parameters.
    resource_query = Resource.objects.filter(workspace__in=workspaces, is_active=True)
    resources = list(resource_query.order_by("workspace_id", "kind", "name", "pk"))
    if not resources:
        return {}
    by_workspace: dict[int, list[Resource]] = defaultdict(list)
    for resource in resources:
        by_workspace[resource.workspace_id].append(resource)
    days = [first_day + datetime.timedelta(days=n) for n in range(day_count)]
    # A few ids are sent as a list, so the planner reads the bookings index for exactly those
    # resources (a subquery there costs a third more for one workspace); thousands stay a
    # subquery, never thousands of parameters.
    few = len(resources) <= MAX_IDS_PER_QUERY
    resource_ids: list[int] | QuerySet[Any, Any] = (
        [r.pk for r in resources] if few else resource_query.values("pk")
    )
    workspace_ids: list[int] | QuerySet[Any, Any] = (
        list(by_workspace) if few else resource_query.values("workspace_id")
    )
    schedules = workspace_schedules(workspace_ids, days[0], days[-1])
    envelopes = {
        workspace_id: {day: schedules[workspace_id].envelope(day) for day in days}
        for workspace_id in by_workspace
    }
    open_envelopes = [e for per_day in envelopes.values() for e in per_day.values() if e]
    held: dict[int, HeldSeats] = {}
    if open_envelopes:
        held = _held_seats(
            resource_ids,
            min(e[0] for e in open_envelopes),
            max(e[1] for e in open_envelopes),
        )
    result: dict[int, list[ResourceAvailability]] = {}
    for workspace_id, workspace_resources in by_workspace.items():
        result[workspace_id] = [
            ResourceAvailability(
                resource,
                [
                    _day_availability(day, envelopes[workspace_id][day], resource, held)
                    for day in days
                ],
            )
            for resource in workspace_resources
        ]
    return result


def _day_availability(
    day: datetime.date,
    envelope: tuple[datetime.datetime, datetime.datetime] | None,
    resource: Resource,
    held: dict[int, HeldSeats],
) -> DayAvailability:
    if envelope is None:
        return DayAvailability(day, None, None, 0)
    used = peak_usage(held[resource.pk].spans, *envelope) if resource.pk in held else 0
    return DayAvailability(day, *envelope, max(resource.capacity - used, 0))


def workspace_availability(
    workspace: Workspace, first_day: datetime.date, day_count: int = 14
) -> list[ResourceAvailability]:
    """Free seats per resource and day of one workspace (see `availability`)."""
    return availability([workspace.pk], first_day, day_count).get(workspace.pk, [])


# Far above a territory's workspaces, far below what SQLite (32,766) or PostgreSQL accept.
MAX_IDS_PER_QUERY = 5_000


def workspaces_free_on(workspaces: QuerySet[Workspace], day: datetime.date) -> list[int]:
    """Ids of the open workspaces, among `workspaces`, with a seat free all the day's hours.

    A few queries whatever their number, and little to read: the opening hours and closures of
    that day; each bookable resource with the seats its bookings hold at most that day (a sum in
    the database: below the capacity, the resource is free whatever the hours); then, only for
    the resources that sum cannot clear, their bookings, for the exact peak over the hours.
    """
    bookable = workspaces.filter(status=WorkspaceStatus.OPEN).values("pk")
    schedules = workspace_schedules(bookable, day, day)
    envelopes: dict[int, tuple[datetime.datetime, datetime.datetime]] = {}
    for workspace_id, schedule in schedules.items():
        envelope = schedule.envelope(day)
        if envelope is not None:
            envelopes[workspace_id] = envelope
    if not envelopes:
        return []
    start = min(e[0] for e in envelopes.values())
    end = max(e[1] for e in envelopes.values())
    holding = Q(
        bookings__status__in=HOLDING_STATUSES,
        bookings__starts_at__lt=end,
        bookings__ends_at__gt=start,
    )
    # A block, or any booking of a room booked whole, holds every seat: counted as the capacity,
    # it sends the resource to the exact check.
    held = Sum(
        Case(
            When(
                Q(bookings__is_block=True) | Q(price_basis=PriceBasis.PER_UNIT),
                then=F("capacity"),
            ),
            default=F("bookings__seats"),
        ),
        filter=holding,
    )
    resources = (
        Resource.objects.filter(workspace__in=bookable, is_active=True)
        .annotate(held=Coalesce(held, 0))
        .order_by()
    )
    cleared = resources.filter(held__lt=F("capacity")).values("workspace_id")
    free = {pk for pk in cleared.values_list("workspace_id", flat=True) if pk in envelopes}
    # The open workspaces the sums cannot clear: their bookings, for the exact peaks (in slices,
    # so that no query carries more ids than a database accepts).
    maybe_full = sorted(set(envelopes) - free)
    for first in range(0, len(maybe_full), MAX_IDS_PER_QUERY):
        ids = maybe_full[first : first + MAX_IDS_PER_QUERY]
        their_resources = Resource.objects.filter(workspace_id__in=ids, is_active=True)
        for seats in _held_seats(their_resources.values("pk"), start, end).values():
            envelope = envelopes[seats.workspace_id]
            if peak_usage(seats.spans, *envelope) < seats.capacity:
                free.add(seats.workspace_id)
    return sorted(free)


def booking_list_for_user(user: User) -> QuerySet[Booking]:
    return (
        Booking.objects.of_user(user)
        .select_related("resource__workspace__commune", "resource__workspace__territory")
        .order_by("-starts_at")
    )


def booking_upcoming(queryset: QuerySet[Booking]) -> QuerySet[Booking]:
    return queryset.filter(ends_at__gte=timezone.now())


def booking_list_for_manager(
    user: User, workspace: Workspace, start: datetime.datetime, end: datetime.datetime
) -> QuerySet[Booking]:
    """Bookings of a workspace the user manages, over [start, end); none for anyone else."""
    return (
        Booking.objects.managed_by(user)
        .filter(resource__workspace=workspace, starts_at__lt=end, ends_at__gt=start)
        .select_related("resource", "user")
        .order_by("starts_at")
    )


def booking_requests_pending(user: User) -> QuerySet[Booking]:
    """Requests awaiting a decision in every workspace the user runs, whatever their date: the
    oldest request first, so that none waits at the bottom of the list."""
    return (
        Booking.objects.managed_by(user)
        .filter(status=BookingStatus.PENDING, is_block=False)
        .select_related("resource__workspace__territory", "user")
        .order_by("created_at", "pk")
    )


def booking_requests_pending_count(user: User) -> int:
    """How many requests the header's badge shows: one query, and none for anonymous visitors."""
    if not user.is_authenticated:
        return 0
    return (
        Booking.objects.managed_by(user)
        .filter(status=BookingStatus.PENDING, is_block=False)
        .count()
    )


def workspace_search(
    *,
    territory: Territory | None = None,
    commune: Commune | None = None,
    kind: str = "",
    amenities: Iterable[str] = (),
    min_capacity: int | None = None,
    free_on: datetime.date | None = None,
) -> WorkspaceQuerySet:
    queryset: WorkspaceQuerySet = Workspace.objects.public().select_related("commune", "territory")
    if territory is not None:
        queryset = queryset.filter(territory=territory)
    if commune is not None:
        queryset = queryset.filter(commune=commune)
    if kind:
        queryset = queryset.filter(kind=kind)
    for amenity in amenities:
        queryset = queryset.filter(amenities__code=amenity)
    if min_capacity:
        queryset = queryset.filter(resources__capacity__gte=min_capacity, resources__is_active=True)
    queryset = queryset.distinct()
    if free_on is not None:
        # The free seats of every candidate in a few queries; the page is then read as usual.
        queryset = Workspace.objects.filter(pk__in=workspaces_free_on(queryset, free_on))
        queryset = queryset.select_related("commune", "territory")
    return queryset.prefetch_related("amenities")


def workspace_communes(territory: Territory) -> QuerySet[Commune]:
    """Communes of the territory that have at least one public workspace (for the filter)."""
    return (
        Commune.objects.filter(territory=territory, workspaces__in=Workspace.objects.public())
        .distinct()
        .order_by("search_name")
    )


def workspace_opening_hours(workspace: Workspace) -> list[dict[str, Any]]:
    """The usual week and each season, as rows of (weekday, slots) ready to show."""
    periods: dict[
        tuple[datetime.date | None, datetime.date | None],
        dict[int, list[tuple[datetime.time, datetime.time]]],
    ] = {}
    for row in workspace.opening_hours.all().order_by("valid_from", "weekday", "opens"):
        days = periods.setdefault((row.valid_from, row.valid_until), {})
        days.setdefault(row.weekday, []).append((row.opens, row.closes))
    return [
        {"valid_from": valid_from, "valid_until": valid_until, "days": sorted(days.items())}
        for (valid_from, valid_until), days in periods.items()
    ]


def workspace_closures_upcoming(workspace: Workspace) -> QuerySet[Closure]:
    today = timezone.localdate(timezone=workspace.zone)  # where the workspace is
    return workspace.closures.filter(ends_on__gte=today).order_by("starts_on")[:10]
