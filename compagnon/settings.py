"""Compagnon settings: one module, driven by the environment (see docs/configuration.md).

With no environment at all the app runs in development mode (DEBUG, a development key, localhost only, SQLite
file beside the code) so that every manage.py command works out of the box.
"""

from __future__ import annotations

import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from compagnon.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEVELOPMENT_SECRET_KEY = "django-insecure-compagnon-development-key-do-not-use-in-production"
DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env_str("SECRET_KEY", DEVELOPMENT_SECRET_KEY)
if not DEBUG and SECRET_KEY == DEVELOPMENT_SECRET_KEY:
    raise ImproperlyConfigured(
        "DEBUG=False avec la clé de développement : définissez SECRET_KEY (une valeur longue et secrète)."
    )
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
TESTING = "pytest" in sys.modules or (len(sys.argv) > 1 and sys.argv[1] == "test")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks",
    "django_tasks_db",
    # domain apps
    "compagnon.core",
    "compagnon.accounts",
    "compagnon.territory",
    "compagnon.organisations",
    "compagnon.certifications",
    "compagnon.people",
    "compagnon.contracts",
    "compagnon.compliance",
    "compagnon.intake",
    "compagnon.demo",
    # web pages
    "compagnon.www",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "compagnon.accounts.middleware.ScopeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "compagnon.urls"
WSGI_APPLICATION = "compagnon.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "compagnon" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "compagnon.core.context_processors.site",
            ],
            # Strict harness: an unknown variable in a template fails the tests (les-emplois).
            "string_if_invalid": "INVALID_TEMPLATE_VARIABLE %s" if TESTING else "",
        },
    }
]

# Django's form renderer, with <select> written in Python (compagnon/www/renderers.py).
FORM_RENDERER = "compagnon.www.renderers.FormRenderer"

DEFAULT_SQLITE_PATH = BASE_DIR / "var" / "compagnon.sqlite3"
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{DEFAULT_SQLITE_PATH}")
try:
    _db = dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 0))
except ValueError as exc:  # an unknown scheme
    raise ImproperlyConfigured(f"DATABASE_URL={DATABASE_URL!r} : {exc}") from exc
if _db["ENGINE"] == "django.db.backends.sqlite3":
    Path(_db["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets the worker and the server write side by side; IMMEDIATE avoids "database is locked" upgrades.
    _db["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        " PRAGMA busy_timeout=10000; PRAGMA cache_size=-64000; PRAGMA mmap_size=268435456;",
        "transaction_mode": "IMMEDIATE",
    }
    _db["TEST"] = {"NAME": env_str("TEST_SQLITE_PATH", "") or None}
elif _db["ENGINE"] == "django.db.backends.postgresql":
    # No JIT: the correlated lookups of scoped lists have high cost estimates, and compiling them cost more than
    # running them (270 ms of JIT for a 420 ms name search at 10^6 contracts).
    # Server-side cursors planned for reading every row: the project streams them to the end (exports, compliance,
    # duplicate detection); PostgreSQL's default plans them for their first 10 % (nested loops), which made the
    # compliance stream of an import 4× slower (14.1 s instead of 3.3 s for 20,000 contracts).
    _db.setdefault("OPTIONS", {})["options"] = "-c jit=off -c cursor_tuple_fraction=1"
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["compagnon.accounts.backends.UsernameOrEmailBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    # Hashing is deliberately slow; tests create many users.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Login throttling: failures allowed per username and per address within the window.
LOGIN_MAX_FAILURES = env_int("LOGIN_MAX_FAILURES", 5)
LOGIN_FAILURE_WINDOW_SECONDS = env_int("LOGIN_FAILURE_WINDOW_SECONDS", 900)
# A large contract file is read and cleaned in a second (forked) process while the import writes (intake/pipeline.py).
INTAKE_PARALLEL_READING = env_bool("INTAKE_PARALLEL_READING", True)
# A master whose earlier supervisions all ended this many years before a new one is "returning" (issue 4).
RETURNING_MASTER_GAP_YEARS = env_int("RETURNING_MASTER_GAP_YEARS", 3)
# Uploaded contract files wait here for their background import (docs/import.md): the web server writes, the worker
# reads, so both must see the same folder. Created on the first upload.
IMPORT_DIR = Path(env_str("IMPORT_DIR", str(BASE_DIR / "var" / "imports")))

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LANGUAGE_CODE = "fr-fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "compagnon" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING
# In development and tests files are served from the apps' folders, without collectstatic.
WHITENOISE_AUTOREFRESH = DEBUG or TESTING

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if env_str("REDIS_URL"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": env_str("REDIS_URL")}}

# Background work: the database backend of the django-tasks backport (no broker); immediate in tests,
# and wherever TASKS_IMMEDIATE is set (a development set-up without a worker).
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"
        if TESTING or env_bool("TASKS_IMMEDIATE", False)
        else "django_tasks_db.DatabaseBackend"
    }
}

# Mail: printed on the console and kept for the "courriels envoyés" page in development; SMTP in production.
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Compagnon <ne-pas-repondre@compagnon.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_HOST = env_str("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "compagnon.core.mail.RecordingConsoleBackend"

NINJA_PAGINATION_MAX_LIMIT = 1000

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

# Lists never count past this: "plus de 10 000" is cheaper than an exact count over a million rows.
LIST_COUNT_CAP = 10_000
LIST_PAGE_SIZE = 50
