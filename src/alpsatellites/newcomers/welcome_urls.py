"""URLs of the newcomers domain: the welcome page, testimonials and the needs questionnaire."""

from django.urls import path

from . import questionnaire_views, welcome_views

urlpatterns = [
    path("t/<slug:territory>/settle/", welcome_views.welcome, name="welcome"),
    path(
        "t/<slug:territory>/settle/testimonial/",
        welcome_views.testimonial_new,
        name="testimonial-new",
    ),
    path(
        "t/<slug:territory>/settle/needs/",
        questionnaire_views.questionnaire,
        name="questionnaire",
    ),
    path(
        "t/<slug:territory>/settle/needs/<slug:step>/",
        questionnaire_views.questionnaire_step,
        name="questionnaire-step",
    ),
]
