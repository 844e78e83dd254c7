"""Writes to territories: the one place where imported data reaches the database."""

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Any

from django.conf import settings
from django.db import connection, models, transaction

from alpsatellites.core.cache import content_changed_on_commit, platform_changed
from alpsatellites.core.logs import log_event
from alpsatellites.core.text import fold

from .importers.records import CommuneRecord, InvalidImportFile, TerritoryData, TerritoryRecord
from .models import Commune, Grouping, GroupingKind, Highlight, Source, Territory

LANGUAGE_CODES = [code for code, _ in settings.LANGUAGES]
SOURCE_FIELDS = ("population_source", "boundary_source", "town_hall_source")
COMMUNE_FIELDS = [
    f.name for f in fields(CommuneRecord) if f.name not in ("code", "grouping", *SOURCE_FIELDS)
]
BATCH_SIZE = 1000
# A bulk import changes the table's shape; without fresh statistics PostgreSQL may plan list
# queries for a table of a few rows (seen in benchmarks/import_scale.py: 165 ms instead of 71).
ANALYZE_AFTER_ROWS = 5000

logger = logging.getLogger(__name__)


@dataclass
class ImportReport:
    territory: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    groupings_created: int = 0
    groupings_updated: int = 0
    territory_changed: bool = False  # the territory, its highlights or the sources

    @property
    def changed(self) -> bool:
        return bool(
            self.created
            or self.updated
            or self.groupings_created
            or self.groupings_updated
            or self.territory_changed
        )


def _as_texts(value: str | dict[str, str], language: str) -> dict[str, str]:
    """A text given in several languages, or in one (a plain string, in `language`)."""
    return dict(value) if isinstance(value, dict) else {language: value}


def _translated(instance: models.Model, field: str, texts: dict[str, str]) -> bool:
    """Set each language's column of a translated field; whether any changed.

    Only the per-language columns are written: assigning the base field would, through
    modeltranslation, write into the column of whatever language is active (French in a
    management command), so that re-importing an Italian text would overwrite the French one.
    """
    changed = False
    for lang in LANGUAGE_CODES:
        attribute, value = f"{field}_{lang}", texts.get(lang, "")
        if (getattr(instance, attribute) or "") != value:
            setattr(instance, attribute, value)
            changed = True
    return changed


def _upsert_sources(data: TerritoryData) -> tuple[dict[str, int], bool]:
    changed = False
    language = data.territory.default_language if data.territory else settings.LANGUAGE_CODE
    for record in data.sources:
        values = {
            f.name: getattr(record, f.name)
            for f in fields(record)
            if f.name not in ("key", "title")
        }
        values["retrieved_on"] = datetime.date.fromisoformat(values["retrieved_on"])
        source = Source.objects.filter(key=record.key).first()
        if source is None:
            source = Source(key=record.key, **values)
            _translated(source, "title", _as_texts(record.title, language))
            source.save()
            changed = True
            continue
        # A new retrieval date alone is not a change: re-running an import changes nothing.
        differs = any(getattr(source, k) != v for k, v in values.items() if k != "retrieved_on")
        if _translated(source, "title", _as_texts(record.title, language)) or differs:
            for attribute, value in values.items():
                setattr(source, attribute, value)
            source.save()
            changed = True
    return dict(Source.objects.values_list("key", "id")), changed


def _territory(
    data: TerritoryData, slug: str, create_with: dict[str, Any] | None
) -> tuple[Territory, bool]:
    record = data.territory
    if record is None:
        territory = Territory.objects.filter(slug=slug).first()
        if territory is not None:
            return territory, False
        if not create_with:
            raise InvalidImportFile(
                [f"territory {slug!r} does not exist: give its name to create it"]
            )
        territory = Territory(slug=slug, **{k: v for k, v in create_with.items() if k != "name"})
        _translated(territory, "name", {territory.default_language: create_with["name"]})
        territory.save()
        return territory, True

    territory = Territory.objects.filter(slug=record.slug).first() or Territory(slug=record.slug)
    changed = territory.pk is None
    for attribute in ("country", "default_language", "time_zone"):
        if getattr(territory, attribute) != getattr(record, attribute):
            setattr(territory, attribute, getattr(record, attribute))
            changed = True
    for field in ("name", "tagline", "description"):
        changed |= _translated(territory, field, getattr(record, field))
    if changed:
        territory.save()
    changed |= _replace_highlights(territory, record)
    return territory, changed


def _replace_highlights(territory: Territory, record: TerritoryRecord) -> bool:
    """Bring the territory's highlights in line with the file's, in place, position by position."""
    changed = False
    existing = list(territory.highlights.order_by("position", "id"))
    for position, wanted in enumerate(record.highlights):
        highlight = (
            existing[position] if position < len(existing) else Highlight(territory=territory)
        )
        differs = highlight.pk is None
        plain = {
            "position": position,
            "source_url": wanted.source_url,
            "source_date": wanted.source_date,
            "verified": wanted.verified,
        }
        for attribute, value in plain.items():
            if getattr(highlight, attribute) != value:
                setattr(highlight, attribute, value)
                differs = True
        differs |= _translated(highlight, "title", wanted.title)
        differs |= _translated(highlight, "body", wanted.body)
        differs |= _translated(
            highlight, "source_title", _as_texts(wanted.source_title, record.default_language)
        )
        if differs:
            highlight.save()
            changed = True
    surplus = [h.pk for h in existing[len(record.highlights) :]]
    if surplus:
        Highlight.objects.filter(pk__in=surplus).delete()
        changed = True
    return changed


def _upsert_groupings(
    territory: Territory, data: TerritoryData, source_ids: dict[str, int], report: ImportReport
) -> dict[str, int]:
    existing = {g.official_id: g for g in Grouping.objects.filter(territory=territory)}
    valid_kinds = set(GroupingKind.values)
    for record in data.groupings:
        kind = record.kind if record.kind in valid_kinds else GroupingKind.OTHER
        source_id = source_ids.get(record.source) if record.source else None
        grouping = existing.get(record.official_id)
        if grouping is None:
            existing[record.official_id] = Grouping.objects.create(
                territory=territory,
                official_id=record.official_id,
                kind=kind,
                name=record.name,
                source_id=source_id,
            )
            report.groupings_created += 1
        elif (grouping.kind, grouping.name, grouping.source_id) != (kind, record.name, source_id):
            grouping.kind, grouping.name, grouping.source_id = kind, record.name, source_id
            grouping.save(update_fields=["kind", "name", "source"])
            report.groupings_updated += 1
    return {official_id: g.id for official_id, g in existing.items()}


def _check_references(
    data: TerritoryData, source_ids: dict[str, int], grouping_ids: dict[str, int]
) -> None:
    problems = []
    for index, record in enumerate(data.communes):
        if record.grouping and record.grouping not in grouping_ids:
            problems.append(f"commune {record.code}: unknown grouping {record.grouping}")
        for attribute in SOURCE_FIELDS:
            key = getattr(record, attribute)
            if key and key not in source_ids:
                problems.append(f"commune {record.code}: unknown source {key}")
        if index and len(problems) > 50:
            break
    if problems:
        raise InvalidImportFile(problems)


def _refresh_planner_statistics() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {Commune._meta.db_table}")


def territory_import(
    data: TerritoryData,
    *,
    territory_slug: str,
    create_with: dict[str, Any] | None = None,
    progress: Callable[[int], object] | None = None,
) -> ImportReport:
    """Create or update a territory and its communes from `data`, all or nothing.

    Idempotent: running it again with the same data changes nothing. `create_with` (name,
    country, default_language) creates the territory when `data` does not describe it.
    """
    slug = data.territory.slug if data.territory else territory_slug
    report = ImportReport(territory=slug)
    with transaction.atomic():
        source_ids, sources_changed = _upsert_sources(data)
        territory, territory_changed = _territory(data, slug, create_with)
        grouping_ids = _upsert_groupings(territory, data, source_ids, report)
        _check_references(data, source_ids, grouping_ids)

        existing = {c.code: c for c in Commune.objects.filter(territory=territory)}
        to_create, to_update = [], []
        for record in data.communes:
            values = {name: getattr(record, name) for name in COMMUNE_FIELDS}
            values["search_name"] = fold(record.name)
            values["grouping_id"] = grouping_ids.get(record.grouping) if record.grouping else None
            for attribute in SOURCE_FIELDS:
                key = getattr(record, attribute)
                values[f"{attribute}_id"] = source_ids[key] if key else None
            commune = existing.get(record.code)
            if commune is None:
                to_create.append(Commune(territory=territory, code=record.code, **values))
            elif any(getattr(commune, k) != v for k, v in values.items()):
                for k, v in values.items():
                    setattr(commune, k, v)
                to_update.append(commune)
            else:
                report.unchanged += 1
            if progress:
                progress(1)
        Commune.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
        if to_update:
            update_fields = [*COMMUNE_FIELDS, "search_name", "grouping_id"]
            update_fields += [f"{a}_id" for a in SOURCE_FIELDS]
            Commune.objects.bulk_update(to_update, update_fields, batch_size=BATCH_SIZE)
        report.created, report.updated = len(to_create), len(to_update)
        if report.created + report.updated >= ANALYZE_AFTER_ROWS:
            _refresh_planner_statistics()
        report.territory_changed = territory_changed or sources_changed
        if sources_changed:
            # Sources are shared: another territory's pages may cite the same one.
            transaction.on_commit(platform_changed, robust=True)
        elif report.changed:
            content_changed_on_commit(territory_slugs=[territory.slug])
    log_event(
        logger,
        "import.territory",
        territory=slug,
        read=len(data.communes),
        created=report.created,
        updated=report.updated,
        unchanged=report.unchanged,
        groupings_created=report.groupings_created,
        groupings_updated=report.groupings_updated,
    )
    return report
