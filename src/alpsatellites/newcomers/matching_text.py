"""The matching engine's reason codes as sentences in the reader's language, and each result as
plain data that the matches page and the API both show.

The engine (no Django) says "far, part=college, threshold=20, value=34, name=Collège X"; this
module says "no collège within 20 min: the nearest, Collège X, is about 34 min by road (estimate
from the straight-line distance)" in French, English, Italian or German. One sentence per place
and situation rather than assembled fragments: articles and agreement differ in each language.
Numbers follow the active language's format.

Pharmacies counted rather than located (INSEE BPE, `basis` in the reason's params) get their own
sentences: "a pharmacy in the commune", or the nearest commune of the territory that has one,
always with the count's source and period.
"""

from collections.abc import Mapping
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alpsatellites.matching.criteria import Criterion, Skipped
from alpsatellites.matching.engine import Citation, CommuneMatch, CriterionResult, Reason

from .selectors.matching import WORKSPACES_CITATION, NearbyWorkspace, TerritoryMatches

CRITERIA = {
    "fibre": gettext_lazy("Fibre"),
    "station": gettext_lazy("Railway station"),
    "school": gettext_lazy("Collège or lycée"),
    "childcare": gettext_lazy("Childcare or nursery school"),
    "health": gettext_lazy("Doctor and pharmacy"),  # the profile's item: `group_label`
    "pharmacy": gettext_lazy("Health: pharmacy"),
    "doctor": gettext_lazy("Health: doctor"),
    "coworking": gettext_lazy("Coworking space"),
    "altitude": gettext_lazy("Altitude and winter access"),
    "housing": gettext_lazy("Housing within budget"),
    "languages": gettext_lazy("Languages spoken"),
}
IMPORTANCE = {"must": gettext_lazy("Must have"), "nice": gettext_lazy("Nice to have")}
STATUS = {
    "met": gettext_lazy("Met"),
    "partial": gettext_lazy("Partly met"),
    "failed": gettext_lazy("Not met"),
    "unknown": gettext_lazy("Unknown"),
}
ESTIMATE = gettext_lazy("estimate from the straight-line distance")
ASK_OFFICER = gettext_lazy("Unknown — ask the welcome officer.")
ASK_OFFICER_SHORT = gettext_lazy("ask the welcome officer")

# A place within the household's limit.
NEAR = {
    "station": gettext_lazy("%(name)s station about %(minutes)s min away by road (%(estimate)s)"),
    # A workspace's name alone ("Quai9") does not say what it is.
    "coworking": gettext_lazy(
        "coworking space %(name)s about %(minutes)s min away by road (%(estimate)s)"
    ),
}
NEAR_DEFAULT = gettext_lazy("%(name)s about %(minutes)s min away by road (%(estimate)s)")
# None within the limit: the nearest one, and how far.
FAR = {
    "station": gettext_lazy(
        "no railway station within %(threshold)s min: the nearest, %(name)s, is about "
        "%(minutes)s min away by road (%(estimate)s)"
    ),
    "college": gettext_lazy(
        "no collège within %(threshold)s min: the nearest, %(name)s, is about %(minutes)s min "
        "away by road (%(estimate)s)"
    ),
    "lycee": gettext_lazy(
        "no lycée within %(threshold)s min: the nearest, %(name)s, is about %(minutes)s min "
        "away by road (%(estimate)s)"
    ),
    "childcare": gettext_lazy(
        "no childcare within %(threshold)s min: the nearest, %(name)s, is about %(minutes)s min "
        "away by road (%(estimate)s)"
    ),
    "nursery": gettext_lazy(
        "no nursery school within %(threshold)s min: the nearest, %(name)s, is about "
        "%(minutes)s min away by road (%(estimate)s)"
    ),
    "doctor": gettext_lazy(
        "no doctor within %(threshold)s min: the nearest, %(name)s, is about %(minutes)s min "
        "away by road (%(estimate)s)"
    ),
    "pharmacy": gettext_lazy(
        "no pharmacy within %(threshold)s min: the nearest, %(name)s, is about %(minutes)s min "
        "away by road (%(estimate)s)"
    ),
    "coworking": gettext_lazy(
        "no coworking space within %(threshold)s min: the nearest, %(name)s, is about "
        "%(minutes)s min away by road (%(estimate)s)"
    ),
}
UNKNOWN = {
    "station": gettext_lazy("nearest railway station: unknown"),
    "college": gettext_lazy("nearest collège: unknown"),
    "lycee": gettext_lazy("nearest lycée: unknown"),
    "childcare": gettext_lazy("nearest childcare: unknown"),
    "nursery": gettext_lazy("nearest nursery school: unknown"),
    # Doctors are neither located nor counted in the platform's data: said, so nobody reads it
    # as "no doctor".
    "doctor": gettext_lazy("nearest doctor: unknown (doctors' locations are not in our data yet)"),
    "pharmacy": gettext_lazy("nearest pharmacy: unknown"),
    "coworking": gettext_lazy("nearest coworking space: unknown"),
    "fibre": gettext_lazy("fibre: unknown"),
    "altitude": gettext_lazy("altitude: unknown"),
    "rent": gettext_lazy("rent: unknown"),
}
# Pharmacies counted in each commune (BPE) rather than located, by the feed's `basis`.
PHARMACY_IN_COMMUNE = gettext_lazy("a pharmacy in the commune")
PHARMACY_NEAREST_COMMUNE = {
    "near": gettext_lazy(
        "no pharmacy in the commune: the nearest commune of the territory with one, %(name)s, "
        "is about %(minutes)s min away by road (%(estimate)s, centre to centre)"
    ),
    "far": gettext_lazy(
        "no pharmacy within %(threshold)s min: the nearest commune of the territory with one, "
        "%(name)s, is about %(minutes)s min away by road (%(estimate)s, centre to centre)"
    ),
}
PHARMACY_NONE_IN_TERRITORY = gettext_lazy(
    "no pharmacy in the commune nor in the rest of the territory: the nearest is unknown"
)
IN_COMMUNE = gettext_lazy("in the commune")
NEAREST_HOSPITAL = gettext_lazy(
    "Nearest hospital: %(name)s, about %(minutes)s min away by road (%(estimate)s)"
)
SKIPPED = {
    "no_child_of_age": gettext_lazy("not counted: no child of that age in your household"),
    "no_budget": gettext_lazy("not counted: no budget given"),
    "no_data": gettext_lazy("not counted: no data says which languages are spoken where"),
}


def _number(value: float, decimals: int = 0) -> str:
    return str(number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True))


def minutes_text(minutes: float) -> str:
    """Whole minutes, at least one: "about 0 min" would read as a promise."""
    return _number(max(1, round(minutes)))


def short_source(title: str) -> str:
    """ "ARCEP fibre deployment by commune" for "ARCEP fibre deployment by commune (latest
    quarter…; …)": titles name their publisher first, details after a comma or a bracket.
    The full title is on the sources page."""
    head = title.split(",", 1)[0].split(" (", 1)[0].strip()
    return head if head and len(head) <= 60 else title


def _cited(text: str, params: Mapping[str, object]) -> str:
    """The text followed by its source's short title and period, when there is one."""
    source = short_source(str(params.get("source") or ""))
    cited = ", ".join(item for item in (source, str(params.get("period") or "")) if item)
    return f"{text} ({cited})" if cited else text


def _counted_text(reason: Reason) -> str | None:
    """A pharmacy counted in the communes (BPE) rather than located; None for any other."""
    params = reason.params
    basis = str(params.get("basis") or "")
    if basis == "in_commune" and reason.code == "near":
        return _cited(str(PHARMACY_IN_COMMUNE), params)
    if basis == "nearest_commune" and reason.code in PHARMACY_NEAREST_COMMUNE:
        words = {
            "name": str(params.get("name") or ""),
            "minutes": minutes_text(float(params.get("value") or 0.0)),
            "threshold": minutes_text(float(params.get("threshold") or 0.0)),
            "estimate": ESTIMATE,
        }
        return _cited(str(PHARMACY_NEAREST_COMMUNE[reason.code]) % words, params)
    if basis == "none_in_territory":
        return _cited(str(PHARMACY_NONE_IN_TERRITORY), params)
    return None


def reason_text(reason: Reason) -> str:
    """One reason as a sentence in the active language."""
    params = reason.params
    part = str(params.get("part", ""))
    counted = _counted_text(reason)
    if counted is not None:
        return counted
    if reason.code == "unknown":
        return str(UNKNOWN.get(part, STATUS["unknown"]))
    value = float(params.get("value") or 0.0)
    threshold = float(params.get("threshold") or 0.0)
    if reason.code in ("near", "far"):
        words = {
            "name": str(params.get("name") or CRITERIA.get(part, part)),
            "minutes": minutes_text(value),
            "threshold": minutes_text(threshold),
            "estimate": ESTIMATE,
        }
        if reason.code == "near":
            return str(NEAR.get(part, NEAR_DEFAULT)) % words
        return str(FAR[part]) % words
    if reason.code == "fibre":
        text = _("fibre: %(value)s %% of premises can be connected") % {"value": _number(value, 0)}
        return _cited(text, params)
    if reason.code == "altitude":
        return _("altitude: %(value)s m (your limit: %(threshold)s m)") % {
            "value": _number(value),
            "threshold": _number(threshold),
        }
    if reason.code == "rent":
        return _("typical rent: %(value)s a month (your budget: %(threshold)s)") % {
            "value": _number(value),
            "threshold": _number(threshold),
        }
    return reason.code


def value_text(result: CriterionResult) -> str:
    """The criterion's value with its unit, or "unknown"."""
    if result.value is None:
        return str(STATUS["unknown"])
    if any(r.params.get("basis") == "in_commune" for r in result.reasons):
        return str(IN_COMMUNE)
    if result.key == "fibre":
        return f"{_number(result.value)} %"
    if result.key == "altitude":
        return f"{_number(result.value)} m"
    if result.key == "housing":
        return _number(result.value)
    return _("about %(minutes)s min") % {"minutes": minutes_text(result.value)}


def citation_data(citation: Citation, period: str = "") -> dict[str, str]:
    if citation.key == WORKSPACES_CITATION:
        title = _("AlpSatellites workspace listings")
        return {"key": citation.key, "title": title, "short": title, "url": "", "period": ""}
    return {
        "key": citation.key,
        "title": citation.title,
        "short": short_source(citation.title),
        "url": citation.url,
        "period": period,
    }


def _criterion_names(criterion: Criterion | CriterionResult) -> dict[str, str]:
    """A criterion's key, group and importance with their labels: the same for a counted
    criterion and for one commune's result of it."""
    group = criterion.group or criterion.key
    return {
        "key": criterion.key,
        "label": str(CRITERIA.get(criterion.key, criterion.key)),
        "group": group,
        "group_label": str(CRITERIA.get(group, criterion.key)),
        "importance": str(criterion.importance),
        "importance_label": str(IMPORTANCE.get(str(criterion.importance), "")),
    }


def _criterion_data(result: CriterionResult, matches: TerritoryMatches) -> dict[str, Any]:
    sources: dict[str, dict[str, str]] = {}
    for reason in result.reasons:
        key = str(reason.params.get("source_key") or "")
        citation = matches.citations.get(key)
        if citation is not None and key not in sources:
            sources[key] = citation_data(citation, str(reason.params.get("period") or ""))
    return {
        **_criterion_names(result),
        "threshold": result.threshold,
        "value": result.value,
        "value_text": value_text(result),
        "known": result.known,
        "points": result.points,
        "possible": result.possible,
        "status": result.status,
        "status_label": str(STATUS[result.status]),
        "ask_officer": result.ask_officer,
        "ask_officer_text": str(ASK_OFFICER) if result.ask_officer else "",
        "ask_officer_short": str(ASK_OFFICER_SHORT) if result.ask_officer else "",
        "reasons": [
            {"code": r.code, "params": dict(r.params), "text": reason_text(r)}
            for r in result.reasons
        ],
        "sources": list(sources.values()),
    }


def _workspace_data(workspace: NearbyWorkspace) -> dict[str, Any]:
    return {
        "slug": workspace.slug,
        "name": workspace.name,
        "commune": workspace.commune,
        "distance_km": workspace.km,
        "minutes": round(workspace.minutes),
        "minutes_text": _("about %(minutes)s min") % {"minutes": minutes_text(workspace.minutes)},
    }


def hospital_data(match: CommuneMatch, matches: TerritoryMatches) -> dict[str, Any] | None:
    """The commune's nearest hospital, as information (no criterion: matching/criteria.py)."""
    table = matches.ranking.table
    minutes = float(table.measure("hospital")[match.index])
    if minutes != minutes:  # NaN: no hospital file loaded
        return None
    name = table.labels["hospital"][match.index]
    key = table.sources["hospital"][match.index]
    citation = matches.citations.get(key)
    period = table.periods["hospital"][match.index]
    return {
        "name": name,
        "minutes": round(minutes),
        "minutes_text": _("about %(minutes)s min") % {"minutes": minutes_text(minutes)},
        "text": str(NEAREST_HOSPITAL)
        % {"name": name, "minutes": minutes_text(minutes), "estimate": ESTIMATE},
        "source": citation_data(citation, period) if citation is not None else None,
    }


def match_data(match: CommuneMatch, matches: TerritoryMatches) -> dict[str, Any]:
    """One commune's result as plain data (JSON-ready), its texts in the active language."""
    criteria = [_criterion_data(result, matches) for result in match.criteria]
    return {
        "rank": match.rank,
        "code": match.code,
        "name": match.name,
        "score": match.score,
        "points": {"earned": round(match.earned, 2), "possible": match.possible},
        "excluded": match.excluded,
        "failed": list(match.failed),
        "failed_reasons": [
            reason["text"]
            for item in criteria
            if item["key"] in match.failed
            for reason in item["reasons"]
            if reason["code"] != "near"
        ],
        "unknown": list(match.unknown),
        "known_count": sum(1 for c in match.criteria if c.known),
        "asked_count": len(match.criteria),
        "criteria": criteria,
        "workspaces": [_workspace_data(w) for w in matches.workspaces.get(match.code, ())],
        "hospital": hospital_data(match, matches),
    }


def skipped_data(skipped: Skipped) -> dict[str, str]:
    return {
        "key": skipped.key,
        "label": str(CRITERIA.get(skipped.key, skipped.key)),
        "reason": skipped.reason,
        "text": str(SKIPPED.get(skipped.reason, skipped.reason)),
    }


def matches_data(matches: TerritoryMatches) -> dict[str, Any]:
    """The whole answer: ranked communes, excluded ones with why, what was not counted, the
    travel-time estimate and the sources."""
    travel = matches.travel
    return {
        "territory": matches.territory.slug,
        "counted": [_criterion_names(c) for c in matches.ranking.criteria],
        "matches": [match_data(m, matches) for m in matches.ranked],
        "excluded": [match_data(m, matches) for m in matches.excluded],
        "not_counted": [skipped_data(s) for s in matches.ranking.skipped],
        "travel_time": {
            "detour_factor": travel.detour_factor,
            "average_speed_kmh": travel.average_speed_kmh,
            "status": travel.status,
            "text": travel_text(matches),
        },
        "sources": [
            citation_data(c) for c in sorted(matches.citations.values(), key=lambda c: c.key)
        ],
    }


def travel_text(matches: TerritoryMatches) -> str:
    travel = matches.travel
    return _(
        "Times are estimates from straight-line distances: distance × %(detour)s for the road's "
        "detours, at %(speed)s km/h on average. Both figures are assumptions, not measurements."
    ) % {"detour": _number(travel.detour_factor, 1), "speed": _number(travel.average_speed_kmh)}
