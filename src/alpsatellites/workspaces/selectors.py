"""Reads of the coworking network: search, opening hours, availability, bookings by scope."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from alpsatellites.accounts.models import User
from alpsatellites.territories.models import Commune, Territory

from .models import (
    HOLDING_STATUSES,
    Booking,
    Closure,
    OpeningHours,
    Resource,
    Workspace,
    WorkspaceStatus,
)
from .schedule import ClosedDays, WeeklySlot, day_envelope, peak_usage


def workspace_weekly_slots(workspace_id: int) -> list[WeeklySlot]:
    return [
        WeeklySlot(*row)
        for row in OpeningHours.objects.filter(workspace_id=workspace_id).values_list(
            "weekday", "opens", "closes", "valid_from", "valid_until"
        )
    ]


def workspace_closed_days(workspace_id: int) -> list[ClosedDays]:
    return [
        ClosedDays(*row)
        for row in Closure.objects.filter(workspace_id=workspace_id).values_list(
            "starts_on", "ends_on"
        )
    ]


def public_workspaces() -> QuerySet[Workspace]:
    return Workspace.objects.exclude(status__in=[WorkspaceStatus.DRAFT, WorkspaceStatus.CANCELLED])


def managed_workspaces(user: User) -> QuerySet[Workspace]:
    """Workspaces the user runs; platform admins run them all."""
    if user.is_superuser:
        return Workspace.objects.all()
    return Workspace.objects.filter(managers=user)


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


def workspace_availability(
    workspace: Workspace, first_day: datetime.date, day_count: int = 14
) -> list[ResourceAvailability]:
    """Free seats per resource and day: four queries whatever the number of bookings."""
    resources = list(workspace.resources.filter(is_active=True).order_by("kind", "name"))
    slots, closures = workspace_weekly_slots(workspace.pk), workspace_closed_days(workspace.pk)
    days = [first_day + datetime.timedelta(days=n) for n in range(day_count)]
    envelopes = {day: day_envelope(day, slots, closures) for day in days}
    open_envelopes = [e for e in envelopes.values() if e]
    spans: dict[int, list[tuple[datetime.datetime, datetime.datetime, int]]] = {
        r.pk: [] for r in resources
    }
    if open_envelopes and resources:
        window_start = min(e[0] for e in open_envelopes)
        window_end = max(e[1] for e in open_envelopes)
        rows = Booking.objects.filter(
            resource__in=resources,
            status__in=HOLDING_STATUSES,
            starts_at__lt=window_end,
            ends_at__gt=window_start,
        ).values_list("resource_id", "starts_at", "ends_at", "seats", "is_block")
        capacity = {r.pk: r.capacity for r in resources}
        for resource_id, start, end, seats, is_block in rows:
            # A block takes every seat, including seats added after it was made.
            held = max(seats, capacity[resource_id]) if is_block else seats
            spans[resource_id].append((start, end, held))
    result = []
    for resource in resources:
        per_day = []
        for day in days:
            envelope = envelopes[day]
            if envelope is None:
                per_day.append(DayAvailability(day, None, None, 0))
                continue
            used = peak_usage(spans[resource.pk], *envelope)
            per_day.append(DayAvailability(day, *envelope, max(resource.capacity - used, 0)))
        result.append(ResourceAvailability(resource, per_day))
    return result


def booking_list_for_user(user: User) -> QuerySet[Booking]:
    return (
        Booking.objects.filter(user=user, is_block=False)
        .select_related("resource__workspace__commune")
        .order_by("-starts_at")
    )


def booking_upcoming(queryset: QuerySet[Booking]) -> QuerySet[Booking]:
    return queryset.filter(ends_at__gte=timezone.now())


def booking_list_for_manager(
    user: User, workspace: Workspace, start: datetime.datetime, end: datetime.datetime
) -> QuerySet[Booking]:
    """Bookings of a workspace the user manages, over [start, end); none for anyone else."""
    return (
        Booking.objects.filter(resource__workspace__in=managed_workspaces(user))
        .filter(resource__workspace=workspace, starts_at__lt=end, ends_at__gt=start)
        .select_related("resource", "user")
        .order_by("starts_at")
    )


def workspace_search(
    *,
    territory: Territory | None = None,
    commune: Commune | None = None,
    kind: str = "",
    amenities: Iterable[str] = (),
    min_capacity: int | None = None,
    free_on: datetime.date | None = None,
) -> QuerySet[Workspace] | list[Workspace]:
    queryset = public_workspaces().select_related("commune", "territory")
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
    queryset = queryset.distinct().prefetch_related("amenities")
    if free_on is not None:
        return [w for w in queryset if _has_free_seat(w, free_on)]
    return queryset


def _has_free_seat(workspace: Workspace, day: datetime.date) -> bool:
    return any(
        r.days[0].free_seats > 0 for r in workspace_availability(workspace, day, day_count=1)
    )


def workspace_communes(territory: Territory) -> QuerySet[Commune]:
    """Communes of the territory that have at least one public workspace (for the filter)."""
    return (
        Commune.objects.filter(territory=territory, workspaces__in=public_workspaces())
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
    return workspace.closures.filter(ends_on__gte=timezone.localdate()).order_by("starts_on")[:10]
