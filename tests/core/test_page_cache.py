"""The public page cache renews only the scopes a change touches, and keys pages by host."""

import pytest

from alpsatellites.core.cache import (
    CATALOGUE,
    content_changed,
    scope_versions,
    territory_scope,
    workspace_scope,
)
from alpsatellites.workspaces.services import booking_cancel
from tests.factories import CommuneFactory, TerritoryFactory
from tests.workspaces.factories import BookingFactory, ResourceFactory, WorkspaceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def network():
    """Two workspaces in one territory, a third in another; all public."""
    north, south = TerritoryFactory(slug="north"), TerritoryFactory(slug="south")
    commune = CommuneFactory(territory=north)
    return {
        "north": north,
        "south": south,
        "booked": WorkspaceFactory(slug="booked", commune=commune),
        "neighbour": WorkspaceFactory(slug="neighbour", commune=commune),
        "elsewhere": WorkspaceFactory(slug="elsewhere", commune=CommuneFactory(territory=south)),
    }


def versions(*scopes):
    return {scope: scope_versions(scope) for scope in scopes}


ALL_SCOPES = (
    CATALOGUE,
    territory_scope("north"),
    territory_scope("south"),
    workspace_scope("booked"),
    workspace_scope("neighbour"),
    workspace_scope("elsewhere"),
)


def test_a_booking_renews_only_its_workspace_and_its_territory(
    network, django_capture_on_commit_callbacks
):
    booking = BookingFactory(resource=ResourceFactory(workspace=network["booked"]))
    before = versions(*ALL_SCOPES)

    with django_capture_on_commit_callbacks(execute=True):
        booking_cancel(user=booking.user, booking_id=booking.pk)

    after = versions(*ALL_SCOPES)
    changed = {scope for scope in ALL_SCOPES if after[scope] != before[scope]}
    assert changed == {territory_scope("north"), workspace_scope("booked")}


def test_a_booking_leaves_other_workspace_pages_in_the_cache(
    client, network, django_capture_on_commit_callbacks, django_assert_num_queries
):
    booking = BookingFactory(resource=ResourceFactory(workspace=network["booked"]))
    pages = ["/fr/workspaces/neighbour/", "/fr/t/south/workspaces/", "/api/v1/workspaces/"]
    for url in pages:
        assert client.get(url).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        booking_cancel(user=booking.user, booking_id=booking.pk)

    with django_assert_num_queries(0):
        for url in pages:
            assert client.get(url).status_code == 200


def test_a_territory_change_renews_it_its_workspaces_and_the_lists_of_every_territory(network):
    before = versions(*ALL_SCOPES)

    content_changed(territory_slugs=["north"])

    after = versions(*ALL_SCOPES)
    changed = {scope for scope in ALL_SCOPES if after[scope] != before[scope]}
    assert changed == {
        CATALOGUE,
        territory_scope("north"),
        workspace_scope("booked"),
        workspace_scope("neighbour"),
    }


def test_each_host_gets_its_own_copy_of_a_page(client, network, settings):
    settings.ALLOWED_HOSTS = ["one.example", "two.example"]
    url = "/fr/t/north/workspaces.geojson"

    first = client.get(url, HTTP_HOST="one.example").content.decode()
    second = client.get(url, HTTP_HOST="two.example").content.decode()

    assert "http://one.example/" in first
    assert "http://two.example/" in second and "one.example" not in second
