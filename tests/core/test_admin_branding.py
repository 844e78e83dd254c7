"""The back office for non-developers: its name, one way in through the site's sign-in, day
names instead of 0–6, highlights edited stacked, and a link to a workspace's planning for those
who may open it."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import translation

from alpsatellites.accounts.models import Role
from alpsatellites.accounts.services import role_grant
from tests.factories import UserFactory
from tests.workspaces.factories import OpeningHoursFactory, WorkspaceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def platform_admin():
    return UserFactory(is_staff=True, is_superuser=True)


def test_the_back_office_has_the_platforms_name(client, platform_admin):
    client.force_login(platform_admin)
    with translation.override("en"):
        body = client.get("/en/admin/").content.decode()
    assert "AlpSatellites — back office" in body
    assert "What would you like to manage?" in body


def test_the_back_office_sign_in_is_the_sites(client):
    response = client.get("/fr/admin/login/", {"next": "/fr/admin/territories/"})
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.path == "/fr/accounts/login/"
    assert parse_qs(location.query) == {"next": ["/fr/admin/territories/"]}

    # Straight to /admin/: the admin sends to its login, which sends to the site's.
    response = client.get("/fr/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/fr/accounts/login/?next=")


def test_a_foreign_next_goes_to_the_back_office_index(client):
    response = client.get("/en/admin/login/", {"next": "https://evil.example/"})
    assert parse_qs(urlsplit(response["Location"]).query) == {"next": ["/en/admin/"]}


def test_a_signed_in_person_without_access_is_told_not_looped(client):
    client.force_login(UserFactory())
    response = client.get("/en/admin/login/", {"next": "/en/admin/"})
    assert response.status_code == 200  # the admin's own page, which says they lack access


def test_signing_in_from_the_back_office_comes_back_to_it(client, platform_admin):
    response = client.post(
        "/en/accounts/login/",
        {
            "login": platform_admin.email,
            "password": "correct horse battery staple",
            "next": "/en/admin/",
        },
    )
    assert response["Location"] == "/en/admin/"


def test_opening_hours_are_edited_with_day_names(client, platform_admin):
    workspace = WorkspaceFactory()
    OpeningHoursFactory(workspace=workspace, weekday=2)
    client.force_login(platform_admin)
    with translation.override("en"):
        body = client.get(f"/en/admin/workspaces/workspace/{workspace.pk}/change/").content.decode()
    assert '<option value="2" selected>Wednesday</option>' in body
    assert '<option value="6">Sunday</option>' in body


def test_the_planning_link_is_shown_to_those_who_may_open_it(client):
    manager = UserFactory(is_staff=True)
    workspace = WorkspaceFactory(managers=[manager])
    planning = f'href="/en/manage/workspaces/{workspace.slug}/"'
    client.force_login(manager)
    assert (
        planning
        in client.get(f"/en/admin/workspaces/workspace/{workspace.pk}/change/").content.decode()
    )

    staff = UserFactory(is_staff=True)
    role_grant(user=staff, role=Role.TERRITORY_STAFF, territory=workspace.territory)
    client.force_login(staff)
    response = client.get(f"/en/admin/workspaces/workspace/{workspace.pk}/change/")
    assert response.status_code == 200
    assert planning not in response.content.decode()


def test_highlights_are_edited_stacked(client, platform_admin, grand_brianconnais):
    client.force_login(platform_admin)
    body = client.get(
        f"/en/admin/territories/territory/{grand_brianconnais.pk}/change/"
    ).content.decode()
    assert 'id="highlights-group"' in body
    assert (
        "inline-related" in body and "tabular" not in body.split('id="highlights-group"')[1][:400]
    )
