"""The demo's discovery stay: one published example in Briançon, so the stays pages show
something. It is flagged as an example in its title and first line in every language, and its
dates move with the day the demo is prepared (a stay three weeks or more ahead, Monday to
Wednesday, with a desk at Altipolis). Idempotent: a second run updates the same stay."""

import datetime
from decimal import Decimal

from django.utils import timezone

from alpsatellites.newcomers.models import DiscoveryStay, StayStatus
from alpsatellites.territories.models import Commune
from alpsatellites.workspaces.models import Resource, ResourceKind

TERRITORY = "grand-brianconnais"
COMMUNE_CODE = "05023"  # Briançon
WORKSPACE = "altipolis-briancon"
# Recognised on a second run by this mark at the start of the French title.
MARK = "[Exemple]"
TEXTS = {
    "fr": {
        "title": f"{MARK} Trois jours pour essayer la vie à Briançon",
        "description": "Séjour d'exemple de la démonstration : ce n'est pas une offre réelle.\n"
        "Lundi : visite de la vieille ville et des quartiers, rencontre avec l'équipe "
        "d'accueil. Mardi : journée de travail à Altipolis, visite d'une école et du "
        "collège. Mercredi : marché, logement, démarches.",
        "accommodation": "Un deux-pièces meublé pour quatre personnes dans la vieille ville.",
        "meetings": "Un café avec des télétravailleurs installés depuis un an, un déjeuner "
        "avec un élu de la commune.",
    },
    "en": {
        "title": "[Example] Three days to try living in Briançon",
        "description": "An example stay of the demo: not a real offer.\n"
        "Monday: the old town and the neighbourhoods, meeting the welcome team. Tuesday: a "
        "working day at Altipolis, visiting a school and the collège. Wednesday: the market, "
        "housing, paperwork.",
        "accommodation": "A furnished two-room flat for four in the old town.",
        "meetings": "Coffee with remote workers who settled a year ago, lunch with a local "
        "councillor.",
    },
    "it": {
        "title": "[Esempio] Tre giorni per provare a vivere a Briançon",
        "description": "Un soggiorno d'esempio della demo: non è un'offerta reale.\n"
        "Lunedì: il centro storico e i quartieri, incontro con il team di accoglienza. "
        "Martedì: giornata di lavoro ad Altipolis, visita di una scuola e del collège. "
        "Mercoledì: il mercato, la casa, le pratiche.",
        "accommodation": "Un bilocale arredato per quattro persone nel centro storico.",
        "meetings": "Un caffè con lavoratori da remoto arrivati un anno fa, un pranzo con un "
        "consigliere comunale.",
    },
    "de": {
        "title": "[Beispiel] Drei Tage Leben in Briançon ausprobieren",
        "description": "Ein Beispielaufenthalt der Demo: kein echtes Angebot.\n"
        "Montag: Altstadt und Viertel, Treffen mit dem Willkommensteam. Dienstag: Arbeitstag "
        "in Altipolis, Besuch einer Schule und des Collège. Mittwoch: Markt, Wohnen, "
        "Behördengänge.",
        "accommodation": "Eine möblierte Zweizimmerwohnung für vier Personen in der Altstadt.",
        "meetings": "Kaffee mit Remote-Arbeitenden, die vor einem Jahr gekommen sind, "
        "Mittagessen mit einem Gemeinderat.",
    },
}


def _first_day(today: datetime.date) -> datetime.date:
    """The first Monday at least three weeks ahead (inside how far ahead desks are booked)."""
    day = today + datetime.timedelta(days=21)
    return day + datetime.timedelta(days=(7 - day.weekday()) % 7)


def load_default_stays(log=lambda message: None) -> None:
    commune = (
        Commune.objects.select_related("territory", "grouping")
        .filter(territory__slug=TERRITORY, code=COMMUNE_CODE)
        .first()
    )
    if commune is None or commune.grouping is None:
        log(f"no commune {COMMUNE_CODE} in {TERRITORY}: no demo discovery stay")
        return
    stay = DiscoveryStay.objects.filter(
        territory=commune.territory, title_fr__startswith=MARK
    ).first() or DiscoveryStay(territory=commune.territory)
    first = _first_day(timezone.localdate(timezone=commune.territory.zone))
    stay.grouping, stay.commune = commune.grouping, commune
    for language, texts in TEXTS.items():
        for name, text in texts.items():
            setattr(stay, f"{name}_{language}", text)
    stay.accommodation_partner = "Gîte de démonstration"
    stay.workspace_resource = (
        Resource.objects.filter(
            workspace__slug=WORKSPACE, is_active=True, kind=ResourceKind.HOT_DESK
        )
        .order_by("-capacity")
        .first()
    )
    stay.starts_on, stay.ends_on = first, first + datetime.timedelta(days=2)
    stay.capacity, stay.price = 3, Decimal("150.00")
    stay.status = StayStatus.PUBLISHED
    stay.save()
    log(f"demo discovery stay {stay.pk} ({stay.starts_on} – {stay.ends_on})")
