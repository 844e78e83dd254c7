"""The expected-benefits scenario: N remote-worker households settling over Y years.

Plain Python (no Django), so it is tested and explained without a database: the page and the
report give it plain numbers (the assumptions, the communes with their weights and seats, the
collèges with their enrolment) and show what it returns.

Every figure comes from one of the assumptions of `data/scenario_assumptions.json`, each either
cited (with what was read where) or marked "assumption"; the form lets a reader change any of
them within its range. The arithmetic, year by year (arrivals spread evenly, the first years
taking the remainder):

- population = households × household size; children = population × child share, spread over the
  school levels in proportion to their number of years out of 0–17 (ages assumed even);
- remote workers = households × remote workers per household; coworking seats needed = workers ×
  share using a coworking × days there per week ÷ 5 (a seat serves several part-time users);
- car kilometres avoided per year = workers × remote-work days × 2 (there and back) × one-way
  kilometres × share that would have gone by car; CO₂ = those kilometres × the car factor;
- local spending = households × spending per household and year.

Households are shared among the communes by weight (the communes' population, or their
feasibility score): the collège children of a commune are then counted at its nearest collège.
"""

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

CITED, ASSUMPTION = "cited", "assumption"
LEVEL_YEARS_TOTAL = 18  # ages 0–17


@dataclass(frozen=True)
class Assumption:
    key: str
    value: float
    minimum: float
    maximum: float
    decimals: int
    status: str  # CITED or ASSUMPTION
    source: str = ""

    @property
    def is_cited(self) -> bool:
        return self.status == CITED

    def with_value(self, value: float, *, status: str, source: str) -> "Assumption":
        return Assumption(
            self.key, value, self.minimum, self.maximum, self.decimals, status, source
        )


@cache
def _data() -> dict[str, Any]:
    text = (
        resources.files("alpsatellites.observatory")
        .joinpath("data/scenario_assumptions.json")
        .read_text(encoding="utf-8")
    )
    data: dict[str, Any] = json.loads(text)
    return data


def default_assumptions() -> dict[str, Assumption]:
    """The shipped defaults, in the order of the file (the order of the form)."""
    return {
        key: Assumption(
            key=key,
            value=float(spec["value"]),
            minimum=float(spec["min"]),
            maximum=float(spec["max"]),
            decimals=int(spec["decimals"]),
            status=str(spec["status"]),
            source=str(spec.get("source", "")),
        )
        for key, spec in _data()["assumptions"].items()
    }


def school_level_years() -> dict[str, int]:
    """Years of age each school level spans (early years, primary, collège, lycée)."""
    return {k: int(v) for k, v in _data()["school_ages"]["levels"].items()}


@dataclass(frozen=True)
class College:
    code: str  # UAI
    name: str
    commune_code: str
    pupils: int | None  # enrolment as published, None when unknown


def shipped_college_pupils() -> tuple[str, int, dict[str, College]]:
    """(source, year, collèges by UAI) of the enrolments shipped with the defaults."""
    block = _data()["college_pupils"]
    colleges = {
        code: College(code, str(c["name"]), str(c["commune_code"]), int(c["pupils"]))
        for code, c in block["by_uai"].items()
    }
    return str(block["source"]), int(block["year"]), colleges


def out_of_range(values: Mapping[str, float], assumptions: Mapping[str, Assumption]) -> list[str]:
    """Keys of the values missing or outside their assumption's range."""
    return [
        key
        for key, a in assumptions.items()
        if key not in values or not a.minimum <= values[key] <= a.maximum
    ]


@dataclass(frozen=True)
class CommuneInput:
    code: str
    name: str
    weight: float  # ≥ 0: the households are shared in proportion
    college: str | None = None  # UAI of the nearest collège, when known
    seats: int = 0  # coworking seats on offer in the commune today


@dataclass(frozen=True)
class YearRow:
    year: int
    arrivals: int
    households: int
    population: float
    children: dict[str, float]  # by school level
    remote_workers: float
    seats_needed: float
    car_km_avoided: float
    co2_tonnes: float
    local_spending: float


@dataclass(frozen=True)
class CommuneRow:
    code: str
    name: str
    share: float  # 0–1
    households: float
    population: float
    college_children: float
    college: str | None
    seats_needed: float
    seats_supply: int


@dataclass(frozen=True)
class CollegeRow:
    code: str | None  # None: communes whose nearest collège is unknown
    name: str
    pupils: int | None
    added: float
    capacity: int | None = None  # no capacity is published: always unknown today


@dataclass(frozen=True)
class ScenarioResult:
    years: list[YearRow]
    communes: list[CommuneRow]
    colleges: list[CollegeRow]
    seats_supply: int
    levels: tuple[str, ...] = field(default=())

    @property
    def final(self) -> YearRow:
        return self.years[-1]

    @property
    def seats_gap(self) -> float:
        """Seats still missing after the last year (0 when the supply covers the need)."""
        return max(self.final.seats_needed - self.seats_supply, 0.0)


def arrivals_by_year(households: int, years: int) -> list[int]:
    """`households` spread over `years` as evenly as whole households allow, earliest first."""
    base, remainder = divmod(households, years)
    return [base + (1 if year < remainder else 0) for year in range(years)]


def simulate(
    values: Mapping[str, float],
    communes: Sequence[CommuneInput] = (),
    colleges: Mapping[str, College] | None = None,
) -> ScenarioResult:
    """Year-by-year and commune-by-commune results of one set of assumption values.

    Raises ValueError when a value is missing or out of its range (the form checks first).
    """
    assumptions = default_assumptions()
    wrong = out_of_range(values, assumptions)
    if wrong:
        raise ValueError(f"missing or out-of-range assumptions: {', '.join(wrong)}")
    v = dict(values)
    level_years = school_level_years()
    colleges = colleges or {}

    def figures(year: int, arrivals: int, households: int) -> YearRow:
        population = households * v["household_size"]
        children = population * v["child_share"]
        workers = households * v["remote_workers_per_household"]
        km = workers * v["remote_days_per_year"] * 2 * v["commute_km_avoided"] * v["car_share"]
        return YearRow(
            year=year,
            arrivals=arrivals,
            households=households,
            population=population,
            children={
                level: children * span / LEVEL_YEARS_TOTAL for level, span in level_years.items()
            },
            remote_workers=workers,
            seats_needed=workers * v["coworking_share"] * v["coworking_days_per_week"] / 5,
            car_km_avoided=km,
            co2_tonnes=km * v["car_emission_kg_per_km"] / 1000,
            local_spending=households * v["local_spending_per_household"],
        )

    rows = []
    settled = 0
    for index, arrivals in enumerate(arrivals_by_year(int(v["households"]), int(v["years"]))):
        settled += arrivals
        rows.append(figures(index + 1, arrivals, settled))
    final = rows[-1]

    total_weight = sum(max(c.weight, 0.0) for c in communes)
    commune_rows = []
    added_by_college: dict[str | None, float] = {}
    for commune in communes:
        share = max(commune.weight, 0.0) / total_weight if total_weight else 0.0
        households = final.households * share
        college_children = final.children.get("college", 0.0) * share
        commune_rows.append(
            CommuneRow(
                code=commune.code,
                name=commune.name,
                share=share,
                households=households,
                population=final.population * share,
                college_children=college_children,
                college=commune.college,
                seats_needed=final.seats_needed * share,
                seats_supply=commune.seats,
            )
        )
        if share:
            added_by_college[commune.college] = (
                added_by_college.get(commune.college, 0.0) + college_children
            )
    college_rows = [
        CollegeRow(code=code, name=colleges[code].name, pupils=colleges[code].pupils, added=added)
        for code, added in sorted(added_by_college.items(), key=lambda item: item[0] or "")
        if code is not None and code in colleges
    ]
    unplaced = sum(
        added for code, added in added_by_college.items() if code is None or code not in colleges
    )
    if unplaced:
        college_rows.append(CollegeRow(code=None, name="", pupils=None, added=unplaced))
    commune_rows.sort(key=lambda row: (-row.share, row.name))
    return ScenarioResult(
        years=rows,
        communes=commune_rows,
        colleges=college_rows,
        seats_supply=sum(c.seats for c in communes),
        levels=tuple(level_years),
    )
