"""The data of a choropleth map: communes coloured by a figure in a few classes, with a legend.

Plain functions shared by every page that draws one (an indicator's map, the feasibility index,
the decision dashboard): they take rows already read by a selector and return the context that
`www/_choropleth.html` expects (see the comment at its top). Nothing here queries the database.

Why these choices:
- Classes are quantiles (each holds about as many communes) over the known values only; a commune
  without a figure ("secret", "unknown") gets no class and is drawn hatched, never as the lowest
  class — it is not a zero.
- The five colours are sampled from cividis (Nuñez et al. 2018), light to dark: readable by people
  with any common colour-vision deficiency, and still ordered when printed in grey.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from alpsatellites.www.templatetags.showcase import figure

from .figures import with_unit

# cividis at 0.0, 0.25, 0.5, 0.75, 1.0 (reversed: light = low), then darker = higher.
PALETTE = ("#fee838", "#c3b369", "#7c7b78", "#3e4d6b", "#00224e")
# Text drawn on a class colour must contrast with it: dark text on the light two.
INK = ("#1b2a33", "#1b2a33", "#ffffff", "#ffffff", "#ffffff")
MAX_CLASSES = len(PALETTE)


@dataclass(frozen=True)
class Area:
    """One commune on the map: its figure (None when there is none) and how to say it."""

    code: str
    name: str
    geometry: dict[str, Any] | None
    value: float | None
    display: str
    status: str = "known"  # "known", "secret" or "unknown" (observatory.models.ValueStatus)
    url: str = ""
    detail: str = ""  # one more line for the popup: the date, the source…
    labelled: bool = False  # its name written on the map (the main towns)


def class_breaks(values: Iterable[float], classes: int = MAX_CLASSES) -> list[float]:
    """Upper bounds of up to `classes` quantile classes; fewer when there are fewer distinct values.

    The last bound is the maximum, so every known value falls in a class.
    """
    ordered = sorted(values)
    if not ordered:
        return []
    distinct = sorted(set(ordered))
    if len(distinct) <= classes:
        return distinct
    bounds: list[float] = []
    for k in range(1, classes + 1):
        bound = ordered[min(len(ordered) - 1, round(k * len(ordered) / classes) - 1)]
        if not bounds or bound > bounds[-1]:
            bounds.append(bound)
    if bounds[-1] != ordered[-1]:
        bounds.append(ordered[-1])
    return bounds


def class_of(value: float | None, bounds: Sequence[float]) -> int | None:
    if value is None:
        return None
    for index, bound in enumerate(bounds):
        if value <= bound:
            return index
    return len(bounds) - 1


def _colours(count: int) -> list[int]:
    """Which palette entries `count` classes use: spread from light to dark."""
    if count <= 1:
        return [2]
    return [round(i * (MAX_CLASSES - 1) / (count - 1)) for i in range(count)]


def choropleth(
    *,
    dom_id: str,
    label: str,
    title: str,
    areas: Sequence[Area],
    decimals: int = 0,
    unit: str = "",
) -> dict[str, Any]:
    """The context of `www/_choropleth.html`: legend classes and a GeoJSON FeatureCollection."""
    known = [area.value for area in areas if area.value is not None]
    bounds = class_breaks(known)
    palette = _colours(len(bounds))
    # Each class is labelled with the lowest and highest figure it actually holds: no gap, no
    # overlap, no bound that no commune has.
    members: list[list[float]] = [[] for _bound in bounds]
    for value in known:
        members[class_of(value, bounds) or 0].append(value)
    classes = []
    for index, values in enumerate(members):
        low, high = min(values), max(values)
        text = with_unit(low, unit, decimals)
        if high != low:
            text = _("%(low)s to %(high)s") % {
                "low": figure(low, decimals),
                "high": with_unit(high, unit, decimals),
            }
        classes.append(
            {
                "index": index,
                "label": text,
                "colour": PALETTE[palette[index]],
                "ink": INK[palette[index]],
                "count": len(values),
            }
        )
    features = []
    missing = {"secret": 0, "unknown": 0}
    for area in areas:
        area_class = class_of(area.value, bounds)
        if area_class is None:
            missing["secret" if area.status == "secret" else "unknown"] += 1
        features.append(
            {
                "type": "Feature",
                "geometry": area.geometry,
                "properties": {
                    "code": area.code,
                    "name": area.name,
                    "value": area.value,
                    "display": area.display,
                    "class": area_class,
                    "status": area.status if area_class is None else "known",
                    "url": area.url,
                    "detail": area.detail,
                    "labelled": area.labelled,
                },
            }
        )
    missing_legend = [
        {
            "status": status,
            "heavy": status == "secret",
            "label": MISSING_LABELS[status](),
            "count": count,
        }
        for status, count in missing.items()
        if count
    ]
    return {
        "id": dom_id,
        "data_id": f"{dom_id}-data",
        "label": label,
        "title": title,
        "classes": classes,
        "missing": missing_legend,
        "data": {
            "type": "FeatureCollection",
            "features": features,
            "classes": [{"colour": c["colour"], "ink": c["ink"]} for c in classes],
        },
    }


MISSING_LABELS = {
    "secret": lambda: _("secret (INSEE statistical secrecy)"),
    "unknown": lambda: _("unknown"),
}
