"""Booking requests, rules, opening hours and daylight-saving days."""

import datetime
from decimal import Decimal

import pytest

from alpsatellites.workspaces.models import Booking, BookingStatus, WorkspaceStatus
from alpsatellites.workspaces.schedule import slot_span
from alpsatellites.workspaces.selectors import (
    workspace_closed_days,
    workspace_weekly_slots,
)
from alpsatellites.workspaces.services import (
    BookingRefused,
    BookingRequest,
    booking_quote,
    booking_request,
)
from tests.workspaces.factories import (
    ClosureFactory,
    OpeningHoursFactory,
    ResourceFactory,
    WorkspaceFactory,
    open_all_week,
)

from .helpers import NOW, PARIS, UTC, at, book, refused, utc

pytestmark = pytest.mark.django_db


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
        # booking_quote returns the whole computation now, not only the price.
        quoted_resource, breakdown = booking_quote(
            BookingRequest(resource_id=resource.pk, starts_at=at(3, 9), ends_at=at(3, 12), seats=3)
        )
        assert quoted_resource == resource
        assert breakdown.total == Decimal("36.00")
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
        # The date is named, so a same-day full day already begun says when it began.
        assert (error.field, error.message) == (
            "starts_at",
            "The start (Monday 1 June 2026, 07:00) has already passed: "
            "choose a later time or another day.",
        )

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

    def test_several_days_over_a_closed_day_pay_the_working_days(self, member, resource):
        # Was refused ("closed on Sunday 7 June") before working days: Saturday and Monday are
        # two working days, the Sunday between them is neither refused nor paid.
        assert book(member, resource, at(6, 9), at(8, 17)).price == Decimal("40.00")

    def test_several_days_ending_on_a_closed_day(self, member, resource):
        error = refused(member, resource, at(6, 9), at(7, 17))
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
