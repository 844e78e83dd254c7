"""Per-seat and per-unit prices and the computation people read (workspaces.pricing), the
booking service and API charging them, and the prices already stored staying as they were."""

import datetime
import uuid
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from alpsatellites.workspaces import pricing
from alpsatellites.workspaces.models import Booking, PriceBasis, Resource, ResourceKind
from alpsatellites.workspaces.pricing import booking_breakdown, breakdown_lines
from alpsatellites.workspaces.services import (
    BookingConflict,
    BookingRequest,
    booking_quote,
    booking_request,
)
from tests.api.workspaces.helpers import post_booking
from tests.factories import UserFactory
from tests.workspaces.factories import (
    BookingFactory,
    ResourceFactory,
    WorkspaceFactory,
    open_all_week,
)

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime.datetime(2026, 6, 1, 8, 0, tzinfo=PARIS)  # a Monday


def paris(day, hour, minute=0, month=6):
    return datetime.datetime(2026, month, day, hour, minute, tzinfo=PARIS)


ROOM = Resource(
    kind=ResourceKind.MEETING_ROOM,
    capacity=12,
    price_basis=PriceBasis.PER_UNIT,
    price_hour=Decimal("20.00"),
    price_half_day=Decimal("60.00"),
    price_day=Decimal("100.00"),
)
DESK = Resource(
    capacity=10,
    price_hour=Decimal("4.00"),
    price_half_day=Decimal("10.00"),
    price_day=Decimal("15.00"),
    price_week=Decimal("60.00"),
)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_the_plain_module_agrees_with_the_model_choices():
    assert pricing.PER_UNIT == PriceBasis.PER_UNIT
    assert Resource().price_basis == PriceBasis.PER_SEAT


class TestBreakdown:
    def test_a_room_for_six_for_two_hours_is_forty_euros(self):
        breakdown = booking_breakdown(ROOM, paris(2, 9), paris(2, 11), 1, seats=6, zone=PARIS)
        assert breakdown.total == Decimal("40.00")
        assert breakdown_lines(breakdown) == [
            "2 h × 20.00 € = 40.00 €",
            "Price for the whole room, for 6 people.",
        ]

    def test_desks_are_multiplied_by_the_seats(self):
        breakdown = booking_breakdown(DESK, paris(2, 9), paris(2, 11), 1, seats=3, zone=PARIS)
        assert (breakdown.unit_price, breakdown.total) == (Decimal("8.00"), Decimal("24.00"))
        assert breakdown_lines(breakdown) == [
            "2 h × 4.00 € = 8.00 €",
            "8.00 € × 3 seats = 24.00 €",
        ]

    def test_one_half_day_reads_as_the_half_day_rate(self):
        breakdown = booking_breakdown(ROOM, paris(2, 8, 30), paris(2, 13), 1, seats=2, zone=PARIS)
        assert breakdown.total == Decimal("60.00")
        assert breakdown_lines(breakdown)[0] == "half-day rate 60.00 €"

    def test_three_working_days(self):
        breakdown = booking_breakdown(DESK, paris(3, 8), paris(5, 18), 3, zone=PARIS)
        assert breakdown_lines(breakdown) == ["3 days × 15.00 € = 45.00 €"]
        assert breakdown.total == Decimal("45.00")

    def test_a_week_and_days_are_two_lines(self):
        desk = Resource(capacity=2, price_day=Decimal("18.00"), price_week=Decimal("75.00"))
        breakdown = booking_breakdown(desk, paris(1, 8), paris(9, 18), 7, seats=2, zone=PARIS)
        assert breakdown_lines(breakdown) == [
            "1 week × 75.00 € = 75.00 €",
            "2 days × 18.00 € = 36.00 €",
            "111.00 € × 2 seats = 222.00 €",
        ]

    def test_no_tariff_is_free(self):
        breakdown = booking_breakdown(
            Resource(capacity=1), paris(2, 9), paris(2, 10), 1, zone=PARIS
        )
        assert (breakdown.total, breakdown_lines(breakdown)) == (Decimal("0.00"), ["Free"])

    def test_hours_across_the_autumn_change_are_real_hours(self):
        # 00:00–04:00 on 25 October 2026 lasts five hours in Paris (03:00 happens twice).
        breakdown = booking_breakdown(
            Resource(capacity=1, price_basis=PriceBasis.PER_UNIT, price_hour=Decimal("20.00")),
            paris(25, 0, month=10),
            paris(25, 4, month=10),
            1,
            seats=4,
            zone=PARIS,
        )
        assert breakdown.total == Decimal("100.00")

    def test_in_french(self):
        breakdown = booking_breakdown(ROOM, paris(2, 9), paris(2, 11), 1, seats=6, zone=PARIS)
        with translation.override("fr"):
            assert breakdown_lines(breakdown)[0] == "2 h × 20,00\xa0€ = 40,00\xa0€"


@pytest.mark.django_db
class TestService:
    @pytest.fixture(autouse=True)
    def _clock(self, time_machine):
        time_machine.move_to(NOW, tick=False)

    @pytest.fixture
    def workspace(self):
        workspace = WorkspaceFactory()
        open_all_week(workspace)
        return workspace

    @pytest.fixture
    def room(self, workspace):
        return ResourceFactory(
            workspace=workspace,
            kind=ResourceKind.MEETING_ROOM,
            capacity=12,
            price_basis=PriceBasis.PER_UNIT,
            price_hour=Decimal("20.00"),
            price_half_day=Decimal("60.00"),
            price_day=Decimal("100.00"),
        )

    def _request(self, resource, seats, **fields):
        return BookingRequest(
            resource_id=resource.pk,
            starts_at=paris(2, 9),
            ends_at=paris(2, 11),
            seats=seats,
            request_key=uuid.uuid4(),
            **fields,
        )

    def test_booking_a_room_for_six_charges_the_room_once(self, room):
        _resource, quote = booking_quote(self._request(room, 6))
        booking = booking_request(user=UserFactory(), request=self._request(room, 6))
        assert quote.total == booking.price == Decimal("40.00")
        assert booking.seats == 6

    def test_a_desk_is_still_charged_per_seat(self, workspace):
        desk = ResourceFactory(workspace=workspace, capacity=3)  # 5 € an hour
        booking = booking_request(user=UserFactory(), request=self._request(desk, 3))
        assert booking.price == Decimal("30.00")

    def test_the_price_shown_is_the_price_checked(self, room):
        booking = booking_request(
            user=UserFactory(),
            request=self._request(room, 6, expected_price=Decimal("40.00")),
        )
        assert booking.price == Decimal("40.00")

    def test_a_price_shown_per_seat_is_refused(self, room):
        with pytest.raises(BookingConflict):
            booking_request(
                user=UserFactory(),
                request=self._request(room, 6, expected_price=Decimal("240.00")),
            )
        assert not Booking.objects.exists()

    def test_a_room_is_booked_whole(self, room):
        booking_request(user=UserFactory(), request=self._request(room, 6))
        with pytest.raises(BookingConflict):
            booking_request(user=UserFactory(), request=self._request(room, 2))
        assert Booking.objects.count() == 1

    def test_a_room_in_use_shows_no_free_seat(self, room):
        from alpsatellites.workspaces.selectors import workspace_availability

        booking_request(user=UserFactory(), request=self._request(room, 2))
        (entry,) = workspace_availability(room.workspace, datetime.date(2026, 6, 2), 1)
        assert entry.days[0].free_seats == 0

    def test_a_room_in_use_is_not_free_in_the_search(self, room):
        from alpsatellites.workspaces.models import Workspace
        from alpsatellites.workspaces.selectors import workspaces_free_on

        workspaces = Workspace.objects.filter(pk=room.workspace_id)
        assert workspaces_free_on(workspaces, datetime.date(2026, 6, 2)) == [room.workspace_id]
        booking_request(user=UserFactory(), request=self._request(room, 2))
        assert workspaces_free_on(workspaces, datetime.date(2026, 6, 2)) == []

    def test_bookings_already_made_keep_their_price(self, room):
        made = BookingFactory(resource=room, seats=6, price=Decimal("240.00"))
        room.price_basis = PriceBasis.PER_UNIT
        room.save()
        made.refresh_from_db()
        assert made.price == Decimal("240.00")


@pytest.mark.django_db
class TestApi:
    @pytest.fixture(autouse=True)
    def _clock(self, time_machine):
        time_machine.move_to(NOW, tick=False)

    def test_the_api_books_a_room_at_the_room_price(self, client):
        workspace = WorkspaceFactory(slug="salle")
        open_all_week(workspace)
        room = ResourceFactory(
            workspace=workspace,
            capacity=8,
            price_basis=PriceBasis.PER_UNIT,
            price_hour="20.00",
            price_half_day=None,
            price_day=None,
        )
        response = post_booking(
            client,
            UserFactory(),
            room,
            paris(2, 9),
            paris(2, 11),
            seats=6,
            expected_price="40.00",
        )
        assert response.status_code == 201, response.content
        assert response.json()["price"] == "40.00"
        detail = client.get("/api/v1/workspaces/salle/").json()
        assert detail["resources"][0]["price_basis"] == "per_unit"
        assert detail["payment"] == "on_site"


def test_the_shipped_meeting_rooms_are_priced_per_room(grand_brianconnais):
    from alpsatellites.workspaces.loading import default_workspaces_load

    default_workspaces_load()
    rooms = Resource.objects.filter(kind=ResourceKind.MEETING_ROOM)
    assert rooms.count() == 2
    assert set(rooms.values_list("price_basis", flat=True)) == {PriceBasis.PER_UNIT}
    desks = Resource.objects.filter(kind=ResourceKind.HOT_DESK)
    assert set(desks.values_list("price_basis", flat=True)) == {PriceBasis.PER_SEAT}


@pytest.mark.django_db
def test_the_migration_makes_existing_rooms_per_room_and_leaves_desks():
    from importlib import import_module

    from django.apps import apps

    migration = import_module("alpsatellites.workspaces.migrations.0003_pricing_price_basis")
    room = ResourceFactory(kind=ResourceKind.MEETING_ROOM)
    desk = ResourceFactory()
    migration.rooms_per_unit(apps, None)
    room.refresh_from_db()
    desk.refresh_from_db()
    assert (room.price_basis, desk.price_basis) == (PriceBasis.PER_UNIT, PriceBasis.PER_SEAT)
