"""Writes the indicator catalogue and indicator values: the one place they reach the database.

Readers (`importers.insee`, `.arcep`, `.generic`) parse files into records; this module writes
them in one transaction with bulk queries (a handful of queries for 36 communes × 30 indicators,
a few seconds for 35,000 communes), and only the rows that changed: re-running an import writes
nothing and reports 0 created, 0 updated.
"""

import datetime
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import models, transaction

from alpsatellites.core.cache import content_changed_on_commit, platform_changed
from alpsatellites.territories.models import Commune, Source, Territory

from ..importers.base import ImportReport, InvalidObservatoryFile, raise_if
from ..importers.values import Reading
from ..models import Direction, Indicator, IndicatorValue, Theme

CATALOGUE_PATH = Path(__file__).resolve().parent.parent / "data" / "indicators.json"
LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
BATCH_SIZE = 500
SOURCE_FIELDS = ("publisher", "licence", "licence_url", "version", "url", "notes")
INDICATOR_FIELDS = ("unit", "decimals", "theme", "direction", "in_index", "position")
VALUE_FIELDS = ["value", "status", "period", "source_id"]


@dataclass
class CatalogueReport:
    sources_created: int = 0
    sources_updated: int = 0
    indicators_created: int = 0
    indicators_updated: int = 0

    def line(self) -> str:
        return (
            f"indicator catalogue: {self.indicators_created} created, {self.indicators_updated} "
            f"updated; sources {self.sources_created} created, {self.sources_updated} updated"
        )


def _set_translated(instance: models.Model, field: str, texts: dict[str, str]) -> bool:
    """Write each language's column (`label_fr`…), never the base field; whether any changed."""
    changed = False
    for language in LANGUAGE_CODES:
        attribute, value = f"{field}_{language}", texts.get(language, "")
        if (getattr(instance, attribute) or "") != value:
            setattr(instance, attribute, value)
            changed = True
    return changed


def _set(instance: models.Model, values: dict[str, Any]) -> bool:
    changed = False
    for attribute, value in values.items():
        if getattr(instance, attribute) != value:
            setattr(instance, attribute, value)
            changed = True
    return changed


def _check_catalogue(document: dict[str, Any]) -> None:
    problems = []
    source_keys = {source["key"] for source in document.get("sources", [])}
    source_keys |= set(Source.objects.values_list("key", flat=True))
    for index, item in enumerate(document.get("indicators", [])):
        where = f"indicators[{index}] ({item.get('code', '?')})"
        if item.get("theme") not in Theme.values:
            problems.append(
                f"{where}: theme {item.get('theme')!r} is not one of {', '.join(Theme.values)}"
            )
        if item.get("direction") not in Direction.values:
            problems.append(f"{where}: direction {item.get('direction')!r} is unknown")
        elif item.get("in_index") and item["direction"] == Direction.NEUTRAL:
            problems.append(f"{where}: only an indicator with a direction can count in the index")
        if item.get("source") not in source_keys:
            problems.append(f"{where}: source {item.get('source')!r} is unknown")
        if not isinstance(item.get("label"), dict) or not item["label"].get(settings.LANGUAGE_CODE):
            problems.append(f"{where}: label needs at least {settings.LANGUAGE_CODE}")
    raise_if(problems)


@transaction.atomic
def indicators_load(*, catalogue: Path | dict[str, Any] = CATALOGUE_PATH) -> CatalogueReport:
    """Create or update the sources and indicators of a catalogue (a JSON file or its content)."""
    document = (
        catalogue
        if isinstance(catalogue, dict)
        else json.loads(Path(catalogue).read_text(encoding="utf-8"))
    )
    _check_catalogue(document)
    report = CatalogueReport()
    for item in document.get("sources", []):
        values = {name: item.get(name, "") for name in SOURCE_FIELDS}
        values["retrieved_on"] = datetime.date.fromisoformat(item["retrieved_on"])
        source = Source.objects.filter(key=item["key"]).first()
        created = source is None
        if source is None:
            source = Source(key=item["key"])
        title = item["title"] if isinstance(item["title"], dict) else {"fr": item["title"]}
        # A new retrieval date alone is not a change (see territories.services too).
        retrieved_on = values.pop("retrieved_on")
        changed = _set_translated(source, "title", title) | _set(source, values)
        if created or changed:
            source.retrieved_on = retrieved_on
            source.save()
            report.sources_created += created
            report.sources_updated += not created
    source_ids = dict(Source.objects.values_list("key", "id"))
    existing = {indicator.code: indicator for indicator in Indicator.objects.all()}
    for item in document.get("indicators", []):
        indicator = existing.get(item["code"]) or Indicator(code=item["code"])
        created = indicator.pk is None
        values = {name: item[name] for name in INDICATOR_FIELDS if name in item}
        values["source_id"] = source_ids[item["source"]]
        changed = (
            _set_translated(indicator, "label", item["label"])
            | _set_translated(indicator, "definition", item.get("definition", {}))
            | _set(indicator, values)
        )
        if created or changed:
            indicator.save()
            report.indicators_created += created
            report.indicators_updated += not created
    if report.sources_created or report.sources_updated or report.indicators_updated:
        transaction.on_commit(platform_changed, robust=True)
    return report


def indicator_units() -> dict[str, str]:
    """Indicator code → unit, what the readers need to check codes and ranges."""
    return dict(Indicator.objects.values_list("code", "unit"))


def source_keys() -> set[str]:
    return set(Source.objects.values_list("key", flat=True))


ValueKey = tuple[int, int, datetime.date]  # indicator id, commune id, reference date


@transaction.atomic
def indicator_values_import(
    *,
    territory: Territory,
    readings: Sequence[Reading],
) -> list[ImportReport]:
    """Write the records of one or more files read for `territory`, all or nothing.

    Codes of communes that are not in the territory are skipped, counted and listed (a national
    file holds 35,000 communes). A value given by an earlier file of the same call is kept (the
    later one is skipped and counted): the default load reads P16_POP in two INSEE files.
    """
    communes = dict(Commune.objects.filter(territory=territory).values_list("code", "id"))
    indicators = dict(Indicator.objects.values_list("code", "id"))
    sources = dict(Source.objects.values_list("key", "id"))
    problems = [
        f"{reading.report.source}: line {record.line}: unknown {what} {name!r}"
        for reading in readings
        for record in reading.records
        for what, name, known in (
            ("indicator", record.indicator, indicators),
            ("source", record.source, sources),
        )
        if name not in known
    ]
    raise_if(problems)

    wanted: dict[ValueKey, tuple[IndicatorValue, ImportReport]] = {}
    for reading in readings:
        report = reading.report
        skipped_lines: set[int] = set()
        for record in reading.records:
            commune_id = communes.get(record.commune_code)
            if commune_id is None:
                report.unknown_codes.add(record.commune_code)
                skipped_lines.add(record.line)
                continue
            key = (indicators[record.indicator], commune_id, record.reference_date)
            if key in wanted:
                report.skip(f"value already given by {wanted[key][1].source}")
                continue
            value = IndicatorValue(
                indicator_id=key[0],
                commune_id=commune_id,
                reference_date=record.reference_date,
                value=record.value,
                status=record.status,
                period=record.period,
                source_id=sources[record.source],
            )
            wanted[key] = (value, report)
        if skipped_lines:
            report.skip(f"unknown commune code (not in {territory.slug})", len(skipped_lines))
        report.imported = report.read - len(skipped_lines)

    existing = _existing_values(territory, {key[0] for key in wanted}, {key[2] for key in wanted})
    to_create, to_update = [], []
    for key, (value, report) in wanted.items():
        current = existing.get(key)
        if current is None:
            to_create.append(value)
            report.created += 1
        elif any(getattr(current, name) != getattr(value, name) for name in VALUE_FIELDS):
            value.pk = current.pk
            to_update.append(value)
            report.updated += 1
        else:
            report.unchanged += 1
    IndicatorValue.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
    IndicatorValue.objects.bulk_update(to_update, VALUE_FIELDS, batch_size=BATCH_SIZE)
    if to_create or to_update:
        content_changed_on_commit(territory_slugs=[territory.slug])
    return [reading.report for reading in readings]


def _existing_values(
    territory: Territory, indicator_ids: set[int], dates: set[datetime.date]
) -> dict[ValueKey, IndicatorValue]:
    if not indicator_ids:
        return {}
    rows = IndicatorValue.objects.filter(
        commune__territory=territory, indicator_id__in=indicator_ids, reference_date__in=dates
    ).only("id", "indicator_id", "commune_id", "reference_date", *VALUE_FIELDS)
    return {(row.indicator_id, row.commune_id, row.reference_date): row for row in rows}


def territory_or_refuse(slug: str) -> Territory:
    territory = Territory.objects.filter(slug=slug).first()
    if territory is None:
        raise InvalidObservatoryFile([f"no territory {slug!r}: import the territory first"])
    return territory
