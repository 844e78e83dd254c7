"""The matches page: the visitor's profile from the session, ranked communes with reasons."""

import pytest
from django.urls import reverse
from django.utils import translation

from alpsatellites.matching.profile import Importance, NeedsProfile
from alpsatellites.newcomers.profile_session import SESSION_KEY

from . import matching_helpers
from .matching_helpers import BRIANCON

pytestmark = pytest.mark.django_db
observed = matching_helpers.observed  # the fixture

PROFILE = NeedsProfile(
    adults=2,
    children_ages=(12,),
    station=Importance.MUST,
    station_minutes=15,
    school=Importance.NICE,
    coworking=Importance.NICE,
)


def with_profile(client, territory, profile=PROFILE):
    session = client.session
    session[SESSION_KEY] = {territory.slug: profile.to_dict()}
    session.save()
    return client


def url(territory, language="en"):
    with translation.override(language):
        return reverse("newcomers:matches", args=[territory.slug])


def test_ranked_communes_with_reasons_and_left_aside(client, observed):
    response = with_profile(client, observed).get(url(observed))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Where you could live" in html
    assert "Briançon" in html and "<meter" in html
    assert "Communes left aside" in html
    assert "estimate from the straight-line distance" in html
    assert "Score breakdown for" in html
    assert reverse("workspaces:detail", args=["tiers-lieu-briancon"]) in html
    # No doctor data: the word, never a zero; an unknown must asks the officer.
    assert "nearest doctor: unknown" in html
    assert (
        response["Cache-Control"].startswith("max-age=0") or "no-cache" in response["Cache-Control"]
    )


def test_an_unknown_must_asks_the_welcome_officer(client, observed):
    profile = NeedsProfile(health=Importance.MUST, fibre=Importance.NO)
    html = with_profile(client, observed, profile).get(url(observed)).content.decode()

    assert "Unknown — ask the welcome officer." in html
    assert "Communes left aside" not in html


def test_without_a_profile_the_visitor_is_sent_to_start(client, observed):
    from django.urls import NoReverseMatch

    response = client.get(url(observed))
    try:
        start = reverse("newcomers:questionnaire", args=[observed.slug])
    except NoReverseMatch:
        start = None
    if start:
        assert response.status_code == 302 and response["Location"] == start
    else:
        assert response.status_code in (200, 302)


def test_an_unknown_territory_is_a_404(client, observed):
    assert client.get("/en/t/atlantis/settle/matches/").status_code == 404


def test_the_support_link_names_the_commune_when_requests_exist(client, observed):
    from django.urls import NoReverseMatch

    html = with_profile(client, observed).get(url(observed)).content.decode()
    try:
        request_url = reverse("newcomers:request", args=[observed.slug])
    except NoReverseMatch:
        assert "Ask for support about" not in html
    else:
        assert f"{request_url}?commune={BRIANCON}" in html


def test_the_visitors_answers_escape_nothing_into_the_page(client, observed):
    profile = NeedsProfile(employer_location="<script>alert(1)</script>", languages=("<b>",))
    html = with_profile(client, observed, profile).get(url(observed)).content.decode()
    assert "<script>alert(1)" not in html and "<b>" not in html


@pytest.mark.parametrize("language", ["fr", "en", "it", "de"])
def test_every_language(client, observed, language):
    response = with_profile(client, observed).get(url(observed, language))
    assert response.status_code == 200
    assert f'lang="{language}"' in response.content.decode()


def test_query_count_is_constant(client, observed, django_assert_max_num_queries):
    with_profile(client, observed)
    # First reader: territory, session, then the table's six reads (pharmacy counts included).
    with django_assert_max_num_queries(8):
        client.get(url(observed))
    # territory, session, the cache-version read is not SQL: two queries whatever the communes
    with django_assert_max_num_queries(3):
        response = client.get(url(observed))
    assert response.status_code == 200
