"""Writes the indicator catalogue and indicator values: the one place they reach the database.

Readers (`importers.insee`, `.arcep`, `.generic`) parse files into records; this module writes
them in one transaction with a handful of queries whatever the size (36 communes × 30
indicators or 35,000 communes), and only the rows that changed: re-running an import writes
nothing and reports 0 created, 0 updated.
"""

import datetime
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, models, transaction

from alpsatellites.core.cache import content_changed_on_commit, platform_changed
from alpsatellites.territories.models import Commune, Source, Territory

from ..importers.base import ImportReport, InvalidObservatoryFile, raise_if
from ..importers.values import Reading
from ..models import Direction, Indicator, IndicatorValue, Theme

CATALOGUE_PATH = Path(__file__).resolve().parent.parent / "data" / "indicators.json"
LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
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
Figure = tuple[float | None, str, str, int]  # value, status, period, source id (VALUE_FIELDS)


@transaction.atomic
def indicator_values_import(
    *,
    territory: Territory,
    readings: Sequence[Reading],
    keep_other_sources: bool = False,
) -> list[ImportReport]:
    """Write the records of one or more files read for `territory`, all or nothing.

    Codes of communes that are not in the territory are skipped, counted and listed (a national
    file holds 35,000 communes). A value given by an earlier file of the same call is kept (the
    later one is skipped and counted): the default load reads P16_POP in two INSEE files.
    With `keep_other_sources`, a value already stored from another source at the same date is
    kept: the shipped defaults, reloaded at each deployment, never overwrite what a territory's
    staff imported (ARCEP's own T3 2025 file over vivrea's figure dated the same day).
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

    wanted: dict[ValueKey, tuple[Figure, ImportReport]] = {}
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
            figure = (record.value, record.status, record.period, sources[record.source])
            wanted[key] = (figure, report)
        if skipped_lines:
            report.skip(f"unknown commune code (not in {territory.slug})", len(skipped_lines))
        report.imported = report.read - len(skipped_lines)

    existing = _existing_values(territory, {key[0] for key in wanted}, {key[2] for key in wanted})
    to_create: list[tuple[ValueKey, Figure]] = []
    to_update: list[tuple[int, Figure]] = []
    for key, (figure, report) in wanted.items():
        current = existing.get(key)
        if current is None:
            to_create.append((key, figure))
            report.created += 1
        elif keep_other_sources and current[1][3] != figure[3]:
            report.skip("value from another source kept")
        elif current[1] != figure:
            to_update.append((current[0], figure))
            report.updated += 1
        else:
            report.unchanged += 1
    _write(to_create, to_update)
    if to_create or to_update:
        content_changed_on_commit(territory_slugs=[territory.slug])
    return [reading.report for reading in readings]


def _existing_values(
    territory: Territory, indicator_ids: set[int], dates: set[datetime.date]
) -> dict[ValueKey, tuple[int, Figure]]:
    if not indicator_ids:
        return {}
    rows = IndicatorValue.objects.filter(
        commune__territory=territory, indicator_id__in=indicator_ids, reference_date__in=dates
    ).values_list("id", "indicator_id", "commune_id", "reference_date", *VALUE_FIELDS)
    return {
        (indicator_id, commune_id, date): (pk, (value, status, period, source_id))
        for pk, indicator_id, commune_id, date, value, status, period, source_id in rows
    }


def _write(to_create: list[tuple[ValueKey, Figure]], to_update: list[tuple[int, Figure]]) -> None:
    """INSERT and UPDATE through the cursor's executemany, not bulk_create/bulk_update.

    A national file is about a million values: model instances cost more than the database
    (measured in benchmarks/import_indicators.py), SQLite caps bulk_create at 124 rows a query
    (999 parameters), and bulk_update builds one CASE per field and row. Plain parameterised
    statements work on SQLite and PostgreSQL alike; the check constraints still apply.
    """
    table = connection.ops.quote_name(IndicatorValue._meta.db_table)
    adapt = connection.ops.adapt_datefield_value
    with connection.cursor() as cursor:
        if to_create:
            cursor.executemany(
                f"INSERT INTO {table} (indicator_id, commune_id, reference_date, value, status, "  # noqa: S608
                "period, source_id) VALUES (%s, %s, %s, %s, %s, %s, %s)",
                [
                    (indicator_id, commune_id, adapt(date), *figure)
                    for (indicator_id, commune_id, date), figure in to_create
                ],
            )
        if to_update:
            cursor.executemany(
                f"UPDATE {table} SET value = %s, status = %s, period = %s, source_id = %s "  # noqa: S608
                "WHERE id = %s",
                [(*figure, pk) for pk, figure in to_update],
            )


def territory_or_refuse(slug: str) -> Territory:
    territory = Territory.objects.filter(slug=slug).first()
    if territory is None:
        raise InvalidObservatoryFile([f"no territory {slug!r}: import the territory first"])
    return territory
