"""One entry point for the three shapes of indicator files, shared by the command and the
default load: read the file (nothing written), then write every reading in one transaction."""

from collections.abc import Sequence
from pathlib import Path

from .arcep import read_arcep
from .base import ImportReport
from .generic import read_generic
from .insee import read_insee
from .values import Reading

# The source row a file's figures are credited to when the command is given no --source.
DEFAULT_SOURCES = {
    "insee": "insee-comparateur-territoires",
    "arcep": "arcep-deploiements",
    "generic": "",  # the file's own `source` column
}
FORMATS = tuple(DEFAULT_SOURCES)


def read_indicator_file(
    kind: str, path: Path | str, *, source: str, units: dict[str, str], sources: set[str]
) -> Reading:
    if kind == "insee":
        return read_insee(path, units=units, source=source)
    if kind == "arcep":
        return read_arcep(path, source=source)
    if kind == "generic":
        return read_generic(path, units=units, sources=sources, default_source=source)
    raise ValueError(f"unknown indicator file format {kind!r}")


def import_indicator_files(
    files: Sequence[tuple[str, Path | str, str]],
    *,
    territory_slug: str,
    keep_other_sources: bool = False,
) -> list[ImportReport]:
    """Import (format, path, source key) files for a territory, all or nothing.

    Raises InvalidObservatoryFile (problems with their line numbers) when a file is refused."""
    from ..services.indicators import (
        indicator_units,
        indicator_values_import,
        source_keys,
        territory_or_refuse,
    )

    territory = territory_or_refuse(territory_slug)
    units, sources = indicator_units(), source_keys()
    readings = [
        read_indicator_file(
            kind, path, source=source or DEFAULT_SOURCES[kind], units=units, sources=sources
        )
        for kind, path, source in files
    ]
    return indicator_values_import(
        territory=territory, readings=readings, keep_other_sources=keep_other_sources
    )
