from django.urls import path

from . import decision_views

app_name = "decision"
urlpatterns = [
    path("t/<slug:territory>/decide/", decision_views.dashboard, name="dashboard"),
    path("t/<slug:territory>/decide/scenario/", decision_views.scenario, name="scenario"),
    path("t/<slug:territory>/decide/report/", decision_views.report_page, name="report-page"),
    path("t/<slug:territory>/decide/reports/", decision_views.report_new, name="report-new"),
    path(
        "t/<slug:territory>/decide/reports/<int:pk>/",
        decision_views.report_status,
        name="report",
    ),
    path(
        "t/<slug:territory>/decide/reports/<int:pk>/pdf",
        decision_views.report_download,
        name="report-pdf",
    ),
]
