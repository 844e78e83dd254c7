from django.apps import AppConfig


class ObservatoryConfig(AppConfig):
    name = "alpsatellites.observatory"
    label = "observatory"
    verbose_name = "Observatory"
