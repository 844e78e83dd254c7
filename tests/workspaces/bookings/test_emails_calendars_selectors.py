"""Confirmation e-mails, calendars, availability and scoped reads of bookings."""

import datetime
import uuid
from unittest import mock

import pytest
from django.core import mail
from django.utils import translation
from icalendar import Calendar

from alpsatellites.workspaces.calendars import booking_ics, workspace_busy_ics
from alpsatellites.workspaces.models import Booking, BookingStatus
from alpsatellites.workspaces.selectors import (
    booking_list_for_manager,
    booking_list_for_user,
    booking_upcoming,
    workspace_availability,
)
from alpsatellites.workspaces.services import (
    booking_cancel,
    resource_block,
)
from tests.factories import UserFactory
from tests.workspaces.factories import (
    BookingFactory,
    ClosureFactory,
    OpeningHoursFactory,
    ResourceFactory,
    WorkspaceFactory,
    open_all_week,
)

from .helpers import at, book, refused, utc

pytestmark = pytest.mark.django_db


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
        # The workspace's managers are told too (tests/workspaces/test_booking_emails.py).
        (message,) = [m for m in mail.outbox if m.to == [member.email]]
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
