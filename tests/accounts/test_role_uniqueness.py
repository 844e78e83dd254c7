"""One role over one scope, once: the database refuses a duplicate grant (a territory role has
no grouping, and NULL never equals NULL in a unique index), and the migration that brings the
constraints merges the duplicates granted before them."""

import datetime
import importlib

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone, translation

from alpsatellites.accounts.models import Role, RoleAssignment
from alpsatellites.accounts.services import role_grant, role_revoke
from tests.factories import GroupingFactory, TerritoryFactory, UserFactory

MIGRATION = importlib.import_module(
    "alpsatellites.accounts.migrations.0002_roleassignment_unique_conditional"
)
BEFORE = ("accounts", "0001_initial")


@pytest.mark.django_db
def test_the_same_territory_role_cannot_be_stored_twice():
    user, territory = UserFactory(), TerritoryFactory()
    RoleAssignment.objects.create(user=user, role=Role.TERRITORY_ADMIN, territory=territory)

    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(user=user, role=Role.TERRITORY_ADMIN, territory=territory)


@pytest.mark.django_db
def test_the_same_grouping_role_cannot_be_stored_twice():
    user, grouping = UserFactory(), GroupingFactory()
    scope = {"user": user, "role": Role.WELCOME_OFFICER, "grouping": grouping}
    RoleAssignment.objects.create(territory=grouping.territory, **scope)

    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(territory=grouping.territory, **scope)


@pytest.mark.django_db
def test_the_same_role_in_other_scopes_is_allowed():
    user, grouping = UserFactory(), GroupingFactory()
    other = TerritoryFactory()

    role_grant(user=user, role=Role.TERRITORY_ADMIN, territory=grouping.territory)
    role_grant(user=user, role=Role.TERRITORY_ADMIN, territory=other)
    role_grant(user=user, role=Role.TERRITORY_STAFF, territory=other)
    role_grant(user=user, role=Role.WELCOME_OFFICER, grouping=grouping)
    role_grant(user=user, role=Role.WELCOME_OFFICER, grouping=GroupingFactory(territory=other))

    assert RoleAssignment.objects.filter(user=user).count() == 5


@pytest.mark.django_db
def test_a_duplicate_is_a_validation_error_for_the_back_office():
    user, territory = UserFactory(), TerritoryFactory()
    RoleAssignment.objects.create(user=user, role=Role.TERRITORY_STAFF, territory=territory)
    duplicate = RoleAssignment(user=user, role=Role.TERRITORY_STAFF, territory=territory)

    with translation.override("en"), pytest.raises(ValidationError, match="already holds"):
        duplicate.full_clean()


@pytest.mark.django_db
def test_granting_twice_keeps_one_assignment():
    user, grouping = UserFactory(), GroupingFactory()

    first = role_grant(user=user, role=Role.TERRITORY_ADMIN, territory=grouping.territory)
    second = role_grant(user=user, role=Role.TERRITORY_ADMIN, territory=grouping.territory)
    officer = role_grant(user=user, role=Role.WELCOME_OFFICER, grouping=grouping)
    again = role_grant(user=user, role=Role.WELCOME_OFFICER, grouping=grouping)

    assert (first, officer) == (second, again)
    assert RoleAssignment.objects.filter(user=user).count() == 2


@pytest.mark.django_db
def test_revoking_a_grouping_role_removes_it():
    user, grouping = UserFactory(), GroupingFactory()
    role_grant(user=user, role=Role.WELCOME_OFFICER, grouping=grouping)

    role_revoke(user=user, role=Role.WELCOME_OFFICER, grouping=grouping)

    assert not RoleAssignment.objects.filter(user=user).exists()


# --- the migration ---------------------------------------------------------------------------


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor


def _latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_the_migration_merges_duplicates_into_the_first_grant():
    executor = _migrate([BEFORE])
    try:
        apps = executor.loader.project_state([BEFORE]).apps
        Assignment = apps.get_model("accounts", "RoleAssignment")
        User = apps.get_model("accounts", "User")
        Territory = apps.get_model("territories", "Territory")
        Grouping = apps.get_model("territories", "Grouping")
        anne = User.objects.create(email="anne@example.org")
        bruno = User.objects.create(email="bruno@example.org")
        north = Territory.objects.create(slug="north", name="North", country="FR")
        south = Territory.objects.create(slug="south", name="South", country="FR")
        valley = Grouping.objects.create(
            territory=north, official_id="200000001", kind="cc", name="Valley"
        )
        day = timezone.now()

        def grant(user, role, territory, grouping=None, days=0):
            return Assignment.objects.create(
                user=user,
                role=role,
                territory=territory,
                grouping=grouping,
                granted_at=day + datetime.timedelta(days=days),
            )

        grant(anne, Role.TERRITORY_ADMIN, north, days=2)
        first = grant(anne, Role.TERRITORY_ADMIN, north, days=1)
        grant(anne, Role.TERRITORY_ADMIN, north, days=3)
        officer = grant(anne, Role.WELCOME_OFFICER, north, valley)  # the old constraint held
        kept = [
            first.pk,
            officer.pk,
            grant(anne, Role.TERRITORY_ADMIN, south).pk,  # another territory
            grant(anne, Role.TERRITORY_STAFF, north).pk,  # another role
            grant(bruno, Role.TERRITORY_ADMIN, north).pk,  # another person
        ]

        merged = MIGRATION.merge_duplicate_role_assignments(apps, None)

        assert merged == 2
        assert sorted(Assignment.objects.values_list("pk", flat=True)) == sorted(kept)

        # And through the migration itself, with duplicates granted again meanwhile.
        grant(bruno, Role.TERRITORY_ADMIN, north, days=5)
        _migrate(_latest())
        assert RoleAssignment.objects.filter(user_id=bruno.pk).count() == 1
        with pytest.raises(IntegrityError), transaction.atomic():
            RoleAssignment.objects.create(
                user_id=bruno.pk, role=Role.TERRITORY_ADMIN, territory_id=north.pk
            )
    finally:
        _migrate(_latest())
