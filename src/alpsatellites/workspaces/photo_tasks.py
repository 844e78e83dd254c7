"""Background work on workspace photos: the responsive sizes, made after the upload's commit."""

import logging

from django_tasks import task

from alpsatellites.core.tasks import enqueue_on_commit, max_attempts, retry_later

from .photo_files import photo_sizes_write

logger = logging.getLogger(__name__)


@task()
def photo_sizes_make(photo_id: int, attempt: int = 1) -> None:
    """Resize one photo; a storage that fails (a bucket briefly unreachable) is tried again."""
    try:
        if not photo_sizes_write(photo_id):
            logger.info("photo sizes skipped: photo=%s no longer exists", photo_id)
    except Exception:
        if attempt >= max_attempts():
            logger.exception("photo sizes failed for good: photo=%s", photo_id)
            raise
        logger.warning("photo sizes failed, will retry: photo=%s", photo_id, exc_info=True)
        retry_later(photo_sizes_make, attempt, photo_id, attempt=attempt + 1)


def photo_sizes_on_commit(photo_id: int) -> None:
    enqueue_on_commit(photo_sizes_make, photo_id)
