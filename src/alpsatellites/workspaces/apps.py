from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkspacesConfig(AppConfig):
    name = "alpsatellites.workspaces"
    verbose_name = _("Coworking network")

    def ready(self):
        from alpsatellites.core.cache import register_territory_dependents

        from .cache_scopes import territory_workspace_scopes

        register_territory_dependents(territory_workspace_scopes)
