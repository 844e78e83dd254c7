"""The project's URLs plus views that fail, to see the error handlers answer (see test_core.py)."""

from django.conf.urls.i18n import i18n_patterns
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import path
from rest_framework.decorators import api_view

from alpsatellites import urls
from alpsatellites.core.errors import Conflict, Forbidden, NotFound


def boom(request):
    raise RuntimeError("boom")


def suspicious(request):
    raise SuspiciousOperation("forged")


def forbidden(request):
    raise PermissionDenied


def domain_forbidden(request):
    raise Forbidden("Not yours.")


def domain_concealed(request):
    raise Forbidden("No such thing among yours.", conceal=True)


def domain_not_found(request):
    raise NotFound("No such thing.")


def domain_conflict(request):
    raise Conflict("Taken meanwhile.", code="taken", field="seats")


@api_view(["GET"])
def api_forbidden(request):
    raise Forbidden("Not yours.")


@api_view(["GET"])
def api_concealed(request):
    raise Forbidden("No such thing among yours.", conceal=True)


@api_view(["GET"])
def api_conflict(request):
    raise Conflict("Taken meanwhile.", code="taken", field="seats")


urlpatterns = [
    path("api/v1/boom/", boom),
    path("api/v1/suspicious/", suspicious),
    path("api/v1/forbidden/", forbidden),
    path("api/v1/domain-conflict/", domain_conflict),
    path("api/v1/drf/forbidden/", api_forbidden),
    path("api/v1/drf/concealed/", api_concealed),
    path("api/v1/drf/conflict/", api_conflict),
    *i18n_patterns(
        path("boom/", boom),
        path("suspicious/", suspicious),
        path("forbidden/", forbidden),
        path("domain-forbidden/", domain_forbidden),
        path("domain-concealed/", domain_concealed),
        path("domain-not-found/", domain_not_found),
        path("domain-conflict/", domain_conflict),
    ),
    *urls.urlpatterns,
]
handler400 = urls.handler400
handler403 = urls.handler403
handler404 = urls.handler404
handler500 = urls.handler500
