"""URLs of the newcomers domain: privacy (the public notice, and each person's own data)."""

from django.urls import path

from . import privacy_views as views

urlpatterns = [
    path("privacy/", views.privacy, name="privacy"),
    path("my-data/", views.my_data, name="my-data"),
    path("my-data/download/", views.my_data_download, name="my-data-download"),
    path("my-data/delete/", views.my_data_delete, name="my-data-delete"),
]
