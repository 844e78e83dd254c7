"""The coworking network in a real browser: booking a desk, a double click, the manager's desk,
and axe-core's WCAG 2.1 AA rules on every page of it.

Elements are found by href, name and value rather than by French text: the catalogues of the new
strings may lag behind. Expected labels come from Django's own translations of the same strings.
"""

import datetime
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone, translation
from playwright.sync_api import expect

from alpsatellites.workspaces.models import Booking, BookingStatus, ResourceKind, Workspace
from tests.browser.helpers import assert_accessible, fits_the_width
from tests.factories import UserFactory
from tests.workspaces.factories import BookingFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("live_workspaces")]

SLUG = "altipolis-briancon"
LIST = "/fr/t/grand-brianconnais/workspaces/"
DETAIL = f"/fr/workspaces/{SLUG}/"
MANAGE = f"/fr/manage/workspaces/{SLUG}/"
PASSWORD = "correct horse battery staple"


def next_monday() -> datetime.date:
    """Next week's Monday, far enough ahead for the booking to be cancellable (24 h before)."""
    today = timezone.localdate()
    monday = today + datetime.timedelta(days=7 - today.weekday())
    return monday if (monday - today).days >= 3 else monday + datetime.timedelta(days=7)


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def label(status) -> str:
    """A booking status as the French pages show it."""
    with translation.override("fr"):
        return str(BookingStatus(status).label)


def text(locator) -> str:
    """Visible text with the (narrow) no-break spaces of French number formats made plain."""
    return " ".join(locator.inner_text().replace("\u202f", " ").replace("\xa0", " ").split())


def sign_in(page, user, password=PASSWORD, lands_on="/fr/home/"):
    """Through allauth's real form; lands on the person's home (accounts.adapter)."""
    assert page.goto("/fr/accounts/login/").status == 200
    form = page.locator('main form[action="/fr/accounts/login/"]')
    form.locator('input[name="login"]').fill(user.email)
    form.locator('input[name="password"]').fill(password)
    form.locator('button[type="submit"]').click()
    page.wait_for_url(f"**{lands_on}")


def quote(page, workspace, resource, day: datetime.date, slot="day"):
    """Fills step one of the booking form and asks for the price."""
    # The fields follow the kind of slot (issue 9): a full day has no slot field to choose.
    kind = "day" if slot == "day" else "half_day"
    response = page.goto(f"/fr/workspaces/{workspace.slug}/book/{resource.pk}/?kind={kind}")
    assert response.status == 200
    page.locator("#id_day").fill(day.isoformat())
    if kind == "half_day":
        page.locator(f'input[name="slot"][value="{slot}"]').check()
    page.locator('button[name="action"][value="quote"]').click()
    page.locator(".quote").wait_for()


@pytest.fixture
def altipolis():
    return Workspace.objects.get(slug=SLUG)


@pytest.fixture
def open_space(altipolis):
    # By its French name: a plain `name=` reads the column of whichever language is active.
    return altipolis.resources.get(kind=ResourceKind.HOT_DESK, name_fr="Open space")


@pytest.fixture
def meeting_room(altipolis):
    return altipolis.resources.get(kind=ResourceKind.MEETING_ROOM)


@pytest.fixture
def member():
    return UserFactory(email="camille@example.org", name="Camille Martin")


@pytest.fixture
def manager(altipolis):
    user = UserFactory(email="manager@altipolis.example", name="Dominique Gestion")
    altipolis.managers.add(user)
    return user


@pytest.fixture
def pending(meeting_room, member):
    """A member's meeting-room request, next Monday 10:00–11:00, awaiting the manager."""
    monday = next_monday()
    return BookingFactory(
        resource=meeting_room,
        user=member,
        starts_at=at(monday, 10),
        ends_at=at(monday, 11),
        status=BookingStatus.PENDING,
        price=Decimal("20.00"),
    )


# --- journeys ---------------------------------------------------------------------------------


def test_member_books_a_desk_then_cancels_it(tab, altipolis, open_space, member):
    monday = next_monday()
    sign_in(tab, member)

    tab.goto(LIST)
    tab.locator(f'.cards a[href="{DETAIL}"]').click()
    tab.wait_for_url(f"**{DETAIL}")
    book_link = tab.locator(f'a[href="{DETAIL}book/{open_space.pk}/"]')
    expect(book_link).to_contain_text("Open space")
    book_link.click()
    tab.wait_for_url(f"**{DETAIL}book/{open_space.pk}/")

    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    assert tab.locator("#id_day").input_value() == tomorrow.isoformat()  # the default day shows
    tab.locator("#id_day").fill(monday.isoformat())
    tab.locator('button[name="action"][value="quote"]').click()
    tab.locator(".quote").wait_for()
    assert "18,00 €" in text(tab.locator(".quote"))
    assert Booking.objects.count() == 0  # a quote books nothing

    tab.locator('button[name="action"][value="confirm"]').click()
    tab.wait_for_url("**/fr/bookings/*/")

    booking = Booking.objects.get()
    assert tab.url.endswith(f"/fr/bookings/{booking.pk}/")
    assert (booking.user, booking.resource, booking.status) == (
        member,
        open_space,
        BookingStatus.CONFIRMED,
    )
    assert booking.price == Decimal("18.00")
    assert timezone.localtime(booking.starts_at) == at(monday, 8, 30)
    assert timezone.localtime(booking.ends_at) == at(monday, 18)
    assert label(BookingStatus.CONFIRMED) in text(tab.locator("dl.facts"))
    assert "18,00 €" in text(tab.locator("dl.facts"))
    # The check-in code shows on the booking's day only (issue 9), not a week ahead.
    expect(tab.locator(".qr svg")).to_have_count(0)
    expect(tab.locator('section[aria-labelledby="check-in-title"]')).to_be_visible()

    # The live server shares this process and its locmem e-mail backend; the mail is sent when
    # the booking commits, before the redirect that led here.
    (message,) = mail.outbox
    assert message.to == [member.email]
    attachments = {attachment[0]: attachment for attachment in message.attachments}
    assert set(attachments) == {"booking.ics"}
    _name, ics, mimetype = attachments["booking.ics"]
    ics = ics.decode() if isinstance(ics, bytes) else ics
    assert mimetype.startswith("text/calendar")
    assert "BEGIN:VEVENT" in ics and f"booking-{booking.check_in_token}@" in ics

    # "Cancel" leads to a confirmation page (issue 9); only its button cancels.
    tab.locator(f'a[href="/fr/bookings/{booking.pk}/cancel/"]').click()
    tab.wait_for_url(f"**/fr/bookings/{booking.pk}/cancel/")
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED
    tab.locator("main form button.button-danger").click()
    tab.wait_for_url(f"**/fr/bookings/{booking.pk}/")
    expect(tab.locator(".message-success")).to_be_visible()
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    expect(tab.locator('a[href$="/cancel/"]')).to_have_count(0)

    tab.locator('.account-nav a[href="/fr/bookings/"]').click()
    tab.wait_for_url("**/fr/bookings/")
    row = tab.locator("tbody tr", has=tab.locator(f'a[href="/fr/bookings/{booking.pk}/"]'))
    expect(row).to_have_count(1)
    assert label(BookingStatus.CANCELLED) in text(row)
    assert "Open space" in text(row) and "Altipolis" in text(row)


@pytest.mark.usefixtures("one_request_at_a_time")
def test_double_click_on_confirm_books_once(tab, log_in, altipolis, open_space, member):
    """Chromium sends the second click's submission too (or not, depending on timing)."""
    log_in(tab, member)
    quote(tab, altipolis, open_space, next_monday())

    tab.locator('button[name="action"][value="confirm"]').dblclick()
    # Not wait_for_url: the second submission aborts the first navigation, which fails it.
    expect(tab).to_have_url(re.compile(r"/fr/bookings/\d+/$"))
    tab.locator("dl.facts").wait_for()  # no QR code before the booking's day
    booking = Booking.objects.get()

    assert (booking.user, booking.status) == (member, BookingStatus.CONFIRMED)
    assert tab.url.endswith(f"/fr/bookings/{booking.pk}/")
    assert len(mail.outbox) == 1


@pytest.mark.usefixtures("one_request_at_a_time")
def test_double_submit_of_the_same_quote_books_once(tab, log_in, altipolis, open_space, member):
    """The same confirmation sent twice at once (a retry, the back button…): both answers lead
    to the one booking made."""
    log_in(tab, member)
    quote(tab, altipolis, open_space, next_monday())

    urls = tab.evaluate(
        """async () => {
            // No action attribute: the form posts to the page (form.action is the button
            // named "action", a DOM quirk).
            const form = document.querySelector('.quote form');
            const send = () => {
                const data = new FormData(form);
                data.append('action', 'confirm');
                return fetch(location.href, {method: 'POST', body: data}).then((r) => r.url);
            };
            return Promise.all([send(), send()]);
        }"""
    )

    booking = Booking.objects.get()
    assert urls == [f"{tab.url.split('/fr/')[0]}/fr/bookings/{booking.pk}/"] * 2
    assert booking.status == BookingStatus.CONFIRMED
    assert len(mail.outbox) == 1


def test_manager_approves_blocks_and_exports(tab, altipolis, open_space, manager, pending):
    monday = next_monday()
    sign_in(tab, manager, lands_on=MANAGE)  # a manager's home: their workspace's week

    assert tab.goto(f"{MANAGE}?week={monday.isoformat()}").status == 200
    decision = tab.locator(f'form:has(input[name="booking"][value="{pending.pk}"])')
    assert decision.count() == 2  # in "Awaiting your approval" and in Monday's list
    assert "camille@example.org" in text(tab.locator("#pending-title + ul"))
    assert label(BookingStatus.PENDING) in text(tab.locator("#pending-title + ul"))

    with tab.expect_navigation():  # back to the same week
        decision.first.locator('button[name="action"][value="approve"]').click()
    assert tab.url.endswith(f"{MANAGE}?week={monday.isoformat()}")
    pending.refresh_from_db()
    assert pending.status == BookingStatus.CONFIRMED
    expect(tab.locator("#pending-title")).to_have_count(0)
    monday_list = tab.locator(f'li:has(input[name="booking"][value="{pending.pk}"])')
    assert label(BookingStatus.CONFIRMED) in text(monday_list)
    expect(monday_list.locator('button[value="check_in"]')).to_have_count(1)

    block = tab.locator('form:has(button[name="action"][value="block"])')
    block.locator('select[name="resource"]').select_option(str(open_space.pk))
    block.locator('input[name="day"]').fill(monday.isoformat())
    block.locator('input[name="start_time"]').fill("14:00")
    block.locator('input[name="end_time"]').fill("16:00")
    block.locator('input[name="note"]').fill("Entretien de la fibre")
    with tab.expect_navigation():
        block.locator('button[name="action"][value="block"]').click()
    assert tab.url.endswith(f"{MANAGE}?week={monday.isoformat()}")
    blocked = Booking.objects.get(is_block=True)
    assert (blocked.resource, blocked.seats, blocked.user) == (open_space, 10, None)
    assert timezone.localtime(blocked.starts_at) == at(monday, 14)
    assert "Entretien de la fibre" in text(tab.locator("main"))

    with tab.expect_download() as download_info:
        tab.locator(f'a[href="{MANAGE}bookings.csv"]').click()
    download = download_info.value
    assert download.suggested_filename == f"{SLUG}-bookings.csv"
    with open(download.path(), encoding="utf-8-sig") as csv_file:  # French Excel's CSV
        lines = csv_file.read().splitlines()
    assert lines[0].count(";") == 8
    assert len(lines) == 3
    assert lines[1].startswith(f"{pending.pk};Salle de réunion;")
    assert ";20,00;camille@example.org;" in lines[1]
    assert lines[2].startswith(f"{blocked.pk};Open space;") and not lines[2].endswith(";")


def test_manager_pages_are_for_managers_only(tab, log_in, member, pending):
    log_in(tab, member)

    assert tab.goto(MANAGE).status == 404
    assert tab.goto(f"{MANAGE}bookings.csv").status == 404


# --- accessibility ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        LIST,
        DETAIL,
        f"/en/workspaces/{SLUG}/",
        "/fr/accounts/login/",
        "/fr/accounts/signup/",
    ],
)
def test_public_page_passes_axe(tab, path):
    response = tab.goto(path)
    assert response.status == 200
    assert_accessible(tab)


def test_booking_pages_pass_axe(tab, log_in, altipolis, open_space, member):
    log_in(tab, member)
    book = f"{DETAIL}book/{open_space.pk}/"
    assert tab.goto(book).status == 200
    assert_accessible(tab)  # step one: the form

    saturday = next_monday() + datetime.timedelta(days=5)
    tab.locator("#id_day").fill(saturday.isoformat())
    tab.locator('button[name="action"][value="quote"]').click()
    tab.locator(".field-error, .errors").first.wait_for()
    assert_accessible(tab)  # the form with an error (Altipolis is closed on Saturdays)

    quote(tab, altipolis, open_space, next_monday())
    assert_accessible(tab)  # step two: the price to confirm

    tab.locator('button[name="action"][value="confirm"]').click()
    tab.wait_for_url("**/fr/bookings/*/")
    tab.locator("dl.facts").wait_for()  # no QR code before the booking's day
    assert_accessible(tab)  # the booking, its QR code and the "registered" message

    assert tab.goto("/fr/bookings/").status == 200
    assert_accessible(tab)

    booking = Booking.objects.get()
    assert tab.goto(f"/fr/check-in/{booking.check_in_token}/").status == 200
    assert_accessible(tab)


def test_check_in_page_passes_axe_signed_out(tab, open_space, member):
    booking = BookingFactory(resource=open_space, user=member)

    assert tab.goto(f"/fr/check-in/{booking.check_in_token}/").status == 200
    assert_accessible(tab)


def test_manager_page_passes_axe(tab, log_in, open_space, manager, pending):
    BookingFactory(
        resource=open_space,
        user=None,
        is_block=True,
        seats=open_space.capacity,
        note="Entretien",
        starts_at=at(next_monday(), 14),
        ends_at=at(next_monday(), 16),
    )
    BookingFactory(
        resource=open_space,
        user=pending.user,
        starts_at=at(next_monday(), 8, 30),
        ends_at=at(next_monday(), 12),
    )
    log_in(tab, manager)

    assert tab.goto(f"{MANAGE}?week={next_monday().isoformat()}").status == 200
    expect(tab.locator("#pending-title")).to_be_visible()
    assert_accessible(tab)

    block = tab.locator('form:has(button[name="action"][value="block"])')
    block.locator('select[name="resource"]').select_option(str(open_space.pk))
    block.locator('input[name="day"]').fill(next_monday().isoformat())
    block.locator('input[name="start_time"]').fill("16:00")
    block.locator('input[name="end_time"]').fill("14:00")
    with tab.expect_response(lambda response: response.request.method == "POST") as answer:
        block.locator('button[name="action"][value="block"]').click()
    assert answer.value.status == 400  # the end before the start: refused, with a message
    expect(tab.locator(".message-error")).to_be_visible()
    assert_accessible(tab)


@pytest.mark.parametrize("browser_context_options", [{"viewport": {"width": 375, "height": 812}}])
def test_no_horizontal_scroll_on_a_phone(
    tab, log_in, altipolis, open_space, manager, pending, browser_context_options
):
    log_in(tab, manager)
    for path in (LIST, DETAIL):
        assert tab.goto(path).status == 200
        fits_the_width(tab)
    quote(tab, altipolis, open_space, next_monday())
    fits_the_width(tab)
    tab.locator('button[name="action"][value="confirm"]').click()
    tab.wait_for_url("**/fr/bookings/*/")
    tab.locator("dl.facts").wait_for()  # no QR code before the booking's day
    fits_the_width(tab)
    for path in ("/fr/bookings/", f"{MANAGE}?week={next_monday().isoformat()}"):
        assert tab.goto(path).status == 200
        fits_the_width(tab)


def test_workspaces_map_shows_the_four_places_and_links_to_them(tab, altipolis):
    response = tab.goto(LIST)
    assert response.status == 200
    workspaces_map = tab.locator("#workspaces-map.map-ready")
    workspaces_map.wait_for()

    assert workspaces_map.get_attribute("data-features") == "4"
    tab.locator("#workspaces-map path.leaflet-interactive").first.click(force=True)
    assert tab.locator(".leaflet-popup-content a[href*='/workspaces/']").count() == 1
