"""ARCEP "Le marché du haut et très haut débit fixe (déploiements)", one row per commune.

Two shapes of the same table: the XLSX workbook (sheet "Communes") and its CSV variant, Latin-1
with 4 metadata lines above the header. Each has "Code commune", "Meilleure estimation des locaux
à date" (ARCEP's estimate of premises) and one column per quarter ("T4 2017" … "T3 2025") with the
premises connectable to fibre to the home (FttH). The share is the latest quarter's connectable
premises over the premises × 100, capped at 100 (connectable premises are counted from the
operators' files and can exceed the estimate in a commune that grows).

A quarter is dated on its last day: ARCEP counts deployments at the end of each quarter
("T3 2025" → 2025-09-30), and the period is kept as published.
"""

import datetime
import re
from pathlib import Path

from .base import (
    HEADER_SEARCH_LINES,
    ImportReport,
    InvalidObservatoryFile,
    Row,
    parse_number,
    progress,
    raise_if,
    read_rows,
)
from .values import Reading, ValueRecord, status_of

CODE = "Code commune"
PREMISES = "Meilleure estimation des locaux à date"
SHEET = "Communes"
QUARTER = re.compile(r"^T([1-4])\s+(\d{4})$")
INDICATOR = "fibre_share"
QUARTER_END = {1: (3, 31), 2: (6, 30), 3: (9, 30), 4: (12, 31)}


def quarter_date(quarter: int, year: int) -> datetime.date:
    month, day = QUARTER_END[quarter]
    return datetime.date(year, month, day)


def read_arcep(path: Path | str, *, source: str) -> Reading:
    """Records of fibre_share for the latest quarter of the file (XLSX or CSV)."""
    path = Path(path)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        header, rows = _xlsx_rows(path)
    else:
        rows = read_rows(path, [CODE, PREMISES])
        header = list(rows[0].values) if rows else []
    report = ImportReport(source=path.name, read=len(rows))
    reading = Reading(report=report)
    if not rows:
        return reading
    quarters = [(int(m[2]), int(m[1]), name) for name in header if (m := QUARTER.match(name))]
    if not quarters:
        raise InvalidObservatoryFile(
            [f'line {rows[0].line - 1}: no quarter column ("T4 2017", "T3 2025"…) in the header']
        )
    year, quarter, column = max(quarters)
    date, period = quarter_date(quarter, year), column

    problems: list[str] = []
    first_line: dict[str, int] = {}
    for row in progress(rows, total=len(rows), label=reading.report.source):
        code = _commune_code(row.get(CODE))
        if not code:
            problems.append(f"line {row.line}: {CODE} is empty")
            continue
        if code in first_line:
            problems.append(
                f"line {row.line}: {CODE} {code} already given on line {first_line[code]}"
            )
            continue
        first_line[code] = row.line
        try:
            premises = parse_number(row.get(PREMISES), PREMISES, low=0)
            connectable = parse_number(row.get(column), column, low=0)
        except ValueError as error:
            problems.append(f"line {row.line}: {error}")
            continue
        share: float | None = None
        if isinstance(premises, float) and isinstance(connectable, float) and premises > 0:
            share = min(100.0, connectable / premises * 100)
        value, status = status_of(share)
        reading.records.append(
            ValueRecord(
                commune_code=code,
                indicator=INDICATOR,
                value=value,
                status=status,
                reference_date=date,
                period=period,
                source=source,
                line=row.line,
            )
        )
    raise_if(problems)
    return reading


def _commune_code(text: str) -> str:
    # A spreadsheet may have turned "05023" into the number 5023.
    return text.zfill(5) if text.isdigit() and len(text) < 5 else text


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _xlsx_rows(path: Path) -> tuple[list[str], list[Row]]:
    from openpyxl import load_workbook  # type: ignore[import-untyped]  # XLSX shape only

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # zipfile.BadZipFile, KeyError, InvalidFileException…
        raise InvalidObservatoryFile(
            [f"{path.name}: not a readable XLSX workbook ({error})"]
        ) from None
    try:
        if SHEET not in workbook.sheetnames:
            raise InvalidObservatoryFile(
                [f"{path.name}: no sheet {SHEET!r} (sheets: {', '.join(workbook.sheetnames)})"]
            )
        header: list[str] | None = None
        rows: list[Row] = []
        for line, values in enumerate(workbook[SHEET].iter_rows(values_only=True), start=1):
            texts = [_cell_text(value).strip() for value in values]
            if header is None:
                if CODE in texts and PREMISES in texts:
                    header = texts
                elif line >= HEADER_SEARCH_LINES:
                    break
                continue
            if any(texts):
                rows.append(Row(line=line, values=dict(zip(header, texts, strict=False))))
    finally:
        workbook.close()
    if header is None:
        raise InvalidObservatoryFile(
            [
                f"sheet {SHEET}: missing column(s) {CODE}, {PREMISES} "
                f"in its first {HEADER_SEARCH_LINES} rows"
            ]
        )
    return header, rows
