"""The "Living in …" block of a commune page, as groups of plain lines for the template.

Built from `observatory.selectors.living.commune_living` without any further query. Each line
says its source and period; a figure that is missing reads "unknown", one under statistical
secrecy says so — never a zero. Distances are as the crow flies and say from where.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _

from alpsatellites.core.cache import scope_versions, territory_scope
from alpsatellites.observatory.models import FacilityKind, NearestFacility
from alpsatellites.observatory.selectors.living import CommuneLiving, Figure, commune_living
from alpsatellites.territories.models import Commune, Source, Territory
from alpsatellites.www.templatetags.showcase import figure, opening_period

from .figures import value_text, with_unit


@dataclass(frozen=True)
class Cite:
    source: Source | None
    period: str = ""
    text: str = ""  # when there is no Source row: "AlpSatellites listings"

    @property
    def short(self) -> str:
        """ "INSEE" for "INSEE, comparateur de territoires (…)": titles name their publisher
        first; the full title is the link's tooltip and is on the sources page."""
        if self.source is None:
            return self.text
        head = self.source.title.split(",", 1)[0].strip()
        return head if head and len(head) <= 40 else self.source.title


@dataclass(frozen=True)
class Link:
    text: str
    url: str
    note: str = ""


@dataclass
class Line:
    label: str
    text: str
    notes: list[str] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    cites: list[Cite] = field(default_factory=list)


@dataclass
class Group:
    key: str
    title: Any
    lines: list[Line]


GROUPS = {
    "work": gettext_lazy("Connectivity & work"),
    "moving": gettext_lazy("Getting around"),
    "children": gettext_lazy("Children & schools"),
    "health": gettext_lazy("Health & shops"),
    "housing": gettext_lazy("Housing"),
    "people": gettext_lazy("People"),
}


def _cite(item: Figure | None) -> list[Cite]:
    return [Cite(item.source, item.period)] if item is not None else []


def _text(item: Figure | None, unit: str | None = None) -> str:
    if item is None:
        return str(_("unknown"))
    return value_text(item.value, item.status, item.unit if unit is None else unit, item.decimals)


def _km(distance: float) -> str:
    return with_unit(distance, "km", 1)


def _facility_line(label: str, nearest: NearestFacility | None, commune: Commune) -> Line:
    if nearest is None:
        return Line(label, str(_("unknown")))
    facility = nearest.facility
    if facility.commune_id == commune.pk:
        where = _("in the commune, %(distance)s from the town centre") % {
            "distance": _km(nearest.distance_km)
        }
    elif facility.commune is not None:
        where = _("in %(commune)s, %(distance)s away") % {
            "commune": facility.commune.name,
            "distance": _km(nearest.distance_km),
        }
    else:
        where = _("%(distance)s away") % {"distance": _km(nearest.distance_km)}
    return Line(label, f"{facility.name} — {where}", cites=[Cite(facility.source)])


def _line_name(line: object) -> str:
    if isinstance(line, dict):
        return str(line.get("name") or line.get("code") or "")
    return str(line)


def _periods(hours: object) -> list[dict[str, Any]]:
    """Opening periods as stored by the station-hours import ({"normal": [...]}) or a list."""
    if isinstance(hours, dict):
        hours = hours.get("normal")
    if isinstance(hours, list):
        return [p for p in hours if isinstance(p, dict) and "days" in p and "slots" in p]
    return []


def _station_notes(nearest: NearestFacility | None) -> list[str]:
    if nearest is None:
        return []
    details = nearest.facility.details or {}
    notes = []
    lines = details.get("lines")
    names = [_line_name(line) for line in lines] if isinstance(lines, list) else []
    if names and all(names):
        notes.append(_("Railway line(s): %(lines)s") % {"lines": ", ".join(names)})
    periods = _periods(details.get("hours"))
    if periods:
        notes.append(
            _("Station open: %(hours)s") % {"hours": "; ".join(opening_period(p) for p in periods)}
        )
    return notes


def _hospital_notes(nearest: NearestFacility | None) -> list[str]:
    if nearest is None:
        return []
    details = nearest.facility.details or {}
    notes = [str(details["facility_type"])] if details.get("facility_type") else []
    emergency = details.get("emergency")
    if emergency is True:
        notes.append(str(_("Has an emergency department.")))
    elif emergency is False:
        notes.append(str(_("No emergency department there.")))
    else:
        notes.append(str(_("Emergency department: not stated in the source.")))
    return notes


def _count_text(item: Figure | None, describe: Callable[[int], str]) -> str:
    """A BPE count in words; the msgids stay literal at each call so that they are extracted."""
    if item is None or not item.known:
        return _text(item)
    return describe(int(item.value or 0))


def distance_basis(living: CommuneLiving) -> str:
    methods = {nearest.method for nearest in living.nearest.values()}
    if methods == {"centroid"}:
        return str(_("Distances as the crow flies from the centre of the commune's area."))
    return str(_("Distances as the crow flies from the town hall."))


def living_groups(commune: Commune, living: CommuneLiving) -> list[Group]:
    get = living.figure
    nearest = living.nearest
    station = nearest.get(FacilityKind.STATION)

    fibre = get("fibre_share")
    fibre_text = _text(fibre)
    if fibre is not None and fibre.known:
        fibre_text = _("%(share)s of premises can be connected to fibre") % {"share": fibre_text}
    work = [Line(str(_("Fibre")), fibre_text, cites=_cite(fibre)), _workspaces_line(living)]

    moving = [_facility_line(str(_("Nearest station")), station, commune)]
    moving[0].notes.extend(_station_notes(station))
    departures = get("station_departures_per_day")
    if departures is not None:
        moving.append(Line(str(_("Trains per day")), _text(departures), cites=_cite(departures)))

    children = [
        _facility_line(str(_("Nearest collège")), nearest.get(FacilityKind.COLLEGE), commune),
        _lycee_line(commune, living),
    ]

    hospital = _facility_line(
        str(_("Nearest hospital")), nearest.get(FacilityKind.HOSPITAL), commune
    )
    hospital.notes.extend(_hospital_notes(nearest.get(FacilityKind.HOSPITAL)))
    health = [hospital, _pharmacy_line(living), _shops_line(living)]

    housing = _housing_lines(living)
    people = _people_lines(commune, living)
    groups = [
        Group("work", GROUPS["work"], work),
        Group("moving", GROUPS["moving"], moving),
        Group("children", GROUPS["children"], children),
        Group("health", GROUPS["health"], health),
        Group("housing", GROUPS["housing"], housing),
        Group("people", GROUPS["people"], people),
    ]
    return groups


def _workspaces_line(living: CommuneLiving) -> Line:
    line = Line(str(_("Workspaces")), "", cites=[Cite(None, text=str(_("AlpSatellites listings")))])
    for nearby in living.workspaces:
        url = reverse("workspaces:detail", args=[nearby.workspace.slug])
        if nearby.distance_km is None:
            note = str(_("in the commune"))
        else:
            note = _("in %(commune)s, %(distance)s away") % {
                "commune": nearby.workspace.commune.name,
                "distance": _km(nearby.distance_km),
            }
        line.links.append(Link(nearby.workspace.name, url, note))
    if not line.links:
        line.text = str(_("No workspace listed in the commune or within 20 km."))
    return line


def _lycee_line(commune: Commune, living: CommuneLiving) -> Line:
    nearest = living.nearest.get(FacilityKind.LYCEE)
    if nearest is not None:
        return _facility_line(str(_("Nearest lycée")), nearest, commune)
    lycees = living.figure("lycees")
    text = _count_text(
        lycees,
        lambda n: (
            ngettext("%(count)d lycée in the commune", "%(count)d lycées in the commune", n)
            % {"count": n}
            if n
            else str(_("No lycée in the commune"))
        ),
    )
    return Line(str(_("Lycée")), text, cites=_cite(lycees))


def _pharmacy_line(living: CommuneLiving) -> Line:
    pharmacies = living.figure("pharmacies")
    text = _count_text(
        pharmacies,
        lambda n: (
            ngettext("%(count)d pharmacy", "%(count)d pharmacies", n) % {"count": n}
            if n
            else str(_("No pharmacy in the commune"))
        ),
    )
    line = Line(str(_("Pharmacies")), text, cites=_cite(pharmacies))
    other = living.nearest_pharmacy_commune
    if other is not None:
        line.notes.append(
            _(
                "Nearest commune of the territory with one: %(commune)s, %(distance)s "
                "(centre to centre)"
            )
            % {"commune": other.name, "distance": _km(other.distance_km)}
        )
    return line


def _shops_line(living: CommuneLiving) -> Line:
    supermarkets = living.figure("supermarkets")
    groceries = living.figure("grocery_stores")
    parts = []
    if supermarkets is not None:
        parts.append(
            _count_text(
                supermarkets,
                lambda n: (
                    ngettext("%(count)d supermarket", "%(count)d supermarkets", n) % {"count": n}
                    if n
                    else str(_("no supermarket"))
                ),
            )
        )
    if groceries is not None:
        parts.append(
            _count_text(
                groceries,
                lambda n: (
                    ngettext("%(count)d small grocery", "%(count)d small groceries", n)
                    % {"count": n}
                    if n
                    else str(_("no small grocery"))
                ),
            )
        )
    text = ", ".join(parts) if parts else str(_("unknown"))
    cites = _cite(supermarkets) if supermarkets is not None else _cite(groceries)
    return Line(str(_("Shops")), text, cites=cites)


def _housing_lines(living: CommuneLiving) -> list[Line]:
    secondary = living.figure("secondary_home_share")
    vacant = living.figure("vacant_dwelling_share")
    lines = [
        Line(str(_("Second homes")), _text(secondary), cites=_cite(secondary)),
        Line(str(_("Vacant dwellings")), _text(vacant), cites=_cite(vacant)),
    ]
    if secondary is not None and secondary.known and (secondary.value or 0) >= 50:
        lines[0].notes.append(
            str(
                _(
                    "More than half of the homes are lived in only part of the year: expect "
                    "closed shutters out of season and few homes to rent all year round."
                )
            )
        )
    else:
        lines[0].notes.append(str(_("Share of all dwellings used as holiday or occasional homes.")))
    lines[1].notes.append(
        str(_("Empty dwellings: for sale, to let, awaiting work or simply unused."))
    )
    return lines


def _people_lines(commune: Commune, living: CommuneLiving) -> list[Line]:
    population = [p for p in living.history.get("population", []) if p.known]
    if len(population) >= 2:
        first, last = population[0], population[-1]
        change = ((last.value or 0) - (first.value or 0)) / (first.value or 1) * 100
        trend = Line(
            str(_("Population trend")),
            _("%(last)s inhabitants in %(last_year)s, %(first)s in %(first_year)s (%(change)s)")
            % {
                "last": figure(last.value),
                "last_year": last.period,
                "first": figure(first.value),
                "first_year": first.period,
                "change": ("+" if change > 0 else "") + with_unit(change, "%", 1),
            },
            cites=[Cite(last.source, f"{first.period}, {last.period}")],
        )
    elif population:
        trend = Line(
            str(_("Population")),
            _("%(count)s inhabitants in %(year)s")
            % {"count": figure(population[-1].value), "year": population[-1].period},
            cites=_cite(population[-1]),
        )
    else:
        trend = Line(str(_("Population trend")), str(_("unknown")))
    under, over = living.figure("share_under_15"), living.figure("share_60_plus")
    ages = Line(
        str(_("Age")),
        _("%(under)s under 15, %(over)s aged 60 or more")
        % {"under": _text(under), "over": _text(over)},
        cites=_cite(under or over),
    )
    income = living.figure("median_income")
    income_line = Line(
        str(_("Median income")),
        _("%(amount)s a year per consumption unit") % {"amount": _text(income)}
        if income is not None and income.known
        else _text(income),
        cites=_cite(income),
    )
    altitude = Line(
        str(_("Altitude")),
        with_unit(commune.altitude_m, "m") if commune.altitude_m is not None else str(_("unknown")),
    )
    return [trend, ages, income_line, altitude]


def living_sources(living: CommuneLiving) -> list[Source]:
    """Every source the block cites, once, for the footnote of the block."""
    sources: dict[int, Source] = {}
    for figures in living.history.values():
        for item in figures:
            sources[item.source.pk] = item.source
    for nearest in living.nearest.values():
        sources[nearest.facility.source.pk] = nearest.facility.source
    return sorted(sources.values(), key=lambda source: source.title)


# The block is the costliest part of a commune page and changes only when the territory's data
# does: its HTML is kept per commune and language under the territory's cache token, which every
# import and edit of the territory renews (core.cache.content_changed_on_commit), like the
# boundaries' GeoJSON. Signed-in people, who bypass the page cache, still get it at the cost of
# one cache read.
LIVING_BLOCK_SECONDS = 3600


def living_block(territory: Territory, commune: Commune) -> str:
    key = f"living:{scope_versions(territory_scope(territory.slug))}:{commune.pk}:{get_language()}"
    html: str | None = cache.get(key)
    if html is None:
        living = commune_living(commune)
        html = render_to_string(
            "www/_living.html",
            {
                "territory": territory,
                "commune": commune,
                "living_groups": living_groups(commune, living),
                "living_basis": distance_basis(living),
            },
        )
        cache.set(key, html, timeout=LIVING_BLOCK_SECONDS)
    return mark_safe(html)  # noqa: S308 - rendered by the template engine, escaped there
