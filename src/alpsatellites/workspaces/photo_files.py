"""The files of workspace photos, through Django's storage API only.

Names, never paths: `default_storage` (or the field's storage) may be the file system of the
embedded default or an S3-compatible bucket in production (django-storages, a setting), and the
same code serves both. Used by the photo services and by the resizing task.
"""

import logging

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from alpsatellites.core.cache import content_changed_on_commit

from .models import WorkspacePhoto
from .photos import SIZE_EXTENSION, photo_sizes

logger = logging.getLogger(__name__)


def photo_files(photo: WorkspacePhoto) -> list[str]:
    """Every stored name of a photo: the original and its sizes."""
    return [name for name in [photo.original.name, *photo.sizes.values()] if name]


def photo_files_delete(names: list[str]) -> None:
    """Remove stored files, quietly skipping those already gone (a retried deletion)."""
    for name in filter(None, names):
        try:
            default_storage.delete(name)
        except OSError:
            logger.warning("photo file could not be deleted: %s", name, exc_info=True)


def photo_sizes_write(photo_id: int) -> bool:
    """Make and store the responsive sizes of one photo; False if the photo is gone.

    The sizes are written before the row names them, so a page never links a missing file; the
    sizes of a photo deleted meanwhile are removed again.
    """
    photo = (
        WorkspacePhoto.objects.select_related("workspace__territory").filter(pk=photo_id).first()
    )
    if photo is None:
        return False
    with photo.original.open("rb") as original:
        data = original.read()
    stem = (photo.original.name or "").rsplit(".", 1)[0]
    stored: dict[str, str] = {}
    for width, content in photo_sizes(data).items():
        name = f"{stem}-{width}.{SIZE_EXTENSION}"
        if default_storage.exists(name):  # a task run twice: replace, do not pile up copies
            default_storage.delete(name)
        stored[str(width)] = default_storage.save(name, ContentFile(content))
    with transaction.atomic():
        updated = WorkspacePhoto.objects.filter(pk=photo_id).update(sizes=stored)
        if updated:
            content_changed_on_commit(
                territory_slugs=[photo.workspace.territory.slug],
                workspace_slugs=[photo.workspace.slug],
            )
    if not updated:
        photo_files_delete(list(stored.values()))
    return bool(updated)
