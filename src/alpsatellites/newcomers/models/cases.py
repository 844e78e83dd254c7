"""One household's follow-up by the welcome officers of a grouping: a welcome case.

Everything here is personal data. It is read through `selectors.cases.cases_for(user)` only,
which scopes it to the officers of the case's grouping and the territory's staff.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    NEW = "new", _("New")
    FIRST_CONTACT = "first_contact", _("First contact")
    EXPLORING = "exploring", _("Exploring")
    DISCOVERY_STAY = "discovery_stay", _("Discovery stay")
    SETTLING = "settling", _("Settling")
    SETTLED = "settled", _("Settled")
    FOLLOW_UP_6 = "follow_up_6", _("Follow-up at 6 months")
    FOLLOW_UP_12 = "follow_up_12", _("Follow-up at 12 months")
    CLOSED = "closed", _("Closed")


# The path a case normally follows, in order (the funnel reads it); CLOSED is reachable from all.
STAGE_ORDER = [
    Stage.NEW,
    Stage.FIRST_CONTACT,
    Stage.EXPLORING,
    Stage.DISCOVERY_STAY,
    Stage.SETTLING,
    Stage.SETTLED,
    Stage.FOLLOW_UP_6,
    Stage.FOLLOW_UP_12,
]
CLOSED_STAGES = (Stage.CLOSED,)
OPEN_STAGES = tuple(STAGE_ORDER)


class ClosingReason(models.TextChoices):
    FOLLOW_UP_DONE = "follow_up_done", _("Settled, follow-up complete")
    SETTLED_ELSEWHERE = "settled_elsewhere", _("Settled elsewhere")
    PROJECT_ABANDONED = "project_abandoned", _("Project given up or postponed")
    NO_REPLY = "no_reply", _("No reply from the household")
    HOUSING = "housing", _("No suitable housing found")
    JOB = "job", _("Work or partner's job did not fit")
    WITHDRAWN = "withdrawn", _("Request withdrawn or account deleted")
    OTHER = "other", _("Other reason")


class WelcomeCase(models.Model):
    """A household's request for support and everything the officers do with it."""

    territory = models.ForeignKey(
        "territories.Territory",
        on_delete=models.PROTECT,
        related_name="welcome_cases",
        verbose_name=_("territory"),
    )
    # Null when the request named no commune and the territory has no grouping to route to:
    # the territory staff answer it then.
    grouping = models.ForeignKey(
        "territories.Grouping",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="welcome_cases",
        verbose_name=_("grouping"),
    )
    commune = models.ForeignKey(
        "territories.Commune",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="welcome_cases",
        verbose_name=_("commune of interest"),
    )
    household = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="welcome_cases",
        verbose_name=_("household"),
    )
    # Copied at request time: the officers write to the person as they asked to be called.
    contact_name = models.CharField(_("name"), max_length=200, blank=True)
    contact_email = models.EmailField(_("e-mail"), blank=True)
    contact_phone = models.CharField(_("phone"), max_length=32, blank=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    # The needs questionnaire's answers, as shared with consent (matching.profile's shape).
    profile = models.JSONField(_("needs profile"), default=dict, blank=True)
    stage = models.CharField(_("stage"), max_length=16, choices=Stage.choices, default=Stage.NEW)
    stage_changed_at = models.DateTimeField(_("stage changed at"), auto_now_add=True)
    closing_reason = models.CharField(
        _("closing reason"), max_length=24, choices=ClosingReason.choices, blank=True
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_welcome_cases",
        verbose_name=_("assigned to"),
    )
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    # The first message an officer sent the household: time to first response is measured to it.
    first_response_at = models.DateTimeField(_("first response at"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)
    # The key of the request form that opened the case: a double click or a retried request
    # opens one case (null for cases opened another way).
    request_key = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("welcome case")
        verbose_name_plural = _("welcome cases")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["territory", "grouping", "stage"], name="case_scope_stage"),
            models.Index(fields=["assigned_to", "stage"], name="case_assignee_stage"),
            models.Index(fields=["stage", "closed_at"], name="case_stage_closed"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(stage="closed") | models.Q(closed_at__isnull=False),
                name="closed_case_has_date",
            ),
            models.UniqueConstraint(
                fields=["household", "request_key"], name="welcome_case_request_once"
            ),
        ]

    def __str__(self):
        return _("Welcome case %(number)s") % {"number": self.pk}

    @property
    def is_closed(self) -> bool:
        return self.stage == Stage.CLOSED


class CaseStageChange(models.Model):
    """Each move between stages: the funnel counts the cases that ever reached a stage."""

    case = models.ForeignKey(WelcomeCase, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.CharField(max_length=16, choices=Stage.choices, blank=True)
    to_stage = models.CharField(max_length=16, choices=Stage.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["changed_at", "pk"]
        indexes = [models.Index(fields=["to_stage", "case"], name="stage_change_reached")]

    def __str__(self):
        return f"{self.from_stage} → {self.to_stage}"


class CaseTask(models.Model):
    case = models.ForeignKey(WelcomeCase, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(_("task"), max_length=200)
    due_on = models.DateField(_("due on"))
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="welcome_tasks",
        verbose_name=_("assigned to"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["done_at", "due_on"], name="task_open_due")]

    def __str__(self):
        return self.title


class CaseNote(models.Model):
    """Private to the officers and staff who may read the case; never shown to the household."""

    case = models.ForeignKey(WelcomeCase, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    body = models.TextField(_("note"), max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.body[:50]


class CaseMessage(models.Model):
    """The thread between the household and the welcome officers. Plain text, escaped on output."""

    case = models.ForeignKey(WelcomeCase, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    from_household = models.BooleanField()
    body = models.TextField(_("message"), max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["case", "created_at"], name="message_thread")]

    def __str__(self):
        return self.body[:50]


class CaseAttachment(models.Model):
    """A file sent in the thread; served only through a view that checks the case's scope."""

    case = models.ForeignKey(WelcomeCase, on_delete=models.CASCADE, related_name="attachments")
    message = models.ForeignKey(
        CaseMessage, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    file = models.FileField(upload_to="cases/%Y/%m/")
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.original_name
