"""Share of local jobs that can be done remotely: plain Python, no Django.

Two paths, never mixed:

- **Local**: a table of jobs by ISCO-08 occupation per commune and a table of teleworkable shares
  by occupation (cited by whoever imports it). A commune's share = Σ jobs × share / Σ jobs over
  the jobs whose occupation has a share. When too few of its jobs are covered (below
  MIN_COVERAGE), the share would describe the covered jobs only: the commune gets none.
- **National**: without a local table, Dingel & Neiman's (2020) estimate for the country (France
  37.7 %), shown as a national figure. It is never stored as a commune's value and never counts
  in the feasibility index.

Occupation codes are matched through ISCO-08's own hierarchy (data/teleworkability/SOURCES.md):
a 4-digit code takes the share of its 4-digit group if there is one, else of its 3-, 2- or
1-digit group.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources

MIN_COVERAGE = 0.9
ISCO_CODE = re.compile(r"^\d{1,4}$")

DINGEL_NEIMAN = (
    "Dingel, J. I. & Neiman, B. (2020), “How many jobs can be done at home?”, "
    "Journal of Public Economics 189, 104235"
)
DINGEL_NEIMAN_URL = "https://doi.org/10.1016/j.jpubeco.2020.104235"


@dataclass(frozen=True)
class NationalEstimate:
    country: str  # ISO 3166-1 alpha-2
    share: float  # 0–1
    employment_year: int  # the year of the ILO employment weights
    citation: str = DINGEL_NEIMAN
    url: str = DINGEL_NEIMAN_URL

    @property
    def percent(self) -> float:
        return self.share * 100


@cache
def _national_estimates() -> dict[str, NationalEstimate]:
    text = (
        resources.files("alpsatellites.observatory")
        .joinpath("data/teleworkability/dingel_neiman_2020_countries.csv")
        .read_text(encoding="utf-8")
    )
    return {
        row["country"]: NationalEstimate(
            row["country"], float(row["teleworkable"]), int(row["year_ilo"])
        )
        for row in csv.DictReader(io.StringIO(text))
    }


def national_estimate(country: str) -> NationalEstimate | None:
    """Dingel & Neiman's share of jobs that can be done at home in `country`, if published."""
    return _national_estimates().get(country.upper())


def isco_code(text: str) -> str | None:
    """The ISCO-08 code in `text` (1 to 4 digits), or None if it is not one."""
    code = text.strip()
    return code if ISCO_CODE.match(code) else None


def share_for(code: str, shares: Mapping[str, float]) -> float | None:
    """The share of the most detailed ISCO-08 group of `code` that has one."""
    for length in range(len(code), 0, -1):
        found = shares.get(code[:length])
        if found is not None:
            return found
    return None


@dataclass(frozen=True)
class LocalShare:
    share: float | None  # 0–1; None when coverage is below MIN_COVERAGE or there are no jobs
    jobs: float
    covered_jobs: float

    @property
    def coverage(self) -> float:
        return self.covered_jobs / self.jobs if self.jobs else 0.0


def local_shares(
    jobs: Iterable[tuple[str, str, float]],
    shares: Mapping[str, float],
    *,
    min_coverage: float = MIN_COVERAGE,
) -> dict[str, LocalShare]:
    """Per commune, from (commune code, ISCO-08 code, jobs) rows and shares by ISCO-08 group."""
    totals: dict[str, list[float]] = {}
    for commune, occupation, count in jobs:
        total = totals.setdefault(commune, [0.0, 0.0, 0.0])  # jobs, covered jobs, teleworkable
        total[0] += count
        share = share_for(occupation, shares)
        if share is not None:
            total[1] += count
            total[2] += count * share
    out = {}
    for commune, (all_jobs, covered, teleworkable) in totals.items():
        enough = all_jobs > 0 and covered / all_jobs >= min_coverage
        out[commune] = LocalShare(teleworkable / covered if enough else None, all_jobs, covered)
    return out
