"""Forms of the decision pages: the dashboard's filters, the scenario's assumptions, the report.

Every value arrives from a query string or a form and is checked here: a wrong one is a field
error on the page (status 400), never a 500.
"""

import datetime

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from alpsatellites.core.date_range import in_range, out_of_range_message
from alpsatellites.territories.models import Grouping, Territory
from alpsatellites.workspaces import occupancy

from .scenario import Assumption
from .selectors.scenario import BY_FEASIBILITY, BY_POPULATION

# Labels and units of the assumptions (keys of data/scenario_assumptions.json).
ASSUMPTION_LABELS = {
    "households": (_("Remote-worker households settling"), _("households")),
    "years": (_("Over how many years"), _("years")),
    "household_size": (_("People per household"), _("people")),
    "child_share": (_("Share of children (under 18) among them"), _("0–1")),
    "remote_workers_per_household": (_("Remote workers per household"), _("people")),
    "coworking_share": (_("Share of remote workers using a coworking space"), _("0–1")),
    "coworking_days_per_week": (_("Days a week spent there"), _("days")),
    "commute_km_avoided": (_("One-way commute avoided per remote-work day"), _("km")),
    "remote_days_per_year": (_("Remote-work days per year"), _("days")),
    "car_share": (_("Share of those commutes that would be by car"), _("0–1")),
    "car_emission_kg_per_km": (_("Car emission factor"), _("kg CO₂e per km")),
    "local_spending_per_household": (_("Local spending per household and year"), _("€")),
}


class GroupingChoiceMixin:
    """A `grouping` field listing the territory's groupings by official id ("" = all), and
    each field in error described by its message (aria-describedby)."""

    territory: Territory

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        for name in self.errors:  # type: ignore[attr-defined]
            if name in self.fields:  # type: ignore[attr-defined]
                bound = self[name]  # type: ignore[index]
                self.fields[name].widget.attrs["aria-describedby"] = f"{bound.auto_id}-error"  # type: ignore[attr-defined]

    def grouping_field(self) -> forms.ChoiceField:
        groupings = (
            Grouping.objects.filter(territory=self.territory)
            .order_by("name")
            .values_list("official_id", "name")
        )
        choices = [("", _("The whole territory")), *groupings]
        return forms.ChoiceField(label=_("Grouping of communes"), choices=choices, required=False)

    def chosen_grouping(self, official_id: str) -> Grouping | None:
        if not official_id:
            return None
        return Grouping.objects.get(territory=self.territory, official_id=official_id)


class DashboardFilterForm(GroupingChoiceMixin, forms.Form):
    period = forms.ChoiceField(
        label=_("Period"),
        choices=[(occupancy.WEEK, _("By week")), (occupancy.MONTH, _("By month"))],
        required=False,
    )
    start = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, territory: Territory, **kwargs):
        self.territory = territory
        super().__init__(*args, **kwargs)
        self.fields["grouping"] = self.grouping_field()
        self.order_fields(["grouping", "period", "start"])

    def clean_start(self) -> datetime.date | None:
        start: datetime.date | None = self.cleaned_data.get("start")
        if start is not None and not in_range(start):
            raise forms.ValidationError(out_of_range_message())
        return start


class ScenarioForm(GroupingChoiceMixin, forms.Form):
    distribution = forms.ChoiceField(
        label=_("Where the households settle"),
        choices=[
            (BY_POPULATION, _("In proportion to each commune's population")),
            (BY_FEASIBILITY, _("In proportion to each commune's feasibility score")),
        ],
        initial=BY_POPULATION,
    )

    def __init__(self, *args, territory: Territory, assumptions: dict[str, Assumption], **kwargs):
        self.territory = territory
        self.assumptions = assumptions
        super().__init__(*args, **kwargs)
        self.fields["grouping"] = self.grouping_field()
        for key, a in assumptions.items():
            label, unit = ASSUMPTION_LABELS.get(key, (key, ""))
            field: forms.Field
            if a.decimals == 0:
                field = forms.IntegerField(
                    min_value=int(a.minimum), max_value=int(a.maximum), initial=int(a.value)
                )
            else:
                field = forms.DecimalField(
                    min_value=a.minimum,
                    max_value=a.maximum,
                    initial=a.value,
                    # "0,3" in French, "0.3" in English: typed as the reader writes numbers.
                    localize=True,
                )
            field.label = label
            field.required = True
            field.widget.attrs.update({"inputmode": "decimal"})
            if a.decimals == 0:
                field.widget.attrs["step"] = "1"
            field.unit = unit  # type: ignore[attr-defined]
            field.assumption = a  # type: ignore[attr-defined]
            self.fields[key] = field

    def values(self) -> dict[str, float]:
        return {key: float(self.cleaned_data[key]) for key in self.assumptions}

    def assumption_fields(self) -> list[forms.BoundField]:
        return [self[key] for key in self.assumptions]


class ReportRequestForm(GroupingChoiceMixin, forms.Form):
    language = forms.ChoiceField(label=_("Language of the report"), choices=settings.LANGUAGES)

    def __init__(self, *args, territory: Territory, **kwargs):
        self.territory = territory
        super().__init__(*args, **kwargs)
        self.fields["grouping"] = self.grouping_field()
