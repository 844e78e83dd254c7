"""Each role lands on its own home after signing in through the site's form (accounts.adapter),
a safe ?next= still wins, and a member's home shows only their own bookings."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from alpsatellites.accounts.models import Role
from alpsatellites.accounts.services import role_grant
from tests.factories import GroupingFactory, TerritoryFactory, UserFactory
from tests.workspaces.factories import BookingFactory, ResourceFactory, WorkspaceFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"  # UserFactory's
SIGN_IN = "/en/accounts/login/"


def en(name, **kwargs):
    with translation.override("en"):
        return reverse(name, kwargs=kwargs or None)


def landing(client, user, **extra):
    response = client.post(SIGN_IN, {"login": user.email, "password": PASSWORD, **extra})
    assert response.status_code == 302, response.content[:500]
    return response["Location"]


def test_a_member_lands_on_their_home(client):
    assert landing(client, UserFactory()) == en("www:my-home")


def test_a_space_manager_lands_on_the_week_of_their_first_workspace(client):
    manager = UserFactory()
    WorkspaceFactory(name="Zephyr", managers=[manager])
    first = WorkspaceFactory(name="Altipolis", managers=[manager])
    assert landing(client, manager) == en("workspaces:manage", slug=first.slug)


@pytest.mark.parametrize(
    "role", [Role.TERRITORY_STAFF, Role.TERRITORY_ADMIN, Role.ELECTED_OFFICIAL]
)
def test_territory_roles_land_on_their_territorys_dashboard(client, role):
    territory = TerritoryFactory(slug="haute-vallee")
    user = UserFactory()
    role_grant(user=user, role=role, territory=territory)
    assert landing(client, user) == en("decision:dashboard", territory="haute-vallee")


def test_a_welcome_officer_who_also_manages_a_space_lands_on_the_inbox(client):
    officer = UserFactory()
    grouping = GroupingFactory()
    role_grant(
        user=officer, role=Role.WELCOME_OFFICER, territory=grouping.territory, grouping=grouping
    )
    WorkspaceFactory(managers=[officer])
    assert landing(client, officer) == en("newcomers:inbox")


def test_a_platform_admin_lands_on_the_back_office(client):
    admin = UserFactory(is_staff=True, is_superuser=True)
    assert landing(client, admin) == en("admin:index")


def test_a_safe_next_address_wins_and_another_site_does_not(client):
    member = UserFactory()
    assert landing(client, member, next="/en/bookings/") == "/en/bookings/"
    client.logout()
    assert landing(client, member, next="https://evil.example/") == en("www:my-home")


def test_the_home_shows_my_next_bookings_and_workspaces_to_try(
    client, django_assert_max_num_queries
):
    anne, bruno = UserFactory(), UserFactory()
    resource = ResourceFactory(name="Open space")
    BookingFactory(user=anne, resource=resource)
    BookingFactory(user=bruno, resource=ResourceFactory(name="Bruno's room <b>"))
    WorkspaceFactory(
        territory=resource.workspace.territory,
        commune=resource.workspace.commune,
        name="Second place",
    )
    client.force_login(anne)

    with django_assert_max_num_queries(12):
        response = client.get(en("www:my-home"))

    assert response.status_code == 200
    body = response.content.decode()
    assert "Open space" in body
    assert "Bruno" not in body
    assert "Second place" in body
    assert response.context["home"].territory == resource.workspace.territory


def test_the_home_query_count_does_not_grow_with_bookings(client, django_assert_num_queries):
    anne = UserFactory()
    resource = ResourceFactory()
    client.force_login(anne)
    BookingFactory(user=anne, resource=resource)
    with CaptureQueriesContext(connection) as one:
        client.get(en("www:my-home"))
    for _ in range(4):
        BookingFactory(user=anne, resource=ResourceFactory(workspace=resource.workspace))
    with django_assert_num_queries(len(one.captured_queries)):
        client.get(en("www:my-home"))


def test_the_home_asks_anonymous_visitors_to_sign_in(client):
    response = client.get(en("www:my-home"))
    assert response.status_code == 302
    assert response["Location"].startswith(en("account_login"))
