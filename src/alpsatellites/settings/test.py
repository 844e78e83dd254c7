"""Settings for the test suite: the database comes from DATABASE_URL (SQLite by default)."""

from .base import *  # noqa: F403
from .base import env


class InvalidTemplateVariable(str):
    """Makes an unknown template variable fail the test instead of rendering as nothing."""

    def __mod__(self, other):
        raise NameError(f"Unknown template variable: {other!r}")


DATABASES = {"default": env.db_url("DATABASE_URL", default="sqlite:///:memory:")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": ""}  # in memory
TEMPLATES[0]["OPTIONS"]["string_if_invalid"] = InvalidTemplateVariable("%s")  # noqa: F405
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MAP_TILE_URL = ""  # no third-party request from the browser tests
CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"] = ["'self'", "data:"]  # noqa: F405
DEBUG = False
STATIC_ROOT = None  # files are served from the apps (WHITENOISE_USE_FINDERS); nothing is collected
