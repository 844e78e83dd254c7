"""Production settings: PostgreSQL, Redis, real e-mail, HTTPS. Refuses to start without secrets."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env

REQUIRED = {
    "SECRET_KEY": (
        "a random string of 50+ characters "
        "(python -c 'import secrets; print(secrets.token_urlsafe(50))')"
    ),
    "ALLOWED_HOSTS": "the host names the platform answers to, comma-separated",
    "DATABASE_URL": "e.g. postgres://user:password@host:5432/alpsatellites",
    "EMAIL_URL": "e.g. smtp+tls://user:password@smtp.example.org:587",
    "CACHE_URL": "a cache shared by every server process, e.g. redis://127.0.0.1:6379/0",
}
missing = [name for name in REQUIRED if not env.str(name, default="").strip()]
if missing:
    raise ImproperlyConfigured(
        "Production settings refuse to start; missing environment variable(s): "
        + "; ".join(f"{name} ({REQUIRED[name]})" for name in missing)
    )

SECRET_KEY = env.str("SECRET_KEY")
if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("embedded-default"):
    raise ImproperlyConfigured("SECRET_KEY must be a random string of at least 50 characters.")

# Cached pages carry versions kept in the cache: a cache of each process's own would let every
# gunicorn worker serve its own stale availability (core/cache.py).
SHARED_CACHES = (
    "django.core.cache.backends.redis.RedisCache",
    "alpsatellites.core.redis_cache.ReusingRedisCache",
    "django.core.cache.backends.memcached.PyMemcacheCache",
    "django.core.cache.backends.memcached.PyLibMCCache",
)
if CACHES["default"]["BACKEND"] not in SHARED_CACHES:  # noqa: F405
    raise ImproperlyConfigured(
        "CACHE_URL must point to a cache shared by every server process, e.g. "
        "redis://127.0.0.1:6379/0; got one of this process's own "
        f"({CACHES['default']['BACKEND']})."  # noqa: F405
    )

# Tasks wait in the database for `alpsatellites worker` (TASKS_BACKEND may name another backend).
TASKS_BACKEND = env.str("TASKS_BACKEND", default="database")
TASKS = {"default": {"BACKEND": TASKS_BACKENDS.get(TASKS_BACKEND, TASKS_BACKEND)}}  # noqa: F405

# Nobody books, or receives booking e-mails, under an address they have not shown to be theirs.
ACCOUNT_EMAIL_VERIFICATION = "mandatory"

DEBUG = False
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env.list(
    "CSRF_TRUSTED_ORIGINS", default=[f"https://{host}" for host in ALLOWED_HOSTS]
)

# Static files are collected once at deploy time and served compressed with far-future headers.
WHITENOISE_USE_FINDERS = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# The platform sits behind a TLS-terminating proxy that sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# That proxy appends the client's address to X-Forwarded-For: without counting it, every client
# would share the proxy's address in the sign-in limits (accounts.throttle).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=1)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING["root"]["level"] = env.str("LOG_LEVEL", default="INFO")  # noqa: F405
