"""Settings of the baocao platform, read from the environment.

The Django project lives in the folder ``site/`` and is imported as ``baocao_site``
(``site`` is a frozen standard-library module; see pyproject.toml).
"""
from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

PROJECT_DIR = Path(__file__).resolve().parent          # site/
BASE_DIR = PROJECT_DIR.parent                           # repository root
VAR_DIR = Path(os.environ.get("BAOCAO_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY") or (
    "dev-insecure-key-only-for-local-runs-change-me-" + "x" * 20 if DEBUG or os.environ.get("BAOCAO_DEV") else None
)
if not SECRET_KEY:
    # Without DEBUG a real key is required; tests and `make run` set BAOCAO_DEV=1.
    raise RuntimeError("SECRET_KEY must be set when DEBUG is off (see docs/deploy.md).")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "baocao_site.audit",
    "hierarchy",
    "formbuilder",
    "formbuilder.rounds",
    "indicators",
    "cms",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "import_export",
    "formtools",
    "huey.contrib.djhuey",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.humanize",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The chosen language (cookie of /i18n/setlang/) or Vietnamese; never Accept-Language.
    "baocao_site.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "baocao_site.urls"
WSGI_APPLICATION = "baocao_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "baocao_site.context_processors.current_unit",
                "formbuilder.rounds.context_processors.notifications",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'baocao.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"].setdefault("OPTIONS", {})
    # WAL lets the web server and the huey consumer share the embedded database.
    DATABASES["default"]["OPTIONS"].update({"init_command": "PRAGMA journal_mode=WAL;", "timeout": 20})
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Background tasks (huey) ----------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
HUEY_IMMEDIATE = env_bool("HUEY_IMMEDIATE", False)
if REDIS_URL:
    HUEY = {
        "huey_class": "huey.PriorityRedisHuey",
        "name": os.environ.get("HUEY_NAME", "baocao"),
        "immediate": HUEY_IMMEDIATE,
        "connection": {"url": REDIS_URL},
        "utc": True,
        "consumer": {"workers": int(os.environ.get("HUEY_WORKERS", "2")), "worker_type": "thread"},
    }
else:
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "baocao",
        "immediate": HUEY_IMMEDIATE,
        "filename": str(VAR_DIR / "huey.sqlite3"),
        "utc": True,
        "consumer": {"workers": int(os.environ.get("HUEY_WORKERS", "2")), "worker_type": "thread"},
    }

# --- Auth -----------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"
# Login throttling: failures per (username, IP) within the window lock further tries.
LOGIN_THROTTLE_FAILURES = int(os.environ.get("LOGIN_THROTTLE_FAILURES", "5"))
LOGIN_THROTTLE_WINDOW_S = int(os.environ.get("LOGIN_THROTTLE_WINDOW_S", "900"))

CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "baocao"}
    )
}

# --- Internationalisation: Vietnamese first -------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [PROJECT_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# Numbers as 1.234.567,5 and dates as dd/mm/yyyy (see baocao_site/formats/).
FORMAT_MODULE_PATH = ["baocao_site.formats"]
USE_THOUSAND_SEPARATOR = True
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]

# --- Static and media -------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [PROJECT_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("BAOCAO_MANIFEST_STATIC", not DEBUG and not os.environ.get("BAOCAO_DEV"))
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 20000
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Email ------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "baocao@localhost")

# --- Wagtail -----------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Báo cáo — Giám sát trên dữ liệu"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# "simple": no English stemming or stop words ("the", "so", "an" are Vietnamese words once folded);
# used by PostgreSQL only. Pages also index a folded copy of their text (cms/models/base.py).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "simple"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "doc", "docx", "xls", "xlsx", "csv", "odt", "ods", "txt", "zip"]

# --- Imports (django-import-export and our own bulk paths) -------------------------
IMPORT_MAX_FILE_BYTES = int(os.environ.get("IMPORT_MAX_FILE_BYTES", str(20 * 1024 * 1024)))
IMPORT_MAX_ROWS = int(os.environ.get("IMPORT_MAX_ROWS", "250000"))
# Import jobs whose worker stopped fail after this many minutes without progress; checked jobs not
# confirmed within EXCEL_IMPORT_KEEP_HOURS expire. Both delete their uploaded files (hourly huey task).
EXCEL_IMPORT_STALE_MINUTES = int(os.environ.get("EXCEL_IMPORT_STALE_MINUTES", "120"))
EXCEL_IMPORT_KEEP_HOURS = int(os.environ.get("EXCEL_IMPORT_KEEP_HOURS", "24"))
IMPORT_EXPORT_USE_TRANSACTIONS = True

# --- Production profile --------------------------------------------------------------
# BAOCAO_DEV marks a developer's machine (make run, make test): plain HTTP on loopback.
PRODUCTION = not DEBUG and not os.environ.get("BAOCAO_DEV")
if PRODUCTION:
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_CONTENT_TYPE_NOSNIFF = True
SILENCED_SYSTEM_CHECKS = env_list("SILENCED_SYSTEM_CHECKS", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "modelsearch": {"level": "WARNING"},
    },
}

# --- Form builder limits (a definition beyond them is refused with a precise message) ---------
FORMBUILDER_LIMITS = {
    "max_depth": int(os.environ.get("FORMBUILDER_MAX_DEPTH", "8")),
    "max_fields": int(os.environ.get("FORMBUILDER_MAX_FIELDS", "2000")),
    "max_options": int(os.environ.get("FORMBUILDER_MAX_OPTIONS", "500")),
    "max_columns": int(os.environ.get("FORMBUILDER_MAX_COLUMNS", "60")),
    "max_formula_length": int(os.environ.get("FORMBUILDER_MAX_FORMULA_LENGTH", "500")),
    "max_table_rows": int(os.environ.get("FORMBUILDER_MAX_TABLE_ROWS", "5000")),
}
