"""What a workspace's public page shows beyond its resources: photos, whether and why it cannot
be booked, hours in words, and the small map with the commune's boundary and the place.

Kept out of views.py so the page's reads are one call (and one more query: the photos).
"""

from typing import Any
from urllib.parse import quote

from .bookability import booking_closed_reason
from .hours_words import hours_in_words
from .models import Workspace


def directions_urls(latitude: float | None, longitude: float | None) -> dict[str, str]:
    """Links only, never fetched by the page: a phone's maps app (geo:) and OpenStreetMap's
    route planner with the place as the destination."""
    if latitude is None or longitude is None:
        return {}
    point = f"{latitude:.6f},{longitude:.6f}"
    return {
        "geo": f"geo:{point}",
        "osm": "https://www.openstreetmap.org/directions?route=" + quote(f";{point}", safe=""),
    }


def _map_geometry(workspace: Workspace) -> dict[str, Any] | None:
    """The commune's boundary and the place's point, as one GeoJSON geometry for map.js."""
    geometries = []
    boundary = workspace.commune.boundary_geometry
    if boundary is not None:
        geometries.append(boundary)
    if workspace.latitude is not None and workspace.longitude is not None:
        geometries.append(
            {"type": "Point", "coordinates": [workspace.longitude, workspace.latitude]}
        )
    if not geometries:
        return None
    return {"type": "GeometryCollection", "geometries": geometries}


def workspace_page_extras(
    workspace: Workspace, opening_hours: list[dict[str, Any]]
) -> dict[str, Any]:
    usual_week = next(
        (p for p in opening_hours if p["valid_from"] is None and p["valid_until"] is None), None
    )
    return {
        "photos": list(workspace.photos.all()),
        "booking_closed_reason": booking_closed_reason(workspace),
        "hours_in_words": hours_in_words(usual_week["days"]) if usual_week else "",
        "map_geometry": _map_geometry(workspace),
        "directions": directions_urls(workspace.latitude, workspace.longitude),
    }
