from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "alpsatellites.api"
    verbose_name = "API"
