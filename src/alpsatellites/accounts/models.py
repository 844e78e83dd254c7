"""People and the roles that scope what they may see and change."""

from typing import ClassVar

from django.conf import settings
from django.contrib.auth.base_user import BaseUserManager
from django.contrib.auth.models import AbstractBaseUser, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, username):
        # Addresses are stored in lower case: "Anne@Example.org" logs in as anne@example.org.
        return super().get_by_natural_key(username.lower())


class User(AbstractBaseUser, PermissionsMixin):
    """A person, identified by e-mail.

    One `name` field, because names don't split into first and last the same way everywhere.
    """

    email = models.EmailField(_("e-mail address"), unique=True)
    name = models.CharField(_("name"), max_length=200, blank=True)
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language of the e-mails the platform sends this person."),
    )
    is_staff = models.BooleanField(
        _("back-office access"),
        default=False,
        help_text=_("Can log into the back office; what they see there depends on their roles."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.name or self.email

    def get_full_name(self):
        return self.name

    def get_short_name(self):
        return self.name or self.email


class Role(models.TextChoices):
    TERRITORY_ADMIN = "territory_admin", _("Territory admin")
    TERRITORY_STAFF = "territory_staff", _("Territory staff")
    ELECTED_OFFICIAL = "elected_official", _("Elected official (read-only)")
    WELCOME_OFFICER = "welcome_officer", _("Welcome officer")
    SPACE_MANAGER = "space_manager", _("Space manager")


# Which scope each role is bound to. Workspaces arrive with the coworking domain; the role is
# declared now so that the mechanism, and the admin screens that grant it, do not change then.
ROLE_SCOPE: dict[str, str] = {
    Role.TERRITORY_ADMIN: "territory",
    Role.TERRITORY_STAFF: "territory",
    Role.ELECTED_OFFICIAL: "territory",
    Role.WELCOME_OFFICER: "grouping",
    Role.SPACE_MANAGER: "workspace",
}

# Roles whose holders may change a territory's content (the others only read).
TERRITORY_EDITOR_ROLES = (Role.TERRITORY_ADMIN, Role.TERRITORY_STAFF)
TERRITORY_READER_ROLES = (*TERRITORY_EDITOR_ROLES, Role.ELECTED_OFFICIAL)


class RoleAssignment(models.Model):
    """Grants one role to one user over one scope (a territory, a grouping, later a workspace)."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="role_assignments", verbose_name=_("user")
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    territory = models.ForeignKey(
        "territories.Territory",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="role_assignments",
        verbose_name=_("territory"),
    )
    grouping = models.ForeignKey(
        "territories.Grouping",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="role_assignments",
        verbose_name=_("grouping"),
    )
    granted_at = models.DateTimeField(_("granted at"), default=timezone.now)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        # One role over one scope, once. Not one constraint over (user, role, territory,
        # grouping): a unique index holds NULL distinct from NULL, so a territory role (no
        # grouping) could be granted twice. Both scope columns are nullable, hence three cases.
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "grouping"],
                condition=models.Q(grouping__isnull=False),
                name="unique_role_in_grouping",
                violation_error_message=_("This person already holds this role in this grouping."),
            ),
            models.UniqueConstraint(
                fields=["user", "role", "territory"],
                condition=models.Q(grouping__isnull=True, territory__isnull=False),
                name="unique_role_in_territory",
                violation_error_message=_("This person already holds this role in this territory."),
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=models.Q(grouping__isnull=True, territory__isnull=True),
                name="unique_role_without_scope",
                violation_error_message=_("This person already holds this role."),
            ),
        ]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} — {self.grouping or self.territory or ''}"

    def clean(self):
        scope = ROLE_SCOPE.get(self.role)
        if scope == "territory" and (self.territory_id is None or self.grouping_id is not None):
            raise ValidationError(_("This role is granted over one territory (and no grouping)."))
        if scope == "grouping" and self.grouping_id is None:
            raise ValidationError(_("This role is granted over one grouping."))
        if scope == "workspace":
            raise ValidationError(_("Space managers are assigned from their workspace."))
        if self.grouping_id is not None and self.grouping is not None:
            self.territory_id = self.grouping.territory_id


class ApiToken(models.Model):
    """A personal key for scripts and API clients, sent in the `Authorization` header.

    Unlike HTTP Basic credentials, a browser never attaches it by itself, so another site cannot
    act with it (no cross-site request forgery). Only a hash of the secret is kept: the person
    sees the secret once, when it is created; `prefix` is its visible start, to find the row and
    to tell one token from another in the list.
    """

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user")
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=16, unique=True)
    secret_hash = models.CharField(_("secret hash"), max_length=64)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
