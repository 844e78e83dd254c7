"""The booking tests: the clock frozen at Monday 2026-06-01 08:00 in Paris, English, a
workspace open all day every day with a resource of three seats, its manager and a member.
"""

import pytest
from django.utils import translation

from tests.factories import UserFactory
from tests.workspaces.factories import (
    ResourceFactory,
    WorkspaceFactory,
    open_all_week,
)

from .helpers import NOW


@pytest.fixture(autouse=True)
def _frozen_clock_and_english(time_machine):
    time_machine.move_to(NOW, tick=False)
    with translation.override("en"):
        yield


@pytest.fixture
def manager():
    return UserFactory(email="manager@example.org", name="Marie Manager")


@pytest.fixture
def member():
    return UserFactory(email="anne@example.org", name="Anne Membre", language="en")


@pytest.fixture
def workspace(manager):
    workspace = WorkspaceFactory(name="Café & Co", managers=[manager])
    open_all_week(workspace)
    return workspace


@pytest.fixture
def resource(workspace):
    return ResourceFactory(workspace=workspace, name="Open space", capacity=3)
