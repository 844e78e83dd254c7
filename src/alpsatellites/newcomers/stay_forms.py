"""Forms of the discovery stays: the officers' stay form and the households' application.

They check the shape of the input; the rules (dates, capacity, the commune of the grouping, the
coworking pass) are the services' (services/stays.py), whose refusals the views put beside the
field at fault, or (`button_action`, for the forms that are a single button) in the page's message.
"""

import uuid
from collections.abc import Callable
from typing import Any, cast

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from alpsatellites.core.errors import DomainError, NotFound
from alpsatellites.territories.models import Grouping, Territory
from alpsatellites.workspaces.models import Resource, WorkspaceStatus

from .models import DiscoveryStay
from .services.stays import (
    MAX_CAPACITY,
    MAX_MESSAGE,
    MAX_PEOPLE,
    TEXT_LIMITS,
    StayFields,
    StayText,
    stay_consent_wording,
)

DATE_WIDGET = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
TEXT_LABELS = {
    "title": _("Title"),
    "description": _("Description"),
    "accommodation": _("Accommodation"),
    "meetings": _("Meetings with locals"),
}
TEXT_HELP = {
    "description": _("What the households will discover, day by day."),
    "accommodation": _("Where they sleep: kind of lodging, rooms, what is provided."),
    "meetings": _("Whom they meet: a local host, remote workers already settled, the mayor…"),
}


def _text_field(code: str, name: str, language_name: Any, required: bool) -> forms.CharField:
    # The input says which language it holds: spell-checkers and screen readers follow it.
    attrs = {"lang": code}
    return forms.CharField(
        label=format_lazy("{} ({})", TEXT_LABELS[name], language_name),
        max_length=TEXT_LIMITS[name],
        required=required,
        help_text=TEXT_HELP.get(name, "") if required else "",
        widget=forms.TextInput(attrs) if name == "title" else forms.Textarea({**attrs, "rows": 4}),
    )


class StayForm(forms.Form):
    """A stay of one territory: its texts in the territory's language, the others optional."""

    grouping = forms.TypedChoiceField(label=_("Grouping"), coerce=int)
    commune = forms.TypedChoiceField(label=_("Commune"), coerce=int)
    accommodation_partner = forms.CharField(
        label=_("Accommodation partner"),
        max_length=200,
        help_text=_("The gîte, hotel or landlord who hosts the households."),
    )
    workspace_resource = forms.TypedChoiceField(
        label=_("Coworking pass"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("A desk booked for each accepted household on the days of the stay."),
    )
    starts_on = forms.DateField(label=_("First day"), widget=DATE_WIDGET)
    ends_on = forms.DateField(label=_("Last day"), widget=DATE_WIDGET)
    capacity = forms.IntegerField(
        label=_("Households welcomed"), min_value=1, max_value=MAX_CAPACITY
    )
    price = forms.DecimalField(
        label=_("Price per household (€)"),
        min_value=0,
        max_digits=8,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )

    def __init__(self, *args: Any, territory: Territory, groupings: list[Grouping], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.territory = territory
        self.default_language = territory.default_language
        languages = dict(settings.LANGUAGES)
        ordered = [self.default_language, *(c for c in languages if c != self.default_language)]
        # The territory's language first (required), then the others (optional) in that order.
        self.language_groups = []
        for code in ordered:
            names = []
            for name in TEXT_LABELS:
                required = code == self.default_language and name != "meetings"
                field_name = f"{name}_{code}"
                self.fields[field_name] = _text_field(code, name, languages[code], required)
                names.append(field_name)
            self.language_groups.append((code, languages[code], names))
        self._choices(groupings)

    def _choices(self, groupings: list[Grouping]) -> None:
        cast(forms.TypedChoiceField, self.fields["grouping"]).choices = [
            (g.pk, g.name) for g in groupings
        ]
        cast(forms.TypedChoiceField, self.fields["commune"]).choices = [
            (g.name, [(c.pk, c.name) for c in g.communes.order_by("name")]) for g in groupings
        ]
        resources = (
            Resource.objects.public()
            .filter(workspace__territory=self.territory, workspace__status=WorkspaceStatus.OPEN)
            .select_related("workspace__commune")
            .order_by("workspace__name", "name")
        )
        by_workspace: dict[str, list[tuple[int, str]]] = {}
        for resource in resources:
            label = f"{resource.workspace.name} ({resource.workspace.commune.name})"
            by_workspace.setdefault(label, []).append((resource.pk, resource.name))
        cast(forms.TypedChoiceField, self.fields["workspace_resource"]).choices = [
            ("", _("No coworking pass")),
            *by_workspace.items(),
        ]

    def text_groups(self) -> list[tuple[str, Any, list[forms.BoundField]]]:
        """(language code, language name, its bound fields), the territory's language first."""
        return [
            (code, name, [self[f] for f in names]) for code, name, names in self.language_groups
        ]

    def other_fields(self) -> list[forms.BoundField]:
        texts = {f for _code, _name, names in self.language_groups for f in names}
        return [self[name] for name in self.fields if name not in texts]

    def stay_fields(self) -> StayFields:
        data = self.cleaned_data
        texts = {
            code: StayText(**{name: data.get(f"{name}_{code}") or "" for name in TEXT_LABELS})
            for code, _name, _names in self.language_groups
        }
        return StayFields(
            grouping_id=data["grouping"],
            commune_id=data["commune"],
            texts=texts,
            accommodation_partner=data["accommodation_partner"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            capacity=data["capacity"],
            price=data["price"],
            workspace_resource_id=data["workspace_resource"],
        )


def form_refusal(form: forms.Form, refusal: DomainError) -> int:
    """Put a service's refusal beside its field (or above the form); the status to answer."""
    form.add_error(refusal.field if refusal.field in form.fields else None, refusal.message)
    return refusal.http_status


def button_action(request: HttpRequest, perform: Callable[[], object], done: str) -> None:
    """A one-button action of the stay pages (publish, cancel, withdraw): the service's success
    or refusal becomes the page's message; NotFound stays a 404 (not one's own, or no such)."""
    try:
        perform()
    except NotFound:
        raise
    except DomainError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, done)


def stay_initial(stay: DiscoveryStay) -> dict[str, Any]:
    """The form's values for an existing stay (each language's own texts, no fallback)."""
    initial: dict[str, Any] = {
        "grouping": stay.grouping_id,
        "commune": stay.commune_id,
        "accommodation_partner": stay.accommodation_partner,
        "workspace_resource": stay.workspace_resource_id,
        "starts_on": stay.starts_on,
        "ends_on": stay.ends_on,
        "capacity": stay.capacity,
        "price": stay.price,
    }
    for code, _name in settings.LANGUAGES:
        for name in TEXT_LABELS:
            initial[f"{name}_{code}"] = getattr(stay, f"{name}_{code}") or ""
    return initial


class ApplyForm(forms.Form):
    """A household's application; the consent's words are the service's, shown as they are
    recorded."""

    people = forms.IntegerField(
        label=_("People coming"),
        min_value=1,
        max_value=MAX_PEOPLE,
        initial=2,
        help_text=_("Adults and children of your household."),
    )
    message = forms.CharField(
        label=_("Message to the organisers"),
        max_length=MAX_MESSAGE,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Your project, your work, what you would like to see or whom to meet."),
    )
    consent = forms.BooleanField(label="", required=True)
    request_key = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)

    def __init__(self, *args: Any, stay: DiscoveryStay, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["consent"].label = stay_consent_wording(stay)
        self.fields["consent"].error_messages["required"] = _(
            "Your consent is needed to send the application."
        )
