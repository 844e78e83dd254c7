"""A workspace or commune the public may not see answers exactly like one that does not exist.

An unpublished territory hides its communes, groupings and workspaces everywhere: HTML pages,
calendar feed, booking form, API lists and details, availability, booking through the API; a
draft or cancelled workspace is hidden the same way. The back office never links to them.
"""

import datetime
import json
import uuid

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from alpsatellites.accounts.models import Role
from alpsatellites.accounts.services import role_grant
from alpsatellites.workspaces.models import Booking, Workspace, WorkspaceStatus
from tests.factories import CommuneFactory, TerritoryFactory, UserFactory
from tests.workspaces.factories import ResourceFactory, WorkspaceFactory, open_all_week

pytestmark = pytest.mark.django_db

UNKNOWN_SLUG = "nowhere-at-all"
UNKNOWN_CODE = "99999"


@pytest.fixture
def hidden_territory():
    return TerritoryFactory(slug="hidden-valley", name="Hidden valley", is_published=False)


@pytest.fixture
def hidden_commune(hidden_territory):
    return CommuneFactory(territory=hidden_territory, code="05999", name="Cachée")


@pytest.fixture
def hidden_workspace(hidden_commune):
    workspace = WorkspaceFactory(commune=hidden_commune, slug="secret-loft", name="Secret loft")
    open_all_week(workspace)
    ResourceFactory(workspace=workspace, name="Desks")
    return workspace


@pytest.fixture
def draft_workspace():
    workspace = WorkspaceFactory(slug="not-yet", name="Not yet", status=WorkspaceStatus.DRAFT)
    open_all_week(workspace)
    ResourceFactory(workspace=workspace, name="Desks")
    return workspace


@pytest.fixture
def person(client):
    user = UserFactory()
    client.force_login(user)
    return user


def _tomorrow_at(hour: int) -> str:
    day = timezone.localdate() + datetime.timedelta(days=1)
    return datetime.datetime.combine(
        day, datetime.time(hour), tzinfo=timezone.get_current_timezone()
    ).isoformat()


def _workspace_gets(slug: str, resource_id: int) -> list[str]:
    return [
        f"/fr/workspaces/{slug}/",
        f"/fr/workspaces/{slug}/calendar.ics",
        f"/fr/workspaces/{slug}/book/{resource_id}/",
        f"/api/v1/workspaces/{slug}/",
        f"/api/v1/workspaces/{slug}/availability/",
    ]


def _answer(response) -> tuple[int, object]:
    if response["Content-Type"].startswith("application/json"):
        return response.status_code, response.json()
    return response.status_code, None


def _same_as_unknown(client, url: str, unknown_url: str, *, name: str, unknown: str):
    """Status, and JSON body once the identifier is swapped, equal to the unknown one's."""
    hidden = client.get(url)
    reference = client.get(unknown_url)
    status, body = _answer(hidden)
    reference_status, reference_body = _answer(reference)
    assert status == reference_status == 404, url
    if body is not None:
        assert json.loads(json.dumps(body).replace(name, unknown)) == reference_body, url


def _book_by_form(client, workspace, resource):
    form = {
        "day": (timezone.localdate() + datetime.timedelta(days=1)).isoformat(),
        "slot": "day",
        "days": 1,
        "seats": 1,
        "request_key": str(uuid.uuid4()),
        "action": "confirm",
    }
    return client.post(f"/fr/workspaces/{workspace.slug}/book/{resource.pk}/", form)


def _book_by_api(client, resource_id: int, **extra):
    body = {"resource": resource_id, "starts_at": _tomorrow_at(9), "ends_at": _tomorrow_at(10)}
    return client.post(
        "/api/v1/bookings/", json.dumps({**body, **extra}), content_type="application/json"
    )


def _bookings_refused_like_unknown(client, workspace):
    resource = workspace.resources.get()
    by_form = _book_by_form(client, workspace, resource)
    hidden = _book_by_api(client, resource.pk)
    unknown = _book_by_api(client, resource.pk + 1000)
    named = _book_by_api(client, resource.pk, workspace=workspace.slug)
    named_unknown = _book_by_api(client, resource.pk, workspace=UNKNOWN_SLUG)

    assert by_form.status_code == 404
    assert hidden.status_code == unknown.status_code == 404
    assert hidden.json() == unknown.json()
    assert named.status_code == named_unknown.status_code == 400
    assert json.dumps(named.json()).replace(workspace.slug, UNKNOWN_SLUG) == json.dumps(
        named_unknown.json()
    )
    assert Booking.objects.count() == 0


TERRITORY_ADDRESSES = [
    "/fr/t/{slug}/",
    "/fr/t/{slug}/communes/",
    "/fr/t/{slug}/communes/{code}/",
    "/fr/t/{slug}/sources/",
    "/fr/t/{slug}/workspaces/",
    "/fr/t/{slug}/workspaces.csv",
    "/fr/t/{slug}/workspaces.geojson",
    "/fr/t/{slug}/workspaces/map.geojson",
    "/api/v1/territories/{slug}/",
    "/api/v1/territories/{slug}/boundaries.geojson",
    "/api/v1/communes/{code}/",
    "/api/v1/communes/{code}/boundary.geojson",
]
# Naming the territory (or a commune of it) in a filter is naming an unknown one: 400 alike.
FILTERS = [
    "/api/v1/communes/?territory={slug}",
    "/api/v1/groupings/?territory={slug}",
    "/api/v1/workspaces/?territory={slug}",
    "/api/v1/workspaces/?commune={code}",
    "/api/v1/communes/{code}/?territory={slug}",
]


def test_every_address_of_an_unpublished_territory_answers_like_an_unknown_one(
    client, person, hidden_workspace
):
    resource = hidden_workspace.resources.get()
    slug, code = hidden_workspace.territory.slug, hidden_workspace.commune.code
    for url, unknown_url in zip(
        _workspace_gets(hidden_workspace.slug, resource.pk),
        _workspace_gets(UNKNOWN_SLUG, resource.pk),
        strict=True,
    ):
        _same_as_unknown(client, url, unknown_url, name=hidden_workspace.slug, unknown=UNKNOWN_SLUG)
    for page in TERRITORY_ADDRESSES:
        by_code = "{code}" in page
        _same_as_unknown(
            client,
            page.format(slug=slug, code=code),
            page.format(slug=UNKNOWN_SLUG, code=UNKNOWN_CODE),
            name=code if by_code else slug,
            unknown=UNKNOWN_CODE if by_code else UNKNOWN_SLUG,
        )
    for url in FILTERS:
        hidden = client.get(url.format(slug=slug, code=code))
        unknown = client.get(url.format(slug=UNKNOWN_SLUG, code=UNKNOWN_CODE))
        assert hidden.status_code == unknown.status_code == 400, url
        swapped = json.dumps(hidden.json()).replace(slug, UNKNOWN_SLUG).replace(code, UNKNOWN_CODE)
        assert swapped == json.dumps(unknown.json()), url
    _bookings_refused_like_unknown(client, hidden_workspace)


@pytest.mark.parametrize("status", [WorkspaceStatus.DRAFT, WorkspaceStatus.CANCELLED])
def test_a_workspace_not_public_answers_like_an_unknown_one(
    client, person, draft_workspace, status
):
    draft_workspace.status = status
    draft_workspace.save()
    resource = draft_workspace.resources.get()
    for url, unknown_url in zip(
        _workspace_gets(draft_workspace.slug, resource.pk),
        _workspace_gets(UNKNOWN_SLUG, resource.pk),
        strict=True,
    ):
        _same_as_unknown(client, url, unknown_url, name=draft_workspace.slug, unknown=UNKNOWN_SLUG)
    _bookings_refused_like_unknown(client, draft_workspace)


def test_no_list_shows_an_unpublished_territory(client, hidden_workspace):
    shown = CommuneFactory(code="05001", name="Visible")
    WorkspaceFactory(commune=shown, slug="in-the-open")

    communes = client.get("/api/v1/communes/").json()["results"]
    groupings = client.get("/api/v1/groupings/").json()["results"]
    workspaces = client.get("/api/v1/workspaces/").json()["results"]
    territories = client.get("/api/v1/territories/").json()["results"]

    assert [c["code"] for c in communes] == ["05001"]
    assert {g["territory"] for g in groupings} == {shown.territory.slug}
    assert [w["slug"] for w in workspaces] == ["in-the-open"]
    assert [t["slug"] for t in territories] == [shown.territory.slug]


# --- the back office -------------------------------------------------------------------------


@pytest.fixture
def platform_admin(client):
    user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


def _view_on_site(obj) -> str:
    content_type = ContentType.objects.get_for_model(obj)
    return f"/fr/admin/r/{content_type.pk}/{obj.pk}/"


def test_view_on_site_tells_no_address_of_what_is_not_public(
    client, platform_admin, hidden_workspace, draft_workspace, hidden_commune
):
    public = WorkspaceFactory(slug="in-the-open")
    hidden_objects = [hidden_workspace, draft_workspace, hidden_commune, hidden_commune.territory]

    for obj in hidden_objects:
        response = client.get(_view_on_site(obj))
        assert response.status_code == 404, obj
    change = client.get(f"/fr/admin/workspaces/workspace/{draft_workspace.pk}/change/")
    public_change = client.get(f"/fr/admin/workspaces/workspace/{public.pk}/change/")

    assert change.status_code == 200
    assert "viewsitelink" not in change.content.decode()
    assert (
        'href="/fr/workspaces/in-the-open/" class="viewsitelink"' in public_change.content.decode()
    )


def test_a_staff_user_of_another_territory_learns_no_slug(client, hidden_workspace):
    staff = UserFactory()
    role_grant(user=staff, role=Role.TERRITORY_STAFF, territory=TerritoryFactory())
    staff.refresh_from_db()
    client.force_login(staff)

    for obj in (hidden_workspace, hidden_workspace.commune, hidden_workspace.territory):
        response = client.get(_view_on_site(obj))
        assert response.status_code == 404
        assert "secret-loft" not in response.get("Location", "")
        assert "hidden-valley" not in response.get("Location", "")


# --- the vocabulary itself -------------------------------------------------------------------


def test_workspace_scopes(hidden_workspace, draft_workspace):
    from django.contrib.auth.models import AnonymousUser

    WorkspaceFactory(slug="in-the-open")
    elsewhere = WorkspaceFactory(slug="elsewhere")
    manager = UserFactory()
    draft_workspace.managers.add(manager)
    official = UserFactory()
    role_grant(user=official, role=Role.ELECTED_OFFICIAL, territory=hidden_workspace.territory)
    official.managed_workspaces.add(elsewhere)
    admin = UserFactory(is_staff=True, is_superuser=True)
    anonymous = AnonymousUser()

    def slugs(queryset) -> set[str]:
        return set(queryset.values_list("slug", flat=True))

    everything = {"secret-loft", "not-yet", "in-the-open", "elsewhere"}
    assert slugs(Workspace.objects.public()) == {"in-the-open", "elsewhere"}
    assert slugs(Workspace.objects.managed_by(manager)) == {"not-yet"}
    assert slugs(Workspace.objects.managed_by(anonymous)) == set()
    assert slugs(Workspace.objects.managed_by(admin)) == everything
    assert slugs(Workspace.objects.back_office_for(official)) == {"secret-loft", "elsewhere"}
    assert slugs(Workspace.objects.editable_by(official)) == {"elsewhere"}
    assert slugs(Workspace.objects.back_office_for(anonymous)) == set()
    assert slugs(Workspace.objects.readable_by(manager)) == {"in-the-open", "elsewhere", "not-yet"}
    assert slugs(Workspace.objects.readable_by(anonymous)) == {"in-the-open", "elsewhere"}
    assert slugs(Workspace.objects.readable_by(admin)) == everything
