"""URLs of the newcomers domain: household (the welcome request and the person's own cases)."""

from django.urls import path

from . import request_views

urlpatterns = [
    path("t/<slug:territory>/settle/request/", request_views.welcome_request, name="request"),
    path("my-support/", request_views.my_support, name="my-support"),
    path("my-support/<int:pk>/", request_views.my_case, name="my-case"),
    path(
        "my-support/<int:pk>/files/<int:attachment_pk>/",
        request_views.my_case_file,
        name="my-case-file",
    ),
    path("my-support/<int:pk>/withdraw/", request_views.my_case_withdraw, name="my-case-withdraw"),
]
