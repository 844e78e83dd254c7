"""Teleworkable jobs: the national estimate (labelled, never a commune value) and a local table."""

import pytest
from django.core.management import CommandError, call_command

from alpsatellites.observatory.importers.base import InvalidObservatoryFile
from alpsatellites.observatory.models import Indicator, IndicatorValue
from alpsatellites.observatory.selectors.feasibility import (
    territory_feasibility,
    territory_teleworkability,
)
from alpsatellites.observatory.services.teleworkability import teleworkable_jobs_import
from alpsatellites.observatory.teleworkability import (
    local_shares,
    national_estimate,
    share_for,
)
from tests.factories import SourceFactory

from .feasibility_data import small_territory

SHARES = "occupation_code;teleworkable_share\n25;0,9\n251;1\n2512;0,95\n5;0.2\n"


def test_national_estimates_are_dingel_and_neiman_figures():
    france = national_estimate("fr")
    assert france is not None and round(france.percent, 1) == 37.7
    assert france.employment_year == 2018 and "Dingel" in france.citation
    assert round(national_estimate("IT").share, 3) == 0.350  # type: ignore[union-attr]
    assert round(national_estimate("AT").share, 3) == 0.367  # type: ignore[union-attr]
    assert national_estimate("CH") is None  # not shipped: nothing invented


def test_isco_hierarchy_crosswalk():
    shares = {"25": 0.9, "251": 1.0, "2512": 0.95, "5": 0.2}
    assert share_for("2512", shares) == 0.95  # its own unit group
    assert share_for("2511", shares) == 1.0  # its minor group 251
    assert share_for("2521", shares) == 0.9  # its sub-major group 25
    assert share_for("5120", shares) == 0.2  # its major group 5
    assert share_for("7111", shares) is None


def test_local_shares_hand_computed():
    jobs = [
        ("A", "2512", 10.0),  # 0.95 → 9.5
        ("A", "5120", 30.0),  # 0.2 → 6
        ("B", "2512", 5.0),
        ("B", "7111", 5.0),  # no share: coverage 50 % < 90 % → no figure
        ("C", "5120", 0.0),  # no jobs → no figure
    ]
    found = local_shares(jobs, {"2512": 0.95, "5": 0.2})
    assert found["A"].share == pytest.approx(15.5 / 40) and found["A"].coverage == 1.0
    assert found["B"].share is None and found["B"].coverage == 0.5
    assert found["C"].share is None


@pytest.fixture
def vallee_with_indicator(db):
    territory, communes, _ = small_territory()
    source = communes["Alpha"].indicator_values.first().source
    Indicator.objects.update_or_create(
        code="teleworkable_jobs_share",
        defaults=dict(
            label="Teleworkable jobs",
            label_fr="Emplois télétravaillables",
            unit="%",
            decimals=1,
            theme="economy",
            direction="higher",
            in_index=True,
            source=source,
        ),
    )
    return territory


def write(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.django_db
def test_without_a_local_table_the_national_figure_never_counts(vallee_with_indicator):
    summary = territory_teleworkability(vallee_with_indicator)
    assert summary.local_values == 0 and summary.national is not None
    result = territory_feasibility(vallee_with_indicator)
    # Economy is weighted but has no value: no commune's economy theme is known.
    assert all(row.themes["economy"] is None for row in result.rows)
    assert not IndicatorValue.objects.filter(indicator__code="teleworkable_jobs_share").exists()


@pytest.mark.django_db
def test_local_table_gives_commune_values_that_count(vallee_with_indicator, tmp_path):
    shares = write(tmp_path, "shares.csv", SHARES)
    jobs = write(
        tmp_path,
        "jobs.csv",
        "Emplois par profession, 2022\n"  # a metadata line above the header
        "commune_code;occupation_code;jobs\n"
        "00001;2512;10\n00001;5120;30\n"
        "00002;2512;5\n00002;7111;5\n"
        "00003;2512;s\n"
        "99999;2512;3\n",
        encoding="latin-1",
    )
    source = SourceFactory(key="jobs-local", title="Local jobs table")
    report = teleworkable_jobs_import(
        territory=vallee_with_indicator,
        jobs_path=jobs,
        shares_path=shares,
        source=source,
        year=2022,
    )
    assert (report.read, report.created) == (6, 3)
    assert report.unknown_codes == {"99999"}
    assert report.skipped == {"commune not in the territory": 1, "secret job count": 1}
    values = {
        v.commune.code: v
        for v in IndicatorValue.objects.filter(indicator__code="teleworkable_jobs_share")
    }
    assert values["00001"].value == pytest.approx(38.75) and values["00001"].period == "2022"
    assert values["00002"].status == "unknown" and values["00002"].value is None
    assert values["00003"].status == "unknown"  # a secret count: not a figure
    assert territory_teleworkability(vallee_with_indicator).local_values == 1
    result = territory_feasibility(vallee_with_indicator)
    assert result.row("00001").themes["economy"] == 50.0  # the only known value: middle mark
    again = teleworkable_jobs_import(
        territory=vallee_with_indicator,
        jobs_path=jobs,
        shares_path=shares,
        source=source,
        year=2022,
    )
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("jobs_text", "problem"),
    [
        ("commune_code;occupation_code;jobs\n00001;2512;-4\n", "line 2: jobs -4 is out of range"),
        ("commune_code;occupation_code;jobs\n00001;PCS 37;4\n", "line 2: occupation_code"),
        ("commune_code;occupation_code;jobs\n00001;2512;4\n00001;2512;x\n", "line 3: jobs 'x'"),
        ("commune;occupation;jobs\n", "missing column(s) commune_code"),
    ],
)
def test_bad_lines_are_named_and_nothing_is_written(
    vallee_with_indicator, tmp_path, jobs_text, problem
):
    shares = write(tmp_path, "shares.csv", SHARES)
    jobs = write(tmp_path, "jobs.csv", jobs_text)
    with pytest.raises(InvalidObservatoryFile) as error:
        teleworkable_jobs_import(
            territory=vallee_with_indicator,
            jobs_path=jobs,
            shares_path=shares,
            source=SourceFactory(),
            year=2022,
        )
    assert problem in str(error.value)
    assert not IndicatorValue.objects.filter(indicator__code="teleworkable_jobs_share").exists()


@pytest.mark.django_db
def test_bad_shares_are_refused(vallee_with_indicator, tmp_path):
    jobs = write(tmp_path, "jobs.csv", "commune_code;occupation_code;jobs\n00001;2512;4\n")
    shares = write(
        tmp_path, "s.csv", "occupation_code;teleworkable_share\n25;1.5\n25;0.5\n25;0.4\n"
    )
    with pytest.raises(InvalidObservatoryFile) as error:
        teleworkable_jobs_import(
            territory=vallee_with_indicator,
            jobs_path=jobs,
            shares_path=shares,
            source=SourceFactory(),
            year=2022,
        )
    assert "line 2: teleworkable_share 1.5 is out of range" in str(error.value)
    assert "line 4: occupation 25 is listed twice" in str(error.value)


@pytest.mark.django_db
def test_command(vallee_with_indicator, tmp_path, capsys):
    shares = write(tmp_path, "shares.csv", SHARES)
    jobs = write(tmp_path, "jobs.csv", "commune_code;occupation_code;jobs\n00001;2512;4\n")
    SourceFactory(key="jobs-local")
    call_command(
        "import_teleworkable_jobs",
        "vallee",
        jobs=jobs,
        shares=shares,
        source="jobs-local",
        year=2022,
    )
    assert "1 imported (1 created" in capsys.readouterr().out
    with pytest.raises(CommandError, match="unknown source"):
        call_command(
            "import_teleworkable_jobs", "vallee", jobs=jobs, shares=shares, source="no", year=2022
        )
    bad = write(tmp_path, "bad.csv", "commune_code;occupation_code;jobs\n00001;x;4\n")
    with pytest.raises(CommandError, match="nothing imported"):
        call_command(
            "import_teleworkable_jobs",
            "vallee",
            jobs=bad,
            shares=shares,
            source="jobs-local",
            year=2022,
        )
