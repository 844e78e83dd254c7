from django.apps import AppConfig


class WwwConfig(AppConfig):
    name = "alpsatellites.www"
    verbose_name = "Public pages"
