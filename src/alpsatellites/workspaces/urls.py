from django.urls import path

from . import (
    booking_views,
    dashboard_views,
    manager_views,
    photo_views,
    request_views,
    search_views,
    views,
)

app_name = "workspaces"
urlpatterns = [
    path("t/<slug:territory>/workspaces/", views.workspace_list, name="list"),
    path(
        "t/<slug:territory>/workspaces/map.geojson",
        search_views.workspace_search_map,
        name="search-map",
    ),
    path("workspaces/<slug:slug>/", views.workspace_detail, name="detail"),
    path("workspaces/<slug:slug>/calendar.ics", views.workspace_calendar, name="calendar"),
    path("workspaces/<slug:slug>/book/<int:resource_id>/", booking_views.booking_new, name="book"),
    path("bookings/", views.booking_list, name="bookings"),
    path("bookings/<int:pk>/", booking_views.booking_detail, name="booking"),
    path("bookings/<int:pk>/cancel/", booking_views.booking_cancel_view, name="cancel"),
    path("check-in/<uuid:token>/", booking_views.booking_check_in_view, name="check-in"),
    path("manage/workspaces/<slug:slug>/", views.manage_workspace, name="manage"),
    path(
        "manage/workspaces/<slug:slug>/bookings.csv",
        manager_views.manage_export_csv,
        name="export",
    ),
    path(
        "manage/workspaces/<slug:slug>/bookings.xlsx",
        manager_views.manage_export_xlsx,
        name="export-xlsx",
    ),
    path("manage/workspaces/<slug:slug>/grid/", manager_views.manage_grid, name="grid"),
    path("manage/workspaces/<slug:slug>/photos/", photo_views.manage_photos, name="photos"),
]
urlpatterns += [
    path(
        "t/<slug:territory>/workspaces.csv", dashboard_views.workspace_export_csv, name="export-csv"
    ),
    path(
        "t/<slug:territory>/workspaces.geojson",
        dashboard_views.workspace_export_geojson,
        name="export-geojson",
    ),
    path(
        "t/<slug:territory>/occupancy/",
        dashboard_views.territory_occupancy,
        name="territory-occupancy",
    ),
    path(
        "manage/workspaces/<slug:slug>/occupancy/",
        dashboard_views.manage_occupancy,
        name="occupancy",
    ),
]
urlpatterns += [
    path("manage/requests/", request_views.requests_pending, name="requests"),
    path("manage/requests/<int:pk>/", request_views.request_decide, name="request-decide"),
    path("manage/bookings/<int:pk>/cancel/", request_views.manage_cancel, name="manage-cancel"),
]
