"""The platform's own territory file: one JSON document with the territory, sources, groupings and
communes. The default territories are shipped in this form (see `territories/data/`)."""

import datetime
import json
import types
import typing
from dataclasses import asdict, fields
from pathlib import Path

from django.conf import settings

from alpsatellites.core.timezones import is_time_zone

from .records import (
    CommuneRecord,
    GroupingRecord,
    HighlightRecord,
    InvalidImportFile,
    SourceRecord,
    TerritoryData,
    TerritoryRecord,
)

FORMAT = "alpsatellites-territory/1"

# The territories shipped with the platform, loaded by `alpsatellites demo`.
DEFAULT_BUNDLES = sorted((Path(__file__).parent.parent / "data").glob("*.json"))


def _accepts(annotation, value) -> bool:
    """Whether a JSON value fits a record field's annotation (str, int | None, dict[str, str]…)."""
    union = isinstance(annotation, types.UnionType)
    options = typing.get_args(annotation) if union else (annotation,)
    classes = tuple(typing.get_origin(option) or option for option in options)
    if isinstance(value, bool):  # JSON true/false is not a number
        return bool in classes
    if float in classes:
        classes += (int,)  # 45 is as good a latitude as 45.0
    return isinstance(value, classes)


def _build(record_class, data, where: str, problems: list[str]):
    known = {f.name for f in fields(record_class)}
    if not isinstance(data, dict):
        problems.append(f"{where}: expected an object")
        return None
    unknown = sorted(set(data) - known)
    if unknown:
        problems.append(f"{where}: unknown field(s) {', '.join(unknown)}")
        return None
    try:
        record = record_class(**data)
    except TypeError as error:
        problems.append(f"{where}: {error}")
        return None
    # Checked here so that a hand-edited file gets a report naming the field, not a traceback
    # from the database halfway through the import.
    wrong = [f for f in fields(record) if not _accepts(f.type, getattr(record, f.name))]
    for f in wrong:
        problems.append(f"{where}: {f.name} {getattr(record, f.name)!r} has the wrong type")
    return None if wrong else record


def _check_values(data: TerritoryData, problems: list[str]) -> None:
    languages = {code for code, _name in settings.LANGUAGES}
    if data.territory is not None and data.territory.default_language not in languages:
        problems.append(
            f"territory: default_language {data.territory.default_language!r} is not one of "
            + ", ".join(sorted(languages))
        )
    if data.territory is not None and not is_time_zone(data.territory.time_zone):
        problems.append(
            f"territory: time_zone {data.territory.time_zone!r} is not a time zone name"
        )
    for index, source in enumerate(data.sources):
        try:
            datetime.date.fromisoformat(source.retrieved_on)
        except ValueError:
            problems.append(
                f"sources[{index}]: retrieved_on {source.retrieved_on!r} is not a date (YYYY-MM-DD)"
            )
    seen: dict[str, int] = {}
    for index, commune in enumerate(data.communes):
        first = seen.setdefault(commune.code, index)
        if first != index:
            problems.append(
                f"communes[{index}]: code {commune.code} already given at communes[{first}]"
            )


def read_bundle(path: Path) -> TerritoryData:
    try:
        document = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidImportFile([f"{path}: cannot be read ({error})"]) from None
    except json.JSONDecodeError as error:
        raise InvalidImportFile(
            [f"{path}: line {error.lineno}: invalid JSON ({error.msg})"]
        ) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise InvalidImportFile([f"{path}: not an AlpSatellites territory file ({FORMAT})"])

    problems: list[str] = []
    territory = None
    if document.get("territory") is not None:
        raw = dict(document["territory"])
        highlights = [
            _build(HighlightRecord, item, f"territory.highlights[{i}]", problems)
            for i, item in enumerate(raw.pop("highlights", []))
        ]
        territory = _build(TerritoryRecord, raw, "territory", problems)
        if territory is not None:
            territory.highlights = highlights
    data = TerritoryData(
        territory=territory,
        sources=[
            _build(SourceRecord, item, f"sources[{i}]", problems)
            for i, item in enumerate(document.get("sources", []))
        ],
        groupings=[
            _build(GroupingRecord, item, f"groupings[{i}]", problems)
            for i, item in enumerate(document.get("groupings", []))
        ],
        communes=[
            _build(CommuneRecord, item, f"communes[{i}]", problems)
            for i, item in enumerate(document.get("communes", []))
        ],
    )
    if not problems:
        _check_values(data, problems)
    if problems:
        raise InvalidImportFile(problems)
    return data


def write_bundle(data: TerritoryData, path: Path, about: dict) -> None:
    """Write `data` with an `about` block (what was extracted, from what, when, by which script)."""
    document = {
        "format": FORMAT,
        "about": about,
        "territory": asdict(data.territory) if data.territory else None,
        "sources": [asdict(s) for s in data.sources],
        "groupings": [asdict(g) for g in data.groupings],
        "communes": [asdict(c) for c in data.communes],
    }
    Path(path).write_text(
        json.dumps(document, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
