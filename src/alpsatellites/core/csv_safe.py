"""CSV files that a spreadsheet opens as data, never as formulas.

A cell starting with `=`, `+`, `-` or `@` (or a tab or carriage return, which some spreadsheets
skip before reading the same signs) is evaluated as a formula by Excel and LibreOffice: a
workspace address set to `=HYPERLINK(…)` would run in the reader's spreadsheet. Every CSV the
platform serves goes through `csv_writer`, which prefixes such text with an apostrophe (OWASP's
advice; spreadsheets show the text as typed). Numbers are left alone: a negative longitude stays
a number. `csv_cell_restore` undoes it for the platform's own importers, so an export reads back
unchanged.
"""

import csv
import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, Protocol

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"
PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


class _Writable(Protocol):
    def write(self, text: str, /) -> Any: ...


def csv_cell(value: Any) -> Any:
    """The value as a spreadsheet may safely read it."""
    if value is None or isinstance(value, int | float | Decimal):
        return value
    text = str(value)
    if text.startswith(FORMULA_TRIGGERS) and not PLAIN_NUMBER.fullmatch(text):
        return ESCAPE + text
    return text


def csv_cell_restore(text: str) -> str:
    """The text before `csv_cell`, for reading back the platform's own exports."""
    if text.startswith(ESCAPE) and text[1:].startswith(FORMULA_TRIGGERS):
        return text[1:]
    return text


class SafeCsvWriter:
    """`csv.writer` whose every cell goes through `csv_cell`."""

    def __init__(self, out: _Writable, **options: Any) -> None:
        self._writer = csv.writer(out, **options)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([csv_cell(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(out: _Writable, **options: Any) -> SafeCsvWriter:
    return SafeCsvWriter(out, **options)
