from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("api-tokens/", views.api_tokens, name="api-tokens"),
]
