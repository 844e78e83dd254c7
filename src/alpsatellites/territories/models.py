"""Territories, their groupings of communes, the communes, and where each fact comes from."""

import json
from typing import Self, TypeVar
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from alpsatellites.core.timezones import validate_time_zone

DEFAULT_TIME_ZONE = "Europe/Paris"


class Source(models.Model):
    """A dataset a figure was taken from: shown next to the figure, listed on the sources page."""

    key = models.SlugField(_("key"), max_length=100, unique=True)
    title = models.CharField(_("title"), max_length=300)
    publisher = models.CharField(_("publisher"), max_length=300)
    url = models.URLField(_("web address"), blank=True)
    licence = models.CharField(_("licence"), max_length=200)
    licence_url = models.URLField(_("licence address"), blank=True)
    version = models.CharField(
        _("version or vintage"), max_length=100, help_text=_("As published by the source.")
    )
    retrieved_on = models.DateField(_("retrieved on"))
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["title"]

    def __str__(self):
        return f"{self.title} ({self.version})"


class TerritoryQuerySet(models.QuerySet["Territory"]):
    def public(self) -> Self:
        """Territories anyone may see; everything of an unpublished one answers "not found"."""
        return self.filter(is_published=True)

    def within(self, territory_ids: set[int] | None) -> Self:
        """The territories among `territory_ids`; None means all of them.

        The ids come from `accounts.scopes` (`readable_territory_ids(user)`…): roles are scoped
        by territory, so accounts depends on territories and never the other way round.
        """
        return self if territory_ids is None else self.filter(id__in=territory_ids)


class Territory(models.Model):
    """An area that welcomes remote workers: a PETR, a union of communes, a valley…"""

    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    name = models.CharField(_("name"), max_length=200)
    country = models.CharField(_("country"), max_length=2, help_text=_("ISO 3166-1 alpha-2 code."))
    default_language = models.CharField(
        _("default language"), max_length=8, choices=settings.LANGUAGES, default="fr"
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default=DEFAULT_TIME_ZONE,
        # Also in the database: rows written by code that predates the column get the default.
        db_default=DEFAULT_TIME_ZONE,
        validators=[validate_time_zone],
        help_text=_(
            "IANA name (Europe/Paris, Europe/Rome…): opening hours and bookings are in this zone."
        ),
    )
    tagline = models.CharField(_("tagline"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    is_published = models.BooleanField(_("published"), default=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = TerritoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("territory")
        verbose_name_plural = _("territories")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def zone(self) -> ZoneInfo:
        """Where the territory's clocks are: its opening hours, bookings and "today"."""
        return ZoneInfo(self.time_zone)


class Highlight(models.Model):
    """One asset the territory offers remote workers, with the source that backs it."""

    territory = models.ForeignKey(
        Territory, on_delete=models.CASCADE, related_name="highlights", verbose_name=_("territory")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    source_title = models.CharField(_("source"), max_length=300)
    source_url = models.URLField(_("source address"), blank=True)
    source_date = models.CharField(
        _("source date"), max_length=40, help_text=_("When the source published or was read.")
    )
    verified = models.BooleanField(
        _("verified"), default=True, help_text=_("Unverified facts are shown as such.")
    )

    class Meta:
        verbose_name = _("highlight")
        verbose_name_plural = _("highlights")
        ordering = ["territory", "position", "id"]

    def __str__(self):
        return self.title


class GroupingKind(models.TextChoices):
    CC = "cc", _("Community of communes")
    CA = "ca", _("Agglomeration community")
    CU = "cu", _("Urban community")
    METROPOLE = "metropole", _("Metropolis")
    UNION = "union", _("Union of communes")
    OTHER = "other", _("Other grouping")


# Shared by groupings and communes: both rows belong to a territory.
_RowT = TypeVar("_RowT", bound=models.Model)


class GroupingQuerySet(models.QuerySet[_RowT]):
    def public(self) -> Self:
        """Rows of published territories (shared by groupings and communes)."""
        return self.filter(territory__in=Territory.objects.public())

    def within(self, territory_ids: set[int] | None) -> Self:
        """Rows of the territories among `territory_ids`; None means all (see TerritoryQuerySet)."""
        return self if territory_ids is None else self.filter(territory_id__in=territory_ids)


class Grouping(models.Model):
    """A grouping of communes inside a territory: communauté de communes, unione dei comuni…"""

    territory = models.ForeignKey(
        Territory, on_delete=models.CASCADE, related_name="groupings", verbose_name=_("territory")
    )
    official_id = models.CharField(
        _("official identifier"), max_length=40, help_text=_("SIREN in France.")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=GroupingKind.choices)
    name = models.CharField(_("name"), max_length=300)
    source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("source"),
    )

    objects = GroupingQuerySet.as_manager()

    class Meta:
        verbose_name = _("grouping")
        verbose_name_plural = _("groupings")
        ordering = ["territory", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["territory", "official_id"], name="unique_grouping_per_territory"
            )
        ]

    def __str__(self):
        return self.name


class CommuneQuerySet(GroupingQuerySet["Commune"]):
    def search(self, text: str) -> Self:
        from alpsatellites.core.text import fold

        words = fold(text).split()
        queryset = self
        for word in words:
            queryset = queryset.filter(search_name__contains=word)
        return queryset


class Commune(models.Model):
    """A municipality with its official code, population, boundary and town hall."""

    territory = models.ForeignKey(
        Territory, on_delete=models.CASCADE, related_name="communes", verbose_name=_("territory")
    )
    grouping = models.ForeignKey(
        Grouping,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="communes",
        verbose_name=_("grouping"),
    )
    country = models.CharField(_("country"), max_length=2)
    code = models.CharField(
        _("official code"),
        max_length=12,
        help_text=_("INSEE code, ISTAT code, Gemeindekennziffer…"),
    )
    name = models.CharField(_("official name"), max_length=200)
    search_name = models.CharField(max_length=200, editable=False, db_index=True)
    description = models.TextField(_("description"), blank=True)

    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    population_year = models.PositiveSmallIntegerField(
        _("population reference year"), null=True, blank=True
    )
    population_source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("population source"),
    )

    boundary = models.TextField(_("boundary (GeoJSON geometry, WGS84)"), blank=True, editable=False)
    boundary_source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("boundary source"),
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    area_km2 = models.FloatField(_("area (km²)"), null=True, blank=True)
    altitude_m = models.IntegerField(_("altitude (m)"), null=True, blank=True)

    town_hall_address = models.TextField(_("town hall address"), blank=True)
    town_hall_phone = models.CharField(_("town hall phone"), max_length=40, blank=True)
    town_hall_email = models.EmailField(_("town hall e-mail"), blank=True)
    town_hall_website = models.URLField(_("town hall website"), max_length=300, blank=True)
    town_hall_hours = models.JSONField(
        _("town hall opening hours"),
        default=list,
        blank=True,
        help_text=_('List of {"days": [0-6, Monday=0], "slots": [["08:30", "12:00"], …]}.'),
    )
    town_hall_source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("town hall source"),
    )

    objects = CommuneQuerySet.as_manager()

    class Meta:
        verbose_name = _("commune")
        verbose_name_plural = _("communes")
        ordering = ["territory", "search_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["territory", "code"], name="unique_commune_per_territory"
            )
        ]
        # Matches the list's ORDER BY, so a deep page is read from the index, not sorted.
        indexes = [
            models.Index(fields=["territory", "search_name", "code"], name="commune_list_order")
        ]

    def __str__(self):
        return self.name

    @property
    def boundary_geometry(self) -> dict | None:
        return json.loads(self.boundary) if self.boundary else None

    @property
    def density(self) -> float | None:
        if self.population is None or not self.area_km2:
            return None
        return self.population / self.area_km2
