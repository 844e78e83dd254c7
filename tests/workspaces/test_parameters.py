"""The same parameter answers the same way on every page and endpoint.

A page number that is not a whole number from 1 is a 400; a page after the last is a 404; the
first page of an empty list is a page. `free_on` is a day from today to a year ahead.
"""

import datetime

import pytest
from django.utils import timezone

from tests.factories import CommuneFactory, TerritoryFactory
from tests.workspaces.factories import (
    BookingFactory,
    ResourceFactory,
    WorkspaceFactory,
    open_all_week,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def territory():
    territory = TerritoryFactory(slug="valley")
    commune = CommuneFactory(territory=territory, code="05100")
    for number in range(3):
        WorkspaceFactory(commune=commune, slug=f"place-{number}")
    return territory


LISTS = [
    "/fr/t/valley/communes/",
    "/fr/t/valley/workspaces/",
    "/api/v1/communes/?territory=valley",
    "/api/v1/workspaces/?territory=valley",
]


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize(
    ("page", "status"),
    [("1", 200), ("abc", 400), ("0", 400), ("-3", 400), ("1.5", 400), ("2", 404), ("999", 404)],
)
def test_page_numbers_answer_alike_everywhere(client, territory, url, page, status):
    separator = "&" if "?" in url else "?"

    response = client.get(f"{url}{separator}page={page}")

    assert response.status_code == status


def test_page_numbers_on_the_search_page(client, territory):
    response = client.get("/en/t/valley/workspaces/", {"page": "abc"})
    nothing = client.get("/fr/t/valley/workspaces/", {"kind": "incubator", "page": 1})
    nothing_api = client.get("/api/v1/workspaces/?kind=incubator&page=1")

    assert response.status_code == 400
    assert "Enter a whole number." in response.content.decode()
    # The page number is not an input of the form: a new search starts on the first page.
    assert 'name="page"' not in response.content.decode()
    # The first page of nothing is a page.
    assert nothing.status_code == nothing_api.status_code == 200


def _days_from_today(days: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


@pytest.mark.parametrize(("days", "status"), [(-1, 400), (-400, 400), (0, 200), (367, 400)])
def test_free_on_is_a_day_from_today_to_a_year_ahead(client, territory, days, status):
    page = client.get("/en/t/valley/workspaces/", {"free_on": _days_from_today(days)})
    api = client.get(f"/api/v1/workspaces/?territory=valley&free_on={_days_from_today(days)}")

    assert page.status_code == api.status_code == status
    if status == 400:
        assert list(api.json()["error"]["fields"]) == ["free_on"]
        assert 'id="free_on-errors"' in page.content.decode()


def test_a_past_free_on_is_a_clear_field_error(client, territory):
    page = client.get("/en/t/valley/workspaces/", {"free_on": "2000-01-03"})
    api = client.get("/api/v1/workspaces/?free_on=2000-01-03", headers={"accept-language": "en"})

    today = timezone.localdate().strftime("%m/%d/%Y")
    message = f"Give today's date ({today}) or a later one."
    assert page.status_code == api.status_code == 400
    assert message.replace("'", "&#x27;") in page.content.decode()
    assert api.json()["error"]["fields"]["free_on"] == [message]


def test_free_on_keeps_the_open_workspaces_with_a_free_seat(client, territory):
    day = timezone.localdate() + datetime.timedelta(days=1)
    free, full, closed_day, temporarily_closed = (
        WorkspaceFactory(commune=territory.communes.get(), slug=slug)
        for slug in ("free", "full", "closed-day", "temporarily-closed")
    )
    for workspace in (free, full, temporarily_closed):
        open_all_week(workspace)
        ResourceFactory(workspace=workspace, capacity=2)
    ResourceFactory(workspace=closed_day)  # no opening hours at all
    temporarily_closed.status = "closed"
    temporarily_closed.save()
    desk = full.resources.get()
    start = datetime.datetime.combine(
        day, datetime.time(0, 0), tzinfo=timezone.get_current_timezone()
    )
    BookingFactory(
        resource=desk, seats=2, starts_at=start, ends_at=start + datetime.timedelta(days=1)
    )

    page = client.get("/fr/t/valley/workspaces/", {"free_on": day.isoformat()})
    api = client.get(f"/api/v1/workspaces/?territory=valley&free_on={day.isoformat()}")

    assert [w["slug"] for w in api.json()["results"]] == ["free"]
    assert page.content.decode().count('class="card"') == 1
