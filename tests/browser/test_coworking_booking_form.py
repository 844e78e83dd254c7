"""The booking form without traps, in a real browser at 1,366 and 390 px, axe-clean: a meeting
room for six for two hours at the room's price, a full day without times, a cancellation with
its confirmation step.

Elements are found by name, href and value rather than French text: the catalogues of the new
strings may lag behind; amounts are checked as the French pages format them.
"""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from alpsatellites.workspaces.models import Booking, BookingStatus, ResourceKind, Workspace
from tests.browser.helpers import (
    assert_accessible,
    browser_context_options,  # noqa: F401 (the fixture: both widths)
    fits_the_width,
)
from tests.factories import UserFactory
from tests.workspaces.factories import BookingFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("live_workspaces")]


SLUG = "altipolis-briancon"
DETAIL = f"/fr/workspaces/{SLUG}/"


def next_monday() -> datetime.date:
    """Far enough ahead to be bookable and cancellable (24 h before)."""
    today = timezone.localdate()
    monday = today + datetime.timedelta(days=7 - today.weekday())
    return monday if (monday - today).days >= 3 else monday + datetime.timedelta(days=7)


def text(locator) -> str:
    return " ".join(locator.inner_text().replace("\u202f", " ").replace("\xa0", " ").split())


def check(page):
    fits_the_width(page)
    assert_accessible(page)


@pytest.fixture
def altipolis():
    return Workspace.objects.get(slug=SLUG)


@pytest.fixture
def member():
    return UserFactory(email="camille@example.org", name="Camille Martin")


def test_a_room_for_six_for_two_hours_costs_the_room_price(tab, log_in, altipolis, member):
    room = altipolis.resources.get(kind=ResourceKind.MEETING_ROOM)  # 20 € an hour, per room
    log_in(tab, member)
    assert tab.goto(f"{DETAIL}book/{room.pk}/").status == 200
    tab.locator('.slot-kinds a[href="?kind=hours"]').click()
    tab.wait_for_url("**?kind=hours")
    check(tab)
    tab.locator("#id_day").fill(next_monday().isoformat())
    tab.locator("#id_start_time").fill("09:00")
    tab.locator("#id_end_time").fill("11:00")
    tab.locator("#id_seats").fill("6")
    tab.locator('button[name="action"][value="quote"]').click()
    quote = tab.locator(".quote")
    quote.wait_for()
    assert "2 h × 20,00 € = 40,00 €" in text(quote)
    assert "240" not in text(quote)
    check(tab)

    tab.locator('button[name="action"][value="confirm"]').click()
    tab.wait_for_url("**/fr/bookings/*/")
    booking = Booking.objects.get()
    assert (booking.seats, booking.price, booking.status) == (
        6,
        Decimal("40.00"),
        BookingStatus.PENDING,  # the manager approves each room booking
    )
    check(tab)


def test_a_full_day_asks_no_times(tab, log_in, altipolis, member):
    desk = altipolis.resources.get(kind=ResourceKind.HOT_DESK)
    log_in(tab, member)
    assert tab.goto(f"{DETAIL}book/{desk.pk}/").status == 200
    expect(tab.locator("#id_start_time")).to_have_count(0)
    expect(tab.locator("#id_end_time")).to_have_count(0)
    expect(tab.locator("#id_day_helptext .date-hints")).to_be_visible()  # closed days named
    check(tab)
    tab.locator("#id_day").fill(next_monday().isoformat())
    tab.locator('button[name="action"][value="quote"]').click()
    tab.locator(".quote").wait_for()
    assert "18,00 €" in text(tab.locator(".quote"))
    tab.locator('button[name="action"][value="confirm"]').click()
    tab.wait_for_url("**/fr/bookings/*/")
    booking = Booking.objects.get()
    assert timezone.localtime(booking.starts_at).date() == next_monday()
    assert booking.price == Decimal("18.00")


def test_cancel_asks_for_confirmation(tab, log_in, altipolis, member):
    desk = altipolis.resources.get(kind=ResourceKind.HOT_DESK)
    start = timezone.make_aware(datetime.datetime.combine(next_monday(), datetime.time(9)))
    booking = BookingFactory(
        resource=desk, user=member, starts_at=start, ends_at=start + datetime.timedelta(hours=2)
    )
    log_in(tab, member)
    assert tab.goto(f"/fr/bookings/{booking.pk}/").status == 200
    check(tab)
    tab.locator(f'a[href="/fr/bookings/{booking.pk}/cancel/"]').click()
    tab.wait_for_url(f"**/fr/bookings/{booking.pk}/cancel/")
    check(tab)
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED  # asking is not cancelling
    tab.locator("main form button.button-danger").click()
    tab.wait_for_url(f"**/fr/bookings/{booking.pk}/")
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    expect(tab.locator('a[href$="/cancel/"]')).to_have_count(0)
    check(tab)
