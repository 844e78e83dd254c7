"""Open-data indicators per commune, geolocated facilities, the feasibility weights and reports.

An indicator is data, not code: its label, definition, unit, theme and direction live in rows
(loaded from `data/indicators.json`), so a territory can add one through the generic CSV
importer. A value is either a number or says why there is none ("secret" = INSEE statistical
secrecy, "unknown"); pages show those words, never a zero.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from alpsatellites.territories.models import Commune, Grouping, Source, Territory


class Theme(models.TextChoices):
    CONNECTIVITY = "connectivity", _("Connectivity")
    MOBILITY = "mobility", _("Mobility")
    SERVICES = "services", _("Services")
    WORKSPACES = "workspaces", _("Workspaces")
    HOUSING = "housing", _("Housing")
    DEMOGRAPHY = "demography", _("Demography")
    ECONOMY = "economy", _("Economy")


class Direction(models.TextChoices):
    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")
    NEUTRAL = "neutral", _("Neither (context)")


class Indicator(models.Model):
    code = models.SlugField(_("code"), max_length=80, unique=True)
    label = models.CharField(_("label"), max_length=200)
    definition = models.TextField(_("definition"), blank=True)
    unit = models.CharField(_("unit"), max_length=20, blank=True, help_text=_("%, €, km, min…"))
    decimals = models.PositiveSmallIntegerField(_("decimals shown"), default=0)
    theme = models.CharField(_("theme"), max_length=20, choices=Theme.choices)
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.NEUTRAL
    )
    in_index = models.BooleanField(
        _("counts in the feasibility index"),
        default=False,
        help_text=_("Only indicators with a direction can count."),
    )
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="+", verbose_name=_("source")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["theme", "position", "code"]

    def __str__(self):
        return self.label


class ValueStatus(models.TextChoices):
    KNOWN = "known", _("Known")
    SECRET = "secret", _("Statistical secrecy")
    UNKNOWN = "unknown", _("Unknown")


class IndicatorValue(models.Model):
    """One figure of one commune at one date; the latest date is the one shown."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="values", verbose_name=_("indicator")
    )
    commune = models.ForeignKey(
        Commune,
        on_delete=models.CASCADE,
        related_name="indicator_values",
        verbose_name=_("commune"),
    )
    value = models.FloatField(_("value"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ValueStatus.choices, default=ValueStatus.KNOWN
    )
    reference_date = models.DateField(_("reference date"))
    period = models.CharField(
        _("period as published"), max_length=40, help_text=_('"2022", "T3 2025"…')
    )
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="+", verbose_name=_("source")
    )

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        ordering = ["indicator", "commune", "-reference_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "commune", "reference_date"], name="one_value_per_date"
            ),
            models.CheckConstraint(
                condition=models.Q(status="known", value__isnull=False)
                | models.Q(~models.Q(status="known"), value__isnull=True),
                name="value_iff_known",
            ),
        ]
        indexes = [models.Index(fields=["commune", "indicator"], name="value_by_commune")]

    def __str__(self):
        return f"{self.indicator.code} {self.commune.code} {self.period}"


class FacilityKind(models.TextChoices):
    STATION = "station", _("Railway station")
    BUS_STOP = "bus_stop", _("Bus or coach stop")
    NURSERY = "nursery", _("Nursery school")
    PRIMARY_SCHOOL = "primary_school", _("Primary school")
    COLLEGE = "college", _("Collège (lower secondary school)")
    LYCEE = "lycee", _("Lycée (upper secondary school)")
    CHILDCARE = "childcare", _("Childcare")
    HOSPITAL = "hospital", _("Hospital")
    EMERGENCY = "emergency", _("Emergency department")
    DOCTOR = "doctor", _("General practitioner")
    PHARMACY = "pharmacy", _("Pharmacy")
    SUPERMARKET = "supermarket", _("Supermarket")
    GROCERY = "grocery", _("Grocery")
    BAKERY = "bakery", _("Bakery")
    POST_OFFICE = "post_office", _("Post office")
    OTHER = "other", _("Other facility")


class Facility(models.Model):
    """A geolocated service point from an official file: station, collège, hospital…

    Not tied to a territory: the nearest hospital of a commune may be in the next département.
    `commune_code` is the official code as published; `commune` is set when that commune is known.
    """

    kind = models.CharField(_("kind"), max_length=20, choices=FacilityKind.choices)
    name = models.CharField(_("name"), max_length=300)
    external_id = models.CharField(
        _("identifier at the source"), max_length=80, help_text=_("UAI, UIC, FINESS…")
    )
    country = models.CharField(_("country"), max_length=2, default="FR")
    commune_code = models.CharField(_("commune code"), max_length=12, db_index=True)
    commune = models.ForeignKey(
        Commune,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="facilities",
        verbose_name=_("commune"),
    )
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    details = models.JSONField(
        _("details"), default=dict, blank=True, help_text=_("Lines, opening hours, beds…")
    )
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="+", verbose_name=_("source")
    )

    class Meta:
        verbose_name = _("facility")
        verbose_name_plural = _("facilities")
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "kind", "external_id"], name="unique_facility_per_source"
            )
        ]
        indexes = [models.Index(fields=["kind", "latitude"], name="facility_kind_latitude")]

    def __str__(self):
        return self.name


class NearestFacility(models.Model):
    """The nearest facility of a kind from a commune, as the crow flies (method in `method`)."""

    commune = models.ForeignKey(
        Commune, on_delete=models.CASCADE, related_name="nearest_facilities"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=FacilityKind.choices)
    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="+")
    distance_km = models.FloatField(_("distance (km)"))
    method = models.CharField(
        _("method"),
        max_length=20,
        help_text=_("town_hall or centroid: the point the distance is measured from."),
    )

    class Meta:
        verbose_name = _("nearest facility")
        verbose_name_plural = _("nearest facilities")
        constraints = [
            models.UniqueConstraint(fields=["commune", "kind"], name="one_nearest_per_kind")
        ]

    def __str__(self):
        return f"{self.commune} → {self.facility} ({self.distance_km:.1f} km)"


class FeasibilityWeights(models.Model):
    """The weight of each theme in a territory's remote-work feasibility index, set by its staff."""

    territory = models.OneToOneField(
        Territory, on_delete=models.CASCADE, related_name="feasibility_weights"
    )
    weights = models.JSONField(_("weights by theme"), default=dict)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("feasibility weights")
        verbose_name_plural = _("feasibility weights")

    def __str__(self):
        return str(self.territory)


class ReportStatus(models.TextChoices):
    PENDING = "pending", _("Being prepared")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


class DecisionReport(models.Model):
    """A decision report (HTML and PDF) for a territory or one of its groupings, built by a task."""

    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="reports")
    grouping = models.ForeignKey(
        Grouping, on_delete=models.CASCADE, null=True, blank=True, related_name="reports"
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.PENDING
    )
    pdf = models.FileField(_("PDF"), upload_to="reports/", blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    seconds = models.FloatField(_("generation time (s)"), null=True, blank=True)

    class Meta:
        verbose_name = _("decision report")
        verbose_name_plural = _("decision reports")
        ordering = ["-requested_at"]

    def __str__(self):
        return f"{self.territory} {self.requested_at:%Y-%m-%d}"
