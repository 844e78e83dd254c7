"""Background work of the newcomers domain: every e-mail, retried when it fails.

One task for all kinds: `newcomers_notify(kind, object_id)` finds the sender registered for the
kind in `notifications` (the modules that define senders are imported below so that a worker
process knows them all).
"""

import logging

from django.core.exceptions import ObjectDoesNotExist
from django_tasks import task

from alpsatellites.core.tasks import enqueue_on_commit, max_attempts, retry_later

from . import notifications

logger = logging.getLogger(__name__)


@task()
def newcomers_notify(kind: str, object_id: int, attempt: int = 1) -> None:
    try:
        notifications.SENDERS[kind](object_id)
    except ObjectDoesNotExist:
        logger.info("newcomers_email skipped: kind=%s id=%s no longer exists", kind, object_id)
    except Exception:
        if attempt >= max_attempts():
            logger.exception(
                "newcomers_email failed for good: kind=%s id=%s attempts=%s",
                kind,
                object_id,
                attempt,
            )
            raise
        logger.warning(
            "newcomers_email failed, will retry: kind=%s id=%s attempt=%s",
            kind,
            object_id,
            attempt,
            exc_info=True,
        )
        retry_later(newcomers_notify, attempt, kind, object_id, attempt=attempt + 1)


def notify_on_commit(kind: str, object_id: int) -> None:
    """Send the e-mail of `kind` about `object_id` once the transaction commits."""
    if kind not in notifications.SENDERS:
        raise ValueError(f"no sender for the e-mail kind {kind!r}")
    enqueue_on_commit(newcomers_notify, kind, object_id)
