"""Wa'i settings: one module, driven by environment variables (documented in README.md).

Development defaults are safe: DEBUG is off unless DJANGO_DEBUG is set, and with DEBUG off the
site refuses to start without a real DJANGO_SECRET_KEY.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG")
# DJANGO_HTTPS (default: on unless DEBUG) turns on the HTTPS-only protections together.
HTTPS = env_bool("DJANGO_HTTPS", default=not DEBUG)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off (see README.md).")
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "allauth",
    "allauth.account",
    "literacy.core",
    "literacy.accounts",
    "literacy.curricula",
    "literacy.progress",
    "literacy.classrooms",
    "literacy.campaigns",
    "quizzes",
    "post_office",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "literacy.core.middleware.PermissionsPolicyMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "literacy.core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "literacy.core.middleware.PrivatePagesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "literacy.accounts.middleware.SessionTimeoutMiddleware",
    "literacy.core.audit.RefusedRequestsMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
]

# HTML compressed by Django itself when no reverse proxy compresses it (make serve turns it on).
if env_bool("WAI_GZIP_HTML", default=False):
    MIDDLEWARE.insert(1, "literacy.core.middleware.HtmlGzipMiddleware")

ROOT_URLCONF = "literacy.urls"
WSGI_APPLICATION = "literacy.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "literacy.core.context_processors.site",
                "literacy.progress.context_processors.pending_guest_work",
            ],
        },
    },
]

# --- Database: SQLite file by default, PostgreSQL (or any) via DATABASE_URL ---
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, rate limits, Celery: Redis via REDIS_URL, otherwise local memory and eager Celery ---
REDIS_URL = os.environ.get("REDIS_URL", "")
REDIS_TIMEOUT = float(os.environ.get("REDIS_TIMEOUT", "0.5"))
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's Redis backend, with a client that degrades to "cache miss" when Redis is
            # unreachable (pages render, log-in works; rate limits fail open while it is down).
            "BACKEND": "literacy.core.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "wai",
            "OPTIONS": {
                "socket_connect_timeout": REDIS_TIMEOUT,
                "socket_timeout": REDIS_TIMEOUT,
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = REDIS_URL or "memory://"
# No task's result is ever read: no result backend, so publishing never touches a result store.
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
# Every task is idempotent: acknowledge after it ran, and give it back to the queue when the worker
# running it dies; Redis hands an unacknowledged task to another worker after the visibility timeout.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "Asia/Baghdad"
# A dead broker must not hang a request: every Redis client answers or fails within about 1 s, and
# the work itself is already in PostgreSQL (outbox rows), so a failed publish loses nothing.
CELERY_BROKER_CONNECTION_TIMEOUT = REDIS_TIMEOUT
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A task taken by a worker that died is handed out again after the visibility timeout (10 min by
# default, far above CELERY_TASK_TIME_LIMIT); workers sweep for such tasks every ~third of it.
TASK_VISIBILITY_TIMEOUT = int(os.environ.get("WAI_TASK_VISIBILITY_TIMEOUT", "600"))
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": REDIS_TIMEOUT,
    "socket_timeout": REDIS_TIMEOUT,
    "max_retries": 0,
    "visibility_timeout": TASK_VISIBILITY_TIMEOUT,
    "unacked_restore_interval": max(1, min(60, TASK_VISIBILITY_TIMEOUT // 3)),
    "unacked_restore_throttle": 1,
}
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = REDIS_TIMEOUT
CELERY_REDIS_SOCKET_TIMEOUT = REDIS_TIMEOUT
CELERY_TASK_PUBLISH_RETRY = False
# Tasks run for seconds; a hard limit well below the visibility timeout keeps redelivery honest.
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240

# --- Sessions: in the database, so a Redis outage never logs anyone out; each row knows its
# account, so log-out, password change and deactivation end every session of it (accounts.sessions).
SESSION_ENGINE = "literacy.accounts.sessions"

# --- Accounts (django-allauth) ---
AUTH_USER_MODEL = "accounts.User"
# allauth's backend alone (it is a ModelBackend: admin log-in works). With ModelBackend listed as
# well, a failed log-in ran two password hashes, a successful one only one.
AUTHENTICATION_BACKENDS = ["allauth.account.auth_backends.AuthenticationBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "core:home"
ACCOUNT_ADAPTER = "literacy.accounts.adapter.AccountAdapter"
ACCOUNT_SIGNUP_FORM_CLASS = "literacy.accounts.forms.SignupForm"
ACCOUNT_FORMS = {
    "signup": "literacy.accounts.signup.EnumerationSafeSignupForm",
    "login": "literacy.accounts.login.UsernameOrEmailLoginForm",  # labelled for both, autocomplete=username
}
ACCOUNT_USER_DISPLAY = "literacy.accounts.models.user_display"  # display name, bidi-isolated
ACCOUNT_LOGIN_METHODS = {"username", "email"}
# E-mail is optional at sign-up (pupils have none); teachers must give one (SignupForm) and
# must verify it before logging in (adapter's login stage).
ACCOUNT_SIGNUP_FIELDS = ["username*", "email", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "optional"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
# Limits keyed on the account, with per-IP ceilings sized for a whole school behind one router
# (several classes of 40 logging in at the start of a lesson). Counted in the cache: Redis, or a
# per-process memory while Redis is down, so throttling never fails open.
ACCOUNT_RATE_LIMITS = {
    "login": "200/m/ip",
    "login_failed": "5/300s/key,100/m/ip",  # a wrong password five times locks that account 5 min
    "signup": "60/m/ip,300/h/ip",
    "reset_password": "30/m/ip,3/300s/key",
    "reset_password_from_key": "60/m/ip",
}
# Behind N trusted reverse proxies (DJANGO_BEHIND_PROXY), the client's address is the N-th from the
# right of X-Forwarded-For: without this every visitor would share the proxy's address and limit.
ALLAUTH_TRUSTED_PROXY_COUNT = (
    int(os.environ.get("DJANGO_TRUSTED_PROXY_COUNT", "1")) if env_bool("DJANGO_BEHIND_PROXY") else 0
)
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if HTTPS else "http"
ACCOUNT_PREVENT_ENUMERATION = True
# Confirming who you are takes the password, never a code e-mailed to you (allauth's code form has
# an untranslatable label, and a pupil has no e-mail to receive it).
ACCOUNT_REAUTHENTICATION_METHODS = ["password"]

# --- E-mail (Django 6.1 MAILERS); sent by a Celery task, see literacy.core.tasks ---
# The sender's name in Arabic, like the e-mails (RFC 2047-encoded in the header by Django).
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "وعي <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if os.environ.get("EMAIL_FILE_PATH"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": os.environ["EMAIL_FILE_PATH"]},
        }
    }
elif os.environ.get("EMAIL_HOST") or not DEBUG:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ.get("EMAIL_HOST", "localhost"),
                "port": int(os.environ.get("EMAIL_PORT", "587")),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", default=True),
                "timeout": 10,
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}

# --- Internationalisation: Arabic first ---
LANGUAGE_CODE = "ar"
# Central Kurdish (ckb) returns to this list when its catalogue is fully translated: offering it
# half-translated showed Arabic pages sprinkled with Django's own Kurdish strings.
LANGUAGES = [
    ("ar", _("Arabic")),
    ("en", _("English")),
]
LANGUAGES_BIDI = ["ar", "ckb", "fa", "he", "ur"]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
FORMAT_MODULE_PATH = ["literacy.formats"]  # Arabic numbers with "." as the decimal point
USE_TZ = True
TIME_ZONE = "Asia/Baghdad"

# --- Static files: whitenoise, compressed and hashed in production ---
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or env_bool("WAI_PLAIN_STATIC")
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Without collectstatic (development, tests) whitenoise serves straight from the finders.
WHITENOISE_USE_FINDERS = DEBUG or env_bool("WAI_PLAIN_STATIC")
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"

# --- Security ---
# The shipped default is public (it is in the source): `check --deploy` fails while it is in use.
WAI_ADMIN_URL_DEFAULT = "manage-wai-7c1e/"
ADMIN_URL = os.environ.get("DJANGO_ADMIN_URL", WAI_ADMIN_URL_DEFAULT).strip("/") + "/"
# Behind a TLS-terminating proxy that sets X-Forwarded-Proto (and strips it from clients).
if env_bool("DJANGO_BEHIND_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_SECURE = HTTPS
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True  # no script reads it: forms carry the token
LANGUAGE_COOKIE_HTTPONLY = True  # read by the server only (core.middleware.ChosenLanguageMiddleware)
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SAMESITE = "Lax"
# Over HTTPS the cookies carry the __Host- prefix: the browser then accepts them only over HTTPS,
# for this host alone and the whole path (no subdomain can set or shadow them).
if HTTPS:
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    LANGUAGE_COOKIE_NAME = "__Host-django_language"
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000")) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
# Preloading into browsers is hard to undo: an operator opts in with DJANGO_HSTS_PRELOAD (Django's
# deploy check would otherwise nag about it, so that one warning is silenced while it is off).
SECURE_HSTS_PRELOAD = HTTPS and env_bool("DJANGO_HSTS_PRELOAD")
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "literacy.core.views.csrf_failure"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
# Permissions-Policy (core.middleware.PermissionsPolicyMiddleware): no page needs a device or a
# powerful feature, so every one is off for the site and anything it could embed.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}

# django-ratelimit (guest quiz starts, the delete-account form): an Arabic 429 page.
RATELIMIT_VIEW = "literacy.core.views.too_many_requests"
RATELIMIT_IP_META_KEY = "literacy.core.views.client_ip"  # the same address allauth limits on
# Quiz starts by visitors without an account: new visitors per address (a class or an event behind
# one address starts together), and each guest session on its own.
QUIZZES_GUEST_START_RATES = ["120/m", "1000/h"]
QUIZZES_GUEST_SESSION_START_RATES = ["30/m", "300/h"]

# One handler for everything (Django's own loggers included), behind a filter that masks e-mail
# addresses, passwords, session keys and tokens in every message and traceback (core.logging).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact": {"()": "literacy.core.logging.RedactPersonalData"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["redact"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {"django": {"handlers": [], "level": "INFO", "propagate": True}},
}

# --- The site's own settings ---
# Sessions end after this long without a request, by account (literacy.accounts.middleware), and
# after WAI_SESSION_MAX_SECONDS whatever the activity.
WAI_SESSION_IDLE_SECONDS = {
    "no_email": int(os.environ.get("WAI_SESSION_IDLE_NO_EMAIL", str(2 * 3600))),  # school accounts
    "acts_for_others": int(os.environ.get("WAI_SESSION_IDLE_STAFF", str(12 * 3600))),
    "learner": int(os.environ.get("WAI_SESSION_IDLE_LEARNER", str(14 * 86400))),
}
WAI_SESSION_MAX_SECONDS = int(os.environ.get("WAI_SESSION_MAX_SECONDS", str(30 * 86400)))
WAI_SITE_NAME = _("Wa'i")
# The public address printed on certificates (verification link and QR code), e.g.
# https://wai.example.org. Empty: the address of the request, or in background tasks (the PDF)
# the first of ALLOWED_HOSTS (literacy.core.site).
WAI_SITE_URL = os.environ.get("WAI_SITE_URL", "").strip().rstrip("/")
# Booster quizzes fall due this many days after a curriculum is finished.
WAI_BOOSTER_DAYS = [int(d) for d in env_list("WAI_BOOSTER_DAYS", "7,14,28")]
# Mastery of a technique: share of the learner's last N graded answers on it that were right.
WAI_MASTERY_WINDOW = int(os.environ.get("WAI_MASTERY_WINDOW", "5"))
WAI_MASTERY_MIN_ANSWERS = 3
# Teachers create classes once their e-mail is verified; with this on, also once an admin approved
# them (a "teacher approval" row in the admin).
WAI_TEACHER_APPROVAL = env_bool("WAI_TEACHER_APPROVAL")
# Classes with more pupils than this get their CSV exports from a Celery task (a download page).
WAI_EXPORT_INLINE_MAX_PUPILS = int(os.environ.get("WAI_EXPORT_INLINE_MAX_PUPILS", "60"))

# Campaign landing pages batch their visit counts per web process and send them to Redis this
# often (seconds; 0: every visit at once).
WAI_CAMPAIGN_FLUSH_SECONDS = float(os.environ.get("WAI_CAMPAIGN_FLUSH_SECONDS", "1"))

# Durable side effects: the work is a row in PostgreSQL first (an e-mail in post_office's queue, a
# certificate without its PDF); these beat tasks deliver whatever a lost publish left pending.
WAI_OUTBOX_INTERVAL = float(os.environ.get("WAI_OUTBOX_INTERVAL", "60"))  # seconds
CELERY_BEAT_SCHEDULER = "literacy.core.beat:FileScheduler"  # not shelve's dbm.sqlite3 (core/beat.py)
CELERY_BEAT_SCHEDULE = {
    "booster-reminders": {"task": "literacy.progress.tasks.booster_reminders_task", "schedule": 3600.0},
    "mail-deliver": {"task": "literacy.core.tasks.mail_deliver_task", "schedule": WAI_OUTBOX_INTERVAL},
    "certificate-pdfs-pending": {
        "task": "literacy.progress.tasks.certificate_pdfs_pending_task",
        "schedule": WAI_OUTBOX_INTERVAL,
    },
    "class-exports-pending": {
        "task": "literacy.classrooms.tasks.class_exports_pending_task",
        "schedule": WAI_OUTBOX_INTERVAL,
    },
    "mail-cleanup": {"task": "literacy.core.tasks.mail_cleanup_task", "schedule": 86400.0},
    "sessions-clear": {"task": "literacy.accounts.tasks.sessions_clear_task", "schedule": 86400.0},
    # Campaign visits are counted in Redis; this folds them into the daily rows (idempotent).
    "campaign-counts-fold": {"task": "literacy.campaigns.tasks.campaign_counts_fold_task", "schedule": 60.0},
}
# E-mail outbox (django-post-office): every message is a row, delivered by mail_deliver_task
# through MAILERS["default"], retried on failure.
POST_OFFICE = {
    "DEFAULT_MAILER": "default",
    "CELERY_ENABLED": False,  # we hand delivery to Celery ourselves, with a publish that cannot hang
    "MAX_RETRIES": 5,
    "RETRY_INTERVAL": timedelta(minutes=5),
    "DEFAULT_PRIORITY": "medium",
    "MESSAGE_ID_ENABLED": True,
}
