from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewcomersConfig(AppConfig):
    name = "alpsatellites.newcomers"
    verbose_name = _("Newcomers")

    def ready(self) -> None:
        from . import emails  # noqa: F401  (registers the e-mail senders)
