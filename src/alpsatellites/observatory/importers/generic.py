"""The generic indicator CSV, for any figure no official shape covers:

    code;indicator;value;date;period;source
    05023;fibre_share;94,7;2025-09-30;2025;arcep-fibre-vivrea

`code` is the commune's official code, `indicator` a code of the catalogue, `value` a number ("s"
for secrecy, empty when unknown), `date` YYYY or YYYY-MM-DD (a year is dated 1 January), `period`
as the producer writes it (the date's text when absent), `source` the key of a source row (the
`--source` given to the command when the column is absent or empty).
"""

import datetime
import re
from collections.abc import Collection, Mapping
from pathlib import Path

from .base import ImportReport, parse_number, progress, raise_if, read_rows
from .values import Reading, ValueRecord, status_of, valid_range

REQUIRED = ("code", "indicator", "value", "date")
YEAR = re.compile(r"^\d{4}$")


def parse_date(text: str) -> datetime.date:
    if YEAR.match(text):
        return datetime.date(int(text), 1, 1)
    try:
        return datetime.date.fromisoformat(text) if len(text) == 10 else _invalid(text)
    except ValueError:
        return _invalid(text)


def _invalid(text: str) -> datetime.date:
    raise ValueError(f"date {text!r} is not YYYY or YYYY-MM-DD")


def read_generic(
    path: Path | str,
    *,
    units: Mapping[str, str],
    sources: Collection[str],
    default_source: str = "",
    text: str | None = None,
) -> Reading:
    """Records of the file; unknown indicators or sources and bad numbers are line errors."""
    rows = read_rows(path, REQUIRED, text=text)
    reading = Reading(report=ImportReport(source=Path(path).name, read=len(rows)))
    problems: list[str] = []
    first_line: dict[tuple[str, str, datetime.date], int] = {}
    for row in progress(rows, total=len(rows), label=reading.report.source):
        code, indicator = row.get("code"), row.get("indicator")
        source = row.get("source") or default_source
        found = []
        if not code:
            found.append("code is empty")
        if indicator not in units:
            found.append(f"indicator {indicator!r} is not in the catalogue")
        if source not in sources:
            found.append(f"source {source!r} is unknown" if source else "no source given")
        try:
            date = parse_date(row.get("date"))
        except ValueError as error:
            found.append(str(error))
            date = None
        number = None
        if indicator in units:
            low, high = valid_range(units[indicator])
            try:
                number = parse_number(row.get("value"), "value", low=low, high=high)
            except ValueError as error:
                found.append(str(error))
        if found or date is None:
            problems += [f"line {row.line}: {problem}" for problem in found]
            continue
        key = (code, indicator, date)
        if key in first_line:
            problems.append(
                f"line {row.line}: {indicator} of {code} at {date} "
                f"already given on line {first_line[key]}"
            )
            continue
        first_line[key] = row.line
        value, status = status_of(number)
        reading.records.append(
            ValueRecord(
                commune_code=code,
                indicator=indicator,
                value=value,
                status=status,
                reference_date=date,
                period=row.get("period") or row.get("date"),
                source=source,
                line=row.line,
            )
        )
    raise_if(problems)
    return reading
