"""The manager's answer to one booking request: approve, or decline with an optional reason."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .services import DECLINE_REASON_MAX_LENGTH


class DecisionForm(forms.Form):
    action = forms.ChoiceField(choices=[("approve", _("Approve")), ("decline", _("Decline"))])
    # Plain text: shown escaped on pages and sent in a plain-text e-mail, never as markup.
    reason = forms.CharField(
        label=_("Reason for declining (optional, sent to the member)"),
        max_length=DECLINE_REASON_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 30}),
    )
