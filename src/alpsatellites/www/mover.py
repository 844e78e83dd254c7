"""The territory home's lead: what a household moving here weighs, computed from the data.

Fibre coverage, stations, collèges, hospitals and workspaces as cards (figure, words, source,
period), and the same facilities as map layers. The layers' popup lines are written here, in the
page's language, as plain text: the map script only ever sets them as text.
"""

from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from alpsatellites.observatory.models import Facility, FacilityKind
from alpsatellites.observatory.selectors.living import TerritoryLiving
from alpsatellites.territories.models import Source, Territory
from alpsatellites.workspaces.models import Workspace

from .figures import with_unit


@dataclass
class Card:
    key: str
    figure: str
    text: str
    names: list[str] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    period: str = ""
    link: tuple[str, str] | None = None  # (text, url)


# Layer keys, their legend labels and marker shapes (map.js draws the shape by key).
LAYERS = (
    ("workspace", gettext_lazy("Workspaces")),
    (FacilityKind.STATION.value, gettext_lazy("Railway stations")),
    (FacilityKind.COLLEGE.value, gettext_lazy("Collèges")),
    (FacilityKind.HOSPITAL.value, gettext_lazy("Hospitals")),
)


def _names(facilities: list[Facility]) -> list[str]:
    return [
        f"{facility.name} ({facility.commune.name})" if facility.commune else facility.name
        for facility in facilities
    ]


def _sources(facilities: list[Facility]) -> list[Source]:
    return sorted({f.source for f in facilities}, key=lambda source: source.title)


def mover_cards(territory: Territory, living: TerritoryLiving) -> list[Card]:
    cards = []
    fibre = living.fibre
    if fibre is not None:
        text = ngettext(
            "of %(total)d commune has at least %(threshold)s of premises connectable to fibre",
            "of %(total)d communes have at least %(threshold)s of premises connectable to fibre",
            fibre.communes,
        ) % {"total": fibre.communes, "threshold": with_unit(fibre.threshold, "%")}
        missing = fibre.communes - fibre.known
        names = []
        if missing:
            names.append(
                ngettext(
                    "%(count)d commune without a figure",
                    "%(count)d communes without a figure",
                    missing,
                )
                % {"count": missing}
            )
        cards.append(
            Card(
                "fibre",
                str(fibre.reaching),
                text,
                names=names,
                sources=list(fibre.sources),
                period=", ".join(fibre.periods),
            )
        )
    kinds = (
        (
            FacilityKind.STATION,
            lambda n: ngettext("railway station", "railway stations", n),
        ),
        (FacilityKind.COLLEGE, lambda n: ngettext("collège", "collèges", n)),
        (FacilityKind.HOSPITAL, lambda n: ngettext("hospital", "hospitals", n)),
    )
    for kind, word in kinds:
        facilities = living.facilities.get(kind, [])
        if facilities:
            cards.append(
                Card(
                    kind.value,
                    str(len(facilities)),
                    word(len(facilities)),
                    names=_names(facilities),
                    sources=_sources(facilities),
                )
            )
    count = len(living.workspaces)
    cards.append(
        Card(
            "workspaces",
            str(count),
            ngettext(
                "workspace listed, in %(communes)d commune",
                "workspaces listed, in %(communes)d communes",
                count,
            )
            % {"communes": living.communes_with_workspace},
            link=(
                str(_("See the workspaces")),
                reverse("workspaces:list", args=[territory.slug]),
            ),
        )
    )
    return cards


def _facility_lines(facility: Facility) -> list[str]:
    lines = [str(facility.get_kind_display())]
    if facility.commune is not None:
        lines.append(facility.commune.name)
    details = facility.details or {}
    if facility.kind == FacilityKind.HOSPITAL and details.get("emergency") is True:
        lines.append(str(_("Emergency department")))
    if isinstance(details.get("lines"), list) and details["lines"]:
        lines.append(", ".join(str(line) for line in details["lines"]))
    return lines


def _workspace_point(workspace: Workspace) -> dict[str, Any]:
    return {
        "name": workspace.name,
        "lat": workspace.latitude,
        "lon": workspace.longitude,
        "url": reverse("workspaces:detail", args=[workspace.slug]),
        "lines": [str(workspace.get_kind_display()), workspace.commune.name],
    }


def map_layers(living: TerritoryLiving) -> list[dict[str, Any]]:
    """The map's point layers (json_script): each with its key, label, count and points."""
    layers = []
    for key, label in LAYERS:
        if key == "workspace":
            points = [
                _workspace_point(w)
                for w in living.workspaces
                if w.latitude is not None and w.longitude is not None
            ]
        else:
            points = [
                {
                    "name": facility.name,
                    "lat": facility.latitude,
                    "lon": facility.longitude,
                    "url": "",
                    "lines": _facility_lines(facility),
                }
                for facility in living.facilities.get(key, [])
            ]
        layers.append({"key": key, "label": str(label), "count": len(points), "points": points})
    return layers
