"""Server-side SVG charts and the commune map of the decision pages and the PDF report.

Drawn here as markup, not in the browser: the same drawing serves the page, the printed page and
WeasyPrint (which renders inline SVG but runs no script). Each drawing is `role="img"` with a
<title>; the page always puts the table of the same figures next to it — the table is the
accessible alternative, so the drawing carries no figure that the table lacks.

Colours: the sequential classes of the map are the five-class "YlGnBu" ramp of ColorBrewer
(readable by colour-blind people and in greyscale print); a commune without a score is white
with a grey hatch, never the colour of a low score.
"""

import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

# ColorBrewer YlGnBu, 5 classes (lightest = lowest score).
MAP_CLASSES = ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494")
BAR_COLOUR = "#1f5f8b"
TRACK_COLOUR = "#e7edf2"
TEXT_COLOUR = "#1a1a1a"


@dataclass(frozen=True)
class Chart:
    title: str
    svg: SafeString


def _open(width: int, height: int, title: str, chart_id: str) -> str:
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{}-title" '
        'viewBox="0 0 {} {}" width="100%" preserveAspectRatio="xMinYMin meet" '
        'focusable="false" class="chart-svg"><title id="{}-title">{}</title>',
        chart_id,
        width,
        height,
        chart_id,
        title,
    )


def _short(label: str, characters: int) -> str:
    return label if len(label) <= characters else label[: characters - 1].rstrip() + "…"


def bar_chart(
    chart_id: str,
    title: str,
    items: Sequence[tuple[str, float | None]],
    *,
    maximum: float | None = None,
    text: Callable[[float | None], str],
) -> Chart:
    """Horizontal bars, one per item, longest = `maximum` (default: the largest value).

    A None value has no bar, and its text (e.g. "unknown") says so.
    """
    width, label_width, value_width, row, bar = 560, 190, 90, 26, 16
    area = width - label_width - value_width
    known = [v for _label, v in items if v is not None]
    top = maximum if maximum is not None else max(known, default=0.0)
    parts = [_open(width, max(len(items), 1) * row, title, chart_id)]
    for position, (label, value) in enumerate(items):
        y = position * row
        length = 0 if value is None or top <= 0 else round(area * min(max(value / top, 0), 1))
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="end" font-size="13" fill="{}">{}</text>'
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"></rect>'
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"></rect>'
                '<text x="{}" y="{}" font-size="13" fill="{}">{}</text>',
                label_width - 8,
                y + row // 2 + 5,
                TEXT_COLOUR,
                _short(label, 26),
                label_width,
                y + (row - bar) // 2,
                area,
                bar,
                TRACK_COLOUR,
                label_width,
                y + (row - bar) // 2,
                length,
                bar,
                BAR_COLOUR,
                label_width + length + 6,
                y + row // 2 + 5,
                TEXT_COLOUR,
                text(value),
            )
        )
    parts.append("</svg>")
    return Chart(title, mark_safe("".join(parts)))  # noqa: S308 - every piece escaped above


def column_chart(
    chart_id: str,
    title: str,
    items: Sequence[tuple[str, float | None]],
    *,
    text: Callable[[float | None], str],
    maximum: float | None = None,
) -> Chart:
    """Vertical columns over time (weeks or months) on a baseline, value above each column.

    The drawing is 560 units wide whatever the number of periods, with large type, so that it
    stays legible when a phone scales it down.
    """
    width, height, axis, top_margin = 560, 190, 34, 26
    count = max(len(items), 1)
    column_width = width // count
    area = height - axis - top_margin
    known = [v for _label, v in items if v is not None]
    top = maximum if maximum is not None else max(known, default=0.0)
    base = height - axis
    parts = [
        _open(width, height, title, chart_id),
        format_html(
            '<line x1="0" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="1.5"></line>',
            base,
            width,
            base,
            TEXT_COLOUR,
        ),
    ]
    for position, (label, value) in enumerate(items):
        x = position * column_width
        size = 0 if value is None or top <= 0 else round(area * min(value / top, 1))
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"></rect>'
                '<text x="{}" y="{}" text-anchor="middle" font-size="16" fill="{}">{}</text>'
                '<text x="{}" y="{}" text-anchor="middle" font-size="16" fill="{}">{}</text>',
                x + 5,
                base - size,
                column_width - 10,
                size,
                BAR_COLOUR,
                x + column_width // 2,
                base - size - 6,
                TEXT_COLOUR,
                text(value),
                x + column_width // 2,
                height - axis + 22,
                TEXT_COLOUR,
                _short(label, 9),
            )
        )
    parts.append("</svg>")
    return Chart(title, mark_safe("".join(parts)))  # noqa: S308 - every piece escaped above


# --- The commune map --------------------------------------------------------------------------


def score_class(score: float | None) -> int | None:
    """Class 0–4 of a 0–100 score (equal intervals of 20 points), None without a score."""
    if score is None:
        return None
    return min(int(score // 20), 4)


def _rings(geometry: dict) -> list[list[list[float]]]:
    kind = geometry.get("type")
    if kind == "Polygon":
        return list(geometry["coordinates"])
    if kind == "MultiPolygon":
        return [ring for polygon in geometry["coordinates"] for ring in polygon]
    return []


@dataclass(frozen=True)
class MapArea:
    code: str
    name: str
    boundary: str  # GeoJSON geometry text (WGS84), "" when unknown
    score: float | None


def commune_map(chart_id: str, title: str, areas: Sequence[MapArea], *, width: int = 560) -> Chart:
    """Commune boundaries coloured by score class, projected equirectangularly.

    At the scale of a territory (tens of kilometres) longitude is shrunk by cos(mean latitude)
    and nothing more: enough for shapes to look right, no projection library needed.
    """
    shapes = []
    for area in areas:
        rings = _rings(json.loads(area.boundary)) if area.boundary else []
        if rings:
            shapes.append((area, rings))
    points = [point for _a, rings in shapes for ring in rings for point in ring]
    if not points:
        return Chart(title, mark_safe(""))
    lons = [p[0] for p in points]
    lats = [p[1] for p in points]
    shrink = math.cos(math.radians((min(lats) + max(lats)) / 2))
    span_x = (max(lons) - min(lons)) * shrink or 1.0
    span_y = (max(lats) - min(lats)) or 1.0
    scale = (width - 20) / span_x
    height = round(span_y * scale) + 20

    def project(point: Sequence[float]) -> str:
        x = 10 + (point[0] - min(lons)) * shrink * scale
        y = 10 + (max(lats) - point[1]) * scale
        return f"{x:.1f},{y:.1f}"

    parts = [
        _open(width, height, title, chart_id),
        format_html(
            '<defs><pattern id="{}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
            'patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"></rect>'
            '<line x1="0" y1="0" x2="0" y2="6" stroke="#9a9a9a" stroke-width="2"></line>'
            "</pattern></defs>",
            chart_id,
        ),
    ]
    for area, rings in shapes:
        category = score_class(area.score)
        fill = f"url(#{chart_id}-hatch)" if category is None else MAP_CLASSES[category]
        path = " ".join("M" + " L".join(project(p) for p in ring) + " Z" for ring in rings)
        parts.append(
            format_html(
                '<path d="{}" fill="{}" fill-rule="evenodd" stroke="#444444" '
                'stroke-width="0.6"><title>{}</title></path>',
                path,
                fill,
                area.name,
            )
        )
    parts.append("</svg>")
    return Chart(title, mark_safe("".join(parts)))  # noqa: S308 - every piece escaped above


def map_legend() -> list[tuple[str, str]]:
    """(colour, range) of each class, lowest first, for the legend under the map."""
    return [(colour, f"{i * 20}–{i * 20 + 20}") for i, colour in enumerate(MAP_CLASSES)]
