"""Shared fixtures. Network is blocked (pytest-socket) except to this machine; warnings are
errors."""

import pytest
from django.core.cache import cache

from alpsatellites.core.translations import compile_catalogues
from alpsatellites.territories.importers.bundle import DEFAULT_BUNDLES, read_bundle
from alpsatellites.territories.importers.records import SourceRecord
from alpsatellites.territories.services import territory_import
from tests.utils import DATA_DIR


def pytest_sessionstart(session):
    compile_catalogues()


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def load_shipped_territory(slug: str):
    from alpsatellites.territories.models import Territory

    (path,) = [p for p in DEFAULT_BUNDLES if p.stem == slug]
    territory_import(read_bundle(path), territory_slug=slug)
    return Territory.objects.get(slug=slug)


@pytest.fixture
def grand_brianconnais(db):
    """The real default territory, loaded from the shipped file (36 communes)."""
    return load_shipped_territory("grand-brianconnais")


@pytest.fixture
def evancon(db):
    """The Italian second territory: points, no boundaries."""
    return load_shipped_territory("evancon")


@pytest.fixture
def territory_admin(grand_brianconnais):
    from alpsatellites.accounts.models import Role
    from alpsatellites.accounts.services import role_grant

    from .factories import UserFactory

    user = UserFactory(email="admin@grand-brianconnais.example")
    role_grant(user=user, role=Role.TERRITORY_ADMIN, territory=grand_brianconnais)
    return user


@pytest.fixture
def data_dir():
    """The small sample files of tests/data/."""
    return DATA_DIR


@pytest.fixture
def file_source():
    """The source record a generic CSV or GeoJSON import is given (as the command builds it)."""
    return SourceRecord(
        key="file-test",
        title="Test municipalities",
        publisher="Test office",
        licence="CC BY 4.0",
        version="2025",
        retrieved_on="2025-06-01",
    )
