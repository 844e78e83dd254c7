"""Accounts: users, role grants and the scopes every domain reads."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.utils import translation

from alpsatellites.accounts.models import Role, RoleAssignment, User
from alpsatellites.accounts.scopes import (
    editable_territory_ids,
    is_platform_admin,
    readable_territory_ids,
)
from alpsatellites.accounts.services import role_grant, role_revoke, user_sync_back_office_access
from alpsatellites.territories.models import Commune, Grouping, Territory
from tests.factories import CommuneFactory, GroupingFactory, TerritoryFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def territories():
    return TerritoryFactory(slug="north"), TerritoryFactory(slug="south")


# --- users -----------------------------------------------------------------------------------


def test_create_user_stores_the_address_in_lower_case():
    user = User.objects.create_user("Anne.Martin@Example.ORG", "secret-passphrase", name="Anne")

    assert user.email == "anne.martin@example.org"
    assert user.check_password("secret-passphrase")
    assert (user.is_staff, user.is_superuser) == (False, False)
    assert str(user) == "Anne"


def test_create_user_needs_an_address():
    with pytest.raises(ValueError, match="e-mail address is required"):
        User.objects.create_user("", "x")


def test_create_superuser_gets_every_flag():
    user = User.objects.create_superuser("root@example.org", "x", is_staff=False)

    assert (user.is_staff, user.is_superuser) == (True, True)
    assert str(user) == "root@example.org"  # no name: the address


def test_login_ignores_the_case_of_the_address(client):
    User.objects.create_user("anne@example.org", "secret-passphrase")

    assert client.login(username="Anne@Example.ORG", password="secret-passphrase")


def test_back_office_refuses_a_second_account_for_the_same_address(client):
    User.objects.create_user("anne@example.org", "x")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    form = {
        "name": "Anne",
        "password1": "a-long-Passphrase-42",
        "password2": "a-long-Passphrase-42",
        "usable_password": "true",
        "role_assignments-TOTAL_FORMS": "0",
        "role_assignments-INITIAL_FORMS": "0",
    }

    duplicate = client.post("/fr/admin/accounts/user/add/", {**form, "email": "Anne@Example.org"})
    created = client.post("/fr/admin/accounts/user/add/", {**form, "email": "Paul@Example.org"})

    assert duplicate.status_code == 200
    assert "email" in duplicate.context["adminform"].form.errors
    assert created.status_code == 302
    assert User.objects.filter(email__iexact="anne@example.org").count() == 1
    assert User.objects.filter(email="paul@example.org").exists()


# --- role grants -----------------------------------------------------------------------------


def test_territory_role_needs_a_territory():
    user = UserFactory()

    with translation.override("en"), pytest.raises(ValidationError, match="one territory"):
        role_grant(user=user, role=Role.TERRITORY_ADMIN)

    assert not RoleAssignment.objects.exists()
    user.refresh_from_db()
    assert not user.is_staff


def test_territory_role_takes_no_grouping(territories):
    grouping = GroupingFactory(territory=territories[0])

    with translation.override("en"), pytest.raises(ValidationError, match="one territory"):
        role_grant(
            user=UserFactory(),
            role=Role.TERRITORY_STAFF,
            territory=territories[0],
            grouping=grouping,
        )


def test_welcome_officer_is_granted_over_a_grouping(territories):
    grouping = GroupingFactory(territory=territories[1])
    user = UserFactory()

    assignment = role_grant(user=user, role=Role.WELCOME_OFFICER, grouping=grouping)

    assert assignment.territory == territories[1]  # taken from the grouping
    assert assignment.grouping == grouping
    user.refresh_from_db()
    assert not user.is_staff  # the back office is for territory roles


def test_space_managers_are_not_granted_here(territories):
    with translation.override("en"), pytest.raises(ValidationError, match="workspace"):
        role_grant(user=UserFactory(), role=Role.SPACE_MANAGER, territory=territories[0])


def test_role_grant_is_idempotent_and_opens_the_back_office(territories):
    user = UserFactory()

    first = role_grant(user=user, role=Role.TERRITORY_ADMIN, territory=territories[0])
    second = role_grant(user=user, role=Role.TERRITORY_ADMIN, territory=territories[0])

    assert first.pk == second.pk
    assert RoleAssignment.objects.filter(user=user).count() == 1
    user.refresh_from_db()
    assert user.is_staff
    with translation.override("en"):
        assert str(first) == f"{user.name} — Territory admin — {territories[0].name}"


def test_role_revoke_closes_the_back_office_when_no_role_is_left(territories):
    user = UserFactory()
    role_grant(user=user, role=Role.TERRITORY_ADMIN, territory=territories[0])
    role_grant(user=user, role=Role.ELECTED_OFFICIAL, territory=territories[1])

    role_revoke(user=user, role=Role.TERRITORY_ADMIN, territory=territories[0])
    user.refresh_from_db()
    assert user.is_staff  # still an elected official

    role_revoke(user=user, role=Role.ELECTED_OFFICIAL, territory=territories[1])
    user.refresh_from_db()
    assert not user.is_staff
    assert not RoleAssignment.objects.filter(user=user).exists()


def test_sync_back_office_access_follows_roles(territories):
    stale = UserFactory(is_staff=True)
    missing = UserFactory(is_staff=False)
    RoleAssignment.objects.create(user=missing, role=Role.TERRITORY_STAFF, territory=territories[0])
    root = UserFactory(is_staff=True, is_superuser=True)

    for user in (stale, missing, root):
        user_sync_back_office_access(user=user)
        user.refresh_from_db()

    assert not stale.is_staff
    assert missing.is_staff
    assert root.is_staff  # platform admins keep their access without roles


# --- scopes ----------------------------------------------------------------------------------


def test_scopes_of_each_role(territories):
    north, south = territories
    admin, official, officer = UserFactory(), UserFactory(), UserFactory()
    role_grant(user=admin, role=Role.TERRITORY_ADMIN, territory=north)
    role_grant(user=official, role=Role.ELECTED_OFFICIAL, territory=south)
    role_grant(user=officer, role=Role.WELCOME_OFFICER, grouping=GroupingFactory(territory=north))
    root = UserFactory(is_superuser=True, is_staff=True)

    assert (editable_territory_ids(admin), readable_territory_ids(admin)) == (
        {north.pk},
        {north.pk},
    )
    assert (editable_territory_ids(official), readable_territory_ids(official)) == (
        set(),
        {south.pk},
    )
    assert (editable_territory_ids(officer), readable_territory_ids(officer)) == (set(), set())
    assert (editable_territory_ids(root), readable_territory_ids(root)) == (None, None)
    assert is_platform_admin(root) and not is_platform_admin(admin)


def test_anonymous_and_inactive_users_have_no_scope(territories):
    inactive = UserFactory(is_active=False)
    role_grant(user=inactive, role=Role.TERRITORY_ADMIN, territory=territories[0])
    inactive_root = UserFactory(is_superuser=True, is_active=False)

    assert editable_territory_ids(AnonymousUser()) == set()
    assert readable_territory_ids(inactive) == set()
    assert editable_territory_ids(inactive_root) == set()


def test_querysets_for_a_user(territories):
    north, south = territories
    CommuneFactory.create_batch(2, territory=north)
    CommuneFactory.create_batch(3, territory=south)
    official = UserFactory()
    role_grant(user=official, role=Role.ELECTED_OFFICIAL, territory=south)
    root = UserFactory(is_superuser=True)

    assert list(Territory.objects.within(readable_territory_ids(official))) == [south]
    assert list(Territory.objects.within(editable_territory_ids(official))) == []
    assert Commune.objects.within(readable_territory_ids(official)).count() == 3
    assert set(
        Commune.objects.within(readable_territory_ids(official)).values_list("territory", flat=True)
    ) == {south.pk}
    assert Grouping.objects.within(editable_territory_ids(official)).count() == 0
    assert Commune.objects.within(readable_territory_ids(root)).count() == 5
    assert Territory.objects.within(editable_territory_ids(root)).count() == 2


def test_scopes_read_role_assignments_once_per_user_object(territories, django_assert_num_queries):
    user = UserFactory()
    role_grant(user=user, role=Role.TERRITORY_ADMIN, territory=territories[0])
    user = User.objects.get(pk=user.pk)

    with django_assert_num_queries(1):
        editable_territory_ids(user)
        readable_territory_ids(user)
        editable_territory_ids(user)
