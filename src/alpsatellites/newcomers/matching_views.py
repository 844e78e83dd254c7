"""The matches page: the territory's communes ranked for the visitor's needs profile.

The profile is read from the session (profile_session), never from the URL: the page is per
person and never cached. Without a profile the visitor is sent to the questionnaire, or, while
that part is not there, shown how to start.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.cache import never_cache

from alpsatellites.territories.selectors import territory_by_slug

from .matching_text import matches_data
from .profile_session import profile_load
from .selectors.matching import territory_matches


def _url_or_none(name: str, *args: str) -> str | None:
    """Another part's page, when it is there (its URL module may not be merged yet)."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


@never_cache
def matches(request: HttpRequest, territory: str) -> HttpResponse:
    place = territory_by_slug(territory)
    questionnaire = _url_or_none("newcomers:questionnaire", place.slug)
    profile = profile_load(request, place.slug)
    if profile is None:
        start = questionnaire or _url_or_none("newcomers:welcome", place.slug)
        if start:
            return redirect(start)
        return render(
            request,
            "newcomers/matches_start.html",
            {"territory": place, "nav": "settle"},
        )
    result = territory_matches(place, profile)
    data = matches_data(result)
    return render(
        request,
        "newcomers/matches.html",
        {
            "territory": place,
            "data": data,
            "profile": profile,
            "questionnaire_url": questionnaire,
            "request_url": _url_or_none("newcomers:request", place.slug),
            "nav": "settle",
        },
    )
