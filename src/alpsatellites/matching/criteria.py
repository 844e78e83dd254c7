"""Which criteria a needs profile asks for, and how each one is measured and scored.

Kept apart from the engine so that the rules a household reads ("a station within 30 min counts
fully, then less and less until twice that") are written once, as data: the engine only applies
them to arrays. The household decides what applies: a collège or lycée only with children of
secondary-school age, childcare only with children under six.

Every item of the profile is worth the same number of points (`POINTS`): the profile's MUST/NICE
says what excludes, not what weighs more, so a score stays easy to explain. Health is one item of
the profile but two criteria, pharmacy and doctor, because their data differ (pharmacies are
counted in every French commune, doctors' places are often not loaded): each is scored and
excluded on its own, each worth half the item's points, so health weighs what any other item
weighs when both are known and a known pharmacy still counts when the doctor is unknown.
The nearest hospital is not a criterion: the profile has no limit for it (the health minutes are
for everyday care) and a fixed limit nobody chose would exclude or mark down most mountain
communes; the feed gives it as information beside each commune instead.
"""

from dataclasses import dataclass
from enum import StrEnum

from .profile import Importance, NeedsProfile

POINTS = 10.0

# Measures of a commune the engine reads (keys of CommuneTable.values). Travel times are minutes.
TRAVEL_MEASURES = (
    "station",
    "college",
    "lycee",
    "childcare",
    "nursery",
    "doctor",
    "pharmacy",
    "coworking",
)
# Health's criteria, in the order the pages show them (all under the profile's "health").
HEALTH_PARTS = ("pharmacy", "doctor")
HEALTH = "health"
FIBRE = "fibre"  # share of premises that can be connected to fibre, %
ALTITUDE = "altitude"  # metres
RENT = "rent"  # monthly rent of a home for the household, in the territory's currency

# Fibre has no threshold in the profile: 80 % of premises is the "fibre for everyone" line the
# territory home uses too; below 40 % a NICE fibre earns nothing.
FIBRE_FULL_SHARE = 80.0
FIBRE_ZERO_SHARE = 40.0
# Past the household's maximum altitude a NICE criterion loses all its points over this height.
ALTITUDE_DECAY_M = 500.0
# Past the budget a NICE housing criterion loses all its points at budget × (1 + this).
RENT_DECAY_SHARE = 0.5

# Ages (inclusive) for which a family needs each kind of place.
CHILDCARE_AGES = (0, 2)  # crèche, childminders' centres
NURSERY_AGES = (3, 5)  # école maternelle
COLLEGE_AGES = (11, 14)
LYCEE_AGES = (15, 18)


class Rule(StrEnum):
    TRAVEL = "travel"  # minutes, lower is better, full up to the threshold, zero at twice it
    FIBRE = "fibre"  # share, higher is better
    ALTITUDE = "altitude"  # metres, lower is better
    RENT = "rent"  # money, lower is better


@dataclass(frozen=True)
class Criterion:
    key: str  # station, school, childcare, pharmacy, doctor…
    importance: Importance
    rule: Rule
    parts: tuple[str, ...]  # measures, all needed (school = collège AND lycée when both apply)
    threshold: float
    points: float = POINTS
    group: str = ""  # the profile's item when it is not the key ("health" for pharmacy, doctor)


@dataclass(frozen=True)
class Skipped:
    """A criterion the profile mentions but that is not scored, and why (a code)."""

    key: str
    reason: str  # no_child_of_age, no_budget, no_data


def _has_child(ages: tuple[int, ...], bounds: tuple[int, int]) -> bool:
    return any(bounds[0] <= age <= bounds[1] for age in ages)


def criteria_for(profile: NeedsProfile) -> tuple[list[Criterion], list[Skipped]]:
    """The criteria to score, in the order the pages show them, and those left aside."""
    criteria: list[Criterion] = []
    skipped: list[Skipped] = []

    def add(
        key: str,
        importance: Importance,
        rule: Rule,
        parts: tuple[str, ...],
        threshold: float,
        *,
        points: float = POINTS,
        group: str = "",
    ) -> None:
        if importance != Importance.NO:
            criteria.append(
                Criterion(key, importance, rule, parts, float(threshold), points, group)
            )

    ages = profile.children_ages
    add("fibre", profile.fibre, Rule.FIBRE, (FIBRE,), FIBRE_FULL_SHARE)
    add("station", profile.station, Rule.TRAVEL, ("station",), profile.station_minutes)
    schools = tuple(
        kind
        for kind, bounds in (("college", COLLEGE_AGES), ("lycee", LYCEE_AGES))
        if _has_child(ages, bounds)
    )
    if schools:
        add("school", profile.school, Rule.TRAVEL, schools, profile.school_minutes)
    elif profile.school != Importance.NO:
        skipped.append(Skipped("school", "no_child_of_age"))
    care = tuple(
        kind
        for kind, bounds in (("childcare", CHILDCARE_AGES), ("nursery", NURSERY_AGES))
        if _has_child(ages, bounds)
    )
    # Childcare has no minutes of its own in the profile: "near" is the school's limit.
    if care:
        add("childcare", profile.childcare, Rule.TRAVEL, care, profile.school_minutes)
    elif profile.childcare != Importance.NO:
        skipped.append(Skipped("childcare", "no_child_of_age"))
    for part in HEALTH_PARTS:
        add(
            part,
            profile.health,
            Rule.TRAVEL,
            (part,),
            profile.health_minutes,
            points=POINTS / len(HEALTH_PARTS),
            group=HEALTH,
        )
    add("coworking", profile.coworking, Rule.TRAVEL, ("coworking",), profile.coworking_minutes)
    add("altitude", profile.altitude, Rule.ALTITUDE, (ALTITUDE,), profile.max_altitude_m)
    if profile.housing_budget:
        add("housing", profile.housing, Rule.RENT, (RENT,), profile.housing_budget)
    elif profile.housing != Importance.NO:
        skipped.append(Skipped("housing", "no_budget"))
    if profile.languages:
        # No source says which languages are spoken where: said, never guessed.
        skipped.append(Skipped("languages", "no_data"))
    return criteria, skipped
