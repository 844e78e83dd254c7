"""The platform's one error vocabulary: what went wrong, said once, answered the same everywhere.

Services raise these instead of ORM or HTTP exceptions: a `Forbidden` is a permission failure
(and is logged as one), not a `DoesNotExist` that any `except` may swallow. Each class carries the
HTTP status both faces of the platform answer with, so the API's exception handler
(api/errors.py) and the pages' middleware (core/middleware.py) read one mapping and never keep
their own.
"""

import logging
from typing import Any

from django.utils.translation import gettext_lazy as _

from .logs import log_event


class DomainError(Exception):
    """A request the platform refuses, with a message for the person and a stable code.

    `field` names the input at fault, when there is one (shown beside it in a form, under
    "fields" in an API error).
    """

    http_status: int = 400
    default_code: str = "invalid"
    default_message: Any = _("This request cannot be carried out.")

    def __init__(self, message=None, *, code: str | None = None, field: str | None = None):
        self.message = str(message if message is not None else self.default_message)
        self.code = code or self.default_code
        self.field = field
        super().__init__(self.message)


class Invalid(DomainError):
    """The request itself is wrong (a rule it breaks, a value out of range)."""


class NotFound(DomainError):
    http_status = 404
    default_code = "not_found"
    default_message = _("This does not exist.")


class Forbidden(DomainError):
    """The person may not do this. `conceal=True` answers as NotFound, for things whose mere
    existence is private (someone else's booking): the denial is still logged as a denial."""

    http_status = 403
    default_code = "forbidden"
    default_message = _("You are not allowed to do this.")

    def __init__(self, message=None, *, conceal: bool = False, **kwargs):
        self.conceal = conceal
        if conceal:
            kwargs.setdefault("code", NotFound.default_code)
            message = message if message is not None else NotFound.default_message
        super().__init__(message, **kwargs)
        if conceal:
            self.http_status = NotFound.http_status


class Conflict(DomainError):
    """The request is well formed but the state of things refuses it now (no seat left, a price
    that changed): trying again later, or after looking again, may succeed."""

    http_status = 409
    default_code = "conflict"
    default_message = _("This conflicts with the current state; please look again.")


def error_body(status: int, code: str, message: str, fields: dict | None = None) -> dict:
    """The one shape of every JSON error: {"error": {"status", "code", "message", "fields"?}}."""
    error: dict[str, Any] = {"status": status, "code": code, "message": str(message)}
    if fields:
        error["fields"] = fields
    return {"error": error}


denial_logger = logging.getLogger("alpsatellites.permissions")


def log_denial(*, user, method: str, path: str, code: str) -> None:
    """Every refused permission, wherever it is answered, leaves the same line."""
    log_event(
        denial_logger,
        "permission.denied",
        user=getattr(user, "pk", None) or "anonymous",
        method=method,
        path=path,
        code=code,
    )
