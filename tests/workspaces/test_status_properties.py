"""Templates ask the model about a status instead of comparing against its stored string."""

import re
from pathlib import Path

import alpsatellites
from alpsatellites.workspaces.models import Booking, BookingStatus, Workspace, WorkspaceStatus

TEMPLATES = [
    path
    for path in Path(alpsatellites.__file__).parent.rglob("templates/**/*")
    if path.suffix in {".html", ".txt"}
]
STATUS_LITERAL = re.compile(r"\.status\s*(==|!=|in)\s*[\"'(]")


def test_no_template_compares_a_status_with_a_string():
    offenders = [
        f"{path.name}: {match.group(0)}"
        for path in TEMPLATES
        for match in STATUS_LITERAL.finditer(path.read_text(encoding="utf-8"))
    ]
    assert TEMPLATES and offenders == []


def test_booking_status_properties():
    assert Booking(status=BookingStatus.PENDING).is_pending
    assert Booking(status=BookingStatus.CONFIRMED).is_confirmed
    assert Booking(status=BookingStatus.CHECKED_IN).is_checked_in
    assert not Booking(status=BookingStatus.CANCELLED).is_confirmed


def test_workspace_status_properties():
    assert Workspace(status=WorkspaceStatus.OPEN).is_open
    assert Workspace(status=WorkspaceStatus.CLOSED).is_temporarily_closed
    assert not Workspace(status=WorkspaceStatus.DRAFT).is_open
