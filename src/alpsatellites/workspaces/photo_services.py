"""Writes to workspace photos by their managers: add, delete, move. Each checks that the person
runs the workspace (anyone else is answered as if the photo or workspace did not exist)."""

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from alpsatellites.accounts.models import User
from alpsatellites.core.cache import content_changed_on_commit
from alpsatellites.core.errors import Forbidden, Invalid

from .models import Workspace, WorkspacePhoto
from .photo_files import photo_files, photo_files_delete
from .photo_tasks import photo_sizes_on_commit
from .photos import CleanPhoto

MAX_PHOTOS = 24


def _managed_workspace(manager: User, workspace_id: int) -> Workspace:
    workspace = (
        Workspace.objects.managed_by(manager)
        .select_for_update(of=("self",))
        .select_related("territory")
        .filter(pk=workspace_id)
        .first()
    )
    if workspace is None:
        raise Forbidden(_("No such workspace among those you manage."), conceal=True)
    return workspace


def _managed_photo(manager: User, photo_id: int) -> WorkspacePhoto:
    photo = (
        WorkspacePhoto.objects.filter(
            workspace__in=Workspace.objects.managed_by(manager), pk=photo_id
        )
        .select_related("workspace__territory")
        .first()
    )
    if photo is None:
        raise Forbidden(_("No such photo among those of your workspaces."), conceal=True)
    return photo


def _page_changed(workspace: Workspace) -> None:
    content_changed_on_commit(
        territory_slugs=[workspace.territory.slug], workspace_slugs=[workspace.slug]
    )


def workspace_photo_add(
    *, manager: User, workspace_id: int, photo: CleanPhoto, alt_texts: dict[str, str]
) -> WorkspacePhoto:
    """Store a cleaned photo last in the workspace's order; its sizes are made by a task.

    `alt_texts`: language → description (the territory's language at least, the form checks).
    """
    stored: list[str] = []
    try:
        with transaction.atomic():
            workspace = _managed_workspace(manager, workspace_id)
            if workspace.photos.count() >= MAX_PHOTOS:
                raise Invalid(
                    _("A workspace shows at most %(count)s photos: delete one first.")
                    % {"count": MAX_PHOTOS},
                    field="original",
                    code="too_many_photos",
                )
            last = workspace.photos.aggregate(last=Max("position"))["last"]
            row = WorkspacePhoto(workspace=workspace, position=0 if last is None else last + 1)
            for language, text in alt_texts.items():
                setattr(row, f"alt_text_{language}", text.strip())
            # Through the field's storage (default_storage): a name comes back, never a path.
            row.original.save("photo.jpg", ContentFile(photo.content), save=False)
            stored.append(row.original.name or "")
            row.save()
            photo_sizes_on_commit(row.pk)
            _page_changed(workspace)
    except BaseException:
        # Nothing half-written: a file whose row was not committed is removed.
        photo_files_delete(stored)
        raise
    return row


def workspace_photo_delete(*, manager: User, photo_id: int) -> None:
    """Delete the photo and, once that is committed, its files."""
    with transaction.atomic():
        photo = _managed_photo(manager, photo_id)
        names = photo_files(photo)
        workspace = photo.workspace
        photo.delete()
        transaction.on_commit(lambda: photo_files_delete(names), robust=True)
        _page_changed(workspace)


def workspace_photo_move(*, manager: User, photo_id: int, offset: int) -> None:
    """Move the photo `offset` places (-1: earlier, +1: later); the order is renumbered 0…n."""
    with transaction.atomic():
        photo = _managed_photo(manager, photo_id)
        _managed_workspace(manager, photo.workspace_id)  # lock: two moves take turns
        photos = list(photo.workspace.photos.order_by("position", "pk"))
        index = next(i for i, item in enumerate(photos) if item.pk == photo.pk)
        target = min(max(index + offset, 0), len(photos) - 1)
        photos.insert(target, photos.pop(index))
        for position, item in enumerate(photos):
            if item.position != position:
                item.position = position
                item.save(update_fields=["position"])
        _page_changed(photo.workspace)
