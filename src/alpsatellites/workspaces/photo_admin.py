"""The photos inline of the workspace back-office page: the same checks as the managers' page
(a real image, 10 MB at most, type matching content, metadata stripped), resized by the task."""

from typing import Any

from django import forms
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationTabularInline

from .models import WorkspacePhoto
from .photo_tasks import photo_sizes_make
from .photos import MAX_BYTES, PhotoRejected, photo_clean


class WorkspacePhotoAdminForm(forms.ModelForm):
    # A plain file field: Django's image field would replace the declared content type with the
    # one Pillow detects, and a forged type would no longer be seen.
    original = forms.FileField(label=_("photo"))

    class Meta:
        model = WorkspacePhoto
        fields = ["original", "alt_text", "position"]

    def clean_original(self) -> Any:
        upload = self.cleaned_data["original"]
        if upload is None or "original" not in self.changed_data:
            return upload
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The photo is larger than 10 MB: please send a smaller file.")
            )
        try:
            clean = photo_clean(upload.read(), getattr(upload, "content_type", "") or "")
        except PhotoRejected as refusal:
            raise forms.ValidationError(refusal.message) from None
        # Only the re-encoded pixels are stored, under a random name (photo_upload_to).
        return ContentFile(clean.content, name="photo.jpg")

    def save(self, commit: bool = True) -> WorkspacePhoto:
        photo: WorkspacePhoto = super().save(commit=False)
        new_file = "original" in self.changed_data
        if new_file:
            photo.sizes = {}
        if commit:
            photo.save()
        if new_file:
            # After the admin's transaction: the row and its pk exist by then.
            transaction.on_commit(lambda: photo_sizes_make.enqueue(photo.pk), robust=True)
        return photo


def photo_inline(base: type) -> type:
    """The inline, built on the admin's own scoped inline class (who may view or change)."""

    class WorkspacePhotoInline(base, TranslationTabularInline):
        model = WorkspacePhoto
        form = WorkspacePhotoAdminForm
        fields = ["original", "alt_text", "position"]

    return WorkspacePhotoInline
