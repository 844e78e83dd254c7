"""The public face of a territory's welcome service: its slogan, its officers, testimonials."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class WelcomeService(models.Model):
    """One per territory: what the "Settle here" page says before it lists the officers."""

    territory = models.OneToOneField(
        "territories.Territory",
        on_delete=models.CASCADE,
        related_name="welcome_service",
        verbose_name=_("territory"),
    )
    slogan = models.CharField(_("slogan"), max_length=200)
    introduction = models.TextField(_("introduction"), blank=True)
    # The generic contact when no officer covers a grouping (territory staff answer then).
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    # Closed cases are anonymised this many months after closing (GDPR storage limitation).
    retention_months = models.PositiveSmallIntegerField(
        _("months a closed case is kept"), default=24
    )

    class Meta:
        verbose_name = _("welcome service")
        verbose_name_plural = _("welcome services")

    def __str__(self):
        return str(self.territory)


class OfficerProfile(models.Model):
    """What the public sees of a welcome officer; the grouping comes from the role assignment.

    Kept apart from User because only officers have one, and because it is public by choice:
    `is_public` off hides the person from the welcome page without taking their role away.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="officer_profile",
        verbose_name=_("user"),
    )
    public_name = models.CharField(_("public name"), max_length=200)
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    photo = models.ImageField(_("photo"), upload_to="officers/", blank=True)
    photo_description = models.CharField(_("photo description"), max_length=200, blank=True)
    # Language codes (ISO 639-1), e.g. ["fr", "en", "it"].
    languages = models.JSONField(_("languages spoken"), default=list, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    email = models.EmailField(_("public e-mail"), blank=True)
    availability = models.CharField(_("when to reach them"), max_length=200, blank=True)
    is_public = models.BooleanField(_("shown on the welcome page"), default=True)

    class Meta:
        verbose_name = _("welcome officer profile")
        verbose_name_plural = _("welcome officer profiles")
        ordering = ["public_name"]

    def __str__(self):
        return self.public_name


class TestimonialStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting moderation")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Rejected")


class Testimonial(models.Model):
    """A newcomer's words, shown only once moderated and only with the author's consent."""

    territory = models.ForeignKey(
        "territories.Territory",
        on_delete=models.CASCADE,
        related_name="testimonials",
        verbose_name=_("territory"),
    )
    commune = models.ForeignKey(
        "territories.Commune",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="testimonials",
        verbose_name=_("commune"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="testimonials",
        verbose_name=_("author"),
    )
    # As the author wants to be named ("Claire, graphic designer, arrived in 2024").
    signature = models.CharField(_("signature"), max_length=200)
    quote = models.TextField(_("testimonial"), max_length=2000)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    consent_given_at = models.DateTimeField(_("publication consent given at"))
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=TestimonialStatus.choices,
        default=TestimonialStatus.PENDING,
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("moderated by"),
    )
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("testimonial")
        verbose_name_plural = _("testimonials")
        ordering = ["-created_at"]

    def __str__(self):
        return self.signature
