"""Workspaces of the coworking network, their bookable resources, opening hours and bookings."""

import uuid
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from alpsatellites.territories.models import Commune, Source, Territory

from .querysets import BookingQuerySet, ResourceQuerySet, WorkspaceQuerySet


class WorkspaceKind(models.TextChoices):
    COWORKING = "coworking", _("Coworking space")
    TIERS_LIEU = "tiers_lieu", _("Third place (tiers-lieu)")
    SATELLITE_OFFICE = "satellite_office", _("Satellite office")
    INCUBATOR = "incubator", _("Business incubator")
    PUBLIC_DIGITAL = "public_digital", _("Public digital space / France Services")
    HOSPITALITY = "hospitality", _("Hotel or café with desks")


class WorkspaceStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Temporarily closed")
    CANCELLED = "cancelled", _("No longer operating")


class Payment(models.TextChoices):
    """How a booking is paid: the platform takes no online payment yet."""

    ON_SITE = "on_site", _("On site")
    INVOICE = "invoice", _("By invoice")
    ON_SITE_OR_INVOICE = "both", _("On site or by invoice")


class Amenity(models.Model):
    """Something a workspace offers (fibre, meeting room, step-free access…), filterable."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("amenity")
        verbose_name_plural = _("amenities")
        ordering = ["position", "code"]

    def __str__(self):
        return self.name


class Workspace(models.Model):
    territory = models.ForeignKey(
        Territory, on_delete=models.CASCADE, related_name="workspaces", verbose_name=_("territory")
    )
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, related_name="workspaces", verbose_name=_("commune")
    )
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=WorkspaceKind.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=WorkspaceStatus.choices, default=WorkspaceStatus.OPEN
    )
    description = models.TextField(_("description"), blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    amenities = models.ManyToManyField(
        Amenity, blank=True, related_name="workspaces", verbose_name=_("amenities")
    )
    fibre_mbps = models.PositiveIntegerField(
        _("measured fibre speed (Mbit/s)"), null=True, blank=True
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    payment = models.CharField(
        _("payment"),
        max_length=10,
        choices=Payment.choices,
        default=Payment.ON_SITE,
        help_text=_("How bookers pay: there is no online payment yet."),
    )
    postcode = models.CharField(_("postcode"), max_length=12, blank=True)
    # Never assumed: a place taken from a list (the national tiers-lieux file…) may have closed
    # since; territory staff tick this once they know it runs, and only then can it be booked.
    activity_verified = models.BooleanField(
        _("activity verified"),
        default=False,
        help_text=_("Someone checked that this place is running: only then can it be booked."),
    )
    trial_day_text = models.CharField(
        _("trial day offer"),
        max_length=300,
        blank=True,
        help_text=_('Shown on the page when set, e.g. "First day free for newcomers".'),
    )
    trial_day_price = models.DecimalField(
        _("trial day price (€)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="managed_workspaces",
        verbose_name=_("managers"),
    )
    source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("source"),
    )
    is_demo = models.BooleanField(
        _("demo values"),
        default=False,
        help_text=_("Resources, prices or hours are demo values, not published by the workspace."),
    )

    objects = WorkspaceQuerySet.as_manager()

    class Meta:
        verbose_name = _("workspace")
        verbose_name_plural = _("workspaces")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def zone(self) -> ZoneInfo:
        return self.territory.zone

    # Status questions for templates, so no template compares against a status string.
    @property
    def is_open(self) -> bool:
        return self.status == WorkspaceStatus.OPEN

    @property
    def is_temporarily_closed(self) -> bool:
        return self.status == WorkspaceStatus.CLOSED

    @property
    def has_contact(self) -> bool:
        """Booking opens once a member can reach the space: a phone, an e-mail or a website."""
        return bool(self.phone or self.email or self.website)

    @property
    def has_trial_day(self) -> bool:
        return bool(self.trial_day_text) or self.trial_day_price is not None


def photo_upload_to(instance: "WorkspacePhoto", filename: str) -> str:
    # A random name: the uploader's file name may say more than it should, and never collides.
    return f"workspaces/{instance.workspace_id}/photos/{uuid.uuid4().hex}.jpg"


class WorkspacePhoto(models.Model):
    """A photo a manager uploaded, stored through Django's storage API (a file system or an
    S3-compatible store): the original, without its metadata, and its responsive sizes, which a
    task writes after the upload (`sizes`: width → storage name)."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="photos")
    original = models.ImageField(_("photo"), upload_to=photo_upload_to, max_length=200)
    alt_text = models.CharField(
        _("description for people who cannot see the photo"), max_length=250
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    sizes = models.JSONField(_("sizes"), default=dict, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["workspace", "position", "pk"]

    def __str__(self):
        return f"{self.workspace} — {self.alt_text}"


class OpeningHours(models.Model):
    """One opening slot on one weekday, in the local time of the workspace's territory.

    Rows without dates are the usual week; rows with dates are a season and, on the days they
    cover, replace the usual week.
    """

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField(_("weekday"), help_text=_("0 = Monday … 6 = Sunday"))
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))
    valid_from = models.DateField(_("season starts"), null=True, blank=True)
    valid_until = models.DateField(_("season ends"), null=True, blank=True)

    class Meta:
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        ordering = ["workspace", "valid_from", "weekday", "opens"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes__gt=models.F("opens")), name="opening_hours_order"
            ),
            models.CheckConstraint(
                condition=models.Q(weekday__lte=6), name="opening_hours_weekday"
            ),
        ]

    def __str__(self):
        return f"{self.workspace} {self.weekday} {self.opens:%H:%M}–{self.closes:%H:%M}"


class Closure(models.Model):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="closures")
    starts_on = models.DateField(_("first day closed"))
    ends_on = models.DateField(_("last day closed"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("closure")
        verbose_name_plural = _("closures")
        ordering = ["workspace", "starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="closure_order"
            )
        ]

    def __str__(self):
        return f"{self.workspace} {self.starts_on}–{self.ends_on}"


class ResourceKind(models.TextChoices):
    HOT_DESK = "hot_desk", _("Hot desk")
    DEDICATED_DESK = "dedicated_desk", _("Dedicated desk")
    PRIVATE_OFFICE = "private_office", _("Private office")
    MEETING_ROOM = "meeting_room", _("Meeting room")
    PHONE_BOOTH = "phone_booth", _("Phone booth")


class PriceBasis(models.TextChoices):
    """A desk is paid for each seat; a room is paid once, whatever the number of people."""

    PER_SEAT = "per_seat", _("Per seat")
    PER_UNIT = "per_unit", _("For the whole resource")


# What a manager sets for each resource: its capacity, tariffs and booking rules.
RESOURCE_TERMS = (
    "capacity",
    "price_basis",
    "price_hour",
    "price_half_day",
    "price_day",
    "price_week",
    "price_month",
    "min_minutes",
    "max_days",
    "max_days_ahead",
    "cancellation_hours",
    "requires_approval",
)


class Resource(models.Model):
    """Something bookable in a workspace: N hot desks, one office, one meeting room…"""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="resources")
    kind = models.CharField(_("kind"), max_length=20, choices=ResourceKind.choices)
    name = models.CharField(_("name"), max_length=200)
    capacity = models.PositiveIntegerField(_("capacity (seats)"), default=1)
    price_basis = models.CharField(
        _("prices apply"),
        max_length=8,
        choices=PriceBasis.choices,
        default=PriceBasis.PER_SEAT,
        help_text=_(
            "Per seat for desks; for the whole resource for a room, whatever the number of people."
        ),
    )
    price_hour = models.DecimalField(
        _("price per hour (€)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    price_half_day = models.DecimalField(
        _("price per half-day (€)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    price_day = models.DecimalField(
        _("price per day (€)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    price_week = models.DecimalField(
        _("price per week (€)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    price_month = models.DecimalField(
        _("price per month (€)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    min_minutes = models.PositiveIntegerField(_("shortest booking (minutes)"), default=60)
    max_days = models.PositiveIntegerField(_("longest booking (days)"), default=5)
    max_days_ahead = models.PositiveIntegerField(_("bookable how many days ahead"), default=60)
    cancellation_hours = models.PositiveIntegerField(
        _("cancel at least … hours before"), default=24
    )
    requires_approval = models.BooleanField(_("manager approves each booking"), default=False)
    is_active = models.BooleanField(_("bookable"), default=True)

    objects = ResourceQuerySet.as_manager()

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        ordering = ["workspace", "kind", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(capacity__gte=1), name="resource_capacity_positive"
            )
        ]

    def __str__(self):
        return f"{self.workspace} — {self.name}"


class BookingStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting approval")
    CONFIRMED = "confirmed", _("Confirmed")
    CHECKED_IN = "checked_in", _("Checked in")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")
    NO_SHOW = "no_show", _("No-show")


# Bookings that hold seats: a pending request holds its seats until the manager decides.
HOLDING_STATUSES = (BookingStatus.PENDING, BookingStatus.CONFIRMED, BookingStatus.CHECKED_IN)


class Booking(models.Model):
    """Seats of one resource over one span (stored in UTC). A manager's block is a booking too."""

    resource = models.ForeignKey(Resource, on_delete=models.PROTECT, related_name="bookings")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="bookings",
        null=True,
        blank=True,
    )
    is_block = models.BooleanField(_("blocked by the manager"), default=False)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    seats = models.PositiveIntegerField(_("seats"), default=1)
    status = models.CharField(_("status"), max_length=12, choices=BookingStatus.choices)
    price = models.DecimalField(_("price (€)"), max_digits=9, decimal_places=2, default=0)
    # Sent with the form or API call: the same request twice (double click, retry) is one booking.
    request_key = models.UUIDField(_("request key"), default=uuid.uuid4)
    check_in_token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    note = models.CharField(_("note"), max_length=300, blank=True)
    # Written by the manager who declines, sent to the member as plain text.
    decline_reason = models.CharField(_("reason for declining"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)

    objects = BookingQuerySet.as_manager()

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="booking_span_positive"
            ),
            models.CheckConstraint(condition=models.Q(seats__gte=1), name="booking_seats_positive"),
            models.UniqueConstraint(fields=["user", "request_key"], name="booking_request_once"),
        ]
        indexes = [models.Index(fields=["resource", "starts_at", "ends_at"])]

    def __str__(self):
        return f"{self.resource} {self.starts_at:%Y-%m-%d %H:%M}"

    # Status questions for templates, so no template compares against a status string.
    @property
    def is_pending(self) -> bool:
        return self.status == BookingStatus.PENDING

    @property
    def is_confirmed(self) -> bool:
        return self.status == BookingStatus.CONFIRMED

    @property
    def is_checked_in(self) -> bool:
        return self.status == BookingStatus.CHECKED_IN
