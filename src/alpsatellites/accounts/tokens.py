"""Personal API tokens: created (the secret shown once), listed, revoked, and checked.

A token reads `alps_<prefix>_<secret>`: the prefix finds the row, and the SHA-256 of the whole
token is compared in constant time. The secret carries 256 random bits, so a fast hash is enough
(a slow password hash only helps secrets a person chose); a stolen database does not give
usable tokens.
"""

import datetime
import hashlib
import hmac
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import ApiToken, User

TOKEN_START = "alps_"  # noqa: S105 (the visible start of every token, not a secret)
PREFIX_BYTES = 6  # 12 hex characters
MAX_ACTIVE_TOKENS = 20
# "Last used" is a hint for the person, not an audit log: one write a minute at most.
LAST_USED_PRECISION = datetime.timedelta(minutes=1)


class TokenRefused(Exception):
    """A token cannot be created as asked; the message is for the person."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def token_prefix(token: str) -> str | None:
    """The lookup part of something that looks like a token, or None."""
    if not token.startswith(TOKEN_START):
        return None
    prefix, _sep, secret = token[len(TOKEN_START) :].partition("_")
    if len(prefix) != PREFIX_BYTES * 2 or not secret:
        return None
    return prefix


def api_tokens_of(user: User):
    """The person's tokens, active first, newest first."""
    return ApiToken.objects.filter(user=user).order_by("revoked_at", "-created_at", "-pk")


@transaction.atomic
def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """A new token and its secret, which is never stored and cannot be shown again."""
    name = " ".join(name.split())
    if not name:
        raise TokenRefused(_("Give the token a name, such as the script that will use it."))
    # Row lock on the person: two simultaneous creations cannot both pass the limit.
    User.objects.select_for_update().get(pk=user.pk)
    if ApiToken.objects.filter(user=user, revoked_at__isnull=True).count() >= MAX_ACTIVE_TOKENS:
        raise TokenRefused(
            _("You already have %(count)d active tokens: revoke one you no longer use.")
            % {"count": MAX_ACTIVE_TOKENS}
        )
    prefix = secrets.token_hex(PREFIX_BYTES)
    secret = f"{TOKEN_START}{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        user=user,
        name=name[: ApiToken._meta.get_field("name").max_length],
        prefix=prefix,
        secret_hash=_hash(secret),
    )
    return token, secret


def api_token_revoke(*, user: User, token_id: int) -> ApiToken:
    """Revokes one of the person's tokens (anyone else's is DoesNotExist); idempotent."""
    token = ApiToken.objects.get(user=user, pk=token_id)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def api_token_user(token: str) -> User | None:
    """The active person the token belongs to, or None (unknown, revoked, inactive person)."""
    prefix = token_prefix(token)
    if prefix is None:
        return None
    row = (
        ApiToken.objects.select_related("user")
        .filter(prefix=prefix, revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if row is None or not hmac.compare_digest(row.secret_hash, _hash(token)):
        return None
    now = timezone.now()
    if row.last_used_at is None or now - row.last_used_at >= LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
    return row.user
