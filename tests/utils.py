"""Helpers shared by the test modules."""

from pathlib import Path

from alpsatellites.accounts.models import RoleAssignment
from alpsatellites.territories.models import Commune, Grouping, Highlight, Source, Territory

DATA_DIR = Path(__file__).parent / "data"
SNAPSHOT_MODELS = (Territory, Highlight, Source, Grouping, Commune, RoleAssignment)


def snapshot() -> dict[str, list[dict]]:
    """Every row of the territory tables, field by field: equal snapshots mean nothing was written.

    Territory.updated_at is included on purpose: a needless save() shows up as a change.
    """
    return {
        model._meta.label: list(model.objects.order_by("pk").values())
        for model in SNAPSHOT_MODELS
    }
