"""Reads of the coworking network by commune, for the commune's public page."""

from alpsatellites.territories.models import Commune

from .models import Workspace


def commune_workspaces(commune: Commune) -> list[Workspace]:
    """The public workspaces located in the commune, by name (one query)."""
    return list(Workspace.objects.public().filter(commune=commune).order_by("name"))
