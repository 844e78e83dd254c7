"""Which cached public pages of the coworking network show a territory's content."""

from alpsatellites.core.cache import workspace_scope

from .models import Workspace


def territory_workspace_scopes(territory_slugs: list[str]) -> list[str]:
    """Every workspace page names its territory and commune: renewed with the territory."""
    slugs = Workspace.objects.filter(territory__slug__in=territory_slugs).values_list(
        "slug", flat=True
    )
    return [workspace_scope(slug) for slug in slugs]
