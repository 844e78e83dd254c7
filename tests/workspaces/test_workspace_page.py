"""The workspace page worth a visit: contact, address, map and directions, hours in words, trial
day, the "activity not verified" label; booking refused without a check or a contact; the commune
page listing the commune's workspaces and stations. Constant query counts."""

import datetime
import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from alpsatellites.workspaces.hours_words import hours_in_words
from alpsatellites.workspaces.models import WorkspacePhoto
from alpsatellites.workspaces.page_context import directions_urls
from alpsatellites.workspaces.services import BookingRefused, BookingRequest, booking_request
from tests.factories import CommuneFactory, UserFactory
from tests.observatory.factories import FacilityFactory
from tests.workspaces.factories import ResourceFactory, WorkspaceFactory, open_all_week

pytestmark = pytest.mark.django_db

NINE, SIX = datetime.time(8, 30), datetime.time(18, 0)
SQUARE = {
    "type": "Polygon",
    "coordinates": [[[6.6, 44.8], [6.7, 44.8], [6.7, 44.9], [6.6, 44.9], [6.6, 44.8]]],
}


@pytest.fixture
def commune():
    return CommuneFactory(name="Briançon", code="05023", boundary=json.dumps(SQUARE))


@pytest.fixture
def workspace(commune):
    workspace = WorkspaceFactory(
        commune=commune,
        name="Le Refuge",
        slug="le-refuge",
        address="2 avenue du Général Barbot",
        postcode="05100",
        latitude=44.9005,
        longitude=6.6326,
        phone="04 92 20 30 40",
        email="hello@refuge.example",
        website="https://refuge.example",
    )
    for weekday in range(5):
        workspace.opening_hours.create(weekday=weekday, opens=NINE, closes=SIX)
    return workspace


@pytest.fixture
def reader(client):
    """Signed in: pages are never cached for them, so a change shows at once."""
    client.force_login(UserFactory())


def page(client, workspace, language="en") -> str:
    response = client.get(f"/{language}/workspaces/{workspace.slug}/")
    assert response.status_code == 200
    return response.content.decode()


def test_contact_address_map_and_directions(client, workspace):
    html = page(client, workspace)
    assert '<a href="tel:+33492203040">' in html  # the {% phone %} tag's link
    assert "mailto:hello@refuge.example" in html and 'href="https://refuge.example"' in html
    assert "2 avenue du Général Barbot<br>05100" in html
    assert f'href="/en/t/{workspace.territory.slug}/communes/05023/">Briançon</a>' in html
    geometry = json.loads(
        html.split('id="commune-geometry" type="application/json">')[1].split("<")[0]
    )
    assert [g["type"] for g in geometry["geometries"]] == ["Polygon", "Point"]
    assert geometry["geometries"][1]["coordinates"] == [6.6326, 44.9005]
    assert 'href="geo:44.900500,6.632600"' in html
    assert "https://www.openstreetmap.org/directions?route=%3B44.900500%2C6.632600" in html
    assert 'id="commune-map"' in html and "leaflet.js" in html


def test_no_directions_without_coordinates():
    assert directions_urls(None, 6.6) == {}


def test_opening_hours_in_words_in_each_language(client, workspace):
    assert "Monday to Friday: 08:30–18:00; Saturday and Sunday: closed" in page(client, workspace)
    with translation.override("en"):
        split = [(0, [(NINE, datetime.time(12)), (datetime.time(13, 30), SIX)]), (5, [(NINE, SIX)])]
        assert hours_in_words(split) == (
            "Monday: 08:30–12:00 and 13:30–18:00; Tuesday to Friday: closed; "
            "Saturday: 08:30–18:00; Sunday: closed"
        )
        assert hours_in_words([]) == ""
    for language in ("fr", "it", "de"):
        assert 'class="hours-words"' in page(client, workspace, language)


def test_trial_day_offer_where_the_manager_sets_one(client, workspace, reader):
    assert "trial-title" not in page(client, workspace)
    workspace.trial_day_text_en = "First day free for newcomers <b>now</b>"
    workspace.trial_day_price = Decimal("0")
    workspace.save()
    html = page(client, workspace)
    assert "First day free for newcomers &lt;b&gt;now&lt;/b&gt;" in html
    assert ">Free<" in html


def test_a_place_whose_activity_is_not_verified_is_labelled_and_cannot_be_booked(client, workspace):
    desk = ResourceFactory(workspace=workspace)
    open_all_week(workspace)
    workspace.activity_verified = False
    workspace.save()
    html = page(client, workspace)
    assert "Activity not verified" in html
    assert f"/book/{desk.pk}/" not in html
    with translation.override("en"), pytest.raises(BookingRefused) as refusal:
        booking_request(user=UserFactory(), request=_tomorrow(desk))
    assert refusal.value.code == "not_bookable"
    assert "not been verified" in refusal.value.message


def test_without_contact_booking_opens_only_once_it_is_published(client, workspace, reader):
    desk = ResourceFactory(workspace=workspace)
    open_all_week(workspace)
    workspace.phone = workspace.email = workspace.website = ""
    workspace.save()
    html = page(client, workspace)
    assert html.count("Booking opens when the space publishes its contact details.") == 2
    assert f"/book/{desk.pk}/" not in html
    member = UserFactory()
    client.force_login(member)
    response = client.post(
        f"/en/workspaces/{workspace.slug}/book/{desk.pk}/",
        {
            "day": _tomorrow(desk).starts_at.date().isoformat(),
            "slot": "day",
            "days": 1,
            "seats": 1,
            "request_key": "6f1d2c64-5a0b-4f57-9a63-3c1b8e2f7d10",
        },
    )
    assert response.status_code == 400
    assert (
        "Booking opens when the space publishes its contact details." in response.content.decode()
    )
    workspace.email = "hello@refuge.example"
    workspace.save()
    assert booking_request(user=member, request=_tomorrow(desk)).pk


def _tomorrow(resource) -> BookingRequest:
    day = timezone.localdate(timezone=resource.workspace.zone) + datetime.timedelta(days=1)
    start = datetime.datetime.combine(day, datetime.time(9), tzinfo=resource.workspace.zone)
    return BookingRequest(
        resource_id=resource.pk, starts_at=start, ends_at=start + datetime.timedelta(hours=2)
    )


def test_page_queries_do_not_grow_with_photos(client, workspace, admin_user):
    """Signed in (no page cache): one photo or five, the same queries."""
    client.force_login(admin_user)
    WorkspacePhoto.objects.create(workspace=workspace, alt_text_fr="Salle")
    with CaptureQueriesContext(connection) as one:
        page(client, workspace)
    for n in range(4):
        WorkspacePhoto.objects.create(
            workspace=workspace, alt_text_fr=f"Vue {n}", sizes={"480": f"w/{n}-480.webp"}
        )
    with CaptureQueriesContext(connection) as five:
        html = page(client, workspace)
    assert len(five) == len(one)
    assert html.count("Photo being prepared") == 1 and html.count('srcset="/media/w/') == 4


def test_commune_page_lists_its_workspaces_and_stations(
    client, workspace, commune, admin_user, django_assert_num_queries
):
    client.force_login(admin_user)  # no page cache
    url = f"/en/t/{commune.territory.slug}/communes/{commune.code}/"
    client.get(url)  # the living block computed once and cached, as on a warm server
    with CaptureQueriesContext(connection) as empty_stations:
        html = client.get(url).content.decode()
    assert 'href="/en/workspaces/le-refuge/">Le Refuge</a>' in html
    assert "No railway station in this commune." in html
    unverified = WorkspaceFactory(commune=commune, name="La Grange", activity_verified=False)
    WorkspaceFactory(name="Elsewhere")  # another commune's
    FacilityFactory(commune=commune, name="Gare de Briançon")
    FacilityFactory(commune=commune, name="Collège", kind="college")
    with django_assert_num_queries(len(empty_stations)):
        html = client.get(url).content.decode()
    assert f"/en/workspaces/{unverified.slug}/" in html and "activity not verified" in html
    assert "Elsewhere" not in html
    assert "Gare de Briançon" in html and "Collège" not in html
    assert "SNCF stations" in html  # the stations' source


def test_shipped_places_are_unverified_unless_their_file_says_otherwise(grand_brianconnais):
    from alpsatellites.setup.demo import demo_workspace_publish
    from alpsatellites.workspaces.loading import default_workspaces_load
    from alpsatellites.workspaces.models import Workspace

    default_workspaces_load()
    assert not Workspace.objects.filter(activity_verified=True).exists()
    assert not Workspace.objects.exclude(phone="", email="", website="").exists()
    demo_workspace_publish()  # the demo's Altipolis, run by the demo manager
    Workspace.objects.filter(slug="quai9-briancon").update(activity_verified=True)
    default_workspaces_load()  # a reload of a file that says nothing undoes no check
    assert set(Workspace.objects.filter(activity_verified=True).values_list("slug", flat=True)) == {
        "altipolis-briancon",
        "quai9-briancon",
    }
