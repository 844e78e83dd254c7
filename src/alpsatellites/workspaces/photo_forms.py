"""The manager's photo upload form: the file, checked and cleaned, and its descriptions."""

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .photos import MAX_BYTES, CleanPhoto, PhotoRejected, photo_clean

LANGUAGE_NAMES = dict(settings.LANGUAGES)


class PhotoUploadForm(forms.Form):
    """One photo with a description in each language, required in the territory's own."""

    original = forms.FileField(
        label=_("Photo (JPEG, PNG or WebP, 10 MB at most)"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    def __init__(self, *args: Any, language: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.language = language
        # The territory's language first: the description a screen reader reads by default.
        ordered = [language] + [code for code, _name in settings.LANGUAGES if code != language]
        for code in ordered:
            self.fields[f"alt_text_{code}"] = forms.CharField(
                label=_("Description of the photo (%(language)s)")
                % {"language": LANGUAGE_NAMES[code]},
                max_length=250,
                required=code == language,
            )
        self.clean_photo: CleanPhoto | None = None

    def clean_original(self) -> Any:
        upload = self.cleaned_data["original"]
        # Refused before reading: a 2 GB upload is not read into memory to be measured.
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The photo is larger than 10 MB: please send a smaller file."), code="too_large"
            )
        try:
            self.clean_photo = photo_clean(upload.read(), upload.content_type or "")
        except PhotoRejected as refusal:
            raise forms.ValidationError(refusal.message, code=refusal.code) from None
        return upload

    def alt_texts(self) -> dict[str, str]:
        return {
            code: self.cleaned_data.get(f"alt_text_{code}", "")
            for code, _name in settings.LANGUAGES
        }
