"""Every API error is JSON of one shape: {"error": {"status", "code", "message", "fields"?}}.

This handler is the API's one translation of errors into responses: the platform's domain errors
(core/errors.py, which carry their status), DRF's own exceptions and Django's Http404 and
PermissionDenied. Views raise; none builds an error body. A view may rename the fields a domain
error names (`error_field_names`), where the API calls an input differently than the form does.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from alpsatellites.core.errors import DomainError, Forbidden, error_body, log_denial


def _domain_error_response(exc: DomainError, context) -> Response:
    fields = None
    if exc.field:
        names = getattr(context.get("view"), "error_field_names", {})
        fields = {names.get(exc.field, exc.field): [exc.message]}
    return Response(error_body(exc.http_status, exc.code, exc.message, fields), exc.http_status)


def _log_if_denied(exc, context) -> None:
    if isinstance(exc, Forbidden | PermissionDenied | exceptions.PermissionDenied):
        request = context.get("request")
        code = "forbidden" if isinstance(exc, Forbidden) else "permission_denied"
        if request is not None:
            log_denial(user=request.user, method=request.method, path=request.path, code=code)


def exception_handler(exc, context):
    _log_if_denied(exc, context)
    if isinstance(exc, DomainError):
        return _domain_error_response(exc, context)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(str(exc) or _("Not found."))
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # an unexpected error: Django's 500 handler answers in JSON under /api/
    fields = None
    if isinstance(exc, exceptions.ValidationError) and isinstance(response.data, dict):
        message = _("Invalid parameters.")
        fields = response.data
    elif isinstance(response.data, dict) and "detail" in response.data:
        message = str(response.data["detail"])
    else:
        message = str(response.data)
    code = exc.default_code if isinstance(exc, exceptions.APIException) else "error"
    response.data = error_body(response.status_code, code, message, fields)
    return response
