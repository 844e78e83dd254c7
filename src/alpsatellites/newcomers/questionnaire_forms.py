"""The needs questionnaire, one form per step, each filling part of a `NeedsProfile`.

Every bound comes from `matching.profile.LIMITS` (the API's serializer reads the same), so the
page and the API refuse the same impossible answers. Errors are tied to their input by
aria-describedby (Django 5.2 names them `<id>_error`, the ids the templates give the messages)
and each radio group is a fieldset with a legend.
"""

from typing import Any, ClassVar

from django import forms
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from alpsatellites.matching.profile import LIMITS, Importance, NeedsProfile, Season, WorkStatus

IMPORTANCE_CHOICES = [
    (Importance.MUST.value, _("Must have")),
    (Importance.NICE.value, _("Nice to have")),
    (Importance.NO.value, _("Not needed")),
]
WORK_CHOICES = [
    (WorkStatus.EMPLOYEE.value, _("Employee of a company, working remotely")),
    (WorkStatus.FREELANCER.value, _("Freelancer")),
    (WorkStatus.FOUNDER.value, _("Founder of a company")),
    (WorkStatus.JOB_SEEKER.value, _("Looking for a job")),
    (WorkStatus.OTHER.value, _("Other")),
]
SEASON_CHOICES = [
    (Season.SPRING.value, _("Spring")),
    (Season.SUMMER.value, _("Summer")),
    (Season.AUTUMN.value, _("Autumn")),
    (Season.WINTER.value, _("Winter")),
    (Season.UNDECIDED.value, _("Not decided yet")),
]
# The languages a household may say it speaks: the platform's four and those most often spoken
# by people moving to the Alps. Named in the page's language by Django's own catalogue.
SPOKEN_LANGUAGES = ["fr", "en", "it", "de", "es", "pt", "nl", "pl", "ro", "ar"]


def bounded(name: str, label: Any, **kwargs: Any) -> forms.IntegerField:
    low, high = LIMITS[name]
    return forms.IntegerField(
        label=label,
        min_value=low,
        max_value=high,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        **kwargs,
    )


def radios(label: Any, choices: list[tuple[str, Any]], **kwargs: Any) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=choices, widget=forms.RadioSelect, **kwargs)


class StepForm(forms.Form):
    """One step. `groups` lays the fields out: (legend or None, field names); a legend makes a
    fieldset, and a radio field first in it takes the legend as its own."""

    title: ClassVar[Any] = ""
    groups: ClassVar[list[tuple[Any, list[str]]]] = []

    @classmethod
    def initial_from(cls, profile: NeedsProfile) -> dict[str, Any]:
        data = profile.to_dict()
        return {name: data[name] for name in cls.base_fields if name in data}

    def profile_values(self) -> dict[str, Any]:
        """The cleaned answers as NeedsProfile fields (to `dataclasses.replace` a profile)."""
        return dict(self.cleaned_data)

    def layout(self) -> list[dict[str, Any]]:
        return [
            {"legend": legend, "fields": [self[name] for name in names]}
            for legend, names in self.groups
        ]


class HouseholdForm(StepForm):
    title = _("Your household")
    groups: ClassVar[list[tuple[Any, list[str]]]] = [
        (None, ["adults"]),
        (_("Children"), ["number_of_children", "children_ages"]),
    ]

    adults = bounded("adults", _("Adults"))
    # Not named "children": an input of that name would hide the form element's DOM property.
    number_of_children = bounded("children", _("Number of children"))
    children_ages = forms.CharField(
        label=_("Their ages, separated by commas"),
        help_text=_("For example: 4, 9. Leave empty if you have no children."),
        required=False,
        max_length=100,
    )

    @classmethod
    def initial_from(cls, profile: NeedsProfile) -> dict[str, Any]:
        return {
            "adults": profile.adults,
            "number_of_children": len(profile.children_ages),
            "children_ages": ", ".join(str(age) for age in profile.children_ages),
        }

    def clean_children_ages(self) -> tuple[int, ...]:
        low, high = LIMITS["child_age"]
        ages, errors = [], []
        for piece in self.cleaned_data["children_ages"].replace(";", ",").split(","):
            piece = piece.strip()
            if not piece:
                continue
            try:
                age = int(piece)
            except ValueError:
                errors.append(_("“%(value)s” is not an age in years.") % {"value": piece})
                continue
            if not low <= age <= high:
                errors.append(
                    _("%(age)s is not an age we can count: give ages from %(low)s to %(high)s.")
                    % {"age": age, "low": low, "high": high}
                )
            ages.append(age)
        if errors:
            raise forms.ValidationError(errors)
        return tuple(ages)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        children, ages = data.get("number_of_children"), data.get("children_ages")
        if children is not None and ages is not None and len(ages) != children:
            self.add_error(
                "children_ages",
                _("Give one age per child: %(children)s children, %(ages)s ages given.")
                % {"children": children, "ages": len(ages)},
            )
        return data

    def profile_values(self) -> dict[str, Any]:
        return {
            "adults": self.cleaned_data["adults"],
            "children_ages": self.cleaned_data["children_ages"],
        }


class WorkForm(StepForm):
    title = _("Your work")
    groups: ClassVar[list[tuple[Any, list[str]]]] = [
        (_("How do you work?"), ["work_status"]),
        (None, ["employer_location", "office_days_per_month"]),
        (_("Your partner"), ["partner_job_search", "partner_sector"]),
    ]

    work_status = radios(_("How do you work?"), WORK_CHOICES)
    employer_location = forms.CharField(
        label=_("Where is your employer or main client?"),
        help_text=_("A town or a country. Leave empty if it does not apply."),
        required=False,
        max_length=200,
    )
    office_days_per_month = bounded(
        "office_days_per_month",
        _("Days per month at the office"),
        help_text=_("0 if you never go."),
    )
    partner_job_search = forms.BooleanField(
        label=_("My partner is looking for a job here"), required=False
    )
    partner_sector = forms.CharField(
        label=_("In which line of work?"),
        help_text=_("For example: nursing, teaching, tourism."),
        required=False,
        max_length=200,
    )


# Each must-have: its importance field, its label and, for some, the number that goes with it.
CRITERIA: list[tuple[str, Any, str | None]] = [
    ("fibre", _("Fibre broadband"), None),
    ("station", _("A train station"), "station_minutes"),
    ("school", _("A collège or lycée"), "school_minutes"),
    ("childcare", _("Childcare (crèche, childminder)"), None),
    ("health", _("A doctor and a pharmacy"), "health_minutes"),
    ("coworking", _("A coworking space"), "coworking_minutes"),
    ("altitude", _("Altitude and winter access"), "max_altitude_m"),
    ("housing", _("Housing within your budget"), "housing_budget"),
]


class NeedsForm(StepForm):
    title = _("Must-haves and nice-to-haves")
    groups: ClassVar[list[tuple[Any, list[str]]]] = [
        (label, [name, *([extra] if extra else [])]) for name, label, extra in CRITERIA
    ]

    fibre = radios(_("Fibre broadband"), IMPORTANCE_CHOICES)
    station = radios(_("A train station"), IMPORTANCE_CHOICES)
    station_minutes = bounded("station_minutes", _("Within how many minutes by road?"))
    school = radios(_("A collège or lycée"), IMPORTANCE_CHOICES)
    school_minutes = bounded("school_minutes", _("Within how many minutes by road?"))
    childcare = radios(_("Childcare (crèche, childminder)"), IMPORTANCE_CHOICES)
    health = radios(_("A doctor and a pharmacy"), IMPORTANCE_CHOICES)
    health_minutes = bounded("health_minutes", _("Within how many minutes by road?"))
    coworking = radios(_("A coworking space"), IMPORTANCE_CHOICES)
    coworking_minutes = bounded("coworking_minutes", _("Within how many minutes by road?"))
    altitude = radios(_("Altitude and winter access"), IMPORTANCE_CHOICES)
    max_altitude_m = bounded("max_altitude_m", _("Highest altitude you would live at (m)"))
    housing = radios(_("Housing within your budget"), IMPORTANCE_CHOICES)
    housing_budget = bounded("housing_budget", _("Housing budget per month (€)"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("housing") in ("must", "nice") and data.get("housing_budget") is None:
            self.add_error("housing_budget", _("Give a monthly budget, or choose “Not needed”."))
        return data


class PracticalitiesForm(StepForm):
    title = _("Practicalities")
    groups: ClassVar[list[tuple[Any, list[str]]]] = [
        (_("When would you like to arrive?"), ["arrival_season"]),
        (_("Languages spoken at home"), ["languages"]),
    ]

    arrival_season = radios(_("When would you like to arrive?"), SEASON_CHOICES)
    languages = forms.MultipleChoiceField(
        label=_("Languages spoken at home"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Named at request time, in the page's language.
        field = self.fields["languages"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [
            (code, str(get_language_info(code)["name_translated"])) for code in SPOKEN_LANGUAGES
        ]

    def profile_values(self) -> dict[str, Any]:
        return {
            "arrival_season": self.cleaned_data["arrival_season"],
            "languages": tuple(self.cleaned_data["languages"]),
        }


STEPS: dict[str, type[StepForm]] = {
    "household": HouseholdForm,
    "work": WorkForm,
    "needs": NeedsForm,
    "practicalities": PracticalitiesForm,
}
SUMMARY = "summary"
