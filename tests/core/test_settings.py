"""Settings: production refuses to start without its secrets and passes Django's deploy checks."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings

REQUIRED = ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "EMAIL_URL", "CACHE_URL")
GOOD_KEY = "k3y-" + "Zx8qP2wLr9Tn5Vb7Hc4Jm6Kd1Fs0Ga3Ye" * 2  # 70 characters


def production_env(tmp_path, **values) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in REQUIRED}
    env.pop("DJANGO_DEBUG", None)
    # Set by the browser tests' conftest in this process; a production server never has it.
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    env["DJANGO_SETTINGS_MODULE"] = "alpsatellites.settings.production"
    env["ALPSATELLITES_DATA_DIR"] = str(tmp_path / "var")
    env.update(values)
    return env


def complete_env(tmp_path, **values) -> dict:
    complete = {
        "SECRET_KEY": GOOD_KEY,
        "ALLOWED_HOSTS": "alpsatellites.example,www.alpsatellites.example",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}",
        "EMAIL_URL": "smtp://localhost:25",
        "CACHE_URL": "redis://127.0.0.1:6379/13",
    }
    return production_env(tmp_path, **{**complete, **values})


def python(code: str, env: dict, cwd) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=cwd, capture_output=True, text=True, timeout=120
    )


def test_production_refuses_to_start_without_its_secrets(tmp_path):
    result = python("import alpsatellites.settings.production", production_env(tmp_path), tmp_path)

    assert result.returncode != 0
    last_line = result.stderr.strip().splitlines()[-1]
    assert last_line.startswith("django.core.exceptions.ImproperlyConfigured: ")
    for name in REQUIRED:
        assert f"{name} (" in last_line


def test_production_names_only_what_is_missing(tmp_path):
    env = complete_env(tmp_path)
    del env["EMAIL_URL"]
    env["ALLOWED_HOSTS"] = "  "

    result = python("import alpsatellites.settings.production", env, tmp_path)

    last_line = result.stderr.strip().splitlines()[-1]
    assert "ImproperlyConfigured" in last_line
    assert "ALLOWED_HOSTS (" in last_line and "EMAIL_URL (" in last_line
    assert "SECRET_KEY (" not in last_line and "DATABASE_URL (" not in last_line


@pytest.mark.parametrize("cache_url", ["locmemcache://", "dummycache://", "filecache:///tmp/x"])
def test_production_refuses_a_cache_of_each_process_own(tmp_path, cache_url):
    result = python(
        "import alpsatellites.settings.production",
        complete_env(tmp_path, CACHE_URL=cache_url),
        tmp_path,
    )

    assert result.returncode != 0
    last_line = result.stderr.strip().splitlines()[-1]
    assert "ImproperlyConfigured: CACHE_URL must point to a cache shared by every" in last_line


@pytest.mark.parametrize("key", ["too-short", "embedded-default-not-secret-" + "x" * 40])
def test_production_refuses_a_weak_secret_key(tmp_path, key):
    result = python(
        "import alpsatellites.settings.production", complete_env(tmp_path, SECRET_KEY=key), tmp_path
    )

    assert result.returncode != 0
    assert "SECRET_KEY must be a random string of at least 50 characters." in result.stderr


def test_production_settings_are_secure(tmp_path):
    code = (
        "import json, django\n"
        "from django.conf import settings as s\n"
        "django.setup()\n"
        "print(json.dumps({'debug': s.DEBUG, 'hosts': s.ALLOWED_HOSTS,"
        " 'csrf': s.CSRF_TRUSTED_ORIGINS, 'ssl': s.SECURE_SSL_REDIRECT,"
        " 'hsts': s.SECURE_HSTS_SECONDS,"
        " 'cookies': [s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE],"
        " 'static': s.STORAGES['staticfiles']['BACKEND'], 'email': s.EMAIL_BACKEND,"
        " 'engine': s.DATABASES['default']['ENGINE'],"
        " 'cache': s.CACHES['default']['BACKEND'], 'tasks': s.TASKS['default']['BACKEND'],"
        " 'verification': s.ACCOUNT_EMAIL_VERIFICATION}))"
    )

    result = python(code, complete_env(tmp_path, DJANGO_DEBUG="true"), tmp_path)

    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values == {
        "debug": False,  # whatever DJANGO_DEBUG says
        "hosts": ["alpsatellites.example", "www.alpsatellites.example"],
        "csrf": ["https://alpsatellites.example", "https://www.alpsatellites.example"],
        "ssl": True,
        "hsts": 31536000,
        "cookies": [True, True],
        "static": "whitenoise.storage.CompressedManifestStaticFilesStorage",
        "email": "django.core.mail.backends.smtp.EmailBackend",
        "engine": "django.db.backends.sqlite3",
        "cache": "alpsatellites.core.redis_cache.ReusingRedisCache",
        "tasks": "django_tasks_db.DatabaseBackend",
        # Nobody books under, or sends booking e-mails to, an address that is not theirs.
        "verification": "mandatory",
    }


def test_production_passes_the_deploy_checks(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "alpsatellites", "check", "--deploy", "--fail-level", "WARNING"],
        env=complete_env(tmp_path),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_deploy_checks_catch_a_weakened_setting(tmp_path):
    """The check above can fail: turning HTTPS redirection off is reported."""
    result = subprocess.run(
        [sys.executable, "-m", "alpsatellites", "check", "--deploy", "--fail-level", "WARNING"],
        env=complete_env(tmp_path, SECURE_SSL_REDIRECT="false"),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode != 0
    assert "security.W008" in result.stderr


def test_test_settings_run_without_debug():
    assert settings.DEBUG is False
    assert [code for code, _ in settings.LANGUAGES] == ["fr", "en", "it", "de"]
    assert settings.LANGUAGE_CODE == "fr"
    assert not settings.is_overridden("STATICFILES_STORAGE")
