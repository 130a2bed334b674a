"""One settings module, driven by environment variables.

DEBUG            "1" for development; off by default.
SECRET_KEY       required when DEBUG is off.
ALLOWED_HOSTS    comma-separated.
DATABASE_URL     default: a SQLite file beside manage.py.
HTTPS            "1" (default unless DEBUG): served over HTTPS; secure cookies, redirect, HSTS.
EMAIL_URL        the mail server: smtp://host:25, smtp+tls://user:pass@host:587 (STARTTLS),
                 smtp+ssl://user:pass@host:465; default: printed to the console.
"""

import os
import secrets
import sys
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_flag("DEBUG")
SECRET_KEY = os.environ.get("SECRET_KEY", "")
# Commands that only read the code (checking for missing migrations) sign nothing, so they
# run without a key; anything that serves or writes data needs one.
KEYLESS_COMMANDS = {"makemigrations"}
if not SECRET_KEY:
    if DEBUG:
        SECRET_KEY = "development-only-not-secret"
    elif sys.argv[1:2] and sys.argv[1] in KEYLESS_COMMANDS:
        SECRET_KEY = secrets.token_urlsafe(50)
    else:
        raise ImproperlyConfigured("Set SECRET_KEY (or DEBUG=1 for development).")

ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
    if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "csp",
    "crispy_forms",
    "crispy_forms_gds",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
    "partnership",
    "subgroups",
    "reviews",
    "evidence",
    "reports",
    "scrutiny",
    "notifications",
    "retention",
    "papers",
    "accounts",
]

MIDDLEWARE = [
    "partnership.logs.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "partnership.headers.PrivateByDefaultMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "partnership.sessions.IdleTimeoutMiddleware",
    "django.middleware.common.CommonMiddleware",
    "papers.uploads.RawUploadNamesMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "partnership.auth.CachedOTPMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "partnership.otp.OTPRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "partnership.urls"
WSGI_APPLICATION = "partnership.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "partnership.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
    )
}
# PostgreSQL plans every query it is sent, and for the small indexed queries of a page the
# planning takes longer than the running. Parameters are therefore sent apart from the SQL
# (server-side binding), and a query a connection has run DB_PREPARE_THRESHOLD times is
# prepared, so the database stops parsing and planning it afresh. The default is 1:
# prepared when it comes again. A connection lives only DB_CONN_MAX_AGE seconds, and with
# psycopg's own default of 5 the report's first dozen assemblies on a connection took
# 10-20 ms longer than the later ones; with 1, 0-8 ms. Set DB_PREPARE_THRESHOLD empty
# behind a pooler that shares connections between clients (PgBouncer's transaction mode).
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    prepare_threshold = os.environ.get("DB_PREPARE_THRESHOLD", "1")
    DATABASES["default"]["OPTIONS"] = {
        **DATABASES["default"].get("OPTIONS", {}),
        "server_side_binding": True,
        "prepare_threshold": int(prepare_threshold) if prepare_threshold.strip() else None,
    }
# The cache: a Redis server shared by every worker when CACHE_URL is set
# (redis://host:6379/0), else each process's own memory. Cached pages are keyed by a
# token kept in the database (partnership.versions), so either is correct. Only a shared
# cache may hold what a change in one worker must end in all of them: sessions (signing
# out), the signed-in user and their authenticator (partnership.auth).
CACHE_URL = os.environ.get("CACHE_URL", "")
CACHE_IS_SHARED = bool(CACHE_URL)
# Redis unreachable, refusing or hung: every cache call gives up after this many seconds
# and the app reads the database instead; the process then leaves Redis alone for
# CACHE_BACKOFF_SECONDS and logs the failure once (partnership.resilient_cache).
CACHE_TIMEOUT_SECONDS = float(os.environ.get("CACHE_TIMEOUT_SECONDS", "0.1"))
CACHE_BACKOFF_SECONDS = float(os.environ.get("CACHE_BACKOFF_SECONDS", "5"))


def redis_cache(url: str, prefix: str) -> dict:
    return {
        "BACKEND": "partnership.resilient_cache.ResilientRedisCache",
        "LOCATION": url,
        "KEY_PREFIX": prefix,
        "OPTIONS": {
            "SOCKET_CONNECT_TIMEOUT": CACHE_TIMEOUT_SECONDS,
            "SOCKET_TIMEOUT": CACHE_TIMEOUT_SECONDS,
            "BACKOFF_SECONDS": CACHE_BACKOFF_SECONDS,
        },
    }


# Copies of built pages and reports go in a cache of their own, PAGE_CACHE_URL (default:
# the same Redis, under their own prefix); the README says how to keep them from pushing
# the sessions out.
PAGE_CACHE_URL = os.environ.get("PAGE_CACHE_URL", CACHE_URL)
if CACHE_IS_SHARED:
    CACHES = {
        "default": redis_cache(CACHE_URL, "governance"),
        "pages": redis_cache(PAGE_CACHE_URL, "governance-pages"),
    }
    # The database is the sessions' source of truth; the cache only spares reading it.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        alias: {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": alias,
            "OPTIONS": {"MAX_ENTRIES": 1000},
        }
        for alias in ("default", "pages")
    }
# How long a built read page, or a user's access, is kept (partnership.page_cache,
# partnership.access); 0 turns both off. Off by default in development, where templates
# change under the pages.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "0" if DEBUG else "600"))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "partnership.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "partnership.auth.CachedModelBackend",
    "accounts.sso.SSOBackend",
]
# Single sign-on with OpenID Connect (accounts.sso), on when OIDC_ISSUER and
# OIDC_CLIENT_ID are set: for Microsoft Entra ID the issuer is
# https://login.microsoftonline.com/<tenant id>/v2.0. The endpoints are discovered.
OIDC_ISSUER = os.environ.get("OIDC_ISSUER", "")
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_CLIENT_SECRET", "")
OIDC_AUDIENCE = OIDC_RP_CLIENT_ID  # the ID token must be issued for this app
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_RP_SCOPES = "openid email profile"
OIDC_CREATE_USER = False
OIDC_USE_PKCE = True
OIDC_TIMEOUT = 10
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:sso_callback"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# An invitation link works once, for this many days; a password reset link for this long.
INVITATION_DAYS = int(os.environ.get("INVITATION_DAYS", "7"))
PASSWORD_RESET_TIMEOUT = int(os.environ.get("PASSWORD_RESET_SECONDS", "3600"))
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sign-in protection: lock out after repeated failures for an hour.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

# Idle sessions end after 30 minutes without a request.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_IDLE_SECONDS", "1800"))
# Saved when last saved over a minute ago, which moves the idle deadline on
# (partnership.sessions); not on every request.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
FORMS_URLFIELD_ASSUME_HTTPS = True  # Django 6 behaviour now: links typed without a scheme are https
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d %m %Y"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_ROOT = BASE_DIR / "media"

# Meeting papers and agenda packs. They are never served from a public URL (there is no
# MEDIA_URL route): papers.views reads them through this storage after checking access.
# PAPERS_STORAGE_BACKEND names any Django storage class; for S3 install django-storages[s3]
# and set it to "storages.backends.s3.S3Storage" with the AWS_* variables django-storages
# reads (AWS_STORAGE_BUCKET_NAME, AWS_S3_REGION_NAME...), and a private bucket.
STORAGES["papers"] = {
    "BACKEND": os.environ.get(
        "PAPERS_STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage"
    ),
    "OPTIONS": {}
    if os.environ.get("PAPERS_STORAGE_BACKEND")
    else {"location": os.environ.get("PAPERS_ROOT", str(BASE_DIR / "var" / "papers"))},
}
PAPERS_MAX_UPLOAD_MB = int(os.environ.get("PAPERS_MAX_UPLOAD_MB", "25"))
# Office files are zips: refuse any whose declared contents would unpack past this size,
# or whose members claim to shrink more than this ratio (a "zip bomb").
PAPERS_MAX_UNPACKED_MB = int(os.environ.get("PAPERS_MAX_UNPACKED_MB", "250"))
PAPERS_MAX_ZIP_RATIO = 200
# LibreOffice converts DOCX, XLSX and PPTX for the agenda pack; absent, the pack links them.
PAPERS_SOFFICE = os.environ.get("PAPERS_SOFFICE", "soffice")

# Background work (notifications, packs, schedules): queued in the database, run by
# `manage.py db_worker` (any number of them; each task is claimed by one).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# /readyz fails when a task that is due has waited longer than this for a worker.
READYZ_TASK_WAIT_SECONDS = int(os.environ.get("READYZ_TASK_WAIT_SECONDS", "300"))

# Recurring tasks, kept by the app (notifications.schedule; `manage.py ensure_schedule`
# starts them): {"name": {"task": "app.tasks.function", "every": "daily" | "weekly" |
# "monthly" | "hourly" | "N minutes", "at": "HH:MM"}}, at local time. Add yours here.
SCHEDULED_TASKS = {
    "daily-reminders": {
        "task": "notifications.tasks.daily_reminders",
        "every": "daily",
        "at": "06:30",
    },
    "daily-digests": {"task": "notifications.tasks.send_digests", "every": "daily", "at": "07:00"},
    "recover-stalled-messages": {
        "task": "notifications.tasks.recover_stalled_messages",
        "every": "5 minutes",
    },
    # Queues every record past its retention date for the business manager's review.
    "retention_queue": {
        "task": "retention.tasks.build_review_queue",
        "every": "monthly",
        "at": "05:30",
    },
    # Files no paper row names (an upload cut off between file and row), an hour old.
    "papers_orphan_files": {
        "task": "papers.tasks.remove_orphan_files",
        "every": "daily",
        "at": "03:15",
    },
}
# A message left "sending" this long by a worker that died is sent again.
EMAIL_STALLED_MINUTES = int(os.environ.get("EMAIL_STALLED_MINUTES", "10"))

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"
CRISPY_GDS_FRONTEND_VERSION = "5.8.0"

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"


def email_settings(url: str) -> dict:
    """Django's email settings from one address; blank or console:// prints to the console."""
    if not url or url.startswith("console:"):
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    parts = urlsplit(url)
    secure = {"smtp": None, "smtp+tls": "tls", "smtp+ssl": "ssl"}
    if parts.scheme not in secure:
        raise ImproperlyConfigured(
            "EMAIL_URL must start smtp://, smtp+tls://, smtp+ssl:// or console://."
        )
    query = parse_qs(parts.query)
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parts.hostname or "localhost",
        "EMAIL_PORT": parts.port or {"tls": 587, "ssl": 465}.get(secure[parts.scheme], 25),
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_TLS": secure[parts.scheme] == "tls",
        "EMAIL_USE_SSL": secure[parts.scheme] == "ssl",
        "EMAIL_TIMEOUT": int(query.get("timeout", ["20"])[0]),
    }


globals().update(email_settings(os.environ.get("EMAIL_URL", "")))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "governance@localhost")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

# Security headers.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# HTTPS=1 (the default unless DEBUG): people reach the site over HTTPS, so cookies are sent
# only over HTTPS, plain HTTP is redirected (unless SECURE_SSL_REDIRECT=0) and browsers are
# told to use HTTPS for a year (HSTS). HTTPS=0 for a site served over plain HTTP (a trial
# behind a firewall): cookies then work over HTTP, and nothing redirects.
HTTPS = env_flag("HTTPS", default=not DEBUG)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = env_flag("SECURE_SSL_REDIRECT", default=HTTPS)
# Health checks come straight to gunicorn, over plain HTTP, from inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
# TLS ended at a proxy (a load balancer, nginx): the proxy talks plain HTTP to gunicorn
# and says the request came over HTTPS in X-Forwarded-Proto, which Django then believes.
# The proxy must set that header on every request (replacing any the client sent), and
# gunicorn must be reachable only through it.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Only the app's own assets: no inline scripts or styles, nothing from elsewhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Logs: one JSON object a line on stdout, each with its request's id (partnership.logs);
# LOG_FORMAT=text for lines people read (the default with DEBUG).
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text" if DEBUG else "json")
if LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured("LOG_FORMAT must be json or text.")
# Commands that print what they make (a dump, a code) keep stdout for it: theirs go to stderr.
LOGS_TO_STDERR = Path(sys.argv[0]).name == "manage.py" and sys.argv[1:2] not in (
    ["db_worker"],
    ["runserver"],
)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "partnership.logs.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "partnership.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stderr" if LOGS_TO_STDERR else "ext://sys.stdout",
            "filters": ["request_id"],
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django": {"level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
        # One line per request; runserver writes its own in development.
        "partnership.requests": {"level": "WARNING" if DEBUG else "INFO"},
        # Their progress notes, several per PDF, say nothing an operator needs.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
