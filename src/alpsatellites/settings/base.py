"""Settings for the embedded default: SQLite, local-memory cache, console e-mail.

Everything can be overridden from the environment through the single `env` object;
`production.py` builds on this file and insists on its secrets.
"""

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import environ
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

# Where the embedded database and collected files live; the working directory by default so that
# a checkout is self-contained.
DATA_DIR = Path(env.str("ALPSATELLITES_DATA_DIR", default=str(Path.cwd() / "var")))

DEBUG = env.bool("DJANGO_DEBUG", default=False)
# The embedded default is for one person on their own machine: a fixed key is fine there and
# production.py refuses to start without a real one.
SECRET_KEY = env.str("SECRET_KEY", default="embedded-default-not-secret-" + "x" * 32)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])

INSTALLED_APPS = [
    "modeltranslation",  # must precede admin so translated fields show there
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "allauth",
    "allauth.account",
    "django_tasks",
    "django_tasks_db",
    "alpsatellites.core",
    "alpsatellites.accounts",
    "alpsatellites.territories",
    "alpsatellites.workspaces",
    "alpsatellites.observatory",
    "alpsatellites.newcomers",
    "alpsatellites.api",
    "alpsatellites.www",
    "alpsatellites.setup",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "alpsatellites.core.content_security_policy.ContentSecurityPolicyMiddleware",
    "alpsatellites.core.permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "alpsatellites.core.middleware.DomainErrorMiddleware",
]

ROOT_URLCONF = "alpsatellites.urls"
WSGI_APPLICATION = "alpsatellites.wsgi.application"

TEMPLATES: list[dict[str, Any]] = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "alpsatellites.core.context_processors.platform",
                "alpsatellites.newcomers.context_processors.newcomers_nav",
                "alpsatellites.workspaces.context_processors.booking_requests",
            ],
        },
    }
]

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{DATA_DIR / 'alpsatellites.sqlite3'}")
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and one writer work at once; a busy timeout instead of "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://alpsatellites")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    CACHES["default"]["BACKEND"] = "alpsatellites.core.redis_cache.ReusingRedisCache"

# Background tasks (alpsatellites.core.tasks): run at once in the process that enqueues them here;
# production stores them in the database for `alpsatellites worker`. Any django-tasks backend fits
# (TASKS_BACKEND=dotted path): the code that enqueues does not change.
TASKS_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
TASKS_BACKEND = env.str("TASKS_BACKEND", default="immediate")
TASKS = {"default": {"BACKEND": TASKS_BACKENDS.get(TASKS_BACKEND, TASKS_BACKEND)}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fr"
LANGUAGES = [
    ("fr", _("French")),
    ("en", _("English")),
    ("it", _("Italian")),
    ("de", _("German")),
]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
# The server's zone, for logs and the back office; each territory has its own (Territory.time_zone)
# for its opening hours, bookings, e-mails and calendars.
TIME_ZONE = "Europe/Paris"
USE_TZ = True
# Numbers and dates as each language writes them ("34 898", "34,898", "34.898"); our own date
# formats (LONG_DATE_FORMAT…) are added to Django's in core/locale_formats/<language>.
USE_THOUSAND_SEPARATOR = True
FORMAT_MODULE_PATH = ["alpsatellites.core.locale_formats"]

MODELTRANSLATION_DEFAULT_LANGUAGE = "fr"
# A text missing in the reader's language falls back to the others rather than showing nothing.
MODELTRANSLATION_FALLBACK_LANGUAGES = ("fr", "en", "it", "de")

STATIC_URL = "/static/"
STATIC_ROOT: Path | None = Path(env.str("STATIC_ROOT", default=str(DATA_DIR / "static")))
STATICFILES_DIRS = []
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(DATA_DIR / "media")))
# The embedded default serves static files straight from the apps: no collectstatic needed.
WHITENOISE_USE_FINDERS = env.bool("WHITENOISE_USE_FINDERS", default=True)
WHITENOISE_AUTOREFRESH = DEBUG


def _leaflet_dir() -> str:
    from xstatic.pkg import leaflet

    return leaflet.BASE_DIR


STATICFILES_DIRS.append(("vendor/leaflet", _leaflet_dir()))

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="AlpSatellites <noreply@localhost>")
# Where the platform is reached: e-mails carry links built on it (no request to read a host from).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

# Background map tiles: the one third-party request a page may make. Empty = no tile layer.
MAP_TILE_URL = env.str("MAP_TILE_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = env.str(
    "MAP_TILE_ATTRIBUTION",
    default=(
        '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
    ),
)


def _tile_origin(url: str) -> list[str]:
    """The map tiles' origin for the CSP; `{s}` subdomains become a wildcard."""
    parts = urlsplit(url.replace("{s}", "*"))
    return [f"{parts.scheme}://{parts.netloc}"] if parts.scheme and parts.netloc else []


# Content-Security-Policy (django-csp): scripts only from the platform's own files, never inline
# nor from another site; the one third-party request a page may make is the map tiles. Styles may
# be inline: Leaflet, ReDoc and the admin write them, and a style runs no script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:", *_tile_origin(MAP_TILE_URL)],
        "font-src": [SELF],
        "connect-src": [SELF],
        # ReDoc renders the API reference in a worker it builds from a blob.
        "worker-src": [SELF, "blob:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Browser features no page uses, refused to the pages and to anything they might frame.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
}

# How long anonymous public pages are kept in the cache; any content change invalidates them.
PUBLIC_PAGE_CACHE_SECONDS = env.int("PUBLIC_PAGE_CACHE_SECONDS", default=600)

DEFAULT_TERRITORY_SLUG = env.str("DEFAULT_TERRITORY_SLUG", default="grand-brianconnais")

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "alpsatellites.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # JSON only (an HTML form of another site cannot send it: api/authentication.py), refused
    # past 64 levels of nesting (api/parsers.py).
    "DEFAULT_PARSER_CLASSES": ["alpsatellites.api.parsers.JSONParser"],
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "EXCEPTION_HANDLER": "alpsatellites.api.errors.exception_handler",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "AlpSatellites API",
    "DESCRIPTION": (
        "Territories, groupings and communes, workspaces of the coworking network with their "
        "availability, and the signed-in user's bookings. The observatory's open data: the "
        "indicator catalogue, each commune's indicators (a null value is never a zero: its "
        "status says secret or unknown), facilities as JSON or GeoJSON, and the remote-work "
        "feasibility index of a territory. Scripts authenticate with a personal "
        "API token (`Authorization: Token <token>`), created and revoked on the 'API tokens' "
        "page of their account; the browser's session works too, with its CSRF token. Writes "
        "take JSON bodies only (415 otherwise); repeated failed authentications from one address "
        "are refused for a while (429 with Retry-After)."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Several models have a `kind` or a `status`: one schema name per set of choices.
    "ENUM_NAME_OVERRIDES": {
        "WorkspaceKindEnum": "alpsatellites.workspaces.models.WorkspaceKind",
        "WorkspaceStatusEnum": "alpsatellites.workspaces.models.WorkspaceStatus",
        "ResourceKindEnum": "alpsatellites.workspaces.models.ResourceKind",
        "BookingStatusEnum": "alpsatellites.workspaces.models.BookingStatus",
        "ValueStatusEnum": "alpsatellites.observatory.models.ValueStatus",
        "FacilityKindEnum": "alpsatellites.observatory.models.FacilityKind",
        # A territory's default language and a welcome case's language share one choice set.
        "LanguageEnum": LANGUAGES,
        "StageEnum": "alpsatellites.newcomers.models.Stage",
    },
}

# Accounts: django-allauth, sign-in by e-mail; the address is verified before the account is used.
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "workspaces:bookings"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
# Mandatory everywhere: only then does sign-up answer the same for a known and a new address
# (no way to learn who has an account); the console backend prints the link in development.
ACCOUNT_EMAIL_VERIFICATION = env.str("ACCOUNT_EMAIL_VERIFICATION", default="mandatory")
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGOUT_ON_GET = False
# Back to the home page in the language of the page signed out from (reversed while it is
# active), not to "/", which would pick the browser's language under a message in the page's.
ACCOUNT_LOGOUT_REDIRECT_URL = "www:home"
# Password guessing is limited per (client address, account) by accounts.throttle, for the
# back office, this sign-in and the API alike; allauth's own limit per account (from any
# address) would let anyone lock a person out with a few wrong guesses. The adapter also keeps
# the language people sign up in, and sends allauth's e-mails in each person's language.
ACCOUNT_ADAPTER = "alpsatellites.accounts.adapter.AccountAdapter"
ACCOUNT_RATE_LIMITS = {"login_failed": None}
# Reverse proxies in front of the platform that append to X-Forwarded-For (0: none, the client
# is REMOTE_ADDR). One setting for the platform's throttle and allauth's own limits.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT

# The platform's own lines (bookings, imports, permission denials: core/logs.py) at INFO;
# everything else from WARNING. Ordinary 4xx keep their line without a traceback; 5xx keep it.
LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "client_error_without_traceback": {
            "()": "alpsatellites.core.logs.ClientErrorWithoutTraceback"
        },
    },
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
    "loggers": {
        "alpsatellites": {"level": env.str("ALPSATELLITES_LOG_LEVEL", default="INFO")},
        "django.request": {"filters": ["client_error_without_traceback"]},
    },
}

# Mounts /__hello__, a bare view used by benchmarks/serving.py as the server's ceiling.
BENCHMARK_HELLO = env.bool("ALPSATELLITES_BENCHMARK_HELLO", default=False)
