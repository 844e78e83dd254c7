"""Search that tells the truth and the managers' tools, in a real browser at 1,366 and 390 px:
the amenity boxes beside their names, the map holding the search's own results, the empty
states, the week grid, revenue beside occupancy and the Excel export; axe-core on every page.
"""

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from alpsatellites.workspaces.models import BookingStatus, ResourceKind, Workspace
from tests.browser.helpers import assert_accessible, browser_context_options, fits_the_width
from tests.factories import UserFactory
from tests.workspaces.factories import BookingFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("live_workspaces")]
__all__ = ["browser_context_options"]  # both widths for every test of this module

SLUG = "altipolis-briancon"
LIST = "/fr/t/grand-brianconnais/workspaces/"
MANAGE = f"/fr/manage/workspaces/{SLUG}/"


def monday_of(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


@pytest.fixture
def manager():
    user = UserFactory(email="manager@altipolis.example", name="Dominique Gestion")
    Workspace.objects.get(slug=SLUG).managers.add(user)
    return user


@pytest.fixture
def this_week_bookings():
    """A pending, a confirmed, a checked-in booking and a block this week at Altipolis."""
    workspace = Workspace.objects.get(slug=SLUG)
    desk = workspace.resources.get(kind=ResourceKind.HOT_DESK, name_fr="Open space")
    monday = monday_of(timezone.localdate(timezone=workspace.zone))
    zone = workspace.zone
    made = []
    for n, (status, block) in enumerate(
        [
            (BookingStatus.PENDING, False),
            (BookingStatus.CONFIRMED, False),
            (BookingStatus.CHECKED_IN, False),
            (BookingStatus.CONFIRMED, True),
        ]
    ):
        start = datetime.datetime.combine(
            monday + datetime.timedelta(days=n), datetime.time(10), tzinfo=zone
        )
        made.append(
            BookingFactory(
                resource=desk,
                user=None if block else UserFactory(),
                is_block=block,
                status=status,
                starts_at=start,
                ends_at=start + datetime.timedelta(hours=2),
                price=Decimal("0") if block else Decimal("12.50"),
            )
        )
    return made


def test_amenity_boxes_sit_beside_their_names(tab):
    assert tab.goto(LIST).status == 200
    box = tab.locator("#id_amenity_0")
    label = tab.locator('label[for="id_amenity_0"]')
    expect(tab.locator("fieldset.amenity-filter legend")).to_be_visible()
    box_right = box.bounding_box()["x"] + box.bounding_box()["width"]
    label_box = label.bounding_box()
    # The box is inside its label, at its start: the name follows within a few pixels.
    assert label_box["x"] <= box.bounding_box()["x"] < label_box["x"] + 4
    text_start = tab.evaluate(
        """() => { const l = document.querySelector('label[for="id_amenity_0"]');
        const r = document.createRange(); r.selectNodeContents(l.lastChild);
        return r.getBoundingClientRect().x; }"""
    )
    assert 0 <= text_start - box_right < 16
    fits_the_width(tab)
    assert_accessible(tab)


def test_the_map_shows_exactly_the_results(tab):
    assert tab.goto(f"{LIST}?amenity=meeting_room").status == 200
    map_box = tab.locator("#workspaces-map")
    expect(map_box).to_have_class(re.compile(r"\bmap-ready\b"))
    # Altipolis and Lucéo have a meeting room: two cards, two markers, not the four places.
    expect(tab.locator(".cards .card")).to_have_count(2)
    assert map_box.get_attribute("data-features") == "2"
    expect(tab.locator(f'p[role="status"] a[href="{LIST}"]')).to_be_visible()
    fits_the_width(tab)
    assert_accessible(tab)


def test_nothing_matches_hides_the_map_and_offers_to_clear(tab):
    assert tab.goto(f"{LIST}?amenity=childcare_nearby").status == 200
    expect(tab.locator("#workspaces-map")).to_have_count(0)
    empty = tab.locator(".empty-state")
    expect(empty.locator("h2")).to_be_visible()
    empty.locator(f'a[href="{LIST}"]').click()
    tab.wait_for_url(f"**{LIST}")
    expect(tab.locator(".cards .card")).to_have_count(4)
    fits_the_width(tab)
    assert_accessible(tab)


def test_week_grid(tab, log_in, manager, this_week_bookings):
    log_in(tab, manager)
    assert tab.goto(MANAGE).status == 200
    assert_accessible(tab)
    tab.locator(f'a[href^="{MANAGE}grid/"]').click()
    tab.wait_for_url(f"**{MANAGE}grid/**")
    table = tab.locator("table.week-grid")
    expect(table.locator("caption")).to_be_visible()
    for state in ("pending", "confirmed", "checked-in", "blocked"):
        expect(table.locator(f"td.grid-{state}").first).to_be_visible()
    expect(tab.locator(".grid-legend li")).to_have_count(7)
    fits_the_width(tab)  # the grid scrolls inside its own box
    assert_accessible(tab)
    tab.locator('a[rel="next"]').click()
    tab.wait_for_url("**?week=*-W*")
    expect(table.locator("td.grid-pending")).to_have_count(0)


def test_revenue_beside_occupancy(tab, log_in, manager, this_week_bookings):
    log_in(tab, manager)
    assert tab.goto(f"{MANAGE}occupancy/").status == 200
    revenue = tab.locator("#revenue-table-caption")
    expect(revenue).to_be_visible()
    # Confirmed and checked in: 2 × 12,50 € this week; the pending request earns nothing yet.
    body = tab.locator("section[aria-labelledby='revenue-title'] tbody").inner_text()
    assert "25,00" in body.replace("\u202f", " ").replace("\xa0", " ")
    fits_the_width(tab)
    assert_accessible(tab)


def test_excel_export(tab, log_in, manager, this_week_bookings):
    log_in(tab, manager)
    assert tab.goto(MANAGE).status == 200
    with tab.expect_download() as download_info:
        tab.locator(f'a[href="{MANAGE}bookings.xlsx"]').click()
    download = download_info.value
    assert download.suggested_filename == f"{SLUG}-bookings.xlsx"
    with open(download.path(), "rb") as handle:
        sheet = load_workbook(io.BytesIO(handle.read())).active
    assert sheet.max_row == 5  # the headers and four rows


def test_another_manager_gets_404_everywhere(tab, log_in):
    other = UserFactory()
    log_in(tab, other)
    for path in ("grid/", "occupancy/", "bookings.csv", "bookings.xlsx"):
        assert tab.goto(f"{MANAGE}{path}").status == 404
