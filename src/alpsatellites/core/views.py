"""Platform-wide views: health check and error pages (JSON under /api/, HTML elsewhere)."""

import logging

from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from .errors import error_body, log_denial

logger = logging.getLogger(__name__)


@never_cache
def healthz(request):
    """ok or failing, and nothing more: which database, and why it fails, is for the log only
    (anyone may call this)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # the point of a health check is to report, not to raise
        logger.exception("healthz database=failing")
        return JsonResponse({"status": "failing"}, status=503)
    return JsonResponse({"status": "ok"})


def hello(request):
    """The cheapest response the stack can give: the benchmarks' ceiling."""
    return HttpResponse("hello", content_type="text/plain")


def _wants_json(request) -> bool:
    return request.path.startswith("/api/")


def error_response(request, status: int, code: str, message: str):
    """The error answer of a request outside DRF: the API's JSON shape, or the error page."""
    if _wants_json(request):
        return JsonResponse(error_body(status, code, message), status=status)
    return render(request, "www/error.html", {"status": status, "message": message}, status=status)


def bad_request(request, exception=None):
    return error_response(request, 400, "bad_request", _("The request is malformed."))


def permission_denied(request, exception=None):
    log_denial(
        user=getattr(request, "user", None),
        method=request.method,
        path=request.path,
        code="forbidden",
    )
    return error_response(request, 403, "forbidden", _("You are not allowed to see this page."))


def page_not_found(request, exception=None):
    return error_response(request, 404, "not_found", _("This page does not exist."))


def server_error(request):
    return error_response(
        request, 500, "server_error", _("An unexpected error happened; it has been logged.")
    )
