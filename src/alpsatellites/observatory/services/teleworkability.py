"""Import of a local employment-by-occupation table into the teleworkable jobs share.

Two files, both read with the observatory's shared reader (any separator, Latin-1 or UTF-8,
decimal commas, "s" for secrecy):

- jobs: `commune_code`, `occupation_code` (ISCO-08, 1 to 4 digits), `jobs`;
- shares: `occupation_code` (ISCO-08), `teleworkable_share` (0–1), from a publication the person
  importing it cites through `source` (none is shipped: see data/teleworkability/SOURCES.md).

Each commune of the territory present in the jobs file gets one value of
`teleworkable_jobs_share` (in %) dated 1 January of `year`, or "unknown" when a secret count or
too few jobs with a share (teleworkability.MIN_COVERAGE) would make the figure describe only part
of its jobs. Any faulty line and nothing is written; re-running the same files changes nothing.
"""

import datetime
from pathlib import Path

from django.db import transaction

from alpsatellites.core.cache import content_changed_on_commit
from alpsatellites.observatory.importers.base import (
    SECRET,
    ImportReport,
    InvalidObservatoryFile,
    parse_number,
    raise_if,
    read_rows,
)
from alpsatellites.observatory.models import Indicator, IndicatorValue, ValueStatus
from alpsatellites.observatory.teleworkability import isco_code, local_shares
from alpsatellites.territories.models import Commune, Source, Territory

TELEWORKABLE_CODE = "teleworkable_jobs_share"
JOB_COLUMNS = ("commune_code", "occupation_code", "jobs")
SHARE_COLUMNS = ("occupation_code", "teleworkable_share")


def read_shares(path: Path | str) -> dict[str, float]:
    shares: dict[str, float] = {}
    problems = []
    for row in read_rows(path, SHARE_COLUMNS):
        code = isco_code(row.get("occupation_code"))
        if code is None:
            problems.append(
                f"line {row.line}: occupation_code {row.get('occupation_code')!r} is not an "
                "ISCO-08 code (1 to 4 digits)"
            )
            continue
        try:
            share = parse_number(row.get("teleworkable_share"), "teleworkable_share", low=0, high=1)
        except ValueError as error:
            problems.append(f"line {row.line}: {error}")
            continue
        if not isinstance(share, float):
            problems.append(f"line {row.line}: teleworkable_share is empty or secret")
        elif code in shares:
            problems.append(f"line {row.line}: occupation {code} is listed twice")
        else:
            shares[code] = share
    raise_if(problems)
    return shares


def _read_jobs(
    path: Path | str, codes: set[str], report: ImportReport
) -> tuple[list[tuple[str, str, float]], set[str]]:
    """(commune, occupation, jobs) rows of the territory's communes, and communes with a secret."""
    rows = []
    secret: set[str] = set()
    problems = []
    for row in read_rows(path, JOB_COLUMNS):
        report.read += 1
        commune = row.get("commune_code")
        occupation = isco_code(row.get("occupation_code"))
        try:
            jobs = parse_number(row.get("jobs"), "jobs", low=0)
        except ValueError as error:
            problems.append(f"line {row.line}: {error}")
            continue
        if occupation is None:
            problems.append(
                f"line {row.line}: occupation_code {row.get('occupation_code')!r} is not an "
                "ISCO-08 code (1 to 4 digits); convert PCS codes to ISCO-08 first"
            )
        elif commune not in codes:
            report.unknown_codes.add(commune)
            report.skip("commune not in the territory")
        elif jobs is SECRET:
            secret.add(commune)
            report.skip("secret job count")
        elif jobs is None:
            report.skip("empty job count")
        else:
            assert isinstance(jobs, float)
            rows.append((commune, occupation, jobs))
    raise_if(problems)
    return rows, secret


def teleworkable_jobs_import(
    *,
    territory: Territory,
    jobs_path: Path | str,
    shares_path: Path | str,
    source: Source,
    year: int,
) -> ImportReport:
    """Write each commune's share of teleworkable jobs (see the module docstring)."""
    indicator = Indicator.objects.filter(code=TELEWORKABLE_CODE).first()
    if indicator is None:
        raise InvalidObservatoryFile(
            [f"the indicator {TELEWORKABLE_CODE} is not in the catalogue: load it first"]
        )
    report = ImportReport(source=source.key)
    communes = dict(Commune.objects.filter(territory=territory).values_list("code", "id"))
    shares = read_shares(shares_path)
    jobs, secret = _read_jobs(jobs_path, set(communes), report)
    computed = local_shares(jobs, shares)
    reference_date = datetime.date(year, 1, 1)
    with transaction.atomic():
        existing = {
            value.commune_id: value
            for value in IndicatorValue.objects.filter(
                indicator=indicator, commune__territory=territory, reference_date=reference_date
            )
        }
        for code in sorted(set(computed) | secret):
            local = computed.get(code)
            share = None if code in secret or local is None else local.share
            wanted = {
                "value": None if share is None else round(share * 100, 2),
                "status": ValueStatus.UNKNOWN if share is None else ValueStatus.KNOWN,
                "period": str(year),
                "source_id": source.pk,
            }
            report.imported += 1
            value = existing.get(communes[code])
            if value is None:
                IndicatorValue.objects.create(
                    indicator=indicator,
                    commune_id=communes[code],
                    reference_date=reference_date,
                    **wanted,
                )
                report.created += 1
            elif any(getattr(value, name) != new for name, new in wanted.items()):
                for name, new in wanted.items():
                    setattr(value, name, new)
                value.save(update_fields=["value", "status", "period", "source"])
                report.updated += 1
            else:
                report.unchanged += 1
        if report.created or report.updated:
            content_changed_on_commit(territory_slugs=[territory.slug])
    return report
