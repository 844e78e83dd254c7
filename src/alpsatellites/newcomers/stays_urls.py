"""URLs of the discovery stays: the households' side (a territory's offers, their own
applications) and the officers' side (welcome/stays/)."""

from django.urls import path

from . import stay_officer_views as officer
from . import stay_views as public

urlpatterns = [
    path("t/<slug:territory>/stays/", public.stay_list, name="stays"),
    path("t/<slug:territory>/stays/<int:pk>/", public.stay_detail, name="stay"),
    path("my-stays/", public.my_stays, name="my-stays"),
    path("my-stays/<int:pk>/withdraw/", public.my_stay_withdraw, name="my-stay-withdraw"),
    path("welcome/stays/", officer.officer_stays, name="officer-stays"),
    path("welcome/stays/new/", officer.officer_stay_new, name="officer-stay-new"),
    path("welcome/stays/<int:pk>/", officer.officer_stay, name="officer-stay"),
    path("welcome/stays/<int:pk>/edit/", officer.officer_stay_edit, name="officer-stay-edit"),
    path(
        "welcome/stays/<int:pk>/publish/", officer.officer_stay_publish, name="officer-stay-publish"
    ),
    path("welcome/stays/<int:pk>/cancel/", officer.officer_stay_cancel, name="officer-stay-cancel"),
    path(
        "welcome/stays/<int:pk>/applications/<int:application_pk>/decide/",
        officer.officer_application_decide,
        name="officer-application-decide",
    ),
]
