"""Staff pages of the feasibility index (the public pages are in www)."""

from django.urls import path

from . import weights_views

app_name = "feasibility_manage"
urlpatterns = [
    path("manage/<slug:territory>/feasibility/", weights_views.manage_weights, name="weights"),
    path(
        "manage/<slug:territory>/feasibility/preview/",
        weights_views.preview_weights,
        name="preview",
    ),
]
