"""The decision pages' fixtures: readers of the default territory and a stand-in for the
feasibility index where a test is about the page, not the index."""

from types import SimpleNamespace

import pytest

from alpsatellites.accounts.models import Role
from alpsatellites.accounts.services import role_grant
from alpsatellites.territories.models import Commune
from tests.factories import TerritoryFactory, UserFactory


def fake_feasibility(territory):
    """Every commune scored 100, 90, 80… by code, the last one without a score."""
    communes = list(
        Commune.objects.filter(territory=territory)
        .order_by("code")
        .values_list("id", "code", "name", "grouping__official_id")
    )
    rows = []
    for i, (pk, code, name, grouping) in enumerate(communes):
        last = i == len(communes) - 1
        rows.append(
            SimpleNamespace(
                commune_id=pk,
                code=code,
                name=name,
                grouping_code=grouping,
                score=None if last else max(100.0 - 10 * i, 0.0),
                confidence=0.0 if last else 0.8,
                rank=None if last else i + 1,
                themes={},
                missing_themes=("connectivity",) if last else (),
            )
        )
    return SimpleNamespace(
        territory=territory,
        rows=tuple(rows),
        weights={"connectivity": 1.0},
        weights_are_default=True,
        themes=("connectivity",),
        indicators=(),
    )


@pytest.fixture
def fake_index(monkeypatch):
    monkeypatch.setattr(
        "alpsatellites.observatory.selectors.dashboard.territory_feasibility_of", fake_feasibility
    )


@pytest.fixture
def official(grand_brianconnais):
    user = UserFactory(email="maire@grand-brianconnais.example", name="Élue")
    role_grant(user=user, role=Role.ELECTED_OFFICIAL, territory=grand_brianconnais)
    return user


@pytest.fixture
def other_official(db):
    other = TerritoryFactory(slug="elsewhere")
    user = UserFactory(email="maire@elsewhere.example")
    role_grant(user=user, role=Role.ELECTED_OFFICIAL, territory=other)
    return user
