"""Lists read a fixed number of queries whatever their length, free seats included.

Each count is asserted exactly (a new query is a decision, not an accident) at two sizes of
territory. The page cache is cleared before each request so that the view itself is measured.
"""

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone

from tests.factories import CommuneFactory, TerritoryFactory
from tests.workspaces.factories import (
    AmenityFactory,
    BookingFactory,
    ResourceFactory,
    WorkspaceFactory,
    open_all_week,
)

pytestmark = pytest.mark.django_db

TOMORROW = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()


@pytest.fixture
def territory():
    territory = TerritoryFactory(slug="valley")
    AmenityFactory(code="fibre")
    # A workspace full tomorrow: its bookings are read for the exact peak (one more query).
    full = WorkspaceFactory(commune=CommuneFactory(territory=territory))
    open_all_week(full)
    desk = ResourceFactory(workspace=full, capacity=1)
    day = timezone.localdate() + datetime.timedelta(days=1)
    start = datetime.datetime.combine(day, datetime.time(0), tzinfo=timezone.get_current_timezone())
    BookingFactory(resource=desk, starts_at=start, ends_at=start + datetime.timedelta(days=1))
    return territory


def _grow(territory, count: int) -> None:
    """`count` more open workspaces, each with two resources, hours and a booking."""
    for _n in range(count):
        commune = CommuneFactory(territory=territory)
        workspace = WorkspaceFactory(commune=commune)
        workspace.amenities.add(AmenityFactory(code="fibre"))
        open_all_week(workspace)
        desk = ResourceFactory(workspace=workspace, capacity=2)
        ResourceFactory(workspace=workspace, capacity=1)
        BookingFactory(resource=desk)


# (address, queries), the same for 2 and for 12 workspaces. The search page: territory, its
# communes with workspaces, the amenities, count, page, the page's amenities; free seats add
# four for all the candidates at once (opening hours, closures, the seats held per resource,
# and the bookings of the workspaces those sums cannot clear).
PAGES = [
    ("/fr/t/valley/workspaces/", 6),
    (f"/fr/t/valley/workspaces/?free_on={TOMORROW}", 10),
    ("/fr/t/valley/communes/", 4),
    ("/api/v1/workspaces/?territory=valley", 4),
    (f"/api/v1/workspaces/?territory=valley&free_on={TOMORROW}", 8),
    ("/api/v1/communes/?territory=valley", 3),
]


@pytest.mark.parametrize(("url", "expected"), PAGES)
def test_a_list_costs_the_same_queries_whatever_its_length(
    client, territory, url, expected, django_assert_num_queries
):
    _grow(territory, 2)
    cache.clear()
    with django_assert_num_queries(expected) as small:
        assert client.get(url).status_code == 200
    _grow(territory, 10)
    cache.clear()
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200
