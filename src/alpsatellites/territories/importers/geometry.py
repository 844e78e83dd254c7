"""Geometry helpers: GeoJSON out of shapely, centroids and areas without GDAL or pyproj."""

import json
import math

import numpy as np
import shapely

EARTH_RADIUS_KM = 6371.0088
COORDINATE_DECIMALS = 5  # about one metre: more only makes the files bigger


def _sinusoidal(coords: np.ndarray) -> np.ndarray:
    # The sinusoidal projection is equal-area everywhere, which is all an area needs.
    lon = np.radians(coords[:, 0])
    lat = np.radians(coords[:, 1])
    return np.column_stack((lon * np.cos(lat) * EARTH_RADIUS_KM, lat * EARTH_RADIUS_KM))


def describe(geometries: np.ndarray) -> list[tuple[str, float, float, float | None]]:
    """For each geometry: (GeoJSON text, latitude, longitude, area in km² or None for points).

    Vectorised over the whole array: importing 35,000 communes stays within seconds.
    """
    geometries = shapely.set_precision(geometries, 10**-COORDINATE_DECIMALS)
    texts = shapely.to_geojson(geometries)
    # A point inside the shape: a centroid can fall outside a crescent-shaped commune.
    inner = shapely.point_on_surface(geometries)
    xs, ys = shapely.get_x(inner), shapely.get_y(inner)
    areas = shapely.area(shapely.transform(geometries, _sinusoidal))
    dims = shapely.get_dimensions(geometries)
    return [
        (
            str(text),
            round(float(y), COORDINATE_DECIMALS),
            round(float(x), COORDINATE_DECIMALS),
            round(float(area), 2) if dim == 2 else None,
        )
        for text, x, y, area, dim in zip(texts, xs, ys, areas, dims, strict=True)
    ]


def geometry_from_geojson(data: dict):
    """A shapely geometry from a GeoJSON geometry object; ValueError with a readable message."""
    if not isinstance(data, dict) or "type" not in data:
        raise ValueError("geometry is not a GeoJSON geometry object")
    if data["type"] not in {"Point", "Polygon", "MultiPolygon"}:
        raise ValueError(f"geometry type {data['type']!r} is not Point, Polygon or MultiPolygon")
    try:
        geometry = shapely.from_geojson(json.dumps(data))
    except shapely.errors.GEOSException as error:
        raise ValueError(f"geometry cannot be read ({error})") from None
    if geometry.is_empty:
        raise ValueError("geometry is empty")
    minx, miny, maxx, maxy = geometry.bounds
    if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
        raise ValueError("coordinates are not longitude/latitude in WGS84")
    return geometry


def is_finite(value: float) -> bool:
    return not (math.isnan(value) or math.isinf(value))
