"""URLs of the newcomers domain: matching (the results page of the needs questionnaire)."""

from django.urls import path

from . import matching_views

urlpatterns = [
    path("t/<slug:territory>/settle/matches/", matching_views.matches, name="matches"),
]
