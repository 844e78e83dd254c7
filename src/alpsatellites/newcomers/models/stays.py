"""Discovery stays: try before you move — lodging, a coworking pass and people to meet."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class StayStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CANCELLED = "cancelled", _("Cancelled")


class DiscoveryStay(models.Model):
    territory = models.ForeignKey(
        "territories.Territory",
        on_delete=models.CASCADE,
        related_name="discovery_stays",
        verbose_name=_("territory"),
    )
    grouping = models.ForeignKey(
        "territories.Grouping",
        on_delete=models.PROTECT,
        related_name="discovery_stays",
        verbose_name=_("grouping"),
    )
    commune = models.ForeignKey(
        "territories.Commune",
        on_delete=models.PROTECT,
        related_name="discovery_stays",
        verbose_name=_("commune"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=5000)
    accommodation = models.TextField(_("accommodation"), max_length=2000)
    accommodation_partner = models.CharField(_("accommodation partner"), max_length=200)
    # The coworking pass: seats of this resource are booked through the booking service for
    # each accepted household, so the space's capacity rules hold for stays too.
    workspace_resource = models.ForeignKey(
        "workspaces.Resource",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="discovery_stays",
        verbose_name=_("coworking pass"),
    )
    meetings = models.TextField(_("meetings with locals"), max_length=2000, blank=True)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    capacity = models.PositiveSmallIntegerField(_("households"))
    price = models.DecimalField(_("price per household (€)"), max_digits=8, decimal_places=2)
    status = models.CharField(
        _("status"), max_length=12, choices=StayStatus.choices, default=StayStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("discovery stay")
        verbose_name_plural = _("discovery stays")
        ordering = ["starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="stay_span_positive"
            ),
            models.CheckConstraint(condition=models.Q(capacity__gte=1), name="stay_capacity"),
            models.CheckConstraint(condition=models.Q(price__gte=0), name="stay_price"),
        ]

    def __str__(self):
        return self.title


class ApplicationStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting decision")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class StayApplication(models.Model):
    """A household's application to a stay. Accepted applications never exceed the capacity:
    the stay row is locked while they are counted (see services.stays)."""

    stay = models.ForeignKey(DiscoveryStay, on_delete=models.CASCADE, related_name="applications")
    household = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="stay_applications",
    )
    case = models.ForeignKey(
        "newcomers.WelcomeCase",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="stay_applications",
    )
    people = models.PositiveSmallIntegerField(_("people"), default=1)
    message = models.TextField(_("message"), max_length=2000, blank=True)
    status = models.CharField(
        max_length=12, choices=ApplicationStatus.choices, default=ApplicationStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    booking = models.ForeignKey(
        "workspaces.Booking", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    request_key = models.UUIDField(default=uuid.uuid4)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("stay application")
        verbose_name_plural = _("stay applications")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["household", "request_key"], name="stay_application_once"
            ),
            models.UniqueConstraint(
                fields=["stay", "household"],
                condition=models.Q(status__in=["pending", "accepted"]),
                name="one_live_application_per_stay",
            ),
            models.CheckConstraint(condition=models.Q(people__gte=1), name="application_people"),
        ]

    def __str__(self):
        return f"{self.stay_id}:{self.household_id}"
