"""The scenario engine on hand-checked figures, without a database."""

import pytest

from alpsatellites.observatory.scenario import (
    ASSUMPTION,
    CITED,
    College,
    CommuneInput,
    arrivals_by_year,
    default_assumptions,
    out_of_range,
    simulate,
)


def defaults(**changes):
    values = {key: a.value for key, a in default_assumptions().items()}
    values.update(changes)
    return values


def test_every_default_is_cited_with_its_source_or_marked_an_assumption():
    for a in default_assumptions().values():
        assert a.status in (CITED, ASSUMPTION), a.key
        assert a.minimum <= a.value <= a.maximum, a.key
        if a.status == CITED:
            assert a.source, a.key


def test_arrivals_are_spread_over_the_years_and_add_up():
    assert arrivals_by_year(10, 3) == [4, 3, 3]
    assert arrivals_by_year(2, 5) == [1, 1, 0, 0, 0]
    assert sum(arrivals_by_year(997, 7)) == 997


def test_year_by_year_figures_follow_the_assumptions():
    result = simulate(
        defaults(
            households=10,
            years=2,
            household_size=2.5,
            child_share=0.4,
            remote_workers_per_household=1.5,
            coworking_share=0.5,
            coworking_days_per_week=2,
            commute_km_avoided=20,
            remote_days_per_year=100,
            car_share=1,
            car_emission_kg_per_km=0.2,
            local_spending_per_household=10000,
        )
    )
    first, last = result.years
    assert (first.arrivals, first.households, last.households) == (5, 5, 10)
    assert last.population == pytest.approx(25)
    # 10 children, ages 0–17 even: collège (11–14) is 4 years out of 18.
    assert sum(last.children.values()) == pytest.approx(10)
    assert last.children["college"] == pytest.approx(10 * 4 / 18)
    assert last.remote_workers == pytest.approx(15)
    assert last.seats_needed == pytest.approx(15 * 0.5 * 2 / 5)
    # 15 workers × 100 days × 2 × 20 km = 60 000 km; × 0.2 kg = 12 t.
    assert last.car_km_avoided == pytest.approx(60_000)
    assert last.co2_tonnes == pytest.approx(12)
    assert last.local_spending == pytest.approx(100_000)


def test_households_are_shared_by_weight_and_collège_children_counted_at_the_nearest():
    colleges = {"U1": College("U1", "Collège A", "001", 300)}
    result = simulate(
        defaults(households=30, years=3),
        [
            CommuneInput("001", "Alpha", 2.0, college="U1", seats=4),
            CommuneInput("002", "Beta", 1.0, college="U1"),
            CommuneInput("003", "Gamma", 1.0, college=None),
            CommuneInput("004", "Delta", 0.0, college="U1"),
        ],
        colleges,
    )
    shares = {row.code: row.share for row in result.communes}
    assert shares == {"001": 0.5, "002": 0.25, "003": 0.25, "004": 0.0}
    assert [row.code for row in result.communes][:1] == ["001"]
    college_total = result.final.children["college"]
    (known, unknown) = result.colleges
    assert (known.code, known.pupils, known.capacity) == ("U1", 300, None)
    assert known.added == pytest.approx(college_total * 0.75)
    assert unknown.code is None and unknown.added == pytest.approx(college_total * 0.25)
    assert result.seats_supply == 4


def test_out_of_range_values_are_refused():
    assert out_of_range(defaults(years=0), default_assumptions()) == ["years"]
    assert out_of_range({}, default_assumptions()) == list(default_assumptions())
    with pytest.raises(ValueError, match="car_share"):
        simulate(defaults(car_share=1.5))
