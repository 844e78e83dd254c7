from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.core.files.storage import FileSystemStorage, default_storage
from django.urls import include, path, re_path
from django.views.static import serve
from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerSplitView

from alpsatellites.core.views import healthz, hello

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("api/v1/", include("alpsatellites.api.urls")),
    # The split view serves Swagger UI's start-up script as a file: no inline script (CSP).
    path(
        "api/v1/docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api:schema"),
        name="api-docs",
    ),
    path("api/v1/redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="api-redoc"),
]
if isinstance(default_storage, FileSystemStorage) and settings.MEDIA_URL.startswith("/"):
    # Uploaded files (workspace photos, re-encoded images only) stored on this machine: served
    # by the platform, so the embedded default shows them; a proxy may serve MEDIA_ROOT itself,
    # and a bucket (django-storages) gives its own addresses instead.
    def media(request, path):
        # MEDIA_ROOT read on each request, not frozen when the URLs are loaded.
        return serve(request, path, document_root=str(settings.MEDIA_ROOT))

    urlpatterns.append(re_path(rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>.+)$", media))
if settings.BENCHMARK_HELLO:
    urlpatterns.append(path("__hello__", hello))
urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("accounts/", include("alpsatellites.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("", include("alpsatellites.workspaces.urls")),
    path("", include("alpsatellites.observatory.feasibility_urls")),
    path("", include("alpsatellites.observatory.decision_urls")),
    path("", include("alpsatellites.newcomers.urls")),
    path("", include("alpsatellites.www.urls")),
)

handler400 = "alpsatellites.core.views.bad_request"
handler403 = "alpsatellites.core.views.permission_denied"
handler404 = "alpsatellites.core.views.page_not_found"
handler500 = "alpsatellites.core.views.server_error"
