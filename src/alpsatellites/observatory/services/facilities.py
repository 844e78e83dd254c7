"""Writes geolocated facilities and the nearest facility of each kind per commune.

Readers (`importers.bpe`, `.schools`, `.sncf`, `.healthcare`, `.gtfs`) turn official files into
plain records; this module writes them in one transaction, in batches (a national BPE file is
2.5 million rows), and only the rows that changed: re-running an import changes nothing. A file
replaces the facilities of its source and kinds in the départements it covers (see
`importers.facility_records`); anything wrong with any line and nothing is written.
"""

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from alpsatellites.core.cache import content_changed_on_commit
from alpsatellites.territories.models import Commune, Source, Territory

from ..importers.base import ImportReport, InvalidObservatoryFile, progress, raise_if
from ..importers.facility_records import FacilityReading, FacilityRecord
from ..models import Facility

SOURCES_PATH = Path(__file__).resolve().parent.parent / "data" / "facility_sources.json"
LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
BATCH_SIZE = 5000
SOURCE_FIELDS = ("publisher", "url", "licence", "licence_url", "version", "notes")
WRITTEN_FIELDS = [
    "name",
    "commune_code",
    "commune_id",
    "country",
    "latitude",
    "longitude",
    "details",
]
INSERTED_FIELDS = [
    "kind",
    "external_id",
    "source",
    "name",
    "commune_code",
    "commune",
    "country",
    "latitude",
    "longitude",
    "details",
]
FacilityKey = tuple[str, str]  # kind, external id


def source_ensure(key: str, *, definition: dict[str, Any] | None = None) -> Source:
    """The Source row of `key`, created or brought up to date from `data/facility_sources.json`.

    `definition` (same shape as an entry of that file) describes a source the file does not hold,
    such as a GTFS feed named on the command line. A source known neither way is an error.
    """
    if definition is None:
        document = json.loads(SOURCES_PATH.read_text(encoding="utf-8"))
        definition = next((item for item in document["sources"] if item["key"] == key), None)
    source = Source.objects.filter(key=key).first()
    if definition is None:
        if source is None:
            raise InvalidObservatoryFile([f"unknown source {key!r}"])
        return source
    if source is None:
        source = Source(key=key, retrieved_on=timezone.localdate())
    changed = source.pk is None
    titles = definition["title"]
    titles = titles if isinstance(titles, dict) else {settings.LANGUAGE_CODE: titles}
    for language in LANGUAGE_CODES:
        attribute = f"title_{language}"
        text = titles.get(language) or titles.get("en") or titles.get(settings.LANGUAGE_CODE, key)
        if getattr(source, attribute) != text:
            setattr(source, attribute, text)
            changed = True
    for name in SOURCE_FIELDS:
        if getattr(source, name) != definition.get(name, ""):
            setattr(source, name, definition.get(name, ""))
            changed = True
    if changed:
        source.save()
    return source


def commune_ids_by_code(territory: Territory | None) -> dict[str, int]:
    """Commune codes → ids, of one territory or of all (the first one when two share a code)."""
    rows = Commune.objects.order_by("-id").values_list("code", "id")
    if territory is not None:
        rows = rows.filter(territory=territory)
    return dict(rows)


def _fingerprint(
    name: str,
    commune_code: str,
    commune_id: int | None,
    country: str,
    latitude: float,
    longitude: float,
    details: dict[str, Any],
) -> int:
    # A hash rather than the values: a national re-import compares 2.5 million rows in memory.
    return hash(
        (
            name,
            commune_code,
            commune_id,
            country,
            latitude,
            longitude,
            json.dumps(details, sort_keys=True),
        )
    )


def _added_parts(details: dict[str, Any]) -> dict[str, Any] | None:
    """The parts another file set with `facility_details_set` (station lines, opening hours…):
    each comes with its `<part>_source`. A re-import of the main file keeps them."""
    parts = {
        key: value
        for key, value in details.items()
        if key.endswith("_source") or f"{key}_source" in details
    }
    return parts or None


def _existing(
    source_id: int, kinds: Iterable[str]
) -> dict[FacilityKey, tuple[int, int, str, dict[str, Any] | None]]:
    """(kind, external id) → (pk, fingerprint, area, parts added by other files) of the
    facilities a reading may replace; the fingerprint leaves the added parts out."""
    rows = Facility.objects.filter(source_id=source_id, kind__in=list(kinds)).values_list(
        "id", "kind", "external_id", *[name for name in WRITTEN_FIELDS]
    )
    result = {}
    for pk, kind, external_id, *values in rows.iterator(chunk_size=BATCH_SIZE):
        name, commune_code, commune_id, country, latitude, longitude, details = values
        details = details or {}
        added = _added_parts(details)
        own = {key: value for key, value in details.items() if key not in (added or {})}
        result[(kind, external_id)] = (
            pk,
            _fingerprint(name, commune_code, commune_id, country, latitude, longitude, own),
            str(details.get("area", "")),
            added,
        )
    return result


@dataclass
class _Writer:
    """Creates and updates facilities in batches, so memory stays flat whatever the file size.

    New rows go through one prepared INSERT run with `executemany`, not `bulk_create`: Django
    compiles the SQL of a bulk_create row by row (about 0.3 ms a row), which would take a national
    BPE file (1 to 2.5 million rows) ten minutes; executemany takes seconds. Values are prepared
    by the model's own fields (the JSON of `details` as each database wants it).
    """

    source_id: int
    to_create: list[tuple[Any, ...]] = field(default_factory=list)
    to_update: list[Facility] = field(default_factory=list)

    def __post_init__(self) -> None:
        meta = Facility._meta
        by_name = {f.name: f for f in meta.concrete_fields}
        self.fields = [by_name[name] for name in INSERTED_FIELDS]
        # The JSON of `details` as the database takes it (text on SQLite, Jsonb on PostgreSQL),
        # from the backend's own adapter, looked up once rather than through the proxy per row.
        self.adapt_json = connection.ops.adapt_json_value
        columns = ", ".join(connection.ops.quote_name(str(f.column)) for f in self.fields)
        marks = ", ".join(["%s"] * len(self.fields))
        # Names from the model, quoted by the backend; every value is a parameter.
        table = connection.ops.quote_name(meta.db_table)
        self.insert_sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608

    def create(self, values: tuple[Any, ...]) -> None:
        self.to_create.append(values)
        if len(self.to_create) >= BATCH_SIZE:
            self.flush()

    def update(self, facility: Facility) -> None:
        self.to_update.append(facility)
        if len(self.to_update) >= BATCH_SIZE:
            self.flush()

    def prepared_details(self, details: dict[str, Any]) -> Any:
        return self.adapt_json(details, None)

    def flush(self) -> None:
        if self.to_create:
            with connection.cursor() as cursor:
                cursor.executemany(self.insert_sql, self.to_create)
            self.to_create = []
        if self.to_update:
            Facility.objects.bulk_update(self.to_update, WRITTEN_FIELDS, batch_size=BATCH_SIZE)
            self.to_update = []


@transaction.atomic
def facilities_import(
    *, reading: FacilityReading, territory: Territory | None = None, show_progress: bool = True
) -> ImportReport:
    """Write the facilities of one file read, all or nothing (see the module docstring).

    Commune codes are matched against `territory`'s communes, or every commune when None; a
    facility whose commune is not known is still written (the nearest hospital of a commune may
    be in the next département) with its official code, and the code is counted as unknown.
    """
    report = reading.report
    source = source_ensure(reading.source_key)
    communes = commune_ids_by_code(territory)
    existing = _existing(source.id, reading.kinds)
    track_seen = bool(existing) or not reading.unique_ids
    seen: set[FacilityKey] = set()
    problems: list[str] = []
    writer = _Writer(source.id)
    touched_communes: set[int] = set()
    records: Iterable[FacilityRecord] = reading.records
    if show_progress:
        records = progress(records, total=len(reading.records), label=report.source)
    for record in records:
        key = (record.kind, record.external_id)
        if track_seen:
            if key in seen:
                problems.append(
                    f"line {record.line}: {record.kind} {record.external_id!r} appears twice"
                )
                continue
            seen.add(key)
        if problems:
            continue  # nothing will be written: only look for further problems
        commune_id = communes.get(record.commune_code) if record.commune_code else None
        if record.commune_code and commune_id is None:
            report.unknown_codes.add(record.commune_code)
        details = {**record.details, "area": record.area}
        values = (
            record.name,
            record.commune_code,
            commune_id,
            record.country,
            record.latitude,
            record.longitude,
            details,
        )
        current = existing.get(key)
        if current is not None and current[1] == _fingerprint(*values):
            report.unchanged += 1
            continue
        if commune_id is not None:
            touched_communes.add(commune_id)
        if current is None:
            report.created += 1
            writer.create(
                (
                    record.kind,
                    record.external_id,
                    source.id,
                    record.name,
                    record.commune_code,
                    commune_id,
                    record.country,
                    record.latitude,
                    record.longitude,
                    writer.prepared_details(details),
                )
            )
            continue
        report.updated += 1
        if current[3]:
            values = (*values[:-1], {**details, **current[3]})
        writer.update(
            Facility(
                pk=current[0],
                kind=record.kind,
                external_id=record.external_id,
                source_id=source.id,
                **dict(zip(WRITTEN_FIELDS, values, strict=True)),
            )
        )
    raise_if(problems)
    writer.flush()
    gone = [
        pk
        for key, (pk, _fingerprint_, area, _added) in existing.items()
        if key not in seen and area in reading.areas
    ]
    for start in range(0, len(gone), BATCH_SIZE):
        Facility.objects.filter(pk__in=gone[start : start + BATCH_SIZE]).delete()
    report.deleted = len(gone)
    report.imported = report.created + report.updated + report.unchanged
    _changed(touched_communes)
    return report


def _changed(commune_ids: set[int]) -> None:
    if not commune_ids:
        return
    slugs = set(
        Territory.objects.filter(communes__id__in=commune_ids).values_list("slug", flat=True)
    )
    for slug in slugs:
        content_changed_on_commit(territory_slugs=[slug])


@transaction.atomic
def facility_details_set(
    *,
    source_key: str,
    kind: str,
    part: str,
    values: dict[str, Any],
    detail_source_key: str,
    report: ImportReport,
) -> ImportReport:
    """Set `details[part]` (station lines, opening hours…) on facilities named by external id.

    Facilities of the same areas that the file no longer names lose that part: a station whose
    hours disappear from the file shows no hours rather than stale ones. An id that names no
    facility is skipped and counted (the file lists stations this platform does not import).
    """
    source = source_ensure(source_key)
    source_ensure(detail_source_key)
    facilities = {
        facility.external_id: facility
        for facility in Facility.objects.filter(source=source, kind=kind)
    }
    unknown = sorted(set(values) - set(facilities))
    if unknown:
        report.skip(
            f"no {kind} with this identifier imported ({', '.join(unknown[:10])})", len(unknown)
        )
    named = [facilities[key] for key in values if key in facilities]
    areas = {facility.details.get("area") for facility in named}
    changed = []
    for external_id, facility in facilities.items():
        details = dict(facility.details)
        if external_id in values:
            details[part] = values[external_id]
            details[f"{part}_source"] = detail_source_key
        elif details.get("area") in areas and part in details:
            details.pop(part)
            details.pop(f"{part}_source", None)
            report.deleted += 1
        else:
            continue
        if details != facility.details:
            facility.details = details
            changed.append(facility)
            report.updated += external_id in values
        elif external_id in values:
            report.unchanged += 1
    Facility.objects.bulk_update(changed, ["details"], batch_size=BATCH_SIZE)
    report.imported = report.updated + report.unchanged
    _changed({facility.commune_id for facility in changed if facility.commune_id})
    return report
