"""The booking form without traps: fields by slot kind, working days, closed and full days beside
the date, dates named as the locale writes them, the quote's computation, cancel only while
allowed and with a confirmation, check-in on the day, same-day bookings as the page says."""

import datetime
import uuid
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from alpsatellites.workspaces.models import (
    Booking,
    BookingStatus,
    Payment,
    PriceBasis,
    ResourceKind,
)
from tests.factories import UserFactory
from tests.workspaces.factories import (
    BookingFactory,
    ClosureFactory,
    OpeningHoursFactory,
    ResourceFactory,
    WorkspaceFactory,
)

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
NOW = datetime.datetime(2026, 6, 1, 8, 0, tzinfo=PARIS)  # a Monday
FRIDAY = datetime.date(2026, 6, 5)


def at(day, hour, minute=0):
    return datetime.datetime(2026, 6, day, hour, minute, tzinfo=PARIS)


@pytest.fixture(autouse=True)
def _clock(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def workspace():
    workspace = WorkspaceFactory(slug="refuge", name="Le Refuge", payment=Payment.INVOICE)
    for weekday in range(5):  # Monday to Friday, 08:30–17:30
        OpeningHoursFactory(workspace=workspace, weekday=weekday)
    return workspace


@pytest.fixture
def desk(workspace):
    return ResourceFactory(workspace=workspace, name="Open space", capacity=3)


@pytest.fixture
def room(workspace):
    return ResourceFactory(
        workspace=workspace,
        kind=ResourceKind.MEETING_ROOM,
        name="Salle",
        capacity=12,
        price_basis=PriceBasis.PER_UNIT,
        price_hour=Decimal("20.00"),
        price_half_day=Decimal("60.00"),
        price_day=Decimal("100.00"),
    )


@pytest.fixture
def member(client):
    user = UserFactory(email="member@example.org")
    client.force_login(user)
    return user


def url(resource, query=""):
    return f"/en/workspaces/{resource.workspace.slug}/book/{resource.pk}/{query}"


def post(client, resource, language="en", **fields):
    data = {"days": 1, "seats": 1, "request_key": str(uuid.uuid4()), "action": "quote", **fields}
    return client.post(url(resource).replace("/en/", f"/{language}/", 1), data)


class TestFieldsFollowTheKind:
    def test_a_full_day_asks_no_times(self, client, member, desk):
        html = client.get(url(desk)).content.decode()
        assert 'name="start_time"' not in html and 'name="end_time"' not in html
        assert 'type="hidden" name="slot" value="day"' in html
        assert "Working days" in html
        assert 'aria-current="true">Full day' in html

    def test_a_half_day_asks_morning_or_afternoon(self, client, member, desk):
        html = client.get(url(desk, "?kind=half_day")).content.decode()
        assert 'type="radio" name="slot" value="morning"' in html
        assert 'value="afternoon"' in html
        assert 'name="start_time"' not in html and 'name="days"' not in html

    def test_hours_ask_a_start_and_an_end(self, client, member, desk):
        html = client.get(url(desk, "?kind=hours")).content.decode()
        assert 'name="start_time"' in html and 'name="end_time"' in html
        assert 'name="days"' not in html

    def test_hours_without_times_are_field_errors(self, client, member, desk):
        response = post(client, desk, day="2026-06-02", slot="hours")
        assert response.status_code == 400
        assert response.context["form"].errors.keys() == {"start_time", "end_time"}

    def test_a_resource_booked_by_the_day_offers_no_other_kind(self, client, member, workspace):
        office = ResourceFactory(workspace=workspace, min_minutes=480)
        html = client.get(url(office, "?kind=hours")).content.decode()
        assert 'class="slot-kinds"' not in html and 'name="start_time"' not in html

    def test_a_room_asks_the_number_of_people_up_to_its_capacity(self, client, member, room):
        html = client.get(url(room)).content.decode()
        assert "Number of people" in html and 'max="12"' in html
        response = post(client, room, day="2026-06-02", slot="day", seats=13)
        assert response.status_code == 400
        assert "Choose between 1 and 12 seats." in response.content.decode()

    def test_the_help_texts_are_linked_to_ids_that_exist(self, client, member, desk):
        html = client.get(url(desk)).content.decode()
        for helped in ("id_day", "id_days"):
            assert f'aria-describedby="{helped}_helptext"' in html
            assert f'id="{helped}_helptext"' in html

    def test_the_form_page_reads_a_constant_number_of_queries(
        self, client, member, desk, django_assert_max_num_queries
    ):
        for _ in range(5):
            BookingFactory(resource=desk, starts_at=at(2, 9), ends_at=at(2, 10))
        with django_assert_max_num_queries(12):
            assert client.get(url(desk)).status_code == 200


class TestWorkingDays:
    def test_three_working_days_from_a_friday_end_on_tuesday(self, client, member, desk):
        response = post(client, desk, day=FRIDAY.isoformat(), slot="day", days=3)
        quote = response.context["quote"]
        assert (quote["start"], quote["end"]) == (at(5, 8, 30), at(9, 17, 30))
        assert quote["lines"] == ["3 days × 20.00 € = 60.00 €"]

    def test_the_booking_is_made_at_the_price_shown(self, client, member, desk):
        data = {"day": FRIDAY.isoformat(), "slot": "day", "days": 3, "expected_price": "60.00"}
        response = post(client, desk, action="confirm", **data)
        assert response.status_code == 302
        assert Booking.objects.get().price == Decimal("60.00")

    def test_more_working_days_than_allowed_is_a_field_error(self, client, member, desk):
        response = post(client, desk, day=FRIDAY.isoformat(), slot="day", days=6)
        assert response.status_code == 400
        assert "The longest booking is 5 working days." in response.content.decode()


class TestDateHints:
    def test_closed_weekdays_closures_and_full_days_are_named(self, client, member, desk):
        ClosureFactory(workspace=desk.workspace, starts_on=datetime.date(2026, 6, 10))
        BookingFactory(resource=desk, seats=3, starts_at=at(3, 9), ends_at=at(3, 10))
        html = client.get(url(desk)).content.decode()
        assert "Closed every week: Saturday, Sunday" in html
        assert "Also closed: Wednesday 10 June" in html
        assert "Full: Wednesday 3 June" in html

    def test_in_french(self, client, member, desk):
        ClosureFactory(workspace=desk.workspace, starts_on=datetime.date(2026, 6, 10))
        html = client.get(url(desk).replace("/en/", "/fr/")).content.decode()
        assert "mercredi 10 juin" in html


class TestErrorsNameDates:
    @pytest.mark.parametrize(
        ("language", "named"),
        [
            ("en", "Saturday 6 June 2026"),
            ("fr", "samedi 6 juin 2026"),
            ("de", "Samstag, 6. Juni 2026"),
        ],
    )
    def test_a_closed_day(self, client, member, desk, language, named):
        response = post(client, desk, language=language, day="2026-06-06", slot="day")
        assert response.status_code == 400
        assert named in response.context["form"].errors["day"][0]


class TestQuote:
    def test_a_room_for_six_for_two_hours_is_forty_euros(self, client, member, room):
        response = post(
            client,
            room,
            day="2026-06-02",
            slot="hours",
            start_time="09:00",
            end_time="11:00",
            seats=6,
        )
        html = response.content.decode()
        assert response.status_code == 200
        assert response.context["quote"]["price"] == Decimal("40.00")
        assert "2 h × 20.00 € = 40.00 €" in html
        assert "Price for the whole room, for 6 people." in html
        assert "Free cancellation until Monday 1 June, 09:00." in html
        assert "Paid by invoice from the workspace. There is no online payment." in html

    def test_a_desk_shows_the_seats_multiplication(self, client, member, desk):
        response = post(client, desk, day="2026-06-02", slot="morning", seats=2)
        assert response.context["quote"]["lines"] == [
            "half-day rate 12.00 €",
            "12.00 € × 2 seats = 24.00 €",
        ]

    def test_no_free_cancellation_inside_the_deadline(self, client, member, desk):
        response = post(client, desk, day="2026-06-01", slot="afternoon")
        assert "No free cancellation: the booking starts in less than 24 hours." in (
            response.content.decode()
        )


class TestSameDay:
    def test_the_rule_is_shown(self, client, member, desk):
        assert "Today can be booked for times that have not started yet." in (
            client.get(url(desk)).content.decode()
        )

    def test_a_same_day_slot_not_yet_started_is_accepted(self, client, member, desk, time_machine):
        time_machine.move_to(at(1, 10), tick=False)
        response = post(client, desk, day="2026-06-01", slot="afternoon", action="confirm")
        assert response.status_code == 302
        assert Booking.objects.get().starts_at == at(1, 13)

    def test_a_same_day_full_day_already_begun_is_refused_naming_the_time(
        self, client, member, desk, time_machine
    ):
        time_machine.move_to(at(1, 10), tick=False)
        response = post(client, desk, day="2026-06-01", slot="day", action="confirm")
        assert response.status_code == 400
        assert response.context["form"].errors["day"] == [
            "The start (Monday 1 June 2026, 08:30) has already passed: "
            "choose a later time or another day."
        ]
        assert not Booking.objects.exists()


class TestCancel:
    @pytest.fixture
    def booking(self, member, desk):
        return BookingFactory(resource=desk, user=member, starts_at=at(3, 9), ends_at=at(3, 12))

    def test_offered_while_allowed_with_its_deadline(self, client, booking):
        html = client.get(f"/en/bookings/{booking.pk}/").content.decode()
        assert f'href="/en/bookings/{booking.pk}/cancel/"' in html
        assert "Free cancellation until Tuesday 2 June, 09:00." in html

    def test_a_confirmation_page_then_the_cancellation(self, client, booking):
        confirm = client.get(f"/en/bookings/{booking.pk}/cancel/")
        assert confirm.status_code == 200
        assert "Yes, cancel the booking" in confirm.content.decode()
        booking.refresh_from_db()
        assert booking.status == BookingStatus.CONFIRMED  # asking is not cancelling
        assert client.post(f"/en/bookings/{booking.pk}/cancel/").status_code == 302
        booking.refresh_from_db()
        assert booking.status == BookingStatus.CANCELLED

    def test_not_offered_after_the_deadline(self, client, booking, time_machine):
        time_machine.move_to(at(2, 10), tick=False)
        html = client.get(f"/en/bookings/{booking.pk}/").content.decode()
        assert "/cancel/" not in html
        assert "Cancellation closed on Tuesday 2 June, 09:00" in html
        response = client.get(f"/en/bookings/{booking.pk}/cancel/")
        assert response.status_code == 302
        client.post(f"/en/bookings/{booking.pk}/cancel/")
        booking.refresh_from_db()
        assert booking.status == BookingStatus.CONFIRMED

    def test_someone_elses_booking_is_not_found(self, client, desk):
        other = BookingFactory(resource=desk, starts_at=at(3, 9), ends_at=at(3, 12))
        client.force_login(UserFactory())
        assert client.get(f"/en/bookings/{other.pk}/cancel/").status_code == 404
        assert client.post(f"/en/bookings/{other.pk}/cancel/").status_code == 404
        other.refresh_from_db()
        assert other.status == BookingStatus.CONFIRMED

    def test_anonymous_is_sent_to_sign_in(self, client, desk):
        other = BookingFactory(resource=desk, starts_at=at(3, 9), ends_at=at(3, 12))
        response = client.get(f"/en/bookings/{other.pk}/cancel/")
        assert response.status_code == 302 and "login" in response["Location"]


class TestCheckIn:
    @pytest.fixture
    def booking(self, member, desk):
        return BookingFactory(resource=desk, user=member, starts_at=at(3, 9), ends_at=at(3, 12))

    def test_no_code_before_the_day(self, client, booking):
        html = client.get(f"/en/bookings/{booking.pk}/").content.decode()
        assert "<svg" not in html
        assert "Check-in opens on the day, from Wednesday 3 June, 08:00" in html
        page = client.get(f"/en/check-in/{booking.check_in_token}/").content.decode()
        assert "Check in now" not in page
        assert "Check-in opens on Wednesday 3 June, 08:00" in page

    def test_the_code_and_the_button_on_the_day(self, client, booking, time_machine):
        time_machine.move_to(at(3, 8, 30), tick=False)
        assert "<svg" in client.get(f"/en/bookings/{booking.pk}/").content.decode()
        page = client.get(f"/en/check-in/{booking.check_in_token}/").content.decode()
        assert "Check in now" in page
        client.post(f"/en/check-in/{booking.check_in_token}/")
        booking.refresh_from_db()
        assert booking.status == BookingStatus.CHECKED_IN


def test_the_page_is_translated_in_french(client, member, room):
    with translation.override("fr"):
        html = client.get(url(room).replace("/en/", "/fr/")).content.decode()
    assert '<html lang="fr">' in html
