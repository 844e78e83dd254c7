"""E-mails about bookings, each in its recipient's language, so that no request goes unseen.

Every e-mail has a kind and is sent by `tasks.workspaces_notify(kind, booking_id)` after commit,
with ids, never with objects from the request: the worker reads the rows as they are when it runs.
A sender is a function of the booking (and, for the e-mails fanned out to several people, of one
recipient) registered under its kind with `@sender("kind")`.

Plain-text bodies only: what a member or a manager typed (a decline reason) is never read as
markup by a mail client. Links are absolute, on SITE_URL, in the recipient's language.
"""

import datetime
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone, translation

from alpsatellites.accounts.models import User

from .calendars import booking_ics
from .models import Booking, BookingStatus

# (booking, recipient id or None) -> recipients to fan out to (ids), or None once sent.
Sender = Callable[[Booking, int | None], list[int] | None]
SENDERS: dict[str, Sender] = {}


def sender(kind: str) -> Callable[[Sender], Sender]:
    """Register the function that sends the e-mails of `kind` about one booking."""

    def register(function: Sender) -> Sender:
        if kind in SENDERS:
            raise ValueError(f"two senders for the e-mail kind {kind!r}")
        SENDERS[kind] = function
        return function

    return register


def booking_for_email(booking_id: int) -> Booking:
    return Booking.objects.select_related(
        "resource__workspace__commune", "resource__workspace__territory", "user"
    ).get(pk=booking_id)


def cancellable_until(
    booking: Booking, now: datetime.datetime | None = None
) -> datetime.datetime | None:
    """The last moment the member may still cancel, or None when that moment has passed."""
    if booking.status not in (BookingStatus.PENDING, BookingStatus.CONFIRMED):
        return None
    deadline = booking.starts_at - datetime.timedelta(hours=booking.resource.cancellation_hours)
    return deadline if (now or timezone.now()) <= deadline else None


def _send(
    *,
    to: User,
    template: str,
    booking: Booking,
    extra: dict[str, Any] | None = None,
    attachments: tuple[tuple[str, bytes, str], ...] = (),
) -> None:
    """Render `workspaces/email/<template>_subject.txt` and `_body.txt` in `to`'s language."""
    if not to.email:
        return
    context = {
        "booking": booking,
        "recipient": to,
        "site_url": settings.SITE_URL,
        "cancel_until": cancellable_until(booking),
        **(extra or {}),
    }
    with (
        translation.override(to.language or settings.LANGUAGE_CODE),
        timezone.override(booking.resource.workspace.zone),
    ):
        subject = render_to_string(f"workspaces/email/{template}_subject.txt", context)
        body = render_to_string(f"workspaces/email/{template}_body.txt", context)
    message = EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to.email],
    )
    for name, content, mimetype in attachments:
        message.attach(name, content, mimetype)
    message.send()


def _to_member(template: str) -> Sender:
    def send(booking: Booking, recipient_id: int | None) -> None:
        if booking.user is not None:
            _send(to=booking.user, template=template, booking=booking)

    return send


@sender("booking_made")
def _booking_made(booking: Booking, recipient_id: int | None) -> None:
    """Confirmed at once, or received and awaiting the manager; with the calendar file."""
    if booking.user is None:
        return
    ics = ("booking.ics", booking_ics(booking), "text/calendar; method=PUBLISH")
    _send(to=booking.user, template="booking", booking=booking, attachments=(ics,))


sender("booking_approved")(_to_member("booking_approved"))
sender("booking_declined")(_to_member("booking_declined"))
sender("booking_cancelled")(_to_member("booking_cancelled"))
sender("booking_cancelled_by_manager")(_to_member("booking_cancelled_by_manager"))


@sender("request_to_managers")
def _request_to_managers(booking: Booking, recipient_id: int | None) -> list[int] | None:
    """First the list of the workspace's managers (one e-mail, and one retry, each), then each."""
    managers = booking.resource.workspace.managers.filter(is_active=True)
    if recipient_id is None:
        return list(managers.exclude(email="").values_list("pk", flat=True))
    manager = managers.filter(pk=recipient_id).first()
    if manager is not None:  # no longer a manager by the time the task runs: nothing to say
        _send(to=manager, template="request_to_manager", booking=booking)
    return None
