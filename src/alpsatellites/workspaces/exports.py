"""Open-data exports of a territory's workspaces: CSV and GeoJSON, public facts only.

Only what the public workspace page shows leaves the platform: name, kind, commune, address,
coordinates, amenities, website, status and the source of the facts — never managers, contact
details meant for bookings, resources, prices or bookings. Draft and cancelled workspaces are not
public and are left out.

The CSV uses the column names of the national tiers-lieux format where one exists (NOM_TL,
ADRESSE, INSEECOM, NOMCOM, WEB, TYPO, LAT, LONG), so the file can be read back by
`import_tiers_lieux`, followed by our own columns.
"""

import json
from typing import Protocol, TextIO

from django.urls import reverse

from alpsatellites.core.csv_safe import csv_writer
from alpsatellites.territories.models import Territory

from .models import Workspace
from .tiers_lieux import typology_for_kind

CSV_COLUMNS = (
    "NOM_TL",
    "ADRESSE",
    "INSEECOM",
    "NOMCOM",
    "WEB",
    "TYPO",
    "LAT",
    "LONG",
    "slug",
    "kind",
    "amenities",
    "status",
    "source",
    "licence",
)
AMENITY_SEPARATOR = "|"


def exported_workspaces(territory: Territory):
    """Public workspaces of the territory with what the exports show: three queries."""
    return (
        Workspace.objects.public()
        .filter(territory=territory)
        .select_related("commune", "source")
        .prefetch_related("amenities")
        .order_by("commune__code", "name", "pk")
    )


def _amenity_codes(workspace) -> list[str]:
    return [amenity.code for amenity in workspace.amenities.all()]


def _coordinate(value: float | None) -> str:
    return "" if value is None else repr(value)


class TextOut(Protocol):
    """A file opened for text, or an HttpResponse."""

    def write(self, text: str, /) -> object: ...


def workspaces_csv(territory: Territory, out: TextOut) -> int:
    """Write the CSV to `out`; returns the number of workspaces."""
    writer = csv_writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    count = 0
    for workspace in exported_workspaces(territory):
        source = workspace.source
        writer.writerow(
            [
                workspace.name,
                workspace.address,
                workspace.commune.code,
                workspace.commune.name,
                workspace.website,
                typology_for_kind(workspace.kind),
                _coordinate(workspace.latitude),
                _coordinate(workspace.longitude),
                workspace.slug,
                workspace.kind,
                AMENITY_SEPARATOR.join(_amenity_codes(workspace)),
                workspace.status,
                f"{source.title} ({source.version})" if source else "",
                source.licence if source else "",
            ]
        )
        count += 1
    return count


def workspaces_geojson(territory: Territory, base_url: str = "") -> dict:
    """A FeatureCollection of Points (WGS84, [longitude, latitude]); null geometry if unplaced."""
    features = []
    for workspace in exported_workspaces(territory):
        source = workspace.source
        has_point = workspace.latitude is not None and workspace.longitude is not None
        features.append(
            {
                "type": "Feature",
                "id": workspace.slug,
                "geometry": {
                    "type": "Point",
                    "coordinates": [workspace.longitude, workspace.latitude],
                }
                if has_point
                else None,
                "properties": {
                    "slug": workspace.slug,
                    "name": workspace.name,
                    "kind": workspace.kind,
                    "commune_code": workspace.commune.code,
                    "commune_name": workspace.commune.name,
                    "address": workspace.address,
                    "amenities": _amenity_codes(workspace),
                    "website": workspace.website,
                    "status": workspace.status,
                    "url": base_url + reverse("workspaces:detail", kwargs={"slug": workspace.slug}),
                    "source": f"{source.title} ({source.version})" if source else "",
                    "licence": source.licence if source else "",
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


def dump_geojson(document: dict, out: TextIO) -> None:
    json.dump(document, out, ensure_ascii=False, indent=1)
    out.write("\n")
