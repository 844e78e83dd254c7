"""The engine's reason codes as sentences, numbers in the reader's format."""

from django.utils import translation

from alpsatellites.matching.engine import Reason
from alpsatellites.newcomers.matching_text import minutes_text, reason_text, short_source


def reason(code, **params):
    return Reason(code, {"part": "college", "threshold": 20.0, "name": "", **params})


def test_sentences_in_english():
    with translation.override("en"):
        assert reason_text(reason("near", part="station", name="Briançon", value=4.6)) == (
            "Briançon station about 5 min away by road (estimate from the straight-line distance)"
        )
        assert reason_text(reason("far", name="Collège Vauban", value=34.2)) == (
            "no collège within 20 min: the nearest, Collège Vauban, is about 34 min away by "
            "road (estimate from the straight-line distance)"
        )
        assert reason_text(reason("unknown", part="altitude")) == "altitude: unknown"
        fibre = reason(
            "fibre", part="fibre", value=92.4, source="ARCEP, Ma connexion", period="T2 2025"
        )
        assert reason_text(fibre) == "fibre: 92 % of premises can be connected (ARCEP, T2 2025)"


def test_a_place_next_door_is_never_zero_minutes():
    assert minutes_text(0.2) == "1"


def test_numbers_follow_the_language():
    with translation.override("fr"):
        text = reason_text(reason("rent", part="rent", value=1250.0, threshold=1100.0))
    assert "1\u202f250" in text or "1 250" in text or "1\xa0250" in text


def test_short_source_names():
    assert short_source("ARCEP fibre deployment by commune (latest quarter; vivrea)") == (
        "ARCEP fibre deployment by commune"
    )
    assert short_source("INSEE, comparateur de territoires") == "INSEE"
