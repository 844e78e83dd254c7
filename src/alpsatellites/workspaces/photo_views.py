"""The manager's photos page: list, upload, delete and reorder the photos of one workspace.

Only the workspace's managers (and platform admins) reach it; anyone else gets 404, as for a
workspace that does not exist. Resizing happens in a task: the page answers at once and shows
"being prepared" until the sizes exist.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from alpsatellites.core.errors import Invalid, NotFound

from .models import Workspace
from .photo_forms import PhotoUploadForm
from .photo_services import workspace_photo_add, workspace_photo_delete, workspace_photo_move

MOVES = {"up": -1, "down": 1}


def _photo_id(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise NotFound(_("No such photo among those of your workspaces.")) from None


@login_required
def manage_photos(request, slug):
    workspace = get_object_or_404(
        Workspace.objects.managed_by(request.user).select_related("territory"), slug=slug
    )
    form = PhotoUploadForm(language=workspace.territory.default_language)
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "upload":
            form = PhotoUploadForm(
                request.POST, request.FILES, language=workspace.territory.default_language
            )
            if form.is_valid() and form.clean_photo is not None:
                try:
                    workspace_photo_add(
                        manager=request.user,
                        workspace_id=workspace.pk,
                        photo=form.clean_photo,
                        alt_texts=form.alt_texts(),
                    )
                except Invalid as refusal:
                    form.add_error("original", refusal.message)
                else:
                    messages.success(
                        request, _("Photo added: its sizes for phones and screens are on the way.")
                    )
                    return redirect(request.path)
            status = 400
        elif action == "delete" or action in MOVES:
            photo_id = _photo_id(request.POST.get("photo", ""))
            if action == "delete":
                workspace_photo_delete(manager=request.user, photo_id=photo_id)
                messages.success(request, _("Photo deleted."))
            else:
                workspace_photo_move(manager=request.user, photo_id=photo_id, offset=MOVES[action])
                messages.success(request, _("Order of the photos saved."))
            return redirect(request.path)
        else:
            raise BadRequest(_("Unknown action."))
    return render(
        request,
        "workspaces/manage_photos.html",
        {
            "workspace": workspace,
            "territory": workspace.territory,
            "photos": list(workspace.photos.all()),
            "form": form,
        },
        status=status,
    )
