"""A workspace's bookings as the manager's spreadsheet opens them: CSV for Excel, and XLSX.

French (and Italian, German) Excel reads a CSV only with ";" between cells when the decimal mark
is a comma, and guesses the encoding wrongly without a byte-order mark: the CSV is UTF-8 with a
BOM, ";"-separated in languages writing decimal commas, with headers, statuses, dates and prices
as the manager's language writes them. The XLSX carries real dates and numbers, so any
spreadsheet shows them its own way. Both go through `core.csv_safe`: a resource name or an e-mail
typed as `=HYPERLINK(…)` is text in the file, never a formula.
"""

import datetime
import io
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format, get_format
from django.utils.translation import gettext as _

from alpsatellites.core.csv_safe import csv_cell, csv_writer

from .manager_selectors import export_bookings
from .models import Booking, Workspace

BOM = "\ufeff"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def headers() -> list[str]:
    """Column names in the active language (the manager's)."""
    return [
        _("Number"),
        _("Resource"),
        _("Starts"),
        _("Ends"),
        _("Seats"),
        _("Status"),
        _("Price (€)"),
        _("Member"),
        _("Blocked by the manager"),
    ]


def _values(booking: Booking, zone: Any) -> list[Any]:
    """One booking's cells as plain values: local naive datetimes, Decimal price."""
    return [
        booking.pk,
        booking.resource.name,
        timezone.localtime(booking.starts_at, zone).replace(tzinfo=None),
        timezone.localtime(booking.ends_at, zone).replace(tzinfo=None),
        booking.seats,
        booking.get_status_display(),
        booking.price,
        booking.user.email if booking.user else "",
        _("yes") if booking.is_block else "",
    ]


def rows(workspace: Workspace) -> Iterator[list[Any]]:
    zone = workspace.zone
    for booking in export_bookings(workspace):
        yield _values(booking, zone)


def csv_delimiter() -> str:
    """ ";" where the language writes decimal commas (Excel's list separator there), else ","."""
    return ";" if get_format("DECIMAL_SEPARATOR") == "," else ","


def _csv_text(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        return date_format(value, "SHORT_DATETIME_FORMAT")
    if isinstance(value, Decimal):
        # The language's decimal mark, but no thousands separator: Excel reads "1 234,50" as text.
        return f"{value:.2f}".replace(".", get_format("DECIMAL_SEPARATOR"))
    return value


def write_csv(out: Any, table: Iterable[list[Any]]) -> None:
    """Headers then rows, to a text stream (an HttpResponse), BOM first."""
    out.write(BOM)
    writer = csv_writer(out, delimiter=csv_delimiter(), lineterminator="\r\n")
    writer.writerow(headers())
    for row in table:
        writer.writerow([_csv_text(value) for value in row])


def xlsx_bytes(title: str, table: Iterable[list[Any]]) -> bytes:
    """The same table as an XLSX workbook, written in one pass (openpyxl's write-only mode)."""
    from openpyxl import Workbook  # type: ignore[import-untyped]  # only the export needs it

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31])  # Excel's limit on sheet names
    sheet.append(headers())
    for row in table:
        cells = []
        for value in row:
            if isinstance(value, Decimal):
                cells.append(float(value))
            else:
                cells.append(csv_cell(value) if isinstance(value, str) else value)
        sheet.append(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
