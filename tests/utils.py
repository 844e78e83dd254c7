"""Helpers shared by the test modules."""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from alpsatellites.accounts.models import RoleAssignment
from alpsatellites.territories.models import Commune, Grouping, Highlight, Source, Territory

SHIPPED_DIR = Path(__file__).parents[1] / "src" / "alpsatellites" / "territories" / "data"

DATA_DIR = Path(__file__).parent / "data"
SNAPSHOT_MODELS = (Territory, Highlight, Source, Grouping, Commune, RoleAssignment)


def snapshot() -> dict[str, list[dict]]:
    """Every row of the territory tables, field by field: equal snapshots mean nothing was written.

    Territory.updated_at is included on purpose: a needless save() shows up as a change.
    """
    return {
        model._meta.label: list(model.objects.order_by("pk").values()) for model in SNAPSHOT_MODELS
    }


def admin_form_data(response, **changes) -> dict:
    """The POST data the admin change form in `response` would send as it is, plus `changes`."""
    data = {}

    def add(form):
        for name in form.fields:
            value = form[name].value()
            key = form.add_prefix(name)
            if isinstance(value, bool):
                if value:
                    data[key] = "on"
            elif value is not None:
                data[key] = value

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
        for form in formset.forms:
            add(form)
    data.update(changes)
    return data


@dataclass(frozen=True)
class ShippedTerritory:
    """What a shipped territory file holds, read from the file itself so that a data refresh
    (new populations, a commune merger) does not turn into failing tests with stale figures."""

    commune_count: int
    population: int
    grouping_names: tuple[str, ...]


@cache
def shipped(slug: str) -> ShippedTerritory:
    bundle = json.loads((SHIPPED_DIR / f"{slug}.json").read_text(encoding="utf-8"))
    communes = bundle["communes"]
    return ShippedTerritory(
        commune_count=len(communes),
        population=sum(c.get("population") or 0 for c in communes),
        grouping_names=tuple(g["name"] for g in bundle["groupings"]),
    )
