"""How API clients prove who they are, and what their writes may look like.

Scripts send a personal token (accounts.tokens) as `Authorization: Token <token>` (or `Bearer`).
A browser never adds that header by itself, so a page of another site cannot act with it, as it
could with the HTTP Basic credentials a browser remembers. The browser's own session stays
accepted, with Django's CSRF check. Writes accept JSON only: an HTML form of another site can
post form-encoded or multipart bodies without any check by the browser, never JSON.
"""

from collections.abc import Sequence

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from rest_framework import authentication, exceptions
from rest_framework.parsers import BaseParser
from rest_framework.permissions import SAFE_METHODS

from alpsatellites.accounts import throttle
from alpsatellites.accounts.tokens import api_token_user, token_prefix
from alpsatellites.core.mixins import MixinBase

from .parsers import JSONParser

KEYWORDS = ("token", "bearer")
REALM = "api"


class TokenAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        scheme, _sep, token = request.headers.get("Authorization", "").strip().partition(" ")
        if scheme.lower() not in KEYWORDS:
            return None
        token = token.strip()
        if not token or " " in token:
            raise exceptions.AuthenticationFailed(
                "Send the header as 'Authorization: Token <token>'."
            )
        # The account a guess aims at is the token's visible prefix (or the text itself).
        account = "token:" + (token_prefix(token) or token[:32])
        try:
            throttle.attempt_check(request, account)
        except throttle.TooManyFailures as refusal:
            raise exceptions.Throttled(wait=refusal.retry_after, detail=refusal.message) from None
        user = api_token_user(token)
        if user is None:
            throttle.attempt_failed(request, account)
            raise exceptions.AuthenticationFailed("Invalid or revoked token.")
        return user, token

    def authenticate_header(self, request):
        return f'Token realm="{REALM}"'


class TokenScheme(OpenApiAuthenticationExtension):
    """How the OpenAPI description presents TokenAuthentication (registered on import)."""

    target_class = TokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        scheme = build_bearer_security_scheme_object(
            header_name="Authorization",
            token_prefix="Token",  # noqa: S106 (the scheme's keyword)
        )
        scheme["description"] = (
            "A personal API token, created on the 'API tokens' page of your account: "
            "`Authorization: Token alps_…` (`Bearer` is accepted too)."
        )
        return scheme


AUTHENTICATION_CLASSES = [TokenAuthentication, authentication.SessionAuthentication]


JSON_PARSERS = [JSONParser]


def refuse_non_json_write(request) -> None:
    """A 415 for a write that declares a body other than JSON, even an empty one: a body-less
    write (a cancellation) may come without any Content-Type, never with a form's."""
    content_type = (request.content_type or "").split(";")[0].strip().lower()
    if request.method not in SAFE_METHODS and content_type not in ("", "application/json"):
        raise exceptions.UnsupportedMediaType(content_type)


class JsonWritesMixin(MixinBase):
    """For class-based views with writes (after authentication and permissions)."""

    parser_classes: "Sequence[type[BaseParser]]" = JSON_PARSERS

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        refuse_non_json_write(request)
