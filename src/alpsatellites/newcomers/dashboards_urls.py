"""URLs of the newcomers domain: the territory's welcome dashboard (beside the elected
officials' decision pages, under /t/<territory>/decide/)."""

from django.urls import path

from . import dashboard_views

urlpatterns = [
    path(
        "t/<slug:territory>/decide/welcome/",
        dashboard_views.welcome_dashboard_page,
        name="welcome-dashboard",
    ),
    path(
        "t/<slug:territory>/decide/welcome/funnel.csv",
        dashboard_views.welcome_funnel_csv,
        name="welcome-dashboard-csv",
    ),
]
