"""The territory's commune shapes as Python objects, for maps drawn from a page's own JSON."""

import json
from typing import Any

from alpsatellites.territories import selectors
from alpsatellites.territories.models import Territory


def territory_geometries(territory: Territory) -> dict[str, dict[str, Any] | None]:
    """Commune code → GeoJSON geometry (or a point), read from the cached boundaries text."""
    collection = json.loads(selectors.territory_boundaries_geojson(territory))
    return {
        feature["properties"]["code"]: feature["geometry"] for feature in collection["features"]
    }
