"""The needs profile a household shared, told in sentences for the officer who reads the case.

The stored JSON (matching.profile's shape) is read back through `profile_from_dict`; a profile
that no longer reads (an older shape) is said to be unreadable rather than breaking the page.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from alpsatellites.core.formats import euros
from alpsatellites.matching.profile import (
    Importance,
    NeedsProfile,
    Season,
    WorkStatus,
    profile_from_dict,
)

WORK = {
    WorkStatus.EMPLOYEE: gettext_lazy("Employee of a remote company"),
    WorkStatus.FREELANCER: gettext_lazy("Freelancer"),
    WorkStatus.FOUNDER: gettext_lazy("Founder"),
    WorkStatus.JOB_SEEKER: gettext_lazy("Looking for a job"),
    WorkStatus.OTHER: gettext_lazy("Other situation"),
}
SEASONS = {
    Season.SPRING: gettext_lazy("Spring"),
    Season.SUMMER: gettext_lazy("Summer"),
    Season.AUTUMN: gettext_lazy("Autumn"),
    Season.WINTER: gettext_lazy("Winter"),
    Season.UNDECIDED: gettext_lazy("Not decided yet"),
}


def _criteria(profile: NeedsProfile) -> list[tuple[Importance, str]]:
    housing = (
        _("Housing within %(budget)s a month") % {"budget": euros(profile.housing_budget)}
        if profile.housing_budget is not None
        else _("Housing")
    )
    return [
        (profile.fibre, _("Fibre broadband")),
        (profile.station, _("A station within %(n)s min") % {"n": profile.station_minutes}),
        (
            profile.school,
            _("A collège or lycée within %(n)s min") % {"n": profile.school_minutes},
        ),
        (profile.childcare, _("Childcare")),
        (
            profile.health,
            _("A doctor and a pharmacy within %(n)s min") % {"n": profile.health_minutes},
        ),
        (profile.coworking, _("A coworking within %(n)s min") % {"n": profile.coworking_minutes}),
        (
            profile.altitude,
            _("Below %(n)s m, with winter access") % {"n": profile.max_altitude_m},
        ),
        (profile.housing, housing),
    ]


def profile_summary(data: dict) -> list[tuple[str, str]] | None:
    """(heading, sentence) lines of the shared profile; None when it cannot be read."""
    if not data:
        return []
    try:
        profile = profile_from_dict(data)
    except (TypeError, ValueError):
        return None
    children = len(profile.children_ages)
    household = ngettext("%(n)s adult", "%(n)s adults", profile.adults) % {"n": profile.adults}
    if children:
        ages = ", ".join(str(age) for age in profile.children_ages)
        household += ", " + ngettext(
            "%(n)s child (age %(ages)s)", "%(n)s children (ages %(ages)s)", children
        ) % {"n": children, "ages": ages}
    work = str(WORK[profile.work_status])
    if profile.employer_location:
        work += " — " + _("employer in %(place)s") % {"place": profile.employer_location}
    if profile.office_days_per_month:
        work += " — " + ngettext(
            "%(n)s day a month at the office",
            "%(n)s days a month at the office",
            profile.office_days_per_month,
        ) % {"n": profile.office_days_per_month}
    lines = [(_("Household"), household), (_("Work"), work)]
    if profile.partner_job_search:
        partner = _("Yes")
        if profile.partner_sector:
            partner += " — " + profile.partner_sector
        lines.append((_("Partner looking for a job"), partner))
    criteria = _criteria(profile)
    musts = [label for importance, label in criteria if importance == Importance.MUST]
    nices = [label for importance, label in criteria if importance == Importance.NICE]
    lines.append((_("Must-haves"), "; ".join(musts) or _("none")))
    lines.append((_("Nice-to-haves"), "; ".join(nices) or _("none")))
    lines.append((_("Arrival"), str(SEASONS[profile.arrival_season])))
    if profile.languages:
        lines.append((_("Languages spoken"), ", ".join(profile.languages)))
    return lines
