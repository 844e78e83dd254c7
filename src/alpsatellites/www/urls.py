from django.urls import path

from . import opendata_views, views

app_name = "www"
urlpatterns = [
    path("", views.home, name="home"),
    path("t/<slug:territory>/", views.territory_home, name="territory"),
    path("t/<slug:territory>/communes/", views.commune_list, name="communes"),
    path("t/<slug:territory>/communes/<str:code>/", views.commune_detail, name="commune"),
    path("t/<slug:territory>/sources/", views.territory_sources, name="sources"),
    path("t/<slug:territory>/open-data/", opendata_views.open_data, name="open-data"),
    path(
        "t/<slug:territory>/open-data/<slug:dataset>.<slug:extension>",
        opendata_views.download,
        name="open-data-file",
    ),
]
