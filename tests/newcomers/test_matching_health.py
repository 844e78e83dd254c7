"""Health in the matching: pharmacy and doctor apart, the pharmacy from the BPE count when no
pharmacy is located, the nearest hospital as information; on the real Grand Briançonnais."""

import numpy as np
import pytest
from django.urls import reverse
from django.utils import translation

from alpsatellites.matching.engine import Reason
from alpsatellites.matching.profile import Importance, NeedsProfile
from alpsatellites.newcomers.matching_text import matches_data, reason_text
from alpsatellites.newcomers.profile_session import SESSION_KEY
from alpsatellites.newcomers.selectors.matching import (
    territory_matches,
    territory_table,
    travel_estimate,
)
from alpsatellites.observatory.models import IndicatorValue
from alpsatellites.observatory.selectors.living import commune_living
from alpsatellites.territories.models import Commune

from . import matching_helpers
from .matching_helpers import BRIANCON, NEVACHE

observed = matching_helpers.observed  # the fixture

pytestmark = pytest.mark.django_db

HEALTH_ONLY = NeedsProfile(fibre=Importance.NO, health=Importance.NICE, health_minutes=15)


def latest_counts(territory):
    counts = {}
    for value in IndicatorValue.objects.filter(
        indicator__code="pharmacies", commune__territory=territory
    ).order_by("reference_date"):
        counts[value.commune.code] = value
    return counts


def test_pharmacy_known_for_all_36_communes_and_doctor_unknown(observed):
    table = territory_table(observed).table
    counts = latest_counts(observed)

    assert len(table) == 36 and len(counts) == 36
    pharmacy, doctor = table.measure("pharmacy"), table.measure("doctor")
    assert not np.isnan(pharmacy).any()
    assert np.isnan(doctor).all()
    with_one = {code for code, value in counts.items() if value.value and value.value > 0}
    assert 0 < len(with_one) < 36
    for row, code in enumerate(table.codes):
        # Every value cites the BPE count it comes from, with its period.
        assert table.citations[table.sources["pharmacy"][row]].key == counts[code].source.key
        assert table.periods["pharmacy"][row] == counts[code].period
        if code in with_one:
            assert (pharmacy[row], table.bases["pharmacy"][row]) == (0.0, "in_commune")
        else:
            assert pharmacy[row] > 0 and table.bases["pharmacy"][row] == "nearest_commune"
            assert table.labels["pharmacy"][row] in {
                c.name for c in Commune.objects.filter(code__in=with_one)
            }


def test_the_nearest_commune_is_the_one_the_commune_page_names(observed):
    table = territory_table(observed).table
    row = list(table.codes).index(NEVACHE)
    living = commune_living(Commune.objects.get(code=NEVACHE, territory=observed))

    other = living.nearest_pharmacy_commune
    assert other is not None and table.labels["pharmacy"][row] == other.name
    estimate = travel_estimate()
    expected = other.distance_km * estimate.detour_factor / estimate.average_speed_kmh * 60
    assert table.values["pharmacy"][row] == pytest.approx(expected)


def test_each_health_criterion_is_scored_on_its_own(observed):
    result = territory_matches(observed, HEALTH_ONLY)
    by_code = {m.code: m for m in result.ranked}

    assert len(result.ranked) == 36 and not result.excluded
    briancon = by_code[BRIANCON]
    pharmacy, doctor = briancon.criteria
    assert (pharmacy.key, pharmacy.value, pharmacy.points) == ("pharmacy", 0.0, 5.0)
    assert doctor.status == "unknown" and doctor.points is None
    assert briancon.score == 100.0 and briancon.unknown == ("doctor",)
    # Farther than the limit: fewer points, never excluded by a nice-to-have.
    assert any(m.score is not None and m.score < 100 for m in result.ranked)


def test_a_must_pharmacy_excludes_alone_and_an_unknown_doctor_asks(observed):
    profile = NeedsProfile(fibre=Importance.NO, health=Importance.MUST, health_minutes=10)
    result = territory_matches(observed, profile)

    assert result.excluded and all(m.failed == ("pharmacy",) for m in result.excluded)
    assert all(
        c.ask_officer
        for m in [*result.ranked, *result.excluded]
        for c in m.criteria
        if c.key == "doctor"
    )


def test_sentences_cite_the_count_and_name_the_hospital(observed):
    with translation.override("en"):
        data = matches_data(territory_matches(observed, HEALTH_ONLY))
    rows = {m["code"]: m for m in data["matches"]}

    briancon = {c["key"]: c for c in rows[BRIANCON]["criteria"]}
    text = briancon["pharmacy"]["reasons"][0]["text"]
    assert text.startswith("a pharmacy in the commune (INSEE") and "2024" in text
    assert briancon["pharmacy"]["value_text"] == "in the commune"
    assert briancon["pharmacy"]["sources"][0]["key"] == "insee-dossier-complet"
    assert briancon["doctor"]["reasons"][0]["text"].startswith("nearest doctor: unknown (")
    nevache = {c["key"]: c for c in rows[NEVACHE]["criteria"]}
    assert nevache["pharmacy"]["reasons"][0]["text"].startswith(
        "no pharmacy within 15 min: the nearest commune of the territory with one, "
        "Le Monêtier-les-Bains, is about 17 min away by road"
    )
    assert [c["label"] for c in data["counted"]] == ["Health: pharmacy", "Health: doctor"]
    assert {c["group_label"] for c in data["counted"]} == {"Doctor and pharmacy"}
    hospital = rows[BRIANCON]["hospital"]
    assert hospital["text"].startswith("Nearest hospital: CENTRE HOSPITALIER DES ESCARTONS")
    assert hospital["source"]["title"]


def test_no_pharmacy_anywhere_in_the_territory_is_said_not_guessed():
    with translation.override("en"):
        text = reason_text(
            Reason(
                "unknown",
                {"part": "pharmacy", "basis": "none_in_territory", "source": "INSEE, BPE"},
            )
        )
    assert text == (
        "no pharmacy in the commune nor in the rest of the territory: the nearest is unknown "
        "(INSEE)"
    )


def test_the_page_shows_both_criteria_and_the_hospital(client, observed):
    session = client.session
    session[SESSION_KEY] = {observed.slug: HEALTH_ONLY.to_dict()}
    session.save()
    with translation.override("en"):
        page = reverse("newcomers:matches", args=[observed.slug])

    html = client.get(page).content.decode()

    assert "Health: pharmacy" in html and "Health: doctor" in html
    assert "a pharmacy in the commune" in html and "Nearest hospital:" in html
