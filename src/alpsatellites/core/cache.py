"""Caching of anonymous public pages, invalidated by scope when content changes.

The pages depend on territory data that changes rarely and is read constantly; rendering them
once per host, language and URL keeps them near the cost of a bare response (see
benchmarks/serving.py).

Each cached page names the scope it shows, and the current version of that scope (a random
token kept in the cache) is part of its key; giving the scope a new token makes its pages stale
at once without scanning keys. The scopes, from narrow to wide:

- a workspace (its page, its API detail and availability);
- a territory (its pages, its workspace search, its downloads, the API filtered on it);
- the catalogue: pages that list every territory (the home page, unfiltered API lists);
- the platform: every page, for changes that belong to no territory (an amenity's name).

A booking changes only its workspace's and its territory's availability, so it renews those two
tokens; an edit of a territory's content renews the territory, its workspaces and the catalogue.
The tokens live in the cache itself: production therefore insists on a shared cache
(settings/production.py), or each server process would keep its own tokens and serve its own
stale pages. Tokens are random rather than counters so that an evicted token can never come back
with an old value and revive old pages.
"""

import functools
import hashlib
import re
import secrets
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_language

PLATFORM = "platform"
CATALOGUE = "catalogue"
# Any lifetime is safe (a token that expires is replaced by a new one: its pages are missed, never
# revived); a finite one keeps tokens of slugs nobody asks for anymore from piling up.
VERSION_SECONDS = 7 * 24 * 3600
SLUG = re.compile(r"^[-a-zA-Z0-9_]{1,100}$")


def territory_scope(slug: str) -> str:
    return f"territory:{slug}"


def workspace_scope(slug: str) -> str:
    return f"workspace:{slug}"


def _version_key(scope: str) -> str:
    return f"version:{scope}"


def scope_versions(*scopes: str) -> str:
    """The current tokens of the platform and of `scopes`, joined: one cache round trip."""
    keys = [_version_key(scope) for scope in (PLATFORM, *scopes)]
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            # `add` keeps the token a concurrent first reader may have set in the meantime.
            token = secrets.token_hex(8)
            found[key] = (
                token if cache.add(key, token, timeout=VERSION_SECONDS) else cache.get(key, token)
            )
    return ".".join(found[key] for key in keys)


def scopes_renew(*scopes: str) -> None:
    """Make every cached page of these scopes stale (call it after the change is committed)."""
    cache.set_many(
        {_version_key(scope): secrets.token_hex(8) for scope in scopes}, timeout=VERSION_SECONDS
    )


# A territory's content also shows on pages of other scopes (its workspaces' pages name it and its
# communes). The apps that own those pages say which (workspaces does, in its AppConfig.ready), so
# the territories domain renews them without knowing them.
_territory_dependents: list[Callable[[list[str]], list[str]]] = []


def register_territory_dependents(scopes_of: Callable[[list[str]], list[str]]) -> None:
    """`scopes_of(territory_slugs)` returns the scopes that show those territories' content."""
    _territory_dependents.append(scopes_of)


def content_changed(*, territory_slugs: Iterable[str] = (), workspace_slugs: Iterable[str] = ()):
    """Content (not availability) changed: these territories' pages and what shows them, these
    workspaces' pages, and the lists of every territory are stale."""
    territory_slugs = [slug for slug in territory_slugs if slug]
    scopes = [CATALOGUE]
    scopes += [territory_scope(slug) for slug in territory_slugs]
    scopes += [workspace_scope(slug) for slug in workspace_slugs if slug]
    if territory_slugs:
        for scopes_of in _territory_dependents:
            scopes += scopes_of(territory_slugs)
    scopes_renew(*scopes)


def content_changed_on_commit(
    *, territory_slugs: Iterable[str] = (), workspace_slugs: Iterable[str] = ()
) -> None:
    """content_changed() once the current transaction commits.

    robust: a cache that is down must not turn a committed change into an error page (the pages
    then expire on their own after PUBLIC_PAGE_CACHE_SECONDS). A named function, not a
    functools.partial: Django names the failed hook by its __qualname__ when it logs the error.
    """
    territory_slugs, workspace_slugs = list(territory_slugs), list(workspace_slugs)

    def renew_content_scopes() -> None:
        content_changed(territory_slugs=territory_slugs, workspace_slugs=workspace_slugs)

    transaction.on_commit(renew_content_scopes, robust=True)


def availability_changed(*, territory_slug: str, workspace_slug: str) -> None:
    """Seats were taken or freed: only the workspace's pages and its territory's search."""
    scopes_renew(territory_scope(territory_slug), workspace_scope(workspace_slug))


def platform_changed() -> None:
    """A change that belongs to no territory (an amenity, a shared source): every page."""
    scopes_renew(PLATFORM)


# --- which scope a view shows -----------------------------------------------------------------

Scope = Callable[..., str]


def catalogue(request, **kwargs) -> str:
    return CATALOGUE


def territory_from(kwarg: str) -> Scope:
    """The territory named by the URL's `kwarg` (its slug)."""

    def scope(request, **kwargs) -> str:
        return territory_scope(kwargs[kwarg])

    return scope


def workspace_from(kwarg: str) -> Scope:
    """The workspace named by the URL's `kwarg` (its slug)."""

    def scope(request, **kwargs) -> str:
        return workspace_scope(kwargs[kwarg])

    return scope


def territory_param(request, **kwargs) -> str:
    """The API's `?territory=` filter; every territory without it."""
    slug = request.GET.get("territory", "")
    # Anything but a slug is refused by the view (400, never cached): no token is made for it.
    return territory_scope(slug) if SLUG.match(slug) else CATALOGUE


def cached_public_page(view=None, *, scope: Scope = catalogue):
    """Cache a GET view's 200 responses for anonymous readers, per host, language and full URL.

    `scope(request, **url_kwargs)` names what the page shows (see the module docstring). Works
    for Django views and for DRF views (wrap the function `as_view()` returns): a DRF response is
    rendered before it is stored.
    """
    if view is None:
        return functools.partial(cached_public_page, scope=scope)

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        # Someone with a session or a pending message may see a personal page (a greeting, a
        # "booking cancelled" notice): only the anonymous, cookie-less page is shared.
        personal = request.COOKIES.keys() & {settings.SESSION_COOKIE_NAME, "messages"}
        if request.method != "GET" or personal or request.user.is_authenticated:
            return view(request, *args, **kwargs)
        # An htmx request gets a fragment of the page: it must not share the full page's entry.
        fragment = "f" if request.headers.get("HX-Request") else "p"
        # The API negotiates its format from Accept (GeoJSON or JSON): part of the key too. So is
        # the host: pages hold absolute links built from it, and one host's answer must never be
        # served to another's readers. Hashed: a browser's Accept header and a long query string
        # hold spaces and can pass the 250 characters memcached-style keys allow.
        variant = hashlib.sha256(
            f"{request.get_host()}\n{request.headers.get('Accept', '')}\n"
            f"{request.get_full_path()}".encode()
        ).hexdigest()
        versions = scope_versions(scope(request, **kwargs))
        key = f"page:{versions}:{get_language()}:{fragment}:{variant}"
        response = cache.get(key)
        if response is None:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            if response.status_code == 200:
                cache.set(key, response, settings.PUBLIC_PAGE_CACHE_SECONDS)
        patch_cache_control(response, public=True, max_age=60)
        patch_vary_headers(response, ["HX-Request", "Accept"])
        return response

    return wrapper
