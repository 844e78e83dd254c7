from pathlib import Path

import pytest

from alpsatellites.observatory.services.indicators import indicators_load

SAMPLES = Path(__file__).parent / "samples"


@pytest.fixture
def samples() -> Path:
    return SAMPLES


@pytest.fixture
def catalogue(db):
    """The shipped indicator catalogue and its sources."""
    return indicators_load()


# The decision pages' readers and the stand-in of the index (tests of the pages, not the index).
from .decision_fixtures import fake_index, official, other_official  # noqa: E402, F401
