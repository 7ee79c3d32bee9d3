"""Settings read from the environment (12-factor); production defaults are safe."""

from email.utils import getaddresses
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from kombu import Exchange, Queue

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A local .env is convenient in development; the environment always wins.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)


def _secret(name, default=None):
    """Read NAME, or the file named by NAME_FILE (Docker/systemd secrets)."""
    path = env.str(f"{name}_FILE", default="")
    if path:
        return Path(path).read_text().strip()
    return env.str(name, default=default)


DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = _secret("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-used-with-DEBUG"  # noqa: S105

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# Absolute links (sign-up and decision e-mails) and the letters' QR codes and printed
# check address: a stored, hashed letter keeps a wrong address forever, so production
# must say where it is served. In development it follows PORT (`make run PORT=8123`).
SITE_URL = env.str("SITE_URL", default="").rstrip("/")
if not SITE_URL:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SITE_URL must be set when DEBUG is off, e.g. SITE_URL=https://kim.example.go.id "
            "(letters' QR codes and e-mail links are built from it)."
        )
    SITE_URL = f"http://127.0.0.1:{env.int('PORT', default=8000)}"
if not SITE_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured(f"SITE_URL must start with http:// or https://, not {SITE_URL!r}.")

# NIK and phone numbers are encrypted in their columns (kimportal/core/crypto.py). The first
# key encrypts, all decrypt (rotation: README "Personal data at rest"); the hash key makes
# the HMAC beside each NIK. Both are secrets kept apart from the database and its backups.
FIELD_ENCRYPTION_KEYS = [k for k in _secret("FIELD_ENCRYPTION_KEYS", default="").split(",") if k]
FIELD_HASH_KEY = _secret("FIELD_HASH_KEY", default="")
if not (FIELD_ENCRYPTION_KEYS and FIELD_HASH_KEY):
    if not DEBUG:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEYS and FIELD_HASH_KEY must be set when DEBUG is off "
            "(README: Personal data at rest)."
        )
    # Development only: derived from SECRET_KEY, so `make run` needs nothing set.
    from kimportal.core.crypto import development_key

    FIELD_ENCRYPTION_KEYS = FIELD_ENCRYPTION_KEYS or [development_key(SECRET_KEY, "fields")]
    FIELD_HASH_KEY = FIELD_HASH_KEY or development_key(SECRET_KEY, "field-hash")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",  # widget templates are looked up like any other template
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "crispy_forms",
    "crispy_bootstrap5",
    "rules.apps.AutodiscoverRulesConfig",  # loads each app's rules.py
    "kimportal.core",
    "registry",
    "partnerships",
    "capacity",
    "kimportal.site",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "kimportal.core.http.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "kimportal.core.http.middleware.PageGZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "kimportal.core.http.middleware.PortalLanguageMiddleware",
    "kimportal.core.http.middleware.RejectNulBytesMiddleware",  # a 400, not a database error
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "kimportal.core.http.middleware.PrivateCacheMiddleware",  # no-store for signed-in users
    "django.contrib.messages.middleware.MessageMiddleware",
    "kimportal.core.accounts.sessions.SessionTimeoutMiddleware",  # after auth and messages
    "django_otp.middleware.OTPMiddleware",
    "kimportal.core.accounts.two_factor.TwoFactorMiddleware",  # the code after the password
    "kimportal.core.http.repeat_post.RepeatedPostMiddleware",  # a double submit works once
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last: it answers locked-out logins
]

# Seconds within which a signed-in user's identical POST follows the first one's answer
# (kimportal/core/http/repeat_post.py); 0 turns the guard off.
REPEAT_POST_SECONDS = env.int("REPEAT_POST_SECONDS", default=10)

ROOT_URLCONF = "kimportal.urls"
WSGI_APPLICATION = "kimportal.wsgi.application"

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
                "django.template.context_processors.i18n",
                "kimportal.site.context_processors.navigation",
                "kimportal.core.accounts.sessions.session_warning",
            ],
        },
    }
]

FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
# Redis: the task broker and result store, and (unless CACHE_URL says otherwise) the cache.
REDIS_URL = env.str("REDIS_URL", default="")
# Rate limits (letter verification, exports) and the mail tasks' sent-marks live in this
# cache, so every web and worker process must share it: CACHE_URL, else Redis (REDIS_URL),
# else a table in the database (`migrate` creates it). A per-process memory cache let each
# gunicorn worker count on its own (58 of 90 guesses passed a limit of 30 on 2 workers).
CACHES = {"default": env.cache("CACHE_URL", default=REDIS_URL or "dbcache://kimportal_cache")}
if not DEBUG and CACHES["default"]["BACKEND"].endswith("LocMemCache"):
    raise ImproperlyConfigured(
        "CACHE_URL must name a cache all processes share (Redis or the database), not "
        "locmemcache://: each process would count rate limits on its own."
    )
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Seconds a web or worker process keeps its database connection (0: one per request): a
# connection per request costs PostgreSQL a process fork each time (17 ms under load).
# The health check replaces a connection the server dropped before the request uses it.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "kimportal.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses logins while locked out
    "kimportal.core.accounts.backend.PortalBackend",
]
# Guessing passwords: 5 failures for one username from one address lock it for 15 min.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.25)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# Reverse proxies in front of the portal (0: clients connect directly). Rate limits and
# lockouts then use the client address from X-Forwarded-For instead of the proxy's.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
if TRUSTED_PROXY_COUNT:
    AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXY_COUNT
    AXES_IPWARE_PROXY_ORDER = "right-most"
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # ASVS 2.1.1: at least 12 characters (a passphrase beats forced symbols).
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
FORMAT_MODULE_PATH = ["kimportal.formats"]

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
# Uploads go through Django's storage API only: MEDIA_ROOT (a volume every app server
# shares) by default, or an S3-compatible bucket when AWS_STORAGE_BUCKET_NAME is set
# (`pip install .[s3]`; README "Deploy"). Files are always served through the
# access-checked views, never by the bucket: it stays private.
AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    DEFAULT_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
            "access_key": _secret("AWS_ACCESS_KEY_ID", default="") or None,
            "secret_key": _secret("AWS_SECRET_ACCESS_KEY", default="") or None,
            "location": env.str("AWS_LOCATION", default=""),
            "default_acl": "private",
            "file_overwrite": False,
        },
    }
else:
    DEFAULT_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": DEFAULT_STORAGE,
    # Production: `collectstatic` writes content-hashed copies (WhiteNoise caches them for
    # a year) with gzip and brotli variants. DEBUG (`make run`) serves static/ as it is.
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Files served at the site root, such as /favicon.ico.
WHITENOISE_ROOT = BASE_DIR / "public"
# Uploaded documents hold personal data: they live outside the web root and are
# served only by views that check access (there is deliberately no MEDIA_URL route).
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "uploads")
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_BYTES + 1024 * 1024

# Public letter verification: lookups per client address per minute.
VERIFY_RATE_LIMIT_PER_MINUTE = env.int("VERIFY_RATE_LIMIT_PER_MINUTE", default=30)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_CONFIG = env.email_url(
    "EMAIL_URL", default="consolemail://" if DEBUG else "smtp://localhost:25"
)
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Portal KIM <noreply@localhost>")
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
# Who gets an e-mail with the traceback of every server error (Django's mail_admins
# handler on the "django" logger, active with DEBUG off): "Name <a@b>,Other <c@d>".
# The 500 page says the team was notified only when someone is.
ADMINS = getaddresses(env.list("ADMINS", default=[]))

SESSION_COOKIE_HTTPONLY = True
# Sessions (kimportal/core/accounts/sessions.py): officers and staff are signed out after
# SESSION_IDLE_MINUTES without a request and SESSION_ABSOLUTE_HOURS after signing in
# (ASVS 3.3); KIM managers after SESSION_LONG_IDLE_DAYS idle, SESSION_LONG_ABSOLUTE_DAYS
# at most. Pages warn SESSION_WARNING_SECONDS before, with a button that keeps the session.
SESSION_IDLE_MINUTES = env.int("SESSION_IDLE_MINUTES", default=30)
SESSION_ABSOLUTE_HOURS = env.int("SESSION_ABSOLUTE_HOURS", default=12)
SESSION_LONG_IDLE_DAYS = env.int("SESSION_LONG_IDLE_DAYS", default=14)
SESSION_LONG_ABSOLUTE_DAYS = env.int("SESSION_LONG_ABSOLUTE_DAYS", default=30)
SESSION_WARNING_SECONDS = env.int("SESSION_WARNING_SECONDS", default=120)
SESSION_COOKIE_AGE = SESSION_LONG_IDLE_DAYS * 86400  # the longest; the middleware shortens
# Two-factor sign-in (kimportal/core/accounts/two_factor.py): provincial staff and system
# admins must enrol an authenticator app; on by default in production, off with DEBUG.
REQUIRE_2FA_FOR_STAFF = env.bool("REQUIRE_2FA_FOR_STAFF", default=not DEBUG)
OTP_TOTP_ISSUER = "Portal KIM"
# Issuing numbers, revoking, bulk letters, accounts and full personal-data exports ask
# for the password (or a code) again when it was last given longer ago than this.
REAUTH_MINUTES = env.int("REAUTH_MINUTES", default=10)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)  # set once TLS is certain
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
SECURE_REFERRER_POLICY = "same-origin"
# Not DENY: uploaded PDFs are previewed in an <iframe> of our own review pages (the CSP's
# frame-ancestors 'self' says the same); no other site may frame the portal.
X_FRAME_OPTIONS = "SAMEORIGIN"
SILENCED_SYSTEM_CHECKS = ["security.W019"]  # X_FRAME_OPTIONS is not DENY, as said above
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("BEHIND_TLS_PROXY", default=False) else None
)

# --- Long work: Celery workers on Redis (kimportal/celery.py, README "Production") -------
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=CELERY_BROKER_URL) or None
# No broker (a fresh `make run`): tasks run in the calling process, nothing else to start.
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
if CELERY_TASK_ALWAYS_EAGER:
    CELERY_BROKER_URL = "memory://localhost/"  # never connected to; keeps Celery from guessing one
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_QUEUE", default="kimportal")
# Bulk letters go to a queue of their own, which workers read in turn with the first:
# one officer's letter never waits behind a province-wide run of a thousand.
TASK_BULK_QUEUE = f"{CELERY_TASK_DEFAULT_QUEUE}-bulk"
CELERY_TASK_QUEUES = [
    Queue(name, Exchange(name), routing_key=name)
    for name in (CELERY_TASK_DEFAULT_QUEUE, TASK_BULK_QUEUE)
]
# A task is acknowledged when it has finished: a worker that dies mid-task (killed, out of
# memory, the machine restarts) leaves its message to be delivered again. Tasks are
# idempotent, so running one twice does its work once.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1  # long tasks: a worker holds only what it runs
# Time limits: the soft one raises inside the task (it fails for good, visibly); the hard
# one kills the worker process as a last resort.
CELERY_TASK_SOFT_TIME_LIMIT = env.int("TASK_SOFT_TIME_LIMIT", default=15 * 60)
CELERY_TASK_TIME_LIMIT = CELERY_TASK_SOFT_TIME_LIMIT + 60
# An unacknowledged message goes back to the queue after this long (a dead worker's
# task); longer than any task may run, or a running task would be started twice.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("TASK_VISIBILITY_TIMEOUT", default=CELERY_TASK_TIME_LIMIT + 300)
}
CELERY_RESULT_EXPIRES = 24 * 3600
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_TIMEZONE = "Asia/Jakarta"
# Transient failures (database or network hiccups) are retried after 1x, 2x, 4x ... this
# many seconds (with jitter), up to TASK_MAX_RETRIES times; then the task has failed.
TASK_RETRY_BACKOFF_SECONDS = env.int("TASK_RETRY_BACKOFF_SECONDS", default=5)
TASK_MAX_RETRIES = env.int("TASK_MAX_RETRIES", default=5)
# The schedule (celery beat; each entry is also a management command). Times in WIB.
CELERY_BEAT_SCHEDULE = {
    "expire-terms": {  # manage.py expire_terms
        "task": "registry.expire_terms",
        "schedule": crontab(hour=1, minute=0),
    },
    "remove-old-personal-data": {  # manage.py remove_old_personal_data: retention
        "task": "registry.remove_old_personal_data",
        "schedule": crontab(hour=3, minute=0),
    },
    "directory-files": {  # manage.py directory_files: rebuilt when KIM changed
        "task": "registry.directory_files",
        "schedule": env.int("DIRECTORY_FILES_CHECK_SECONDS", default=300),
    },
    "cleanup-files": {  # manage.py cleanup_files: expired job results, orphan uploads
        "task": "kimportal.cleanup_files",
        "schedule": crontab(hour=2, minute=30),
    },
    "requeue-stalled": {  # manage.py requeue_stalled: work whose message was lost
        "task": "kimportal.requeue_stalled",
        "schedule": 600,
    },
    "event-reminders": {  # manage.py event_reminders: the day before, and when registration closes
        "task": "capacity.event_reminders",
        "schedule": crontab(minute=5),
    },
    "partnerships-daily": {  # manage.py partnership_reminders: expiry, then reminders
        "task": "partnerships.daily",
        "schedule": crontab(hour=6, minute=15),  # WIB: in the inbox before office hours
    },
}
# Retention: names, NIK and phone numbers of a roster replaced this many years ago are
# deleted by the daily job (counts, positions and the audit trail stay).
ROSTER_RETENTION_YEARS = env.int("ROSTER_RETENTION_YEARS", default=5)
# Jobs (kimportal/core/jobs): result files are kept this long, for their owner only.
JOB_RESULT_HOURS = env.int("JOB_RESULT_HOURS", default=24)
# List exports with more rows than this run as a job (progress page, then a download).
EXPORT_SYNC_MAX_ROWS = env.int("EXPORT_SYNC_MAX_ROWS", default=2000)
# Home page figures (counts over a whole jurisdiction) are kept this long at most; a change
# to the rows they count replaces them at once (kimportal/core/figures.py).
FIGURES_SECONDS = env.int("FIGURES_SECONDS", default=600)
# Anonymous exports of a filtered directory: per client address per minute.
EXPORT_RATE_LIMIT_PER_MINUTE = env.int("EXPORT_RATE_LIMIT_PER_MINUTE", default=10)

# Third-party libraries log at WARNING (fontTools alone prints hundreds of INFO lines per
# PDF while subsetting fonts); our own apps at LOG_LEVEL.
LOG_LEVEL = env.str("LOG_LEVEL", default="INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        app: {"level": LOG_LEVEL} for app in ("kimportal", "registry", "partnerships", "capacity")
    },
}
