from django.apps import AppConfig


class SetupConfig(AppConfig):
    name = "alpsatellites.setup"
    verbose_name = "Setup"
