"""The project's URLs plus views that fail, to see the error handlers answer (see test_core.py)."""

from django.conf.urls.i18n import i18n_patterns
from django.core.exceptions import SuspiciousOperation
from django.urls import path

from alpsatellites import urls


def boom(request):
    raise RuntimeError("boom")


def suspicious(request):
    raise SuspiciousOperation("forged")


urlpatterns = [
    path("api/v1/boom/", boom),
    path("api/v1/suspicious/", suspicious),
    *i18n_patterns(path("boom/", boom), path("suspicious/", suspicious)),
    *urls.urlpatterns,
]
handler400 = urls.handler400
handler403 = urls.handler403
handler404 = urls.handler404
handler500 = urls.handler500
