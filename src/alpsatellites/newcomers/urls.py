"""All newcomers pages, one URL module per part (each under the `newcomers` namespace)."""

from django.urls import include, path

app_name = "newcomers"
urlpatterns = [
    path("", include("alpsatellites.newcomers.welcome_urls")),
    path("", include("alpsatellites.newcomers.matching_urls")),
    path("", include("alpsatellites.newcomers.household_urls")),
    path("", include("alpsatellites.newcomers.officer_urls")),
    path("", include("alpsatellites.newcomers.stays_urls")),
    path("", include("alpsatellites.newcomers.privacy_urls")),
    path("", include("alpsatellites.newcomers.dashboards_urls")),
]
