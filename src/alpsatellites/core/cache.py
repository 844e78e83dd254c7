"""Caching of anonymous public pages, invalidated as a whole when content changes.

The pages depend on territory data that changes rarely and is read constantly; rendering them
once per language and URL keeps them near the cost of a bare response (see benchmarks/serving.py).
A single "content generation" number in the cache is part of every key: bumping it (done by the
territory services after each write) makes every cached page stale at once without scanning keys.
"""

import functools
import hashlib
from typing import cast

from django.conf import settings
from django.core.cache import cache
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_language

GENERATION_KEY = "content-generation"


def content_generation() -> int:
    # Never None: the default is stored and returned when the key is missing.
    return cast(int, cache.get_or_set(GENERATION_KEY, 1, timeout=None))


def bump_content_generation() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, timeout=None)


def cached_public_page(view):
    """Cache a GET view's 200 responses for anonymous readers, per language and full URL.

    Works for Django views and for DRF views (wrap the function `as_view()` returns): a DRF
    response is rendered before it is stored.
    """

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        # Someone with a session or a pending message may see a personal page (a greeting, a
        # "booking cancelled" notice): only the anonymous, cookie-less page is shared.
        personal = request.COOKIES.keys() & {settings.SESSION_COOKIE_NAME, "messages"}
        if request.method != "GET" or personal or request.user.is_authenticated:
            return view(request, *args, **kwargs)
        # An htmx request gets a fragment of the page: it must not share the full page's entry.
        fragment = "f" if request.headers.get("HX-Request") else "p"
        # The API negotiates its format from Accept (GeoJSON or JSON): part of the key too.
        accept = request.headers.get("Accept", "")
        # Hashed: a browser's Accept header and a long query string hold spaces and can pass
        # the 250 characters memcached-style keys allow.
        variant = hashlib.sha256(f"{accept}\n{request.get_full_path()}".encode()).hexdigest()
        key = f"page:{content_generation()}:{get_language()}:{fragment}:{variant}"
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
