"""INSEE "comparateur de territoires" and "dossier complet" CSV files (`CODGEO;P22_POP;…`).

Which columns make which indicator is data (`data/insee_columns.json`), not code: INSEE renames
its columns with each vintage (P22 → P23), and a share such as secondary homes is computed from
two columns (P22_RSECOCC / P22_LOG × 100). A rule applies when the file has all its columns, so
the same reader takes the 32-column comparateur and the 1,900-column dossier complet.

"s" (statistical secrecy) makes a figure secret, and any share or sum built on it secret too; an
empty cell makes it unknown. Neither is ever turned into a zero.
"""

import datetime
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .base import SECRET, ImportReport, Row, Secret, parse_number, progress, raise_if, read_rows
from .values import Reading, ValueRecord, check_range, status_of

RULES_PATH = Path(__file__).resolve().parent.parent / "data" / "insee_columns.json"
CODE_COLUMN = "CODGEO"
KINDS = ("sum", "share", "annual_change")

Number = float | Secret | None


@dataclass(frozen=True)
class Rule:
    indicator: str
    kind: str
    date: datetime.date
    period: str
    columns: tuple[str, ...] = ()  # sum
    numerator: tuple[str, ...] = ()  # share
    denominator: tuple[str, ...] = ()
    start: str = ""  # annual_change
    end: str = ""
    years: int = 0

    @property
    def needs(self) -> tuple[str, ...]:
        return (
            *self.columns,
            *self.numerator,
            *self.denominator,
            *filter(None, (self.start, self.end)),
        )

    def compute(self, cell: Mapping[str, Number]) -> Number:
        if self.kind == "sum":
            return _total([cell[c] for c in self.columns])
        if self.kind == "share":
            part, whole = (
                _total([cell[c] for c in self.numerator]),
                _total([cell[c] for c in self.denominator]),
            )
            if part is SECRET or whole is SECRET:
                return SECRET
            if part is None or whole is None or whole == 0:
                return None  # nothing to divide by: unknown, not 0 %
            assert isinstance(part, float) and isinstance(whole, float)
            return part / whole * 100
        first, last = cell[self.start], cell[self.end]
        if first is SECRET or last is SECRET:
            return SECRET
        if not isinstance(first, float) or not isinstance(last, float) or first <= 0 or last < 0:
            return None
        return float((last / first) ** (1 / self.years) - 1) * 100


def _total(values: list[Number]) -> Number:
    # One pass: this runs for every rule of every row (a million times for a national file).
    total, unknown = 0.0, False
    for value in values:
        if value is SECRET:
            return SECRET
        if value is None:
            unknown = True
        else:
            total += value  # type: ignore[operator]
    return None if unknown else total


def load_rules(path: Path = RULES_PATH) -> list[Rule]:
    document = json.loads(Path(path).read_text(encoding="utf-8"))
    rules = []
    problems = []
    seen: set[tuple[str, datetime.date]] = set()
    for index, raw in enumerate(document["rules"]):
        where = f"{Path(path).name}: rules[{index}]"
        try:
            rule = Rule(
                indicator=raw["indicator"],
                kind=raw["kind"],
                date=datetime.date.fromisoformat(raw["date"]),
                period=raw["period"],
                columns=tuple(raw.get("columns", ())),
                numerator=tuple(raw.get("numerator", ())),
                denominator=tuple(raw.get("denominator", ())),
                start=raw.get("start", ""),
                end=raw.get("end", ""),
                years=int(raw.get("years", 0)),
            )
        except (KeyError, TypeError, ValueError) as error:
            problems.append(f"{where}: {error!r}")
            continue
        if rule.kind not in KINDS or not rule.needs:
            problems.append(f"{where}: kind must be one of {', '.join(KINDS)} with its columns")
        elif rule.kind == "annual_change" and rule.years <= 0:
            problems.append(f"{where}: annual_change needs years > 0")
        elif (rule.indicator, rule.date) in seen:
            problems.append(f"{where}: {rule.indicator} at {rule.date} is already made by a rule")
        seen.add((rule.indicator, rule.date))
        rules.append(rule)
    raise_if(problems)
    return rules


def read_insee(
    path: Path | str,
    *,
    units: Mapping[str, str],
    source: str,
    rules: list[Rule] | None = None,
    text: str | None = None,
) -> Reading:
    """Records of every indicator the file's columns allow; `units` maps indicator code → unit."""
    rules = load_rules() if rules is None else rules
    rows = read_rows(path, [CODE_COLUMN], text=text)
    report = ImportReport(source=Path(path).name, read=len(rows))
    reading = Reading(report=report)
    if not rows:
        return reading
    header = set(rows[0].values)
    applicable = [rule for rule in rules if all(column in header for column in rule.needs)]
    if not applicable:
        known = sorted({column for rule in rules for column in rule.needs})
        raise_if(
            [
                "line 1: none of the INSEE columns the platform reads is here "
                f"({', '.join(known[:12])} …)"
            ]
        )
    missing = sorted({rule.indicator for rule in applicable if rule.indicator not in units})
    raise_if([f"indicator {code} is not in the catalogue: load it first" for code in missing])
    columns = sorted({column for rule in applicable for column in rule.needs})

    problems: list[str] = []
    first_line: dict[str, int] = {}
    for row in progress(rows, total=len(rows), label=reading.report.source):
        code = row.get(CODE_COLUMN)
        if not code:
            problems.append(f"line {row.line}: {CODE_COLUMN} is empty")
            continue
        if code in first_line:
            problems.append(
                f"line {row.line}: {CODE_COLUMN} {code} already given on line {first_line[code]}"
            )
            continue
        first_line[code] = row.line
        cell = _parse_cells(row, columns, problems)
        if cell is None:
            continue
        for rule in applicable:
            value, status = status_of(rule.compute(cell))
            problem = check_range(value, units[rule.indicator], rule.indicator)
            if problem:
                problems.append(f"line {row.line}: {problem} (from {', '.join(rule.needs)})")
                continue
            reading.records.append(
                ValueRecord(
                    commune_code=code,
                    indicator=rule.indicator,
                    value=value,
                    status=status,
                    reference_date=rule.date,
                    period=rule.period,
                    source=source,
                    line=row.line,
                )
            )
    raise_if(problems)
    return reading


def _parse_cells(row: Row, columns: list[str], problems: list[str]) -> dict[str, Number] | None:
    cell: dict[str, Number] = {}
    ok = True
    for column in columns:
        try:
            cell[column] = parse_number(row.get(column), column)
        except ValueError as error:
            problems.append(f"line {row.line}: {error}")
            ok = False
    return cell if ok else None
