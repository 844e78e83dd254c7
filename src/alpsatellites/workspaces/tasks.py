"""Background work of the coworking network: the booking e-mails, retried when they fail."""

import logging

from django_tasks import task

from alpsatellites.core.tasks import enqueue_on_commit, max_attempts, retry_later

from .models import Booking
from .notifications import send_booking_confirmation

logger = logging.getLogger(__name__)


@task()
def booking_confirmation_send(booking_id: int, attempt: int = 1) -> None:
    """Send the booking's confirmation; on failure, log it and try again later."""
    try:
        send_booking_confirmation(booking_id)
    except Booking.DoesNotExist:
        logger.info("booking_email skipped: booking=%s no longer exists", booking_id)
    except Exception:
        if attempt >= max_attempts():
            logger.exception(
                "booking_email failed for good: booking=%s attempts=%s", booking_id, attempt
            )
            raise
        logger.warning(
            "booking_email failed, will retry: booking=%s attempt=%s",
            booking_id,
            attempt,
            exc_info=True,
        )
        retry_later(booking_confirmation_send, attempt, booking_id, attempt=attempt + 1)


def booking_confirmation_on_commit(booking_id: int) -> None:
    enqueue_on_commit(booking_confirmation_send, booking_id)
