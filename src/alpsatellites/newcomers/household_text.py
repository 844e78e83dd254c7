"""What a household reads about its case: the stage in plain words, what happens next, and the
needs profile it shared, written out as sentences rather than field names.

The officers' pages say "Exploring"; the household reads "You are looking at communes and homes
with your officer". Kept in one place so that the request page, the case pages and the e-mails
say the same thing.
"""

from dataclasses import dataclass
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import get_language_info, ngettext
from django.utils.translation import gettext_lazy as _

from alpsatellites.matching.profile import Importance, NeedsProfile, profile_from_dict

from .models import Stage

STAGE_WORDS = {
    Stage.NEW: _("Received: waiting for a first answer"),
    Stage.FIRST_CONTACT: _("In touch with the welcome team"),
    Stage.EXPLORING: _("Looking at communes, homes and work places"),
    Stage.DISCOVERY_STAY: _("Trying a discovery stay"),
    Stage.SETTLING: _("Moving in"),
    Stage.SETTLED: _("Settled"),
    Stage.FOLLOW_UP_6: _("Settled: news after 6 months"),
    Stage.FOLLOW_UP_12: _("Settled: news after 12 months"),
    Stage.CLOSED: _("Closed"),
}

NEXT_STEPS = {
    Stage.NEW: _(
        "A welcome officer reads your request and writes to you here, and by e-mail, to "
        "arrange a first conversation."
    ),
    Stage.FIRST_CONTACT: _(
        "Your officer helps you choose communes to visit and answers your questions on housing, "
        "schools and work places."
    ),
    Stage.EXPLORING: _(
        "Your officer can suggest a discovery stay: a few days to live and work here before "
        "deciding."
    ),
    Stage.DISCOVERY_STAY: _(
        "After your stay, tell your officer what you liked and what was missing: they help you "
        "plan the move."
    ),
    Stage.SETTLING: _(
        "Your officer helps with the last steps: housing, schools, childcare, local contacts."
    ),
    Stage.SETTLED: _("Welcome! Your officer will ask for your news in a few months."),
    Stage.FOLLOW_UP_6: _("Your officer asks how your first months went."),
    Stage.FOLLOW_UP_12: _("Your officer asks how your first year went."),
    Stage.CLOSED: _("This request is closed. You can send a new one whenever you wish."),
}

WORK_WORDS = {
    "employee": _("Employee of a company, working remotely"),
    "freelancer": _("Freelancer"),
    "founder": _("Company founder"),
    "job_seeker": _("Looking for a job"),
    "other": _("Other situation"),
}

SEASON_WORDS = {
    "spring": _("Spring"),
    "summer": _("Summer"),
    "autumn": _("Autumn"),
    "winter": _("Winter"),
    "undecided": _("Not decided yet"),
}


@dataclass(frozen=True)
class SummaryLine:
    label: str
    value: str


def _criteria(profile: NeedsProfile, importance: Importance) -> list[str]:
    wanted = {
        "fibre": _("fibre internet"),
        "station": _("a station within %(minutes)s min") % {"minutes": profile.station_minutes},
        "school": _("a collège or lycée within %(minutes)s min")
        % {"minutes": profile.school_minutes},
        "childcare": _("childcare"),
        "health": _("a doctor and a pharmacy within %(minutes)s min")
        % {"minutes": profile.health_minutes},
        "coworking": _("a coworking space within %(minutes)s min")
        % {"minutes": profile.coworking_minutes},
        "altitude": _("up to %(metres)s m of altitude, reachable in winter")
        % {"metres": number_format(profile.max_altitude_m, force_grouping=True)},
        "housing": _("housing within %(budget)s € a month")
        % {"budget": number_format(profile.housing_budget or 0, force_grouping=True)},
    }
    return [str(text) for name, text in wanted.items() if getattr(profile, name) == importance]


def _language_name(code: str) -> str:
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code


def _household(profile: NeedsProfile) -> str:
    adults = ngettext("%(count)s adult", "%(count)s adults", profile.adults) % {
        "count": profile.adults
    }
    if not profile.children_ages:
        return adults
    children = ngettext("%(count)s child", "%(count)s children", len(profile.children_ages)) % {
        "count": len(profile.children_ages)
    }
    ages = ", ".join(str(age) for age in profile.children_ages)
    return str(_("%(adults)s, %(children)s (aged %(ages)s)")) % {
        "adults": adults,
        "children": children,
        "ages": ages,
    }


def profile_summary(data: NeedsProfile | dict[str, Any] | None) -> list[SummaryLine]:
    """The profile as a few labelled sentences; empty for no profile or an unreadable one."""
    if not data:
        return []
    if isinstance(data, dict):
        try:
            data = profile_from_dict(data)
        except (TypeError, ValueError):
            return []
    profile = data
    lines = [SummaryLine(str(_("Household")), _household(profile))]
    work = str(WORK_WORDS.get(str(profile.work_status), profile.work_status))
    if profile.employer_location:
        work = str(_("%(work)s, employer in %(place)s")) % {
            "work": work,
            "place": profile.employer_location,
        }
    if profile.office_days_per_month:
        work += ", " + ngettext(
            "%(count)s day a month at the office",
            "%(count)s days a month at the office",
            profile.office_days_per_month,
        ) % {"count": profile.office_days_per_month}
    lines.append(SummaryLine(str(_("Work")), work))
    if profile.partner_job_search:
        partner = str(_("Looking for a job"))
        if profile.partner_sector:
            partner = f"{partner} ({profile.partner_sector})"
        lines.append(SummaryLine(str(_("Partner")), partner))
    for label, importance in (
        (_("Must-haves"), Importance.MUST),
        (_("Would like"), Importance.NICE),
    ):
        wanted = _criteria(profile, importance)
        if wanted:
            lines.append(SummaryLine(str(label), "; ".join(wanted)))
    lines.append(
        SummaryLine(
            str(_("Arrival")), str(SEASON_WORDS.get(str(profile.arrival_season), "")) or "—"
        )
    )
    if profile.languages:
        lines.append(
            SummaryLine(
                str(_("Languages spoken")),
                ", ".join(_language_name(code) for code in profile.languages),
            )
        )
    return lines
