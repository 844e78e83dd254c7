"""Railway stations by commune, for the commune's public page."""

from alpsatellites.territories.models import Commune

from ..models import Facility, FacilityKind


def commune_stations(commune: Commune) -> list[Facility]:
    """The railway stations located in the commune, by name (one query)."""
    return list(
        Facility.objects.filter(commune=commune, kind=FacilityKind.STATION)
        .select_related("source")
        .order_by("name")
    )
