"""URLs of the newcomers domain: the welcome officers' inbox and case pages."""

from django.urls import path

from . import officer_views as views

urlpatterns = [
    path("welcome/cases/", views.inbox, name="inbox"),
    path("welcome/cases/<int:pk>/", views.case_detail, name="case"),
    path("welcome/cases/<int:pk>/reply/", views.case_reply, name="case-reply"),
    path("welcome/cases/<int:pk>/notes/", views.case_note, name="case-note"),
    path("welcome/cases/<int:pk>/tasks/", views.case_task_add, name="case-task-add"),
    path(
        "welcome/cases/<int:pk>/tasks/<int:task_pk>/done/",
        views.case_task_done,
        name="case-task-done",
    ),
    path("welcome/cases/<int:pk>/stage/", views.case_stage, name="case-stage"),
    path("welcome/cases/<int:pk>/assign/", views.case_assign, name="case-assign"),
    path(
        "welcome/cases/<int:pk>/files/<int:attachment_pk>/",
        views.case_file,
        name="case-file",
    ),
]
