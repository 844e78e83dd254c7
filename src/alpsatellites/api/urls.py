from django.urls import path
from drf_spectacular.views import SpectacularJSONAPIView

from alpsatellites.api.matching import match_view
from alpsatellites.core.cache import cached_public_page as public
from alpsatellites.core.cache import territory_from, territory_param, workspace_from

from . import cases, my_cases, observatory, root, territories, workspaces

app_name = "api"
# Public reads are cached like the public pages: they change only when content does.
urlpatterns = [
    path("", public(root.api_root), name="root"),
    # The JSON view, not SpectacularAPIView: that one answers YAML unless asked, ".json" or not.
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="schema"),
    path("territories/", public(territories.TerritoryList.as_view()), name="territory-list"),
    path(
        "territories/<slug:slug>/",
        public(territories.TerritoryDetail.as_view(), scope=territory_from("slug")),
        name="territory-detail",
    ),
    path(
        "territories/<slug:slug>/boundaries.geojson",
        public(territories.territory_boundaries, scope=territory_from("slug")),
        name="territory-boundaries",
    ),
    path(
        "groupings/",
        public(territories.GroupingList.as_view(), scope=territory_param),
        name="grouping-list",
    ),
    path(
        "communes/",
        public(territories.CommuneList.as_view(), scope=territory_param),
        name="commune-list",
    ),
    path(
        "communes/<str:code>/",
        public(territories.commune_detail, scope=territory_param),
        name="commune-detail",
    ),
    path(
        "communes/<str:code>/boundary.geojson",
        public(territories.commune_boundary, scope=territory_param),
        name="commune-boundary",
    ),
    path(
        "communes/<str:code>/indicators/",
        public(observatory.commune_indicators, scope=territory_param),
        name="commune-indicators",
    ),
    path("indicators/", public(observatory.IndicatorList.as_view()), name="indicator-list"),
    path(
        "facilities/",
        public(observatory.FacilityList.as_view(), scope=territory_param),
        name="facility-list",
    ),
    path(
        "facilities.geojson",
        public(observatory.facility_geojson, scope=territory_param),
        name="facility-geojson",
    ),
    path(
        "territories/<slug:slug>/feasibility/",
        public(observatory.territory_feasibility_view, scope=territory_from("slug")),
        name="territory-feasibility",
    ),
    # Anonymous and stateless, per profile: never cached.
    path("matches/", match_view, name="matches"),
    path(
        "workspaces/",
        public(workspaces.WorkspaceList.as_view(), scope=territory_param),
        name="workspace-list",
    ),
    path(
        "workspaces/<slug:slug>/",
        public(workspaces.WorkspaceDetail.as_view(), scope=workspace_from("slug")),
        name="workspace-detail",
    ),
    # Cached too: a booking, cancellation or block renews its workspace's version.
    path(
        "workspaces/<slug:slug>/availability/",
        public(workspaces.workspace_availability, scope=workspace_from("slug")),
        name="workspace-availability",
    ),
    # A person's bookings: never cached.
    path("bookings/", workspaces.BookingListCreate.as_view(), name="booking-list"),
    path("bookings/<int:pk>/", workspaces.BookingDetail.as_view(), name="booking-detail"),
    path("bookings/<int:pk>/cancel/", workspaces.booking_cancel_view, name="booking-cancel"),
    # A household's own welcome cases: never cached.
    path("my/cases/", my_cases.MyCaseList.as_view(), name="my-case-list"),
    path(
        "my/cases/<int:pk>/messages/",
        my_cases.my_case_message_create,
        name="my-case-messages",
    ),
    # Welcome cases, for their officers: personal data, never cached.
    path("cases/", cases.CaseList.as_view(), name="case-list"),
    path("cases/<int:pk>/", cases.CaseDetail.as_view(), name="case-detail"),
    path("cases/<int:pk>/messages/", cases.CaseMessageCreate.as_view(), name="case-messages"),
    path("cases/<int:pk>/stage/", cases.CaseStageSet.as_view(), name="case-stage"),
]
