"""The coworking API tests: a frozen clock (Monday 2026-06-01 08:00 in Paris), a
workspace open 08:00–18:00 every day with a desk of two seats, two members; errors in English.
"""

import datetime

import pytest
from django.test import Client

from alpsatellites.workspaces.models import (
    WorkspaceKind,
)
from tests.factories import CommuneFactory, TerritoryFactory, UserFactory
from tests.workspaces.factories import (
    ResourceFactory,
    WorkspaceFactory,
    open_all_week,
)

from .helpers import NOW


@pytest.fixture(autouse=True)
def _frozen_clock(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def client():
    """Errors in English; the session's CSRF token is checked, as a browser's would be."""
    return Client(enforce_csrf_checks=True, headers={"accept-language": "en"})


@pytest.fixture
def territory():
    return TerritoryFactory(slug="grand-brianconnais", name="Grand Briançonnais")


@pytest.fixture
def commune(territory):
    return CommuneFactory(territory=territory, code="05023", name="Briançon")


@pytest.fixture
def workspace(commune):
    workspace = WorkspaceFactory(
        commune=commune, slug="le-refuge", name="Le Refuge", kind=WorkspaceKind.TIERS_LIEU
    )
    open_all_week(workspace, opens=datetime.time(8, 0), closes=datetime.time(18, 0))
    return workspace


@pytest.fixture
def desk(workspace):
    return ResourceFactory(workspace=workspace, name="Open space", capacity=2)


@pytest.fixture
def anne():
    return UserFactory(email="anne@example.org", name="Anne")


@pytest.fixture
def bruno():
    return UserFactory(email="bruno@example.org", name="Bruno")
