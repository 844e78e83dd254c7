"""What every observatory reader shares: finding the header, decoding, numbers, the report.

Official files come in many small variations of one shape: UTF-8 with or without BOM or Latin-1,
";" or "," separators, metadata lines above the header (ARCEP), decimal commas and thousands
separators ("1 234,5"), "s" for INSEE statistical secrecy. Readers call `read_rows` and the parsers
below, and collect problems with their line numbers; a file with any problem imports nothing.
"""

import csv
import io
import math
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from tqdm import tqdm

MAX_PROBLEMS_LISTED = 50
# Lines read to find the header: ARCEP's CSV puts 4 metadata lines above it.
HEADER_SEARCH_LINES = 20
SECRET_MARKERS = frozenset({"s", "secret", "nd"})
_SPACES = re.compile(r"[\s\u00a0\u202f']")

T = TypeVar("T")


class InvalidObservatoryFile(Exception):
    """A file that cannot be imported; `problems` name the line at fault."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


class Secret:
    """A value withheld by the producer (INSEE "s"): shown as such, never as zero."""

    def __repr__(self) -> str:
        return "SECRET"


SECRET = Secret()


@dataclass
class ImportReport:
    """What an import did: rows read, imported, skipped and why; unknown codes listed."""

    source: str
    read: int = 0
    imported: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    unknown_codes: set[str] = field(default_factory=set)

    def skip(self, reason: str, count: int = 1) -> None:
        self.skipped[reason] = self.skipped.get(reason, 0) + count

    def lines(self) -> list[str]:
        lines = [
            f"{self.source}: {self.read} rows read, {self.imported} imported "
            f"({self.created} created, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.deleted} removed)"
        ]
        lines += [f"  skipped {count}: {reason}" for reason, count in sorted(self.skipped.items())]
        if self.unknown_codes:
            codes = sorted(self.unknown_codes)
            shown = ", ".join(codes[:20]) + (" …" if len(codes) > 20 else "")
            lines.append(f"  {len(codes)} unknown commune code(s): {shown}")
        return lines


@dataclass
class Row:
    line: int  # 1-based line number in the file, as an editor shows it
    values: dict[str, str]

    def get(self, name: str) -> str:
        return (self.values.get(name) or "").strip()


def decode(raw: bytes) -> str:
    """UTF-8 (BOM or not), else Latin-1 (Windows-1252): the two encodings official files use."""
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes every byte")  # pragma: no cover


def read_rows(path: Path | str, required: Iterable[str], *, text: str | None = None) -> list[Row]:
    """Rows of a CSV whose header holds every `required` column, wherever that header is.

    The separator is guessed from the header line (";", "," or tab). Raises
    InvalidObservatoryFile naming what is missing when no header line has them all.
    """
    required = list(required)
    if text is None:
        text = decode(Path(path).read_bytes())
    lines = text.lstrip("\ufeff").splitlines(keepends=True)
    index, delimiter, header = _find_header(lines, required)
    reader = csv.reader(io.StringIO("".join(lines[index + 1 :])), delimiter=delimiter)
    rows = []
    problems = []
    for values in reader:
        line = index + 1 + reader.line_num
        if not any(value.strip() for value in values):
            continue
        if len(values) != len(header):
            problems.append(f"line {line}: {len(values)} fields, the header has {len(header)}")
            continue
        rows.append(Row(line=line, values=dict(zip(header, values, strict=True))))
    raise_if(problems)
    return rows


def _find_header(lines: list[str], required: list[str]) -> tuple[int, str, list[str]]:
    for index, line in enumerate(lines[:HEADER_SEARCH_LINES]):
        delimiter = max(";,\t", key=line.count)
        header = [
            name.strip().lstrip("\ufeff") for name in next(csv.reader([line], delimiter=delimiter))
        ]
        if all(name in header for name in required):
            return index, delimiter, header
    first = lines[0].strip()[:200] if lines else "(empty file)"
    raise InvalidObservatoryFile(
        [f"line 1: missing column(s) {', '.join(required)} (header seen: {first})"]
    )


def parse_number(
    text: str, label: str, *, low: float = -math.inf, high: float = math.inf
) -> float | Secret | None:
    """A number as official files write it, SECRET for "s", None for an empty cell.

    Accepts "1234.5", "1 234,5", "1\u202f234,5", "1.234,5" and "1,234.5". Raises ValueError naming
    `label` for anything else or a value outside [low, high].
    """
    cleaned = _SPACES.sub("", text.strip())
    if cleaned == "":
        return None
    if cleaned.lower() in SECRET_MARKERS:
        return SECRET
    if "," in cleaned and "." in cleaned:
        # The last one is the decimal mark: "1.234,5" or "1,234.5".
        thousands = "." if cleaned.rfind(",") > cleaned.rfind(".") else ","
        cleaned = cleaned.replace(thousands, "")
    cleaned = cleaned.replace(",", ".")
    try:
        number = float(cleaned)
    except ValueError:
        raise ValueError(f"{label} {text.strip()!r} is not a number") from None
    if not math.isfinite(number) or not low <= number <= high:
        raise ValueError(f"{label} {text.strip()} is out of range [{low:g}, {high:g}]")
    return number


def raise_if(problems: list[str]) -> None:
    if problems:
        if len(problems) > MAX_PROBLEMS_LISTED:
            extra = len(problems) - MAX_PROBLEMS_LISTED
            problems = [*problems[:MAX_PROBLEMS_LISTED], f"… and {extra} more problem(s)"]
        raise InvalidObservatoryFile(problems)


def progress(items: Iterable[T], *, total: int | None = None, label: str = "") -> Iterator[T]:
    """A progress bar on the terminal (stderr), silent when stderr is not one (tests, CI logs)."""
    yield from tqdm(items, total=total, desc=label, unit=" rows", disable=not sys.stderr.isatty())
