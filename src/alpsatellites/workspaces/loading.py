"""Loads the workspaces shipped with the platform (territories/…/workspaces data files).

Facts with a public source (name, address, coordinates, kind) come with it; resources, prices and
hours that no source publishes are demo values and the workspace is flagged `is_demo`.
"""

import datetime
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from alpsatellites.core.cache import platform_changed
from alpsatellites.territories.models import Commune, Source

from .models import RESOURCE_TERMS, Amenity, OpeningHours, Resource, Workspace

DATA_DIR = Path(__file__).parent / "data"
# Facts a data file may give; a place's activity is unverified unless its file says otherwise.
PUBLISHED_FACTS = ("postcode", "phone", "email", "website", "activity_verified")
LANGUAGES = [code for code, _ in settings.LANGUAGES]
DEFAULT_LANGUAGE = settings.MODELTRANSLATION_DEFAULT_LANGUAGE


def _texts(value: str | dict[str, str]) -> dict[str, str]:
    """A text in several languages, or one plain text (in the default language)."""
    return dict(value) if isinstance(value, dict) else {DEFAULT_LANGUAGE: value}


def amenities_load(path: Path = DATA_DIR / "amenities.json") -> None:
    for position, item in enumerate(json.loads(path.read_text(encoding="utf-8"))):
        names = {f"name_{lang}": item["name"].get(lang, "") for lang in LANGUAGES}
        Amenity.objects.update_or_create(
            code=item["code"],
            defaults={"position": position, "name": item["name"][settings.LANGUAGE_CODE], **names},
        )


def _source(record: dict) -> Source:
    values = {k: v for k, v in record.items() if k not in ("key", "title")}
    values["retrieved_on"] = datetime.date.fromisoformat(values["retrieved_on"])
    titles = _texts(record["title"])
    values.update({f"title_{lang}": titles.get(lang, "") for lang in LANGUAGES})
    source, _ = Source.objects.get_or_create(key=record["key"], defaults=values)
    return source


@transaction.atomic
def workspaces_load(path: Path) -> int:
    """Create or update the workspaces of one data file; returns how many it holds."""
    document = json.loads(path.read_text(encoding="utf-8"))
    sources = {record["key"]: _source(record) for record in document["sources"]}
    communes = {c.code: c for c in Commune.objects.filter(territory__slug=document["territory"])}
    for item in document["workspaces"]:
        commune = communes[item["commune"]]
        descriptions = {
            f"description_{lang}": item["description"].get(lang, "") for lang in LANGUAGES
        }
        workspace, _ = Workspace.objects.update_or_create(
            slug=item["slug"],
            defaults={
                "territory_id": commune.territory_id,
                "commune": commune,
                "name": item["name"],
                "kind": item["kind"],
                "address": item["address"],
                # Located to the commune only when the source gives no coordinates.
                "latitude": item["latitude"] if item["latitude"] is not None else commune.latitude,
                "longitude": item["longitude"]
                if item["longitude"] is not None
                else commune.longitude,
                "source": sources[item["source"]],
                "is_demo": item["demo"],
                "description": item["description"][settings.LANGUAGE_CODE],
                **descriptions,
            },
        )
        # Only what the file states: a check made by staff or a contact set by the manager is
        # never undone by a reload of a file that says nothing about it.
        stated = {key: item[key] for key in PUBLISHED_FACTS if key in item}
        if stated:
            Workspace.objects.filter(pk=workspace.pk).update(**stated)
        workspace.amenities.set(Amenity.objects.filter(code__in=item["amenities"]))
        _replace_hours(workspace, item["hours"])
        for resource in item["resources"]:
            values = {k: resource[k] for k in RESOURCE_TERMS if k in resource}
            for key in values:
                if key.startswith("price_") and key != "price_basis":  # tariffs, not the basis
                    values[key] = Decimal(values[key])
            names = _texts(resource["name"])
            # Found by its name in the default language, whatever language the loader runs in:
            # a plain `name=` lookup would read the active language's column.
            by_name: dict[str, Any] = {f"name_{DEFAULT_LANGUAGE}": names[DEFAULT_LANGUAGE]}
            Resource.objects.update_or_create(
                workspace=workspace,
                **by_name,
                defaults={
                    "kind": resource["kind"],
                    **values,
                    **{f"name_{lang}": names.get(lang, "") for lang in LANGUAGES},
                },
            )
    transaction.on_commit(platform_changed)
    return len(document["workspaces"])


def _replace_hours(workspace: Workspace, hours: list) -> None:
    wanted = sorted(
        (weekday, datetime.time.fromisoformat(opens), datetime.time.fromisoformat(closes))
        for weekday, opens, closes in hours
    )
    current = sorted(
        workspace.opening_hours.filter(valid_from=None, valid_until=None).values_list(
            "weekday", "opens", "closes"
        )
    )
    if current != wanted:
        workspace.opening_hours.filter(valid_from=None, valid_until=None).delete()
        OpeningHours.objects.bulk_create(
            OpeningHours(workspace=workspace, weekday=w, opens=o, closes=c) for w, o, c in wanted
        )


def default_workspaces_load() -> int:
    amenities_load()
    return sum(
        workspaces_load(path)
        for path in sorted(DATA_DIR.glob("*.json"))
        if path.name != "amenities.json"
    )
