"""Background work of the coworking network: every booking e-mail, retried when it fails.

One task for all kinds: `workspaces_notify(kind, booking_id)` runs the sender registered for the
kind in `notifications`. A sender that writes to several people (the workspace's managers)
answers with their ids, and each gets a task of their own: one failing address is retried alone,
and the others are not written to twice.
"""

import logging

from django_tasks import task

from alpsatellites.core.tasks import enqueue_on_commit, max_attempts, retry_later

from . import notifications
from .models import Booking

logger = logging.getLogger(__name__)


@task()
def workspaces_notify(
    kind: str, booking_id: int, recipient_id: int | None = None, attempt: int = 1
) -> None:
    """Send the e-mail of `kind` about the booking; on failure, log it and try again later."""
    try:
        booking = notifications.booking_for_email(booking_id)
        recipients = notifications.SENDERS[kind](booking, recipient_id)
    except Booking.DoesNotExist:
        logger.info("booking_email skipped: kind=%s booking=%s no longer exists", kind, booking_id)
        return
    except Exception:
        if attempt >= max_attempts():
            logger.exception(
                "booking_email failed for good: kind=%s booking=%s attempts=%s",
                kind,
                booking_id,
                attempt,
            )
            raise
        logger.warning(
            "booking_email failed, will retry: kind=%s booking=%s attempt=%s",
            kind,
            booking_id,
            attempt,
            exc_info=True,
        )
        retry_later(workspaces_notify, attempt, kind, booking_id, recipient_id, attempt=attempt + 1)
        return
    for recipient in recipients or ():
        workspaces_notify.enqueue(kind, booking_id, recipient)


def notify_on_commit(kind: str, booking_id: int) -> None:
    """Send the e-mail(s) of `kind` about the booking once the transaction commits."""
    if kind not in notifications.SENDERS:
        raise ValueError(f"no sender for the e-mail kind {kind!r}")
    enqueue_on_commit(workspaces_notify, kind, booking_id)
