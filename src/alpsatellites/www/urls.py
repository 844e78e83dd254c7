from django.urls import path

from . import feasibility_views, home_views, observatory_views, opendata_views, views

app_name = "www"
urlpatterns = [
    path("", views.home, name="home"),
    path("home/", home_views.my_home, name="my-home"),
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
    path("t/<slug:territory>/indicators/", observatory_views.indicator_list, name="indicators"),
    path(
        "t/<slug:territory>/indicators/<slug:code>/",
        observatory_views.indicator_detail,
        name="indicator",
    ),
    path(
        "t/<slug:territory>/feasibility/", feasibility_views.feasibility_index, name="feasibility"
    ),
    path(
        "t/<slug:territory>/feasibility/sensitivity/",
        feasibility_views.feasibility_sensitivity_page,
        name="feasibility-sensitivity",
    ),
    path(
        "t/<slug:territory>/feasibility/compare/",
        feasibility_views.feasibility_compare,
        name="feasibility-compare",
    ),
    path(
        "t/<slug:territory>/feasibility/method/",
        feasibility_views.feasibility_method,
        name="feasibility-method",
    ),
]
