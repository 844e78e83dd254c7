"""The household's forms: the welcome request, a reply in its case's thread, the withdrawal.

The consent box of the request names who will receive it — the officers of the chosen commune's
communauté de communes, or the territory's team — and those exact words are stored. The words
shown are the ones agreed to: when the person picks a commune of another grouping than the one
named, the form asks again with the new words rather than storing words they did not read.
"""

import uuid
from typing import Any

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from alpsatellites.core.formats import phone_e164
from alpsatellites.territories.models import Commune, Grouping, Territory

from .attachments import FILE_KINDS, MAX_FILES, max_attachment_bytes
from .services.messages import MAX_BODY


def consent_wording(team: str, *, with_profile: bool) -> str:
    """The words of the consent, in the active language."""
    if with_profile:
        return gettext(
            "I agree that the welcome officers of %(team)s receive my request and my needs "
            "profile to help me settle; I can withdraw at any time."
        ) % {"team": team}
    return gettext(
        "I agree that the welcome officers of %(team)s receive my request to help me settle; "
        "I can withdraw at any time."
    ) % {"team": team}


class WelcomeRequestForm(forms.Form):
    commune = forms.ChoiceField(
        label=_("Commune you are interested in"),
        required=False,
        help_text=_("Its communauté de communes' welcome officers will answer you."),
    )
    contact_name = forms.CharField(label=_("Your name"), max_length=200)
    contact_phone = forms.CharField(
        label=_("Phone (optional)"),
        max_length=32,
        required=False,
        help_text=_("If you would like a call. With the country code if not French, e.g. +39…"),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    message = forms.CharField(
        label=_("Your message"),
        max_length=MAX_BODY,
        help_text=_("Your project in a few words: when, with whom, what you are looking for."),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    share_profile = forms.BooleanField(
        label=_("Share my needs profile with the welcome officers"), required=False, initial=True
    )
    consent = forms.BooleanField(label="", required=True)
    # The grouping named in the consent the person saw ("" for the territory team).
    consent_scope = forms.CharField(required=False, widget=forms.HiddenInput)
    request_key = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        territory: Territory,
        communes: list[Commune],
        has_profile: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.territory = territory
        self.has_profile = has_profile
        self.communes = {commune.code: commune for commune in communes}
        self.groupings = {
            str(commune.grouping.pk): commune.grouping
            for commune in communes
            if commune.grouping is not None
        }
        grouped: dict[str, list[tuple[str, str]]] = {}
        for commune in communes:
            group = commune.grouping.name if commune.grouping else str(_("Other communes"))
            grouped.setdefault(group, []).append((commune.code, commune.name))
        self.fields["commune"].choices = [("", _("Not decided yet")), *grouped.items()]  # type: ignore[attr-defined]
        if not has_profile:
            del self.fields["share_profile"]
        self.fields["request_key"].initial = uuid.uuid4()
        shown = (
            self.data.get("consent_scope", "")
            if self.is_bound
            else self._scope_of(str(self.initial.get("commune") or ""))
        )
        self._set_consent(shown)

    def _scope_of(self, code: str) -> str:
        commune = self.communes.get(code)
        return str(commune.grouping.pk) if commune and commune.grouping else ""

    def _grouping(self, scope: str) -> Grouping | None:
        return self.groupings.get(scope)

    def _set_consent(self, scope: str) -> None:
        grouping = self._grouping(scope)
        self.consent_scope_shown = scope if grouping else ""
        self.fields["consent_scope"].initial = self.consent_scope_shown
        self.fields["consent"].label = consent_wording(
            grouping.name if grouping else self.territory.name, with_profile=self.has_profile
        )

    def clean_commune(self) -> Commune | None:
        code = self.cleaned_data["commune"]
        return self.communes.get(code) if code else None

    def clean_contact_phone(self) -> str:
        phone = str(self.cleaned_data["contact_phone"]).strip()
        if phone and not phone_e164(phone, self.territory.country):
            raise forms.ValidationError(
                _("This phone number cannot be read: write it with its country code, e.g. +33…")
            )
        return phone

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        commune = data.get("commune")
        scope = str(commune.grouping.pk) if commune and commune.grouping else ""
        if "commune" in data and scope != self.consent_scope_shown:
            # Re-shown with the words for the commune chosen, the box unticked: agree to those.
            changed = {key: self.data.get(key) for key in self.data if key != "consent"}
            changed["consent_scope"] = scope
            self.data = changed
            self._set_consent(scope)
            self.add_error(
                "consent",
                _(
                    "The commune you chose is followed by other welcome officers: read the "
                    "words again and tick the box if you agree."
                ),
            )
        return data

    @property
    def wording(self) -> str:
        return str(self.fields["consent"].label)


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; their kind and size are the message service's to check."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        accept = ",".join(ext for kind in FILE_KINDS for ext in kind.extensions)
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": accept}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        items = data if isinstance(data, list | tuple) else [data]
        single = super().clean
        return [single(item, initial) for item in items if item]


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Your message"),
        max_length=MAX_BODY,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    attachments = MultipleFileField(label=_("Attach files (optional)"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Read at each form: the size limit is a setting.
        self.fields["attachments"].help_text = gettext(
            "PDF, PNG or JPEG; up to %(count)s files of %(size)s each."
        ) % {"count": MAX_FILES, "size": filesizeformat(max_attachment_bytes())}
