"""The shipped source definitions fit their columns: PostgreSQL refuses a long value, SQLite not."""

import json
from pathlib import Path

import pytest

from alpsatellites.territories.models import Source

DATA = Path(__file__).resolve().parents[2] / "src/alpsatellites/observatory/data"
DEFINITIONS = [
    (path.name, source)
    for path in (DATA / "indicators.json", DATA / "facility_sources.json")
    for source in json.loads(path.read_text(encoding="utf-8"))["sources"]
]


@pytest.mark.parametrize(("file", "source"), DEFINITIONS, ids=[s["key"] for _, s in DEFINITIONS])
def test_each_field_fits_its_column(file, source):
    for name, value in source.items():
        field = Source._meta.get_field(name)
        texts = value.values() if isinstance(value, dict) else [value]
        limit = getattr(field, "max_length", None)
        if limit:
            assert all(len(text) <= limit for text in texts), f"{file}: {source['key']}.{name}"
