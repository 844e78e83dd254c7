from django.urls import path
from drf_spectacular.views import SpectacularJSONAPIView

from . import territories

app_name = "api"
urlpatterns = [
    # The JSON view, not SpectacularAPIView: that one answers YAML unless asked, ".json" or not.
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="schema"),
    path("territories/", territories.TerritoryList.as_view(), name="territory-list"),
    path(
        "territories/<slug:slug>/", territories.TerritoryDetail.as_view(), name="territory-detail"
    ),
    path(
        "territories/<slug:slug>/boundaries.geojson",
        territories.territory_boundaries,
        name="territory-boundaries",
    ),
    path("groupings/", territories.GroupingList.as_view(), name="grouping-list"),
    path("communes/", territories.CommuneList.as_view(), name="commune-list"),
    path("communes/<str:code>/", territories.commune_detail, name="commune-detail"),
    path(
        "communes/<str:code>/boundary.geojson",
        territories.commune_boundary,
        name="commune-boundary",
    ),
]
