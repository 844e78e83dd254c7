"""The needs profile of a visitor, kept in their session per territory.

The questionnaire works without an account: each step saves here, the matches page reads here,
and a welcome request copies it onto the case only when the person consents to share it.
"""

from typing import Any

from alpsatellites.matching.profile import NeedsProfile, profile_from_dict

SESSION_KEY = "newcomers_profile"


def profile_load(request: Any, territory_slug: str) -> NeedsProfile | None:
    """The profile saved for this territory, or None (none yet, or unreadable: start again)."""
    data = request.session.get(SESSION_KEY, {}).get(territory_slug)
    if not isinstance(data, dict):
        return None
    try:
        return profile_from_dict(data)
    except (TypeError, ValueError):
        return None


def profile_save(request: Any, territory_slug: str, profile: NeedsProfile) -> None:
    profiles = dict(request.session.get(SESSION_KEY, {}))
    profiles[territory_slug] = profile.to_dict()
    request.session[SESSION_KEY] = profiles


def profile_forget(request: Any, territory_slug: str) -> None:
    profiles = dict(request.session.get(SESSION_KEY, {}))
    if profiles.pop(territory_slug, None) is not None:
        request.session[SESSION_KEY] = profiles
