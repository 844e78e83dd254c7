"""Pages of the coworking network: public search, booking journey, managers' desk, scopes."""

import datetime
import uuid
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from alpsatellites.workspaces.models import Booking, BookingStatus, WorkspaceStatus
from tests.factories import UserFactory
from tests.workspaces.factories import (
    AmenityFactory,
    BookingFactory,
    ResourceFactory,
    WorkspaceFactory,
    open_all_week,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def workspace():
    workspace = WorkspaceFactory(name="Le Refuge", slug="le-refuge")
    open_all_week(workspace, opens=datetime.time(8, 0), closes=datetime.time(18, 0))
    return workspace


@pytest.fixture
def desk(workspace):
    return ResourceFactory(workspace=workspace, name="Open space", capacity=2)


@pytest.fixture
def member(client):
    user = UserFactory(email="member@example.org")
    client.force_login(user)
    return user


def _next_monday() -> datetime.date:
    today = timezone.localdate()
    return today + datetime.timedelta(days=7 - today.weekday())


def _book(client, workspace, resource, **overrides):
    data = {
        "day": _next_monday().isoformat(),
        "slot": "day",
        "days": 1,
        "seats": 1,
        "request_key": str(uuid.uuid4()),
        "action": "confirm",
    }
    data.update(overrides)
    return client.post(f"/fr/workspaces/{workspace.slug}/book/{resource.pk}/", data)


@pytest.mark.parametrize("language", ["fr", "en", "it", "de"])
def test_search_and_workspace_pages_in_every_language(client, workspace, desk, language):
    territory = workspace.territory.slug
    listing = client.get(f"/{language}/t/{territory}/workspaces/")
    page = client.get(f"/{language}/workspaces/{workspace.slug}/")

    assert listing.status_code == page.status_code == 200
    assert "Le Refuge" in listing.content.decode()
    assert f'<html lang="{language}">' in page.content.decode()
    assert "Open space" in page.content.decode()


def test_search_filters_by_kind_and_amenity(client, workspace):
    fibre = AmenityFactory(code="fibre", name="Fibre")
    other = WorkspaceFactory(territory=workspace.territory, commune=workspace.commune, name="Café")
    other.amenities.add(fibre)
    url = f"/fr/t/{workspace.territory.slug}/workspaces/"

    with_fibre = client.get(url, {"amenity": "fibre"}).content.decode()
    bad = client.get(url, {"capacity": "many"})

    assert "Café" in with_fibre and "Le Refuge" not in with_fibre
    assert bad.status_code == 400


def test_search_page_query_count_does_not_grow(client, workspace, django_assert_max_num_queries):
    url = f"/fr/t/{workspace.territory.slug}/workspaces/"
    with django_assert_max_num_queries(8) as small:
        client.get(url)
    for _ in range(15):
        WorkspaceFactory(territory=workspace.territory, commune=workspace.commune)
    from django.core.cache import cache

    cache.clear()
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


def test_draft_and_unknown_workspaces_are_404(client, workspace):
    workspace.status = WorkspaceStatus.DRAFT
    workspace.save()

    assert client.get(f"/fr/workspaces/{workspace.slug}/").status_code == 404
    assert client.get("/fr/workspaces/nowhere/").status_code == 404


def test_demo_values_are_said(client, workspace, desk):
    workspace.is_demo = True
    workspace.save()

    html = client.get(f"/en/workspaces/{workspace.slug}/").content.decode()

    assert "Demo values" in html


def test_calendar_feed_shows_busy_times_but_not_who(client, workspace, desk):
    BookingFactory(resource=desk, user=UserFactory(email="secret@example.org", name="Secret"))

    response = client.get(f"/fr/workspaces/{workspace.slug}/calendar.ics")

    body = response.content.decode()
    assert response["Content-Type"].startswith("text/calendar")
    assert "BEGIN:VEVENT" in body
    assert "secret" not in body.lower()


def test_booking_needs_an_account(client, workspace, desk):
    response = client.get(f"/fr/workspaces/{workspace.slug}/book/{desk.pk}/")

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_quote_then_confirm_books_once_and_sends_the_ics(
    client, member, workspace, desk, django_capture_on_commit_callbacks
):
    key = str(uuid.uuid4())
    quote = _book(client, workspace, desk, action="quote", request_key=key)
    assert quote.status_code == 200
    assert "20,00" in quote.content.decode()  # the day price, shown before confirming

    with django_capture_on_commit_callbacks(execute=True):
        first = _book(client, workspace, desk, request_key=key, expected_price="20.00")
    second = _book(client, workspace, desk, request_key=key, expected_price="20.00")

    booking = Booking.objects.get()
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == f"/fr/bookings/{booking.pk}/"
    assert booking.user == member and booking.status == BookingStatus.CONFIRMED
    local_start = timezone.localtime(booking.starts_at)
    assert (local_start.hour, local_start.minute) == (8, 0)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["member@example.org"]
    assert mail.outbox[0].attachments[0][0] == "booking.ics"


def test_tampered_price_is_refused_and_writes_nothing(client, member, workspace, desk):
    response = _book(client, workspace, desk, expected_price="0.01")

    assert response.status_code == 409
    assert "20,00" in response.content.decode()
    assert Booking.objects.count() == 0


def test_full_resource_says_so(client, member, workspace, desk):
    for _ in range(2):
        assert _book(client, workspace, desk).status_code == 302

    response = _book(client, workspace, desk)

    assert response.status_code == 409
    assert Booking.objects.count() == 2


def test_closed_day_and_resource_of_another_workspace(client, member, workspace, desk):
    other_desk = ResourceFactory()
    workspace.opening_hours.filter(weekday=0).delete()

    closed = _book(client, workspace, desk)
    foreign = client.get(f"/fr/workspaces/{workspace.slug}/book/{other_desk.pk}/")

    assert closed.status_code == 400
    assert foreign.status_code == 404
    assert Booking.objects.count() == 0


def test_people_see_only_their_own_bookings(client, member, workspace, desk):
    mine = BookingFactory(resource=desk, user=member)
    theirs = BookingFactory(resource=desk, user=UserFactory())

    listing = client.get("/fr/bookings/").content.decode()

    assert f"/fr/bookings/{mine.pk}/" in listing
    assert f"/fr/bookings/{theirs.pk}/" not in listing
    assert client.get(f"/fr/bookings/{theirs.pk}/").status_code == 404
    assert client.post(f"/fr/bookings/{theirs.pk}/cancel/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == BookingStatus.CONFIRMED


def test_cancel_own_booking(client, member, workspace, desk):
    booking = BookingFactory(resource=desk, user=member)

    response = client.post(f"/fr/bookings/{booking.pk}/cancel/")

    booking.refresh_from_db()
    assert response.status_code == 302
    assert booking.status == BookingStatus.CANCELLED


def test_self_check_in_opens_an_hour_before(client, workspace, desk):
    soon = BookingFactory(resource=desk, starts_at=timezone.now() + datetime.timedelta(minutes=30))
    later = BookingFactory(resource=desk, starts_at=timezone.now() + datetime.timedelta(days=3))

    ok = client.post(f"/fr/check-in/{soon.check_in_token}/")
    early = client.post(f"/fr/check-in/{later.check_in_token}/")

    soon.refresh_from_db()
    later.refresh_from_db()
    assert ok.status_code == 200 and soon.status == BookingStatus.CHECKED_IN
    assert early.status_code == 400
    assert later.status == BookingStatus.CONFIRMED


def test_manager_desk_is_for_managers_only(client, workspace, desk):
    manager, stranger = UserFactory(), UserFactory()
    workspace.managers.add(manager)
    pending = BookingFactory(resource=desk, status=BookingStatus.PENDING)
    url = f"/fr/manage/workspaces/{workspace.slug}/"

    client.force_login(stranger)
    assert client.get(url).status_code == 404
    assert client.get(url + "bookings.csv").status_code == 404
    assert client.post(url, {"action": "approve", "booking": pending.pk}).status_code == 404

    client.force_login(manager)
    week = timezone.localdate(pending.starts_at).isoformat()
    assert pending.user.email in client.get(url, {"week": week}).content.decode()
    assert client.post(url, {"action": "approve", "booking": pending.pk}).status_code == 302
    pending.refresh_from_db()
    assert pending.status == BookingStatus.CONFIRMED
    export = client.get(url + "bookings.csv").content.decode("utf-8-sig")
    assert export.splitlines()[0].count(";") == 8  # French Excel's separator
    assert pending.user.email in export


def test_manager_blocks_a_slot(client, workspace, desk):
    manager = UserFactory()
    workspace.managers.add(manager)
    client.force_login(manager)
    day = _next_monday()

    response = client.post(
        f"/fr/manage/workspaces/{workspace.slug}/",
        {
            "action": "block",
            "resource": desk.pk,
            "day": day.isoformat(),
            "start_time": "09:00",
            "end_time": "12:00",
            "note": "Maintenance",
        },
    )

    block = Booking.objects.get()
    assert response.status_code == 302
    assert block.is_block and block.seats == desk.capacity and block.user is None
    assert block.price == Decimal("0")


def test_space_manager_back_office_shows_only_their_workspace(client, workspace):
    from alpsatellites.accounts.services import user_sync_back_office_access

    manager = UserFactory()
    workspace.managers.add(manager)
    user_sync_back_office_access(user=manager)
    other = WorkspaceFactory(name="Elsewhere")
    client.force_login(manager)

    listing = client.get("/fr/admin/workspaces/workspace/").content.decode()

    assert "Le Refuge" in listing and "Elsewhere" not in listing
    assert client.get(f"/fr/admin/workspaces/workspace/{workspace.pk}/change/").status_code == 200
    assert client.get(f"/fr/admin/workspaces/workspace/{other.pk}/change/").status_code in (
        302,
        403,
        404,
    )


def test_search_page_is_paginated(client, workspace):
    for number in range(30):
        WorkspaceFactory(
            territory=workspace.territory, commune=workspace.commune, name=f"Place {number:02d}"
        )
    url = f"/fr/t/{workspace.territory.slug}/workspaces/"

    first = client.get(url).content.decode()
    second = client.get(url, {"page": 2}).content.decode()

    assert first.count('class="card"') == 24
    assert second.count('class="card"') == 7
    assert 'rel="next"' in first and 'rel="prev"' in second
