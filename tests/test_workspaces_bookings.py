"""Booking rules, capacity, cancellation, decisions, check-in, e-mails, calendars and selectors.

The clock is frozen (time-machine) at Monday 2026-06-01 08:00 in Paris unless a test moves it;
workspaces open all day every day unless a test is about opening hours.
"""

import datetime
import uuid
from decimal import Decimal
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import translation
from icalendar import Calendar

from alpsatellites.core.errors import Forbidden, NotFound
from alpsatellites.workspaces.calendars import booking_ics, workspace_busy_ics
from alpsatellites.workspaces.models import Booking, BookingStatus, WorkspaceStatus
from alpsatellites.workspaces.schedule import slot_span
from alpsatellites.workspaces.selectors import (
    booking_list_for_manager,
    booking_list_for_user,
    booking_upcoming,
    workspace_availability,
    workspace_closed_days,
    workspace_weekly_slots,
)
from alpsatellites.workspaces.services import (
    BookingRefused,
    BookingRequest,
    booking_cancel,
    booking_check_in,
    booking_check_in_by_manager,
    booking_decide,
    booking_quote,
    booking_request,
    resource_block,
)

from .factories import UserFactory
from .workspaces_factories import (
    BookingFactory,
    ClosureFactory,
    OpeningHoursFactory,
    ResourceFactory,
    WorkspaceFactory,
    open_all_week,
)

PARIS = ZoneInfo("Europe/Paris")
UTC = datetime.UTC
NOW = datetime.datetime(2026, 6, 1, 8, 0, tzinfo=PARIS)  # a Monday

pytestmark = pytest.mark.django_db


def at(day, hour, minute=0, month=6):
    """A Paris time in June 2026 (or another month)."""
    return datetime.datetime(2026, month, day, hour, minute, tzinfo=PARIS)


def utc(*args):
    return datetime.datetime(*args, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _frozen_clock_and_english(time_machine):
    time_machine.move_to(NOW, tick=False)
    with translation.override("en"):
        yield


@pytest.fixture
def manager():
    return UserFactory(email="manager@example.org", name="Marie Manager")


@pytest.fixture
def member():
    return UserFactory(email="anne@example.org", name="Anne Membre", language="en")


@pytest.fixture
def workspace(manager):
    workspace = WorkspaceFactory(name="Café & Co", managers=[manager])
    open_all_week(workspace)
    return workspace


@pytest.fixture
def resource(workspace):
    return ResourceFactory(workspace=workspace, name="Open space", capacity=3)


def book(user, resource, start, end, **fields):
    return booking_request(
        user=user,
        request=BookingRequest(resource_id=resource.pk, starts_at=start, ends_at=end, **fields),
    )


def refused(user, resource, start, end, **fields) -> BookingRefused:
    """The refusal of a request, having checked that nothing was written."""
    before = Booking.objects.count()
    with pytest.raises(BookingRefused) as info:
        book(user, resource, start, end, **fields)
    assert Booking.objects.count() == before
    return info.value


class TestRequest:
    def test_confirmed_at_once(self, member, resource):
        booking = book(member, resource, at(3, 10), at(3, 12))
        booking.refresh_from_db()
        assert booking.status == BookingStatus.CONFIRMED
        assert booking.user == member
        assert not booking.is_block
        assert (booking.starts_at, booking.ends_at) == (utc(2026, 6, 3, 8), utc(2026, 6, 3, 10))
        assert booking.seats == 1
        assert booking.price == Decimal("10.00")  # 2 hours at 5.00

    def test_pending_when_the_manager_approves(self, member, resource):
        resource.requires_approval = True
        resource.save()
        booking = book(member, resource, at(3, 10), at(3, 12))
        assert Booking.objects.get().status == BookingStatus.PENDING
        assert booking.decided_at is None

    def test_price_is_per_seat(self, member, resource):
        booking = book(member, resource, at(3, 9), at(3, 12), seats=2)
        assert booking.price == Decimal("24.00")  # a half-day at 12.00, twice

    def test_expected_price_that_matches(self, member, resource):
        booking = book(member, resource, at(3, 9), at(3, 18), expected_price=Decimal("20"))
        assert booking.price == Decimal("20.00")

    def test_expected_price_that_differs(self, member, resource):
        error = refused(member, resource, at(3, 9), at(3, 18), expected_price=Decimal("15.00"))
        assert error.code == "price_changed"
        assert error.field == "price"
        assert "20.00" in error.message

    def test_quote_checks_rules_and_prices_without_writing(self, member, resource):
        quoted_resource, price = booking_quote(
            BookingRequest(resource_id=resource.pk, starts_at=at(3, 9), ends_at=at(3, 12), seats=3)
        )
        assert quoted_resource == resource
        assert price == Decimal("36.00")
        assert Booking.objects.count() == 0
        with pytest.raises(BookingRefused):
            booking_quote(
                BookingRequest(resource_id=resource.pk, starts_at=at(3, 9), ends_at=at(3, 8))
            )

    def test_times_given_in_utc_are_the_same_instants(self, member, resource):
        booking = book(member, resource, utc(2026, 6, 3, 8), utc(2026, 6, 3, 10))
        assert booking.price == Decimal("10.00")
        assert Booking.objects.get().starts_at == at(3, 10)


class TestRules:
    def test_reversed_span(self, member, resource):
        error = refused(member, resource, at(3, 12), at(3, 10))
        assert (error.field, error.message) == ("ends_at", "The end must be after the start.")

    def test_zero_length(self, member, resource):
        error = refused(member, resource, at(3, 10), at(3, 10))
        assert error.field == "ends_at"

    def test_naive_times(self, member, resource):
        error = refused(
            member, resource, datetime.datetime(2026, 6, 3, 10), datetime.datetime(2026, 6, 3, 12)
        )
        assert "time zone" in error.message

    def test_past_start(self, member, resource):
        error = refused(member, resource, at(1, 7), at(1, 9))
        assert (error.field, error.message) == ("starts_at", "This time is in the past.")

    def test_start_now_is_accepted(self, member, resource):
        assert book(member, resource, NOW, at(1, 9)).pk

    def test_too_far_ahead(self, member, resource):
        resource.max_days_ahead = 10
        resource.save()
        error = refused(member, resource, at(11, 9), at(11, 10))
        assert error.field == "starts_at"
        assert "10 days ahead" in error.message
        assert book(member, resource, at(11, 8), at(11, 9)).pk  # exactly 10 days ahead

    def test_too_short(self, member, resource):
        resource.min_minutes = 90
        resource.save()
        error = refused(member, resource, at(3, 10), at(3, 11))
        assert (error.field, error.message) == ("ends_at", "The shortest booking is 90 minutes.")
        assert book(member, resource, at(3, 10), at(3, 11, 30)).pk

    def test_too_many_days(self, member, resource):
        resource.max_days = 2
        resource.save()
        error = refused(member, resource, at(3, 9), at(5, 17))
        assert (error.field, error.message) == ("ends_at", "The longest booking is 2 days.")
        assert book(member, resource, at(3, 9), at(4, 17)).price == Decimal("40.00")

    @pytest.mark.parametrize("seats", [0, -1, 4])
    def test_seats_out_of_range(self, member, resource, seats):
        error = refused(member, resource, at(3, 10), at(3, 12), seats=seats)
        assert (error.field, error.message) == ("seats", "Choose between 1 and 3 seats.")

    def test_all_seats_at_once(self, member, resource):
        assert book(member, resource, at(3, 10), at(3, 12), seats=3).seats == 3

    def test_resource_of_another_workspace(self, member, resource):
        other = WorkspaceFactory()
        error = refused(member, resource, at(3, 10), at(3, 12), workspace_id=other.pk)
        assert error.field == "resource"
        assert error.message == "This resource does not exist in this workspace."
        assert book(member, resource, at(3, 10), at(3, 12), workspace_id=resource.workspace_id)

    def test_resource_that_does_not_exist(self, member, resource):
        with pytest.raises(BookingRefused, match="does not exist in this workspace"):
            booking_request(
                user=member,
                request=BookingRequest(
                    resource_id=resource.pk + 1000, starts_at=at(3, 10), ends_at=at(3, 12)
                ),
            )
        assert Booking.objects.count() == 0

    def test_workspace_temporarily_closed(self, member, resource):
        resource.workspace.status = WorkspaceStatus.CLOSED
        resource.workspace.save()
        error = refused(member, resource, at(3, 10), at(3, 12))
        assert error.message == "This resource cannot be booked at the moment."

    @pytest.mark.parametrize("status", [WorkspaceStatus.CANCELLED, WorkspaceStatus.DRAFT])
    def test_workspace_not_public_is_like_no_resource(self, member, resource, status):
        resource.workspace.status = status
        resource.workspace.save()
        error = refused(member, resource, at(3, 10), at(3, 12))
        assert (error.code, error.message) == (
            "not_found",
            "This resource does not exist in this workspace.",
        )

    def test_inactive_resource(self, member, resource):
        resource.is_active = False
        resource.save()
        assert refused(member, resource, at(3, 10), at(3, 12)).field == "resource"


class TestOpeningHoursRules:
    @pytest.fixture
    def resource(self, manager):
        workspace = WorkspaceFactory(managers=[manager])
        for weekday in range(6):  # closed on Sunday; lunch break on Wednesday
            if weekday == 2:
                OpeningHoursFactory(workspace=workspace, weekday=2, closes=datetime.time(12))
                OpeningHoursFactory(workspace=workspace, weekday=2, opens=datetime.time(14))
            else:
                OpeningHoursFactory(workspace=workspace, weekday=weekday)  # 08:30–17:30
        return ResourceFactory(workspace=workspace, capacity=3)

    def test_within_hours(self, member, resource):
        assert book(member, resource, at(2, 8, 30), at(2, 17, 30)).price == Decimal("20.00")

    def test_start_before_opening(self, member, resource):
        error = refused(member, resource, at(2, 8), at(2, 10))
        assert (error.field, error.message) == ("starts_at", "The start is outside opening hours.")

    def test_end_after_closing(self, member, resource):
        error = refused(member, resource, at(2, 16), at(2, 18))
        assert (error.field, error.message) == ("ends_at", "The end is outside opening hours.")

    def test_closed_weekday(self, member, resource):
        error = refused(member, resource, at(7, 10), at(7, 12))
        assert error.message == "The workspace is closed on Sunday 7 June 2026."

    def test_closure_day(self, member, resource):
        ClosureFactory(workspace=resource.workspace, starts_on=datetime.date(2026, 6, 4))
        error = refused(member, resource, at(4, 10), at(4, 12))
        assert error.message == "The workspace is closed on Thursday 4 June 2026."

    def test_several_days_over_a_closed_day(self, member, resource):
        error = refused(member, resource, at(6, 9), at(8, 17))
        assert error.message == "The workspace is closed on Sunday 7 June 2026."

    def test_several_days_within_hours(self, member, resource):
        booking = book(member, resource, at(4, 9), at(5, 17))
        assert booking.price == Decimal("40.00")

    def test_several_days_ending_after_closing(self, member, resource):
        assert refused(member, resource, at(4, 9), at(5, 18)).field == "ends_at"

    def test_over_the_lunch_break(self, member, resource):
        assert book(member, resource, at(3, 10), at(3, 15)).pk

    def test_inside_the_lunch_break(self, member, resource):
        error = refused(member, resource, at(3, 12), at(3, 14))
        assert error.field == "starts_at"

    def test_ending_inside_the_lunch_break(self, member, resource):
        assert refused(member, resource, at(3, 10), at(3, 13)).field == "ends_at"

    def test_season_hours_apply(self, member, resource):
        for weekday in range(7):
            OpeningHoursFactory(
                workspace=resource.workspace,
                weekday=weekday,
                opens=datetime.time(7),
                closes=datetime.time(12),
                valid_from=datetime.date(2026, 6, 1),
                valid_until=datetime.date(2026, 6, 30),
            )
        assert book(member, resource, at(7, 7), at(7, 9)).pk  # Sunday is open in the season
        assert refused(member, resource, at(8, 14), at(8, 16)).field == "starts_at"


class TestDaylightSavingDays:
    """A "day" booking on the Sundays clocks change: 9 real hours, the right UTC instants."""

    @pytest.fixture
    def resource(self, manager):
        workspace = WorkspaceFactory(managers=[manager])
        for weekday in range(7):
            OpeningHoursFactory(workspace=workspace, weekday=weekday)  # 08:30–17:30
        return ResourceFactory(workspace=workspace, price_hour=Decimal("3.00"))

    def day_booking(self, member, resource, day):
        start, end = slot_span(
            day,
            "day",
            workspace_weekly_slots(resource.workspace_id),
            workspace_closed_days(resource.workspace_id),
            zone=resource.workspace.zone,
        )
        booking = book(member, resource, start, end)
        booking.refresh_from_db()
        return booking

    def test_spring_forward(self, member, resource, time_machine):
        time_machine.move_to(datetime.datetime(2026, 3, 20, 12, tzinfo=UTC), tick=False)
        booking = self.day_booking(member, resource, datetime.date(2026, 3, 29))
        assert (booking.starts_at, booking.ends_at) == (
            utc(2026, 3, 29, 6, 30),
            utc(2026, 3, 29, 15, 30),
        )
        assert booking.ends_at - booking.starts_at == datetime.timedelta(hours=9)
        assert booking.price == Decimal("20.00")  # the day price, not 9 hours at 3.00 = 27.00

    def test_fall_back(self, member, resource, time_machine):
        time_machine.move_to(datetime.datetime(2026, 10, 20, 12, tzinfo=UTC), tick=False)
        booking = self.day_booking(member, resource, datetime.date(2026, 10, 25))
        assert (booking.starts_at, booking.ends_at) == (
            utc(2026, 10, 25, 7, 30),
            utc(2026, 10, 25, 16, 30),
        )
        assert booking.ends_at - booking.starts_at == datetime.timedelta(hours=9)

    def test_hours_across_the_change_are_real_hours(self, member, time_machine):
        time_machine.move_to(datetime.datetime(2026, 3, 20, 12, tzinfo=UTC), tick=False)
        workspace = WorkspaceFactory()
        open_all_week(workspace)
        resource = ResourceFactory(
            workspace=workspace, price_half_day=None, price_day=None, min_minutes=180
        )
        start = datetime.datetime(2026, 3, 29, 1, 0, tzinfo=PARIS)
        end = datetime.datetime(2026, 3, 29, 4, 0, tzinfo=PARIS)  # 2 real hours
        assert refused(member, resource, start, end).message == (
            "The shortest booking is 180 minutes."
        )
        resource.min_minutes = 60
        resource.save()
        assert book(member, resource, start, end).price == Decimal("10.00")


class TestCapacity:
    def test_fourth_seat_of_three_is_refused(self, resource):
        users = UserFactory.create_batch(4)
        for user in users[:3]:
            assert book(user, resource, at(3, 10), at(3, 12)).status == BookingStatus.CONFIRMED
        error = refused(users[3], resource, at(3, 10), at(3, 12))
        assert error.code == "full"
        assert error.field == "seats"
        assert error.message == "Not enough free seats for this time: 0 left."
        assert Booking.objects.filter(status=BookingStatus.CONFIRMED).count() == 3

    def test_message_says_how_many_are_left(self, member, resource):
        book(UserFactory(), resource, at(3, 10), at(3, 12), seats=2)
        error = refused(member, resource, at(3, 11), at(3, 13), seats=2)
        assert error.message == "Not enough free seats for this time: 1 left."

    def test_partial_overlaps(self, member, resource):
        other = UserFactory()
        book(other, resource, at(3, 9), at(3, 11), seats=2)
        book(other, resource, at(3, 10), at(3, 12), seats=1)
        # 10–11 is full; a request touching it is refused.
        assert refused(member, resource, at(3, 10, 30), at(3, 11, 30)).code == "full"
        assert refused(member, resource, at(3, 8), at(3, 17)).code == "full"
        # 11–12 has two free seats, 08–09 all three (back to back with the 09:00 booking).
        assert book(member, resource, at(3, 11), at(3, 12), seats=2).pk
        assert book(member, resource, at(3, 8), at(3, 9), seats=3).pk
        assert book(member, resource, at(3, 12), at(3, 13), seats=3).pk

    def test_other_resources_and_days_do_not_count(self, member, resource):
        other_resource = ResourceFactory(workspace=resource.workspace, capacity=3)
        book(member, other_resource, at(3, 10), at(3, 12), seats=3)
        book(member, resource, at(4, 10), at(4, 12), seats=3)
        assert book(member, resource, at(3, 10), at(3, 12), seats=3).pk

    def test_pending_bookings_hold_their_seats(self, member, resource):
        resource.requires_approval = True
        resource.save()
        book(UserFactory(), resource, at(3, 10), at(3, 12), seats=3)
        assert refused(member, resource, at(3, 10), at(3, 12)).code == "full"

    @pytest.mark.parametrize(
        "status", [BookingStatus.CANCELLED, BookingStatus.DECLINED, BookingStatus.NO_SHOW]
    )
    def test_released_bookings_free_their_seats(self, member, resource, status):
        BookingFactory(
            resource=resource, starts_at=at(3, 10), ends_at=at(3, 12), seats=3, status=status
        )
        assert book(member, resource, at(3, 10), at(3, 12), seats=3).pk

    def test_checked_in_bookings_hold_their_seats(self, member, resource):
        BookingFactory(
            resource=resource,
            starts_at=at(3, 10),
            ends_at=at(3, 12),
            seats=3,
            status=BookingStatus.CHECKED_IN,
        )
        assert refused(member, resource, at(3, 10), at(3, 12)).code == "full"

    def test_cancelling_frees_the_seats(self, member, resource):
        first = book(UserFactory(), resource, at(3, 10), at(3, 12), seats=3)
        assert refused(member, resource, at(3, 10), at(3, 12)).code == "full"
        booking_cancel(user=first.user, booking_id=first.pk)
        assert book(member, resource, at(3, 10), at(3, 12)).status == BookingStatus.CONFIRMED


class TestBlocks:
    def test_a_block_takes_all_seats(self, manager, member, resource):
        block = resource_block(
            manager=manager,
            resource_id=resource.pk,
            starts_at=at(3, 9),
            ends_at=at(3, 12),
            note="Maintenance",
        )
        assert (block.is_block, block.user, block.seats) == (True, None, 3)
        assert block.status == BookingStatus.CONFIRMED
        assert refused(member, resource, at(3, 11), at(3, 13)).code == "full"
        assert book(member, resource, at(3, 12), at(3, 13), seats=3).pk

    def test_a_block_still_takes_all_seats_when_seats_are_added(self, manager, member, resource):
        resource_block(
            manager=manager, resource_id=resource.pk, starts_at=at(3, 9), ends_at=at(3, 12)
        )
        resource.capacity = 5
        resource.save()
        assert refused(member, resource, at(3, 10), at(3, 11)).code == "full"
        availability = workspace_availability(resource.workspace, datetime.date(2026, 6, 3), 1)
        assert availability[0].days[0].free_seats == 0

    def test_only_a_manager_blocks(self, member, resource):
        with pytest.raises(Forbidden):
            resource_block(
                manager=member, resource_id=resource.pk, starts_at=at(3, 9), ends_at=at(3, 12)
            )
        assert Booking.objects.count() == 0

    def test_superuser_blocks(self, resource):
        admin = UserFactory(is_superuser=True, is_staff=True)
        assert resource_block(
            manager=admin, resource_id=resource.pk, starts_at=at(3, 9), ends_at=at(3, 12)
        ).is_block

    def test_block_span_must_be_positive(self, manager, resource):
        with pytest.raises(BookingRefused):
            resource_block(
                manager=manager, resource_id=resource.pk, starts_at=at(3, 12), ends_at=at(3, 9)
            )
        assert Booking.objects.count() == 0


class TestRequestKey:
    def test_same_key_twice_is_one_booking(self, member, resource):
        key = uuid.uuid4()
        first = book(member, resource, at(3, 10), at(3, 12), request_key=key)
        second = book(member, resource, at(3, 10), at(3, 12), request_key=key)
        assert first.pk == second.pk
        assert Booking.objects.count() == 1

    def test_same_key_when_the_slot_is_now_full(self, member, resource):
        key = uuid.uuid4()
        first = book(member, resource, at(3, 10), at(3, 12), seats=3, request_key=key)
        assert book(member, resource, at(3, 10), at(3, 12), seats=3, request_key=key) == first

    def test_same_key_from_another_person_is_another_booking(self, member, resource):
        key = uuid.uuid4()
        first = book(member, resource, at(3, 10), at(3, 12), request_key=key)
        second = book(UserFactory(), resource, at(3, 10), at(3, 12), request_key=key)
        assert first.pk != second.pk
        assert Booking.objects.count() == 2

    def test_without_a_key_each_request_is_a_booking(self, member, resource):
        book(member, resource, at(3, 10), at(3, 12))
        book(member, resource, at(3, 10), at(3, 12))
        assert Booking.objects.filter(user=member).count() == 2


class TestCancel:
    def test_before_the_deadline(self, member, resource):
        booking = book(member, resource, at(3, 10), at(3, 12))
        cancelled = booking_cancel(user=member, booking_id=booking.pk)
        booking.refresh_from_db()
        assert booking.status == cancelled.status == BookingStatus.CANCELLED
        assert booking.cancelled_at == NOW

    def test_exactly_at_the_deadline(self, member, resource, time_machine):
        booking = book(member, resource, at(3, 10), at(3, 12))
        time_machine.move_to(at(2, 10), tick=False)  # 24 hours before
        assert booking_cancel(user=member, booking_id=booking.pk).status == "cancelled"

    def test_past_the_deadline(self, member, resource, time_machine):
        booking = book(member, resource, at(3, 10), at(3, 12))
        time_machine.move_to(at(2, 10, 1), tick=False)
        with pytest.raises(BookingRefused, match="24 hours before the start"):
            booking_cancel(user=member, booking_id=booking.pk)
        booking.refresh_from_db()
        assert booking.status == BookingStatus.CONFIRMED
        assert booking.cancelled_at is None

    def test_shorter_deadline(self, member, resource, time_machine):
        resource.cancellation_hours = 2
        resource.save()
        booking = book(member, resource, at(3, 10), at(3, 12))
        time_machine.move_to(at(3, 7, 59), tick=False)
        assert booking_cancel(user=member, booking_id=booking.pk).status == "cancelled"

    def test_pending_booking(self, member, resource):
        resource.requires_approval = True
        resource.save()
        booking = book(member, resource, at(3, 10), at(3, 12))
        assert booking_cancel(user=member, booking_id=booking.pk).status == "cancelled"

    def test_someone_elses_booking(self, member, resource):
        booking = book(UserFactory(), resource, at(3, 10), at(3, 12))
        with pytest.raises(Forbidden):
            booking_cancel(user=member, booking_id=booking.pk)
        booking.refresh_from_db()
        assert booking.status == BookingStatus.CONFIRMED

    def test_a_block_is_no_ones_to_cancel(self, manager, resource):
        block = resource_block(
            manager=manager, resource_id=resource.pk, starts_at=at(3, 9), ends_at=at(3, 12)
        )
        with pytest.raises(Forbidden):
            booking_cancel(user=manager, booking_id=block.pk)

    def test_twice(self, member, resource):
        booking = book(member, resource, at(3, 10), at(3, 12))
        booking_cancel(user=member, booking_id=booking.pk)
        with pytest.raises(BookingRefused, match="can no longer be cancelled"):
            booking_cancel(user=member, booking_id=booking.pk)

    def test_unknown_booking(self, member):
        with pytest.raises(NotFound):
            booking_cancel(user=member, booking_id=123456)


class TestDecide:
    @pytest.fixture
    def pending(self, member, resource):
        resource.requires_approval = True
        resource.save()
        return book(member, resource, at(3, 10), at(3, 12), seats=2)

    def test_manager_approves(self, manager, pending):
        decided = booking_decide(manager=manager, booking_id=pending.pk, approve=True)
        pending.refresh_from_db()
        assert pending.status == decided.status == BookingStatus.CONFIRMED
        assert pending.decided_at == NOW

    def test_manager_declines_and_the_seats_are_free_again(self, manager, member, pending):
        booking_decide(manager=manager, booking_id=pending.pk, approve=False)
        pending.refresh_from_db()
        assert pending.status == BookingStatus.DECLINED
        assert book(UserFactory(), pending.resource, at(3, 10), at(3, 12), seats=3).pk

    def test_refused_for_a_non_manager(self, member, pending):
        for someone in (member, UserFactory(), UserFactory(is_staff=True)):
            with pytest.raises(Forbidden):
                booking_decide(manager=someone, booking_id=pending.pk, approve=True)
        pending.refresh_from_db()
        assert pending.status == BookingStatus.PENDING

    def test_manager_of_another_workspace(self, pending):
        other_manager = UserFactory()
        WorkspaceFactory(managers=[other_manager])
        with pytest.raises(Forbidden):
            booking_decide(manager=other_manager, booking_id=pending.pk, approve=True)

    def test_superuser_decides(self, pending):
        admin = UserFactory(is_superuser=True)
        assert booking_decide(manager=admin, booking_id=pending.pk, approve=True).status == (
            BookingStatus.CONFIRMED
        )

    def test_only_once(self, manager, pending):
        booking_decide(manager=manager, booking_id=pending.pk, approve=True)
        with pytest.raises(BookingRefused, match="not awaiting a decision"):
            booking_decide(manager=manager, booking_id=pending.pk, approve=False)

    def test_approval_rechecks_the_seats(self, manager, pending):
        resource_block(
            manager=manager,
            resource_id=pending.resource_id,
            starts_at=at(3, 11),
            ends_at=at(3, 12),
        )
        with pytest.raises(BookingRefused) as info:
            booking_decide(manager=manager, booking_id=pending.pk, approve=True)
        assert info.value.code == "full"
        pending.refresh_from_db()
        assert pending.status == BookingStatus.PENDING
        # Declining is always possible.
        booking_decide(manager=manager, booking_id=pending.pk, approve=False)


class TestCheckIn:
    @pytest.fixture
    def booking(self, member, resource):
        return book(member, resource, at(3, 10), at(3, 12))

    def test_by_token_within_the_window(self, booking, time_machine):
        time_machine.move_to(at(3, 9, 30), tick=False)
        checked = booking_check_in(token=booking.check_in_token)
        booking.refresh_from_db()
        assert booking.status == checked.status == BookingStatus.CHECKED_IN
        assert booking.checked_in_at == at(3, 9, 30)

    def test_one_hour_before_is_the_first_moment(self, booking, time_machine):
        time_machine.move_to(at(3, 9), tick=False)
        assert booking_check_in(token=booking.check_in_token).status == "checked_in"

    def test_before_the_window(self, booking, time_machine):
        time_machine.move_to(at(3, 8, 59), tick=False)
        with pytest.raises(BookingRefused, match="one hour before the start"):
            booking_check_in(token=booking.check_in_token)
        booking.refresh_from_db()
        assert booking.status == BookingStatus.CONFIRMED
        assert booking.checked_in_at is None

    def test_after_the_end(self, booking, time_machine):
        time_machine.move_to(at(3, 12), tick=False)
        with pytest.raises(BookingRefused):
            booking_check_in(token=booking.check_in_token)

    def test_second_check_in_changes_nothing(self, booking, time_machine):
        time_machine.move_to(at(3, 10), tick=False)
        booking_check_in(token=booking.check_in_token)
        time_machine.move_to(at(3, 11), tick=False)
        again = booking_check_in(token=booking.check_in_token)
        assert again.status == BookingStatus.CHECKED_IN
        assert again.checked_in_at == at(3, 10)
        booking.refresh_from_db()
        assert booking.checked_in_at == at(3, 10)

    def test_pending_booking_cannot_check_in(self, member, resource, time_machine):
        resource.requires_approval = True
        resource.save()
        booking = book(member, resource, at(3, 10), at(3, 12))
        time_machine.move_to(at(3, 10), tick=False)
        with pytest.raises(BookingRefused, match="Only a confirmed booking"):
            booking_check_in(token=booking.check_in_token)

    def test_cancelled_booking_cannot_check_in(self, member, booking, time_machine):
        booking_cancel(user=member, booking_id=booking.pk)
        time_machine.move_to(at(3, 10), tick=False)
        with pytest.raises(BookingRefused):
            booking_check_in(token=booking.check_in_token)

    def test_unknown_token(self, booking):
        with pytest.raises(NotFound):
            booking_check_in(token=uuid.uuid4())

    def test_by_the_manager(self, manager, booking, time_machine):
        time_machine.move_to(at(3, 10, 15), tick=False)
        checked = booking_check_in_by_manager(manager=manager, booking_id=booking.pk)
        assert checked.status == BookingStatus.CHECKED_IN

    def test_not_by_someone_else(self, member, booking, time_machine):
        time_machine.move_to(at(3, 10, 15), tick=False)
        with pytest.raises(Forbidden):
            booking_check_in_by_manager(manager=member, booking_id=booking.pk)


def _ics(attachment) -> Calendar:
    content = attachment.content if hasattr(attachment, "content") else attachment[1]
    return Calendar.from_ical(content)


class TestConfirmationEmail:
    def test_sent_after_commit_with_the_calendar_file(
        self, member, resource, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            booking = book(member, resource, at(3, 10), at(3, 12))
            assert mail.outbox == []  # nothing before the commit
        assert len(mail.outbox) == 1
        message = mail.outbox[0]
        assert message.to == ["anne@example.org"]
        assert message.subject == "Your booking at Café & Co"
        body = message.body
        assert "Open space" in body
        assert "Café & Co" in body  # plain text: not "Café &amp; Co"
        # Local times in Paris, not the stored UTC ones.
        assert "Wednesday 3 June 2026, 10:00" in body
        assert "Wednesday 3 June 2026, 12:00" in body
        assert "10.00" in body
        assert "booking.ics" in body

        (attachment,) = message.attachments
        filename = attachment.filename if hasattr(attachment, "filename") else attachment[0]
        assert filename == "booking.ics"
        (event,) = _ics(attachment).walk("VEVENT")
        assert event.decoded("dtstart") == booking.starts_at == utc(2026, 6, 3, 8)
        assert event.decoded("dtend") == utc(2026, 6, 3, 10)
        assert event.decoded("dtstart").utcoffset() == datetime.timedelta(0)
        assert str(event["status"]) == "CONFIRMED"
        assert str(event["uid"]) == f"booking-{booking.check_in_token}@alpsatellites"

    def test_pending_request(self, member, resource, django_capture_on_commit_callbacks):
        resource.requires_approval = True
        resource.save()
        with django_capture_on_commit_callbacks(execute=True):
            book(member, resource, at(3, 10), at(3, 12))
        (message,) = mail.outbox
        assert message.subject == "Your booking request at Café & Co"
        (event,) = _ics(message.attachments[0]).walk("VEVENT")
        assert str(event["status"]) == "TENTATIVE"

    def test_in_the_persons_language(self, resource, django_capture_on_commit_callbacks):
        french = UserFactory(language="fr")
        with django_capture_on_commit_callbacks(execute=True):
            book(french, resource, at(3, 10), at(3, 12))
        (message,) = mail.outbox
        assert "mercredi 3 juin 2026, 10:00" in message.body
        assert translation.get_language() == "en"  # the override did not leak

    def test_not_sent_when_refused_or_rolled_back(
        self, member, resource, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            refused(member, resource, at(3, 12), at(3, 10))
        assert mail.outbox == []

    def test_same_request_key_sends_one_email(
        self, member, resource, django_capture_on_commit_callbacks
    ):
        key = uuid.uuid4()
        with django_capture_on_commit_callbacks(execute=True):
            book(member, resource, at(3, 10), at(3, 12), request_key=key)
            book(member, resource, at(3, 10), at(3, 12), request_key=key)
        assert len(mail.outbox) == 1

    def test_a_failing_mail_server_does_not_undo_the_booking(
        self, member, resource, django_capture_on_commit_callbacks, caplog
    ):
        with (
            mock.patch(
                "django.core.mail.EmailMessage.send", side_effect=ConnectionRefusedError("smtp")
            ),
            django_capture_on_commit_callbacks(execute=True),
        ):
            booking = book(member, resource, at(3, 10), at(3, 12))
        assert Booking.objects.get().pk == booking.pk
        assert "smtp" in caplog.text


class TestCalendars:
    def test_booking_ics_of_a_cancelled_booking(self, member, resource):
        booking = book(member, resource, at(3, 10), at(3, 12))
        booking_cancel(user=member, booking_id=booking.pk)
        booking.refresh_from_db()
        (event,) = Calendar.from_ical(booking_ics(booking)).walk("VEVENT")
        assert str(event["status"]) == "CANCELLED"

    def test_booking_ics_location(self, member, resource):
        booking = book(member, resource, at(3, 10), at(3, 12))
        (event,) = Calendar.from_ical(booking_ics(booking)).walk("VEVENT")
        workspace = resource.workspace
        assert str(event["location"]) == f"{workspace.address}, {workspace.commune}"
        assert str(event["summary"]) == "Open space — Café & Co"

    def test_busy_feed_does_not_say_who(self, member, manager, resource):
        book(member, resource, at(3, 10), at(3, 12))
        book(UserFactory(email="bob@example.org", name="Bob Booker"), resource, at(4, 9), at(4, 10))
        resource_block(
            manager=manager,
            resource_id=resource.pk,
            starts_at=at(5, 9),
            ends_at=at(5, 12),
            note="Private party of Mr Secret",
        )
        bookings = Booking.objects.filter(resource__workspace=resource.workspace).select_related(
            "resource"
        )
        content = workspace_busy_ics(resource.workspace, bookings)
        text = content.decode()
        for private in ("anne@example.org", "Anne", "bob@example.org", "Bob", "Secret"):
            assert private not in text
        events = Calendar.from_ical(content).walk("VEVENT")
        assert len(events) == 3
        assert sorted(e.decoded("dtstart") for e in events) == [
            utc(2026, 6, 3, 8),
            utc(2026, 6, 4, 7),
            utc(2026, 6, 5, 7),
        ]
        assert sorted(str(e["summary"]) for e in events) == [
            "Open space: 1/3",
            "Open space: 1/3",
            "Open space: 3/3",
        ]


class TestAvailability:
    """Two weeks from Monday 2026-06-01: Monday–Saturday 08:30–17:30, a closure on the 10th."""

    FIRST_DAY = datetime.date(2026, 6, 1)

    @pytest.fixture
    def workspace(self, manager):
        workspace = WorkspaceFactory(managers=[manager])
        for weekday in range(6):
            OpeningHoursFactory(workspace=workspace, weekday=weekday)
        ClosureFactory(workspace=workspace, starts_on=datetime.date(2026, 6, 10))
        return workspace

    @pytest.fixture
    def desks(self, workspace):
        return ResourceFactory(workspace=workspace, name="Desks", capacity=3)

    @pytest.fixture
    def room(self, workspace):
        return ResourceFactory(workspace=workspace, kind="meeting_room", name="Room", capacity=1)

    def test_free_seats_per_day(self, workspace, desks, room, manager):
        def add(resource, day, start, end, seats=1, status=BookingStatus.CONFIRMED):
            BookingFactory(
                resource=resource,
                starts_at=at(day, start),
                ends_at=at(day, end),
                seats=seats,
                status=status,
            )

        add(desks, 2, 9, 11, seats=2)
        add(desks, 2, 10, 12, status=BookingStatus.PENDING)  # 3 in use from 10 to 11
        add(desks, 3, 9, 10)
        add(desks, 3, 14, 15)  # never together: 2 free
        add(desks, 4, 9, 17, seats=3, status=BookingStatus.CANCELLED)
        add(desks, 8, 9, 17, seats=3, status=BookingStatus.DECLINED)
        add(desks, 20, 9, 17, seats=3)  # outside the two weeks
        add(room, 1, 9, 10)
        resource_block(manager=manager, resource_id=desks.pk, starts_at=at(5, 8), ends_at=at(5, 9))
        other_workspace_desk = ResourceFactory(capacity=3)
        open_all_week(other_workspace_desk.workspace)
        add(other_workspace_desk, 11, 9, 17, seats=3)
        ResourceFactory(workspace=workspace, name="Old desks", is_active=False)

        result = workspace_availability(workspace, self.FIRST_DAY, 14)
        assert [r.resource for r in result] == [desks, room]  # hot desks before meeting rooms
        desk_days = {d.day.day: d for d in result[0].days}
        assert [d.day for d in result[0].days] == [
            self.FIRST_DAY + datetime.timedelta(days=n) for n in range(14)
        ]
        assert {day: d.free_seats for day, d in desk_days.items()} == {
            1: 3, 2: 0, 3: 2, 4: 3, 5: 0, 6: 3, 7: 0,
            8: 3, 9: 3, 10: 0, 11: 3, 12: 3, 13: 3, 14: 0,
        }  # fmt: skip
        closed = {day for day, d in desk_days.items() if not d.is_open}
        assert closed == {7, 10, 14}
        assert (desk_days[7].opens, desk_days[7].closes) == (None, None)
        assert (desk_days[1].opens, desk_days[1].closes) == (
            utc(2026, 6, 1, 6, 30),
            utc(2026, 6, 1, 15, 30),
        )
        assert [d.free_seats for d in result[1].days][:3] == [0, 1, 1]

    @pytest.mark.parametrize("count", [2, 200])
    def test_constant_number_of_queries(
        self, workspace, desks, room, count, django_assert_num_queries
    ):
        Booking.objects.bulk_create(
            Booking(
                resource=desks if n % 2 else room,
                user=None,
                is_block=True,
                starts_at=at(1 + n % 13, 9),
                ends_at=at(1 + n % 13, 10),
                seats=1,
                status=BookingStatus.CONFIRMED,
            )
            for n in range(count)
        )
        with django_assert_num_queries(4):
            result = workspace_availability(workspace, self.FIRST_DAY, 14)
        assert sum(len(r.days) for r in result) == 28

    def test_without_resources(self, workspace):
        assert workspace_availability(workspace, self.FIRST_DAY, 14) == []


class TestScopedSelectors:
    def test_manager_bookings(self, manager, member, resource):
        mine = book(member, resource, at(3, 10), at(3, 12))
        book(member, resource, at(10, 10), at(10, 12))  # outside the window
        elsewhere = ResourceFactory()
        open_all_week(elsewhere.workspace)
        book(member, elsewhere, at(3, 10), at(3, 12))
        result = list(booking_list_for_manager(manager, resource.workspace, at(1, 0), at(8, 0)))
        assert result == [mine]

    def test_manager_bookings_of_a_workspace_managed_by_someone_else(
        self, manager, member, resource
    ):
        book(member, resource, at(3, 10), at(3, 12))
        outsider = UserFactory()
        WorkspaceFactory(managers=[outsider])
        assert (
            list(booking_list_for_manager(outsider, resource.workspace, at(1, 0), at(8, 0))) == []
        )
        assert list(booking_list_for_manager(member, resource.workspace, at(1, 0), at(8, 0))) == []

    def test_manager_bookings_for_a_superuser(self, member, resource):
        book(member, resource, at(3, 10), at(3, 12))
        admin = UserFactory(is_superuser=True)
        assert len(booking_list_for_manager(admin, resource.workspace, at(1, 0), at(8, 0))) == 1

    def test_user_bookings_are_ones_own(self, manager, member, resource):
        mine = [
            book(member, resource, at(3, 10), at(3, 12)),
            book(member, resource, at(4, 10), at(4, 12)),
        ]
        book(UserFactory(), resource, at(3, 10), at(3, 12))
        resource_block(
            manager=manager, resource_id=resource.pk, starts_at=at(5, 9), ends_at=at(5, 12)
        )
        assert list(booking_list_for_user(member)) == mine[::-1]  # latest first
        assert list(booking_list_for_user(manager)) == []

    def test_upcoming(self, member, resource, time_machine):
        first = book(member, resource, at(3, 10), at(3, 12))
        second = book(member, resource, at(5, 10), at(5, 12))
        time_machine.move_to(at(4, 0), tick=False)
        assert list(booking_upcoming(booking_list_for_user(member))) == [second]
        assert first not in booking_upcoming(booking_list_for_user(member))
