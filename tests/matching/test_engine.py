"""The matching engine on plain tables: no database, no Django."""

import math

import numpy as np
import pytest

from alpsatellites.matching.engine import Citation, CommuneTable, rank
from alpsatellites.matching.profile import Importance, NeedsProfile

NAN = math.nan


def table(**values) -> CommuneTable:
    """Four communes; `values` give their measures (lists, NaN for unknown)."""
    codes = ["05001", "05002", "05003", "05004"]
    names = ["Alpha", "Beta", "Gamma", "Delta"]
    return CommuneTable(
        codes=codes,
        names=names,
        values={key: np.array(column, dtype=float) for key, column in values.items()},
    )


def only(**importance) -> NeedsProfile:
    """A profile that asks for nothing but the given criteria."""
    base = dict(fibre=Importance.NO, health=Importance.NO)
    base.update(importance)
    return NeedsProfile(**base)


def test_a_failed_must_excludes_and_says_which():
    ranking = rank(
        table(station=[10, 45, 25, NAN]), only(station=Importance.MUST, station_minutes=30)
    )

    kept = [m.code for m in ranking.matches()]
    excluded = ranking.excluded_matches()
    assert kept == ["05001", "05003", "05004"]
    assert [(m.code, m.failed) for m in excluded] == [("05002", ("station",))]
    reason = excluded[0].criteria[0].reasons[0]
    assert (reason.code, reason.params["value"], reason.params["threshold"]) == ("far", 45.0, 30.0)


def test_an_unknown_must_excludes_nothing_and_asks_the_officer():
    ranking = rank(table(station=[10, 45, 25, NAN]), only(station=Importance.MUST))

    delta = next(m for m in ranking.matches() if m.code == "05004")
    station = delta.criteria[0]
    assert (station.value, station.points, station.possible, station.status) == (
        None,
        None,
        None,
        "unknown",
    )
    assert station.ask_officer
    assert delta.score is None  # nothing known: no score, and not a zero
    assert delta.unknown == ("station",)
    assert ranking.matches()[-1].code == "05004"  # no score ranks after every score


def test_unknown_counts_in_neither_numerator_nor_denominator():
    profile = only(station=Importance.NICE, fibre=Importance.NICE, station_minutes=30)
    ranking = rank(table(station=[10, 10, NAN, NAN], fibre=[100, NAN, 100, NAN]), profile)
    by_code = {m.code: m for m in ranking.matches()}

    assert by_code["05001"].score == 100.0 and by_code["05001"].possible == 20.0
    assert by_code["05002"].score == 100.0 and by_code["05002"].possible == 10.0
    assert by_code["05003"].score == 100.0 and by_code["05003"].possible == 10.0
    assert by_code["05004"].score is None and by_code["05004"].possible == 0.0


def test_nice_decays_linearly_past_the_threshold_to_zero_at_twice_it():
    ranking = rank(
        table(station=[20, 30, 45, 60]), only(station=Importance.NICE, station_minutes=30)
    )
    scores = {m.code: m.score for m in ranking.matches()}

    assert scores == {"05001": 100.0, "05002": 100.0, "05003": 50.0, "05004": 0.0}
    assert not ranking.excluded_matches()  # a NICE never excludes
    statuses = {m.code: m.criteria[0].status for m in ranking.matches()}
    assert statuses["05003"] == "partial" and statuses["05001"] == "met"


def test_fibre_full_from_80_percent_nothing_under_40():
    ranking = rank(table(fibre=[95, 80, 60, 30]), only(fibre=Importance.NICE))

    assert {m.code: m.score for m in ranking.matches()} == {
        "05001": 100.0,
        "05002": 100.0,
        "05003": 50.0,
        "05004": 0.0,
    }
    must = rank(table(fibre=[95, 80, 60, 30]), only(fibre=Importance.MUST))
    assert [m.code for m in must.excluded_matches()] == ["05003", "05004"]


def test_ties_go_by_name_then_code_whatever_the_input_order():
    codes = ["05009", "05003", "05002", "05001"]
    names = ["Éze", "Abries", "Abries", "Eygliers"]
    profile = only(station=Importance.NICE)
    first = rank(
        CommuneTable(codes=codes, names=names, values={"station": np.array([5.0, 5, 5, 5])}),
        profile,
    )
    shuffled = rank(
        CommuneTable(
            codes=codes[::-1], names=names[::-1], values={"station": np.array([5.0, 5, 5, 5])}
        ),
        profile,
    )

    expected = ["05002", "05003", "05001", "05009"]  # accents ignored: Éze after Eygliers
    assert [m.code for m in first.matches()] == expected
    assert [m.code for m in shuffled.matches()] == expected
    assert [m.rank for m in first.matches()] == [1, 2, 3, 4]


def test_deterministic():
    rng = np.random.default_rng(7)
    values = {"station": rng.uniform(0, 90, 4), "fibre": rng.uniform(0, 100, 4)}
    profile = only(station=Importance.NICE, fibre=Importance.NICE)
    runs = [rank(table(**{k: list(v) for k, v in values.items()}), profile) for _ in range(3)]

    assert len({tuple((m.code, m.score) for m in run.matches()) for run in runs}) == 1


def test_health_is_two_criteria_each_scored_and_excluding_on_its_own():
    profile = only(health=Importance.MUST, health_minutes=20)
    ranking = rank(
        table(doctor=[5, 30, NAN, NAN], pharmacy=[5, NAN, 0, 30]),
        profile,
    )
    by_code = {m.code: m for m in [*ranking.matches(), *ranking.excluded_matches()]}

    assert [(c.key, c.group) for c in ranking.criteria] == [
        ("pharmacy", "health"),
        ("doctor", "health"),
    ]
    # Each is worth half of one profile item: health weighs what any other item weighs.
    assert [c.points for c in ranking.criteria] == [5.0, 5.0]
    assert by_code["05001"].possible == 10.0 and by_code["05001"].score == 100.0
    # The doctor alone fails: excluded for the doctor, the unknown pharmacy asks the officer.
    assert by_code["05002"].excluded and by_code["05002"].failed == ("doctor",)
    assert by_code["05002"].criteria[0].ask_officer
    # A pharmacy known, the doctor not: the pharmacy counts (5 of 5), the doctor stays unknown.
    gamma = by_code["05003"]
    assert not gamma.excluded and (gamma.earned, gamma.possible, gamma.score) == (5.0, 5.0, 100.0)
    assert gamma.unknown == ("doctor",) and gamma.criteria[1].ask_officer
    assert gamma.criteria[1].points is None  # unknown, never a zero
    # The pharmacy alone fails: excluded for the pharmacy only.
    assert by_code["05004"].failed == ("pharmacy",)


def test_a_nice_health_scores_each_part_apart():
    ranking = rank(
        table(doctor=[NAN, NAN, NAN, NAN], pharmacy=[0, 30, 40, NAN]),
        only(health=Importance.NICE, health_minutes=20),
    )
    by_code = {m.code: m for m in ranking.matches()}

    assert not ranking.excluded_matches()
    assert [by_code[c].score for c in ("05001", "05002", "05003")] == [100.0, 50.0, 0.0]
    assert by_code["05004"].score is None  # nothing known


def test_a_value_counted_in_the_commune_says_how_in_its_reason():
    counted = CommuneTable(
        codes=["05001", "05002"],
        names=["Alpha", "Beta"],
        values={"pharmacy": np.array([0.0, 12.0])},
        labels={"pharmacy": ["", "Alpha"]},
        bases={"pharmacy": ["in_commune", "nearest_commune"]},
    )
    ranking = rank(counted, only(health=Importance.NICE, health_minutes=10))
    reasons = {m.code: m.criteria[0].reasons[0] for m in ranking.matches()}

    assert (reasons["05001"].code, reasons["05001"].params["basis"]) == ("near", "in_commune")
    assert (reasons["05002"].code, reasons["05002"].params["basis"]) == ("far", "nearest_commune")
    assert reasons["05002"].params["name"] == "Alpha"


@pytest.mark.parametrize(
    ("ages", "school_parts", "care_parts"),
    [
        ((), None, None),
        ((1,), None, ("childcare",)),
        ((4, 12), ("college",), ("nursery",)),
        ((16,), ("lycee",), None),
        ((13, 17), ("college", "lycee"), None),
    ],
)
def test_schools_and_childcare_only_for_children_of_the_age(ages, school_parts, care_parts):
    profile = NeedsProfile(children_ages=ages, school=Importance.NICE, childcare=Importance.NICE)
    ranking = rank(table(), profile)
    parts = {c.key: c.parts for c in ranking.criteria}
    skipped = {s.key: s.reason for s in ranking.skipped}

    assert parts.get("school") == school_parts
    assert parts.get("childcare") == care_parts
    if school_parts is None:
        assert skipped["school"] == "no_child_of_age"


def test_altitude_and_rent_unknown_without_data_and_languages_skipped():
    profile = only(
        altitude=Importance.MUST,
        housing=Importance.NICE,
        housing_budget=900,
        languages=("en",),
    )
    ranking = rank(table(), profile)
    match = ranking.matches()[0]

    assert [(c.key, c.status) for c in match.criteria] == [
        ("altitude", "unknown"),
        ("housing", "unknown"),
    ]
    assert not ranking.excluded_matches()
    assert {s.key: s.reason for s in ranking.skipped} == {"languages": "no_data"}
    no_budget = rank(table(), only(housing=Importance.MUST))
    assert {s.key: s.reason for s in no_budget.skipped} == {"housing": "no_budget"}


def test_reasons_carry_the_place_its_source_and_period():
    communes = CommuneTable(
        codes=["05023", "05093"],
        names=["Briançon", "Névache"],
        values={"station": np.array([3.0, 40.0]), "fibre": np.array([92.0, 65.4])},
        labels={"station": ["Briançon", "Briançon"], "fibre": ["", ""]},
        sources={"station": ["sncf", "sncf"], "fibre": ["arcep", "arcep"]},
        periods={"station": ["", ""], "fibre": ["T2 2025", "T2 2025"]},
        citations={"arcep": Citation("arcep", "ARCEP"), "sncf": Citation("sncf", "SNCF")},
    )
    ranking = rank(communes, only(station=Importance.MUST, fibre=Importance.NICE))

    briancon = ranking.matches()[0]
    fibre, station = briancon.criteria
    assert fibre.reasons[0].code == "fibre"
    assert fibre.reasons[0].params["source"] == "ARCEP"
    assert fibre.reasons[0].params["period"] == "T2 2025"
    assert station.reasons[0].code == "near"
    assert station.reasons[0].params["name"] == "Briançon"
    assert [m.name for m in ranking.excluded_matches()] == ["Névache"]


def test_a_column_of_the_wrong_length_is_refused():
    with pytest.raises(ValueError, match="station"):
        CommuneTable(codes=["1", "2"], names=["a", "b"], values={"station": np.array([1.0])})


def test_cost_is_vectorised_the_limit_only_builds_what_is_shown():
    size = 1000
    communes = CommuneTable(
        codes=[f"{i:05d}" for i in range(size)],
        names=[f"C{i}" for i in range(size)],
        values={"station": np.linspace(0, 100, size)},
    )
    ranking = rank(communes, only(station=Importance.NICE))

    assert len(ranking) == size
    assert [m.rank for m in ranking.matches(limit=3)] == [1, 2, 3]


def test_one_commune_alone_keeps_its_rank():
    ranking = rank(
        table(station=[10, 45, 25, 5]), only(station=Importance.MUST, station_minutes=30)
    )

    assert ranking.match(3).rank == 2  # Delta: 100 like Alpha, ties go by name
    assert [m.name for m in ranking.matches()] == ["Alpha", "Delta", "Gamma"]
    assert ranking.match(1).rank is None and ranking.match(1).excluded
