"""What GDPR asks us to be able to show: who consented to what, when; who read which case."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ConsentPurpose(models.TextChoices):
    WELCOME_REQUEST = "welcome_request", _("Share my profile with the welcome officers")
    TESTIMONIAL = "testimonial", _("Publish my testimonial")
    STAY_APPLICATION = "stay_application", _("Share my application with the stay's organisers")


class Consent(models.Model):
    """A consent as given: its purpose, the exact words the person agreed to, when."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consents",
        verbose_name=_("person"),
    )
    case = models.ForeignKey(
        "newcomers.WelcomeCase",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consents",
    )
    purpose = models.CharField(_("purpose"), max_length=24, choices=ConsentPurpose.choices)
    wording = models.TextField(_("words agreed to"))
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    given_at = models.DateTimeField(_("given at"), auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_at"]

    def __str__(self):
        return self.purpose


class CaseAccessLog(models.Model):
    """Every time a member of staff opens a case (or one of its files): who, when, what."""

    case = models.ForeignKey(
        "newcomers.WelcomeCase", on_delete=models.CASCADE, related_name="access_log"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    action = models.CharField(max_length=24, default="view")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["case", "at"], name="case_access_by_time")]

    def __str__(self):
        return f"{self.action} {self.at:%Y-%m-%d %H:%M}"
