from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "alpsatellites.core"
    verbose_name = "Core"
