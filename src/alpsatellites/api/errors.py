"""Every API error is JSON of one shape: {"error": {"status", "message", "fields"?}}."""

from typing import Any

from django.http import Http404
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(str(exc) or "Not found.")
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # an unexpected error: Django's 500 handler answers in JSON under /api/
    error: dict[str, Any] = {"status": response.status_code}
    if isinstance(exc, exceptions.ValidationError) and isinstance(response.data, dict):
        error["message"] = "Invalid parameters."
        error["fields"] = response.data
    elif isinstance(response.data, dict) and "detail" in response.data:
        error["message"] = str(response.data["detail"])
    else:
        error["message"] = str(response.data)
    response.data = {"error": error}
    return response
