"""Platform-wide views: health check and error pages (JSON under /api/, HTML elsewhere)."""

from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache


@never_cache
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        database = {"status": "ok", "vendor": connection.vendor}
    except Exception as error:  # the point of a health check is to report, not to raise
        database = {"status": "error", "vendor": connection.vendor, "error": str(error)}
    healthy = database["status"] == "ok"
    return JsonResponse(
        {"status": "ok" if healthy else "error", "database": database},
        status=200 if healthy else 503,
    )


def hello(request):
    """The cheapest response the stack can give: the benchmarks' ceiling."""
    return HttpResponse("hello", content_type="text/plain")


def _wants_json(request) -> bool:
    return request.path.startswith("/api/")


def _error(request, status: int, message: str):
    if _wants_json(request):
        return JsonResponse({"error": {"status": status, "message": message}}, status=status)
    return render(request, "www/error.html", {"status": status, "message": message}, status=status)


def bad_request(request, exception=None):
    return _error(request, 400, _("The request is malformed."))


def permission_denied(request, exception=None):
    return _error(request, 403, _("You are not allowed to see this page."))


def page_not_found(request, exception=None):
    return _error(request, 404, _("This page does not exist."))


def server_error(request):
    return _error(request, 500, _("An unexpected error happened; it has been logged."))
