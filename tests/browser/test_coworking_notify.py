"""Requests never go unseen, in a real browser at 1,366 and 390 px: a member asks for a room that
needs approval; the manager sees the header's badge, the requests page across all dates, and
declines with a reason; the member is told by e-mail. axe-core on every page of the journey.

Elements are found by href, name and value rather than by French text: the catalogues of the new
strings may lag behind.
"""

import pytest
from django.core import mail
from playwright.sync_api import expect

from alpsatellites.workspaces.models import Booking, BookingStatus, ResourceKind, Workspace
from tests.browser.helpers import assert_accessible, browser_context_options, fits_the_width
from tests.browser.test_workspaces import next_monday
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("live_workspaces")]

__all__ = ["browser_context_options"]  # both widths, for every test of this module

SLUG = "altipolis-briancon"
REQUESTS = "/fr/manage/requests/"


@pytest.fixture
def altipolis():
    return Workspace.objects.get(slug=SLUG)


@pytest.fixture
def meeting_room(altipolis):
    room = altipolis.resources.get(kind=ResourceKind.MEETING_ROOM)
    room.requires_approval = True
    room.save()
    return room


@pytest.fixture
def manager(altipolis):
    user = UserFactory(email="manager@altipolis.example", name="Dominique Gestion", language="fr")
    altipolis.managers.add(user)
    return user


def check(page):
    assert_accessible(page)
    fits_the_width(page)


@pytest.mark.usefixtures("one_request_at_a_time")
def test_member_requests_manager_declines_with_a_reason(
    tab, log_in, altipolis, meeting_room, manager
):
    member = UserFactory(email="camille@example.org", name="Camille Martin", language="fr")
    log_in(tab, member)
    assert tab.goto(f"/fr/workspaces/{SLUG}/book/{meeting_room.pk}/?kind=hours").status == 200
    tab.locator("#id_day").fill(next_monday().isoformat())
    tab.locator("#id_start_time").fill("10:00")
    tab.locator("#id_end_time").fill("11:00")
    tab.locator('button[name="action"][value="quote"]').click()
    tab.locator(".quote").wait_for()
    tab.locator('button[name="action"][value="confirm"]').click()
    tab.wait_for_url("**/fr/bookings/*/")
    booking = Booking.objects.get()
    assert booking.status == BookingStatus.PENDING
    assert [m.to for m in mail.outbox if m.to == [manager.email]] == [[manager.email]]
    # A member manages nothing: no badge.
    expect(tab.locator(f'.account-nav a[href="{REQUESTS}"]')).to_have_count(0)

    tab.context.clear_cookies()
    log_in(tab, manager)
    assert tab.goto("/fr/bookings/").status == 200
    badge = tab.locator(f'.account-nav a[href="{REQUESTS}"]')
    expect(badge).to_have_count(1)
    expect(badge).to_contain_text("(1)")
    check(tab)

    menu = tab.locator(".menu-toggle")
    if menu.is_visible():  # on a phone the navigation is folded behind "Menu"
        menu.click()
    badge.click()
    tab.wait_for_url(f"**{REQUESTS}")
    card = tab.locator(f"#request-{booking.pk}")
    expect(card).to_contain_text("Camille Martin")
    expect(card).to_contain_text(meeting_room.name_fr)
    check(tab)

    mail.outbox.clear()
    card.locator("textarea[name=reason]").fill("La salle est fermée <ce jour-là>.")
    card.locator('button[name="action"][value="decline"]').click()
    tab.wait_for_url(f"**{REQUESTS}")
    expect(tab.locator(".message-success")).to_contain_text("Camille Martin")
    expect(tab.locator(f"#request-{booking.pk}")).to_have_count(0)
    expect(tab.locator(f'.account-nav a[href="{REQUESTS}"]')).to_have_count(0)  # none left
    check(tab)

    booking.refresh_from_db()
    assert booking.status == BookingStatus.DECLINED
    (message,) = mail.outbox
    assert message.to == [member.email]
    assert "La salle est fermée <ce jour-là>." in message.body
