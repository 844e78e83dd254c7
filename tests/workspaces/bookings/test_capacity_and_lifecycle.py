"""Seats, blocks, request keys, cancellation, decisions and check-in."""

import datetime
import uuid

import pytest

from alpsatellites.core.errors import Forbidden, NotFound
from alpsatellites.workspaces.models import Booking, BookingStatus
from alpsatellites.workspaces.selectors import (
    workspace_availability,
)
from alpsatellites.workspaces.services import (
    BookingRefused,
    booking_cancel,
    booking_check_in,
    booking_check_in_by_manager,
    booking_decide,
    resource_block,
)
from tests.factories import UserFactory
from tests.workspaces.factories import (
    BookingFactory,
    ResourceFactory,
    WorkspaceFactory,
)

from .helpers import NOW, at, book, refused

pytestmark = pytest.mark.django_db


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
