"""The welcome officers' forms: the inbox filters and what can be done on a case.

The choices that depend on the case (the stages it may move to, who may take it or a task on it)
come from the same functions the services check with, so a form never offers what the service
would refuse.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from alpsatellites.accounts.models import User
from alpsatellites.core.date_range import validate_in_range
from alpsatellites.core.pagination import page_field

from .models import ClosingReason, Stage
from .selectors.inbox import ASSIGNED_TO_ME, UNASSIGNED, case_assignees, case_readers
from .services.cases import MAX_NOTE, MAX_TITLE, stage_targets
from .services.messages import MAX_BODY


class InboxFilterForm(forms.Form):
    stage = forms.ChoiceField(
        label=_("Stage"),
        required=False,
        choices=[("", _("All open cases")), *Stage.choices],
    )
    grouping = forms.TypedChoiceField(
        label=_("Grouping of communes"), required=False, coerce=int, empty_value=None
    )
    assigned = forms.ChoiceField(
        label=_("Assigned to"),
        required=False,
        choices=[
            ("", _("Anyone")),
            (ASSIGNED_TO_ME, _("Me")),
            (UNASSIGNED, _("Nobody yet")),
        ],
    )
    awaiting = forms.BooleanField(label=_("Waiting for a first response"), required=False)
    page = page_field()

    def __init__(self, *args, groupings=(), **kwargs):
        super().__init__(*args, **kwargs)
        grouping_field = self.fields["grouping"]
        assert isinstance(grouping_field, forms.TypedChoiceField)
        grouping_field.choices = [("", _("All groupings"))] + [(g.pk, g.name) for g in groupings]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented recipe); each is checked by the service."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class PersonChoiceField(forms.ModelChoiceField):
    """A choice among people, shown by name (or e-mail when they gave no name)."""

    def label_from_instance(self, obj: User) -> str:
        return obj.name or obj.email


class ReplyForm(forms.Form):
    prefix = "reply"  # several forms on one page: ids and names of their own
    body = forms.CharField(
        label=_("Your message to the household"),
        max_length=MAX_BODY,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    attachments = MultipleFileField(
        label=_("Attach files (PDF, PNG or JPEG)"),
        required=False,
    )

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)


class NoteForm(forms.Form):
    prefix = "note"  # several forms on one page: ids and names of their own
    body = forms.CharField(
        label=_("Private note (never shown to the household)"),
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)


class TaskForm(forms.Form):
    prefix = "task"  # several forms on one page: ids and names of their own
    title = forms.CharField(label=_("Task"), max_length=MAX_TITLE)
    due_on = forms.DateField(
        label=_("Due on"),
        validators=[validate_in_range],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    assignee = PersonChoiceField(
        label=_("For"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Whoever follows the case"),
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        assignee = self.fields["assignee"]
        assert isinstance(assignee, PersonChoiceField)
        assignee.queryset = case_readers(case)


class StageForm(forms.Form):
    prefix = "stage"  # several forms on one page: ids and names of their own
    stage = forms.ChoiceField(label=_("Move to the stage"))
    closing_reason = forms.ChoiceField(
        label=_("Reason for closing (when closing)"),
        required=False,
        choices=[("", "—"), *ClosingReason.choices],
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        stage = self.fields["stage"]
        assert isinstance(stage, forms.ChoiceField)
        stage.choices = [(value, Stage(value).label) for value in stage_targets(case.stage)]


class AssignForm(forms.Form):
    prefix = "assign"  # several forms on one page: ids and names of their own
    assignee = PersonChoiceField(
        label=_("Hand the case to"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Nobody in particular"),
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        assignee = self.fields["assignee"]
        assert isinstance(assignee, PersonChoiceField)
        assignee.queryset = case_assignees(case)
