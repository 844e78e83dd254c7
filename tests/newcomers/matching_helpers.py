"""Shared by the matching tests: the real territory with its shipped indicators and facilities."""

import pytest

from tests.workspaces.factories import WorkspaceFactory

BRIANCON = "05023"
NEVACHE = "05093"


@pytest.fixture
def observed(grand_brianconnais):
    """The Grand Briançonnais with its shipped fibre shares, stations, collèges, hospitals and
    one open workspace in Briançon."""
    from alpsatellites.setup.default_facilities import load_default_facilities
    from alpsatellites.setup.default_indicators import load_default_indicators
    from alpsatellites.territories.models import Commune

    load_default_indicators()
    load_default_facilities()
    briancon = Commune.objects.get(territory=grand_brianconnais, code=BRIANCON)
    WorkspaceFactory(
        commune=briancon,
        slug="tiers-lieu-briancon",
        name="Tiers-lieu de Briançon",
        latitude=briancon.latitude,
        longitude=briancon.longitude,
    )
    return grand_brianconnais
