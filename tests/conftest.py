"""Shared fixtures. Network is blocked (pytest-socket) except to this machine; warnings are errors."""

import pytest
from django.core.cache import cache

from alpsatellites.core.demo import DEFAULT_BUNDLES
from alpsatellites.core.translations import compile_catalogues
from alpsatellites.territories.importers.bundle import read_bundle
from alpsatellites.territories.services import territory_import


def pytest_sessionstart(session):
    compile_catalogues()


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def _load(slug: str):
    from alpsatellites.territories.models import Territory

    (path,) = [p for p in DEFAULT_BUNDLES if p.stem == slug]
    territory_import(read_bundle(path), territory_slug=slug)
    return Territory.objects.get(slug=slug)


@pytest.fixture
def grand_brianconnais(db):
    """The real default territory, loaded from the shipped file (36 communes)."""
    return _load("grand-brianconnais")


@pytest.fixture
def evancon(db):
    """The Italian second territory: points, no boundaries."""
    return _load("evancon")


@pytest.fixture
def territory_admin(grand_brianconnais):
    from alpsatellites.accounts.models import Role
    from alpsatellites.accounts.services import role_grant

    from .factories import UserFactory

    user = UserFactory(email="admin@grand-brianconnais.example")
    role_grant(user=user, role=Role.TERRITORY_ADMIN, territory=grand_brianconnais)
    return user
