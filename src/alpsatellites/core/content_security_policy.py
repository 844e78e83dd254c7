"""The Content-Security-Policy header that every response carries, built once.

django-csp's own middleware rebuilds the header for every response (a tenth of a millisecond, a
tenth of a cached page's cost); the platform's policy has no nonce and no per-view change, so the
header is built once, at start-up, from CONTENT_SECURITY_POLICY with django-csp's own builder.
"""

from collections.abc import Callable

from csp.utils import build_policy
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        self.header = build_policy(config=settings.CONTENT_SECURITY_POLICY["DIRECTIVES"])

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.header)
        return response
