"""Reads of the coworking network: search, opening hours, availability, bookings by scope."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import timezone

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


def weekly_slots(workspace_id: int) -> list[WeeklySlot]:
    return workspace_schedules([workspace_id])[workspace_id].slots


def closed_days(workspace_id: int) -> list[ClosedDays]:
    return workspace_schedules([workspace_id])[workspace_id].closures


@dataclass(frozen=True)
class Schedule:
    """A workspace's opening hours (usual week and seasons) and closures."""

    slots: list[WeeklySlot] = field(default_factory=list)
    closures: list[ClosedDays] = field(default_factory=list)


def workspace_schedules(workspace_ids) -> defaultdict[int, Schedule]:
    """Hours and closures of many workspaces in two queries (ids, or a query of ids)."""
    schedules: defaultdict[int, Schedule] = defaultdict(Schedule)
    for workspace_id, *row in OpeningHours.objects.filter(
        workspace_id__in=workspace_ids
    ).values_list("workspace_id", "weekday", "opens", "closes", "valid_from", "valid_until"):
        schedules[workspace_id].slots.append(WeeklySlot(*row))
    for workspace_id, *row in Closure.objects.filter(workspace_id__in=workspace_ids).values_list(
        "workspace_id", "starts_on", "ends_on"
    ):
        schedules[workspace_id].closures.append(ClosedDays(*row))
    return schedules


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
    workspaces, first_day: datetime.date, day_count: int = 14
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
    schedules = workspace_schedules(resource_query.values("workspace_id"))
    days = [first_day + datetime.timedelta(days=n) for n in range(day_count)]
    envelopes = {
        workspace_id: {
            day: day_envelope(day, schedules[workspace_id].slots, schedules[workspace_id].closures)
            for day in days
        }
        for workspace_id in by_workspace
    }
    open_envelopes = [e for per_day in envelopes.values() for e in per_day.values() if e]
    spans: dict[int, list] = defaultdict(list)
    if open_envelopes:
        capacity = {r.pk: r.capacity for r in resources}
        rows = Booking.objects.filter(
            resource__in=resource_query.values("pk"),
            status__in=HOLDING_STATUSES,
            starts_at__lt=max(e[1] for e in open_envelopes),
            ends_at__gt=min(e[0] for e in open_envelopes),
        ).values_list("resource_id", "starts_at", "ends_at", "seats", "is_block")
        for resource_id, start, end, seats, is_block in rows:
            # A block takes every seat, including seats added after it was made.
            held = max(seats, capacity[resource_id]) if is_block else seats
            spans[resource_id].append((start, end, held))
    result = {}
    for workspace_id, workspace_resources in by_workspace.items():
        result[workspace_id] = [
            ResourceAvailability(
                resource,
                [
                    _day_availability(day, envelopes[workspace_id][day], resource, spans)
                    for day in days
                ],
            )
            for resource in workspace_resources
        ]
    return result


def _day_availability(day, envelope, resource: Resource, spans) -> DayAvailability:
    if envelope is None:
        return DayAvailability(day, None, None, 0)
    used = peak_usage(spans[resource.pk], *envelope)
    return DayAvailability(day, *envelope, max(resource.capacity - used, 0))


def workspace_availability(
    workspace: Workspace, first_day: datetime.date, day_count: int = 14
) -> list[ResourceAvailability]:
    """Free seats per resource and day of one workspace (see `availability`)."""
    return availability([workspace.pk], first_day, day_count).get(workspace.pk, [])


def workspaces_free_on(workspaces, day: datetime.date) -> list[int]:
    """Ids of the open workspaces, among `workspaces`, with a seat free all day long."""
    bookable = workspaces.filter(status=WorkspaceStatus.OPEN).values("pk")
    return [
        workspace_id
        for workspace_id, resources in availability(bookable, day, day_count=1).items()
        if any(r.days[0].free_seats > 0 for r in resources)
    ]


def user_bookings(user):
    return (
        Booking.objects.of_user(user)
        .select_related("resource__workspace__commune")
        .order_by("-starts_at")
    )


def upcoming(queryset):
    return queryset.filter(ends_at__gte=timezone.now())


def manager_bookings(user, workspace: Workspace, start, end):
    """Bookings of a workspace the user manages, over [start, end); none for anyone else."""
    return (
        Booking.objects.managed_by(user)
        .filter(resource__workspace=workspace, starts_at__lt=end, ends_at__gt=start)
        .select_related("resource", "user")
        .order_by("starts_at")
    )


def workspace_search(
    *, territory=None, commune=None, kind="", amenities=(), min_capacity=None, free_on=None
):
    queryset = Workspace.objects.public().select_related("commune", "territory")
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


def workspace_communes(territory):
    """Communes of the territory that have at least one public workspace (for the filter)."""
    from alpsatellites.territories.models import Commune

    return (
        Commune.objects.filter(territory=territory, workspaces__in=Workspace.objects.public())
        .distinct()
        .order_by("search_name")
    )


def opening_hours_table(workspace) -> list[dict]:
    """The usual week and each season, as rows of (weekday, slots) ready to show."""
    periods: dict[tuple, dict[int, list]] = {}
    for row in workspace.opening_hours.all().order_by("valid_from", "weekday", "opens"):
        days = periods.setdefault((row.valid_from, row.valid_until), {})
        days.setdefault(row.weekday, []).append((row.opens, row.closes))
    return [
        {"valid_from": valid_from, "valid_until": valid_until, "days": sorted(days.items())}
        for (valid_from, valid_until), days in periods.items()
    ]


def upcoming_closures(workspace):
    return workspace.closures.filter(ends_on__gte=timezone.localdate()).order_by("starts_on")[:10]
