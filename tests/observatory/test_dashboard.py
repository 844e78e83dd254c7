"""The decision dashboard: who may see it, where sign-in lands, the figures it computes in the
database, its filters and its query count."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from alpsatellites.accounts.models import Role
from alpsatellites.accounts.services import role_grant
from alpsatellites.observatory.selectors.dashboard import platform_activity
from alpsatellites.territories.models import Commune
from alpsatellites.workspaces.models import BookingStatus, Workspace
from tests.factories import UserFactory
from tests.workspaces.factories import BookingFactory, ResourceFactory, WorkspaceFactory

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
NOW = datetime.datetime(2026, 6, 17, 12, 0, tzinfo=PARIS)  # Wednesday of ISO week 25


def url(territory="grand-brianconnais", **query):
    path = reverse("decision:dashboard", args=[territory])
    if query:
        path += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return path


@pytest.fixture
def network(grand_brianconnais):
    """One workspace in Briançon: 4 desks, bookings in weeks 24 and 25 of 2026."""
    commune = Commune.objects.get(territory=grand_brianconnais, code="05023")
    workspace = WorkspaceFactory(commune=commune, territory=grand_brianconnais)
    desks = ResourceFactory(workspace=workspace, capacity=4)
    ResourceFactory(workspace=workspace, kind="meeting_room", capacity=8)
    anna, ben = UserFactory(), UserFactory()

    def book(day, user, price, status=BookingStatus.CONFIRMED):
        start = datetime.datetime.combine(day, datetime.time(9), tzinfo=PARIS)
        BookingFactory(
            resource=desks,
            user=user,
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=3),
            price=Decimal(price),
            status=status,
        )

    book(datetime.date(2026, 6, 8), anna, "10.00")
    book(datetime.date(2026, 6, 9), anna, "12.50")
    book(datetime.date(2026, 6, 10), ben, "20.00", BookingStatus.CHECKED_IN)
    book(datetime.date(2026, 6, 11), ben, "99.00", BookingStatus.CANCELLED)  # not counted
    book(datetime.date(2026, 6, 15), ben, "7.00")
    return workspace


def test_activity_is_counted_per_week_in_the_database(network, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        activity = platform_activity(
            Workspace.objects.filter(pk=network.pk),
            zone=PARIS,
            kind="week",
            first_day=datetime.date(2026, 6, 8),
            count=2,
        )
    first, second = activity.periods
    assert (first.bookings, first.people, first.revenue) == (3, 2, Decimal("42.50"))
    assert (second.bookings, second.people, second.revenue) == (1, 1, Decimal("7.00"))
    assert first.occupancy_rate is None  # no opening hours: no seat on offer, not 0 %
    assert activity.seats == 4  # the meeting room is not a workplace
    assert activity.bookings == 4 and activity.revenue == Decimal("49.50")


def test_anonymous_visitors_are_sent_to_sign_in(client, grand_brianconnais):
    response = client.get(url())
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_people_without_a_role_there_get_404(client, grand_brianconnais, other_official):
    client.force_login(other_official)
    assert client.get(url()).status_code == 404
    client.force_login(UserFactory())
    assert client.get(url()).status_code == 404
    manager = UserFactory()
    role_grant(
        user=manager, role=Role.WELCOME_OFFICER, grouping=grand_brianconnais.groupings.first()
    )
    client.force_login(manager)
    assert client.get(url()).status_code == 404


def test_staff_may_read_it_too(client, fake_index, territory_admin):
    client.force_login(territory_admin)
    assert client.get(url()).status_code == 200


@time_machine.travel(NOW, tick=False)
def test_the_dashboard_shows_feasibility_and_activity(
    client, fake_index, official, network, django_assert_max_num_queries
):
    client.force_login(official)
    # 16 today: session, user, roles, territory, groupings, index, 1 grouped booking query, the
    # occupancy (5), workspaces, seats, report form, latest reports. Not one per booking.
    with django_assert_max_num_queries(18):
        response = client.get(url(period="week", start="2026-06-08"))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'role="img"' in page and "<title" in page
    assert "Briançon" in page
    assert "Communes ranked by remote-work feasibility" in page or "feasibility" in page
    activity = response.context["activity"]
    assert [p.bookings for p in activity.periods[:2]] == [3, 1]


@time_machine.travel(NOW, tick=False)
def test_a_grouping_filter_keeps_its_communes_only(client, fake_index, official, network):
    client.force_login(official)
    grouping = official.role_assignments.get().territory.groupings.get(official_id="240500462")
    response = client.get(url(grouping=grouping.official_id))
    assert response.status_code == 200
    codes = {row.code for row in response.context["rows"]}
    assert codes == set(grouping.communes.values_list("code", flat=True))
    # The workspace is in Briançon, outside the Pays des Écrins.
    assert response.context["activity"].bookings == 0


@pytest.mark.parametrize(
    "query, field",
    [
        ({"period": "year"}, "period"),
        ({"start": "2026-13-01"}, "start"),
        ({"start": "1066-10-14"}, "start"),
        ({"grouping": "nope"}, "grouping"),
    ],
)
def test_bad_filters_are_field_errors_not_500(client, fake_index, official, query, field):
    client.force_login(official)
    response = client.get(url(**query))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert 'aria-invalid="true"' in response.content.decode()


def test_elected_officials_land_on_their_dashboard_after_sign_in(client, official):
    official.set_password("a long enough password")
    official.save()
    response = client.post(
        reverse("account_login"),
        {"login": official.email, "password": "a long enough password"},
    )
    assert response.status_code == 302
    assert response["Location"] == url()


def test_next_wins_and_territory_admins_land_on_the_dashboard_too(
    client, official, territory_admin
):
    official.set_password("a long enough password")
    official.save()
    response = client.post(
        reverse("account_login") + "?next=/fr/bookings/",
        {"login": official.email, "password": "a long enough password"},
    )
    assert response["Location"] == "/fr/bookings/"
    client.logout()
    territory_admin.set_password("a long enough password")
    territory_admin.save()
    response = client.post(
        reverse("account_login"),
        {"login": territory_admin.email, "password": "a long enough password"},
    )
    assert response["Location"] == url()  # issue 9: territory staff's home is the dashboard
