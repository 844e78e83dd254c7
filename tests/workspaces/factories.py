"""factory_boy factories for the coworking network (workspaces app)."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from alpsatellites.workspaces.models import (
    Amenity,
    Booking,
    BookingStatus,
    Closure,
    OpeningHours,
    Resource,
    ResourceKind,
    Workspace,
    WorkspaceKind,
    WorkspaceStatus,
)
from tests.factories import CommuneFactory, UserFactory

ALL_DAY = (datetime.time(0, 0), datetime.time(23, 59))


class AmenityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Amenity
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"amenity-{n}")
    name = factory.Sequence(lambda n: f"Amenity {n}")


class WorkspaceFactory(factory.django.DjangoModelFactory):
    """An open workspace without hours: add OpeningHours, or use `open_all_week()`."""

    class Meta:
        model = Workspace
        skip_postgeneration_save = True

    commune = factory.SubFactory(CommuneFactory)
    territory = factory.SelfAttribute("commune.territory")
    slug = factory.Sequence(lambda n: f"workspace-{n}")
    name = factory.Sequence(lambda n: f"Workspace {n}")
    kind = WorkspaceKind.COWORKING
    status = WorkspaceStatus.OPEN
    address = "1 rue de la Gare"
    # Bookable by default (a checked place with a contact); tests of the refusals unset them.
    activity_verified = True
    phone = "04 92 00 00 00"

    @factory.post_generation
    def managers(self, create, extracted, **kwargs):
        if create and extracted:
            self.managers.add(*extracted)


class OpeningHoursFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OpeningHours

    workspace = factory.SubFactory(WorkspaceFactory)
    weekday = 0
    opens = datetime.time(8, 30)
    closes = datetime.time(17, 30)


class ClosureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Closure

    workspace = factory.SubFactory(WorkspaceFactory)
    starts_on = datetime.date(2026, 12, 24)
    ends_on = factory.SelfAttribute("starts_on")
    reason = "Holiday"


class ResourceFactory(factory.django.DjangoModelFactory):
    """Hot desks with hour, half-day and day prices and lenient rules."""

    class Meta:
        model = Resource

    workspace = factory.SubFactory(WorkspaceFactory)
    kind = ResourceKind.HOT_DESK
    name = factory.Sequence(lambda n: f"Desk area {n}")
    capacity = 3
    price_hour = Decimal("5.00")
    price_half_day = Decimal("12.00")
    price_day = Decimal("20.00")
    min_minutes = 60
    max_days = 5
    max_days_ahead = 60
    cancellation_hours = 24


class BookingFactory(factory.django.DjangoModelFactory):
    """A confirmed one-seat booking of an hour, two days from now."""

    class Meta:
        model = Booking

    resource = factory.SubFactory(ResourceFactory)
    user = factory.SubFactory(UserFactory)
    starts_at = factory.LazyFunction(
        lambda: (timezone.now() + datetime.timedelta(days=2)).replace(microsecond=0)
    )
    ends_at = factory.LazyAttribute(lambda b: b.starts_at + datetime.timedelta(hours=1))
    seats = 1
    status = BookingStatus.CONFIRMED
    price = Decimal("5.00")


def open_all_week(workspace, opens=ALL_DAY[0], closes=ALL_DAY[1], **dates):
    """Usual-week (or, with valid_from/valid_until, seasonal) rows for the seven days."""
    return [
        OpeningHoursFactory(
            workspace=workspace, weekday=weekday, opens=opens, closes=closes, **dates
        )
        for weekday in range(7)
    ]
