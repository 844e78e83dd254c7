"""A household's needs profile: what the questionnaire asks and the engine ranks against.

Plain data with its limits written once here: the questionnaire's form fields and the API's
serializer take their bounds from `LIMITS`, so a page and the API refuse the same answers.
`to_dict`/`from_dict` give the JSON shape stored in the session and, with consent, on a case.
"""

from dataclasses import asdict, dataclass, fields
from enum import StrEnum
from typing import Any


class Importance(StrEnum):
    MUST = "must"  # a hard constraint: a commune that fails it is excluded, with the reason
    NICE = "nice"  # counts in the score
    NO = "no"  # not asked for


class WorkStatus(StrEnum):
    EMPLOYEE = "employee"  # employee of a remote company
    FREELANCER = "freelancer"
    FOUNDER = "founder"
    JOB_SEEKER = "job_seeker"
    OTHER = "other"


class Season(StrEnum):
    SPRING = "spring"
    SUMMER = "summer"
    AUTUMN = "autumn"
    WINTER = "winter"
    UNDECIDED = "undecided"


# (minimum, maximum) of each bounded number; answers outside are refused with a field error.
LIMITS: dict[str, tuple[int, int]] = {
    "adults": (1, 12),
    "child_age": (0, 25),
    "children": (0, 12),
    "office_days_per_month": (0, 31),
    "station_minutes": (5, 180),
    "school_minutes": (5, 120),
    "health_minutes": (5, 120),
    "coworking_minutes": (5, 120),
    "max_altitude_m": (0, 4810),
    "housing_budget": (0, 20000),
}


@dataclass(frozen=True)
class NeedsProfile:
    adults: int = 1
    children_ages: tuple[int, ...] = ()
    work_status: WorkStatus = WorkStatus.EMPLOYEE
    employer_location: str = ""
    office_days_per_month: int = 0
    partner_job_search: bool = False
    partner_sector: str = ""
    fibre: Importance = Importance.NICE
    station: Importance = Importance.NO
    station_minutes: int = 30
    school: Importance = Importance.NO  # collège or lycée
    school_minutes: int = 20
    childcare: Importance = Importance.NO
    health: Importance = Importance.NICE  # doctor and pharmacy
    health_minutes: int = 20
    coworking: Importance = Importance.NO
    coworking_minutes: int = 20
    altitude: Importance = Importance.NO  # altitude and winter access
    max_altitude_m: int = 1500
    housing: Importance = Importance.NO
    housing_budget: int | None = None  # per month, in the territory's currency
    arrival_season: Season = Season.UNDECIDED
    languages: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["children_ages"] = list(self.children_ages)
        data["languages"] = list(self.languages)
        return {
            key: (str(value) if isinstance(value, StrEnum) else value)
            for key, value in data.items()
        }


_ENUMS: dict[str, type[StrEnum]] = {
    "work_status": WorkStatus,
    "arrival_season": Season,
    **{
        name: Importance
        for name in (
            "fibre",
            "station",
            "school",
            "childcare",
            "health",
            "coworking",
            "altitude",
            "housing",
        )
    },
}


def profile_from_dict(data: dict[str, Any]) -> NeedsProfile:
    """The profile stored by `to_dict` (unknown keys ignored: an old session stays readable).

    Raises ValueError on a value of the wrong kind; bounds are the forms' and serializer's job.
    """
    known = {f.name for f in fields(NeedsProfile)}
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key not in known:
            continue
        if key in _ENUMS:
            value = _ENUMS[key](value)
        elif key in ("children_ages", "languages"):
            value = tuple(value)
        values[key] = value
    return NeedsProfile(**values)


__all__ = ["LIMITS", "Importance", "NeedsProfile", "Season", "WorkStatus", "profile_from_dict"]
