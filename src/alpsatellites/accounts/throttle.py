"""One limit on password and token guessing, for every way in: the back office's sign-in, the
site's sign-in (allauth) and the API's token authentication.

Failures are counted in the cache per (client address, account) and per client address, over a
window that starts with the first failure. Past the limit, attempts for that account from that
address are refused — even with the right password, or guessing would go on — until the window
ends; the same account from any other address is not affected, so nobody can lock a person out
by failing on purpose. The per-address count stops one address from trying a few passwords on
many accounts. A success clears the count of its (address, account) pair only.

The client address is REMOTE_ADDR, or, behind `TRUSTED_PROXY_COUNT` reverse proxies, the address
the nearest of them saw (the X-Forwarded-For entries further left can be forged by the client).
"""

import hashlib
import ipaddress
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import ngettext

FAILURES_PER_ACCOUNT = 5
FAILURES_PER_ADDRESS = 50
WINDOW_SECONDS = 15 * 60
UNKNOWN_ADDRESS = "unknown"


class TooManyFailures(Exception):
    """Attempts from this address for this account are refused for now."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(retry_after)
        self.retry_after = retry_after

    @property
    def message(self) -> str:
        minutes = max(1, -(-self.retry_after // 60))
        return ngettext(
            "Too many failed attempts from your address for this account. Try again in "
            "%(minutes)d minute.",
            "Too many failed attempts from your address for this account. Try again in "
            "%(minutes)d minutes.",
            minutes,
        ) % {"minutes": minutes}


def client_address(request: HttpRequest) -> str:
    proxies = settings.TRUSTED_PROXY_COUNT
    candidate = request.META.get("REMOTE_ADDR", "")
    if proxies > 0:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [a for a in forwarded if a]
        if len(forwarded) >= proxies:
            candidate = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return UNKNOWN_ADDRESS


def _keys(request: HttpRequest, account: str) -> tuple[str, str]:
    address = client_address(request)
    # Hashed: an account name may hold characters a cache key may not (spaces, long e-mails).
    pair = hashlib.sha256(f"{address}\n{account.strip().lower()}".encode()).hexdigest()
    return f"signin-failures:pair:{pair}", f"signin-failures:address:{address}"


def _count(key: str) -> int:
    return cache.get(key, 0)


def _retry_after(key: str) -> int:
    ends_at = cache.get(f"{key}:ends", 0)
    return max(1, min(WINDOW_SECONDS, round(ends_at - time.time())))


def _increment(key: str) -> None:
    if cache.add(key, 0, WINDOW_SECONDS):
        cache.set(f"{key}:ends", time.time() + WINDOW_SECONDS, WINDOW_SECONDS)
    try:
        cache.incr(key)
    except ValueError:  # expired between the two calls: a new window starts
        cache.set(key, 1, WINDOW_SECONDS)


def attempt_check(request: HttpRequest, account: str) -> None:
    """Raises TooManyFailures when this address has failed too often (for this account)."""
    pair_key, address_key = _keys(request, account)
    for key, limit in ((pair_key, FAILURES_PER_ACCOUNT), (address_key, FAILURES_PER_ADDRESS)):
        if _count(key) >= limit:
            raise TooManyFailures(_retry_after(key))


def attempt_failed(request: HttpRequest, account: str) -> None:
    for key in _keys(request, account):
        _increment(key)


def attempt_succeeded(request: HttpRequest, account: str) -> None:
    pair_key, _address_key = _keys(request, account)
    cache.delete_many([pair_key, f"{pair_key}:ends"])
