"""Settings for the Sjuhärad kulturskoleportal.

One module, driven by environment variables (documented in
docs/operators/configuration.md). With no variables set it runs on SQLite and
Celery's filesystem transport, so a bare machine can run the whole portal;
DATABASE_URL, CELERY_BROKER_URL and CACHE_URL switch to PostgreSQL and Redis.
"""

import json
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE as CSP_NONE
from csp.constants import SELF as CSP_SELF
from django.utils.translation import gettext_lazy as _

from core.env import envbool, envint, envlist, envstr, missing

BASE_DIR = Path(__file__).resolve().parent.parent
# Nothing here creates it: development makes its folders when the apps are ready
# (sjuharad.devsetup), production points every path elsewhere.
DATA_DIR = Path(envstr("DATA_DIR", str(BASE_DIR / "var")))

# Production unless told otherwise: an environment file that forgets DJANGO_ENV
# must not start with debug on and a public key. `make run`, runportal and the
# test settings set development explicitly.
DJANGO_ENV = envstr("DJANGO_ENV", "production")
if DJANGO_ENV not in ("development", "production"):
    raise ValueError(f"DJANGO_ENV must be development or production, not {DJANGO_ENV!r}")
PRODUCTION = DJANGO_ENV == "production"

# Production starts only with everything it needs. The embedded defaults below
# (a dev key, 127.0.0.1, SQLite, a local cache and queue) would otherwise go live
# silently. One line names every problem at once, not one per restart.
REQUIRED_IN_PRODUCTION = ["SECRET_KEY", "ALLOWED_HOSTS", "SITE_URL", "DEFAULT_FROM_EMAIL",
                          "DATABASE_URL", "CACHE_URL", "CELERY_BROKER_URL", "EMAIL_HOST"]
if PRODUCTION:
    _problems = []
    if _missing := missing(REQUIRED_IN_PRODUCTION):
        _problems.append("set " + ", ".join(_missing))
    if envbool("CELERY_TASK_ALWAYS_EAGER", False):
        # Eager tasks would send mail inside web requests and lose them on errors.
        _problems.append("unset CELERY_TASK_ALWAYS_EAGER (tasks must go through the broker)")
    if _problems:
        raise SystemExit("Kulturskoleportalen cannot start with DJANGO_ENV=production: "
                         + "; ".join(_problems) + " (see docs/operators/deploy.md).")

# Development without SECRET_KEY: a fixed, openly insecure key (`check --deploy`
# flags it; production refuses to start without SECRET_KEY). `make run` passes a
# random key kept in DATA_DIR instead (sjuharad.devsetup).
SECRET_KEY = envstr("SECRET_KEY") or "django-insecure-development-only-kulturskoleportalen"
# Old keys still accepted for signatures during a key rotation (comma-separated).
SECRET_KEY_FALLBACKS = envlist("SECRET_KEY_FALLBACKS", [])
DEBUG = envbool("DEBUG", not PRODUCTION)
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = envstr("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# The name mails, calendar files and allauth's mails greet with (never a host name).
PORTAL_NAME = "Kulturskoleportalen Sjuhärad"
# How many reverse proxies in front of the portal append to X-Forwarded-For; the
# client address (rate limits) is the entry that many places from the right.
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", 0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
# Take the request id from the proxy's X-Request-ID header (nginx: $request_id)
# instead of making one; only turn on when the proxy always sets it.
TRUST_X_REQUEST_ID = envbool("TRUST_X_REQUEST_ID", False)

INSTALLED_APPS = [
    "django.contrib.admin",
    "sjuharad.app_names.PortalAuthConfig",  # django.contrib.auth, named in Swedish
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.forms",  # Django's form templates for core.forms.PortalFormRenderer
    "django_filters",
    # Not rest_framework nor drf_spectacular: the API needs neither's templates, and as
    # installed apps their Swedish catalogues would replace Django's own form messages
    # ("Detta fält måste fyllas i.") on every page.
    "allauth",
    "sjuharad.app_names.PortalAccountConfig",  # allauth.account
    "sjuharad.app_names.PortalMFAConfig",  # allauth.mfa
    "sjuharad.app_names.PortalSocialAccountConfig",  # allauth.socialaccount
    # The municipalities' OpenID Connect and SAML providers and the e-legitimation broker
    # (accounts/sso.py); each is a SocialApp, added in admin or by SSO_APPS below.
    "allauth.socialaccount.providers.openid_connect",
    "allauth.socialaccount.providers.saml",
    "core",
    "schools",
    "accounts",
    "networks",
    "courses",
    "events",
    "meetings",
    "programme",
    "initiatives",
    "surveys",
    "api",
    "sjuharad",
]

MIDDLEWARE = [
    # First: every response gets a request id and one log line, even an error page.
    "core.logs.RequestLogMiddleware",
    # Before sessions, the host check and the HTTPS redirect: monitoring asks
    # http://127.0.0.1/health/ without cookies.
    "core.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy on every response that has none of its own (core/headers.py).
    "core.headers.PortalCSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before sessions and the locale middleware (they add Vary: Cookie): anonymous public
    # pages may be held by a shared HTTP cache (core/pagecache.py).
    "core.pagecache.PublicCacheHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Permissions-Policy; signed-in responses get Cache-Control: private, no-store.
    "core.headers.BrowserPolicyMiddleware",
    "sjuharad.middleware.SwedishFirstLocaleMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.RequireMFAMiddleware",
    "accounts.middleware.SignOutFormActionMiddleware",
    # Last, so it sees a view's exception before the others' process_exception.
    "core.errors.LockWaitMiddleware",
]

ROOT_URLCONF = "sjuharad.urls"
# Every form starts with the error summary when it has errors (templates/forms/form.html).
FORM_RENDERER = "core.forms.PortalFormRenderer"
WSGI_APPLICATION = "sjuharad.wsgi.application"

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
                "sjuharad.context_processors.portal",
                # After Django's csrf processor: pages rendered for the anonymous page
                # cache get a placeholder token (core/pagecache.py).
                "core.pagecache.csrf_placeholder",
            ],
        },
    },
]

# Database: SQLite in the data dir unless DATABASE_URL says otherwise.
DATABASES = {
    "default": dj_database_url.parse(
        envstr("DATABASE_URL", f"sqlite:///{DATA_DIR / 'portal.sqlite3'}"),
        # Production keeps connections open (health-checked before reuse); a
        # development server opens one per request.
        conn_max_age=envint("DB_CONN_MAX_AGE", 60 if PRODUCTION else 0),
        conn_health_checks=envbool("DB_CONN_HEALTH_CHECKS", PRODUCTION),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several processes (web, worker, beat) share the file: wait for locks
    # instead of failing, and take the write lock at BEGIN so a read-then-write
    # transaction cannot deadlock.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    # A lock wait that lasts longer than this answers the user with a friendly
    # message instead of hanging (see pretix' locking notes).
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"]["options"] = (
        f"-c lock_timeout={envint('DB_LOCK_TIMEOUT_MS', 5000)}"
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: allauth's rate limits need one that all processes share.
CACHE_URL = envstr("CACHE_URL", "")
if CACHE_URL.startswith("redis://") or CACHE_URL.startswith("rediss://"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                          "LOCATION": CACHE_URL}}
elif CACHE_URL in ("", "file://"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                          "LOCATION": str(DATA_DIR / "cache")}}
elif CACHE_URL == "locmem://":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    raise ValueError(f"CACHE_URL must be redis://…, file:// or locmem://, not {CACHE_URL!r}")

# How long (seconds) a shared HTTP cache in front of the portal (nginx, a CDN) may serve
# an anonymous public page: short, so seat counts stay right (core/pagecache.py).
PUBLIC_PAGE_MAX_AGE = envint("PUBLIC_PAGE_MAX_AGE", 30)

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# django-allauth: email login, mandatory verification, no enumeration.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
}
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {"signup": "accounts.forms.PublicSignupForm"}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Kulturskoleportalen] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if PRODUCTION else "http"
# A municipal or e-legitimation sign-in's MFA stage may be answered by the provider
# (accounts/sso.py); the account adapter puts this stage in allauth's place.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = PORTAL_NAME
# Heads and coordinators must have MFA where this is on (always in production).
MFA_REQUIRED_FOR_LEADERS = envbool("MFA_REQUIRED_FOR_LEADERS", PRODUCTION)

# Sign-in with the municipality's account (OpenID Connect / SAML) and e-legitimation
# through a broker (accounts/sso.py, docs/operators/sign-in.md). Roles never come from a
# provider: the adapter links a login only to a person the portal already knows.
SOCIALACCOUNT_ADAPTER = "accounts.adapter.SocialAccountAdapter"
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False  # the adapter decides, on verified domains only
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_LOGIN_ON_GET = False
# Providers configured by environment (a JSON list, same fields as a SocialApp in admin:
# provider, provider_id, name, client_id, secret, settings); admin adds more.
SSO_APPS = json.loads(envstr("SSO_APPS", "[]") or "[]")
SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {
        "OAUTH_PKCE_ENABLED": True,
        "APPS": [app for app in SSO_APPS if app.get("provider", "openid_connect")
                 == "openid_connect"],
    },
    "saml": {"APPS": [app for app in SSO_APPS if app.get("provider") == "saml"]},
}
# The key of the keyed hash (HMAC-SHA256) that recognises a personal identity number
# again without storing it; set it in production and never change it (a new key makes
# every linked e-legitimation unknown). Development falls back on SECRET_KEY.
PERSONAL_NUMBER_HASH_KEY = envstr("PERSONAL_NUMBER_HASH_KEY") or SECRET_KEY

# Internationalisation: Swedish first, English switchable.
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("svenska")), ("en", _("engelska"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(envstr("STATIC_ROOT", str(DATA_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Shared storage for uploads when several machines serve (S3-compatible: AWS,
# MinIO, Ceph…). Files stay private: no public URL is ever handed out; the views
# that check access stream them (core.files).
STORAGE_S3_BUCKET = envstr("STORAGE_S3_BUCKET", "")
if STORAGE_S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": STORAGE_S3_BUCKET,
            "endpoint_url": envstr("STORAGE_S3_ENDPOINT_URL") or None,
            "region_name": envstr("STORAGE_S3_REGION") or None,
            "access_key": envstr("STORAGE_S3_ACCESS_KEY_ID") or None,
            "secret_key": envstr("STORAGE_S3_SECRET_ACCESS_KEY") or None,
            "location": envstr("STORAGE_S3_PREFIX", ""),
            "addressing_style": envstr("STORAGE_S3_ADDRESSING_STYLE") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
            # A download larger than this goes through a temporary file, not memory.
            "max_memory_size": 2 * 1024 * 1024,
        },
    }
# Uploaded files are private: views that check access deliver them. No URL
# route serves MEDIA_URL (it is set only because Django's tooling expects one).
MEDIA_ROOT = Path(envstr("MEDIA_ROOT", str(DATA_DIR / "media")))
MEDIA_URL = "/private-media-not-served/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Email
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL",
                            "Kulturskoleportalen <noreply@kulturskola.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_HOST = envstr("EMAIL_HOST", "")
EMAIL_HOST_USER = envstr("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = envstr("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)  # STARTTLS (port 587)
EMAIL_USE_SSL = envbool("EMAIL_USE_SSL", False)  # implicit TLS (port 465)
# The port follows the encryption unless set: 465 implicit, 587 STARTTLS, else 25.
EMAIL_PORT = envint("EMAIL_PORT", 465 if EMAIL_USE_SSL else 587 if EMAIL_USE_TLS else 25)
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", 20)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise SystemExit("Kulturskoleportalen cannot start: set EMAIL_USE_TLS (STARTTLS) or "
                     "EMAIL_USE_SSL (implicit TLS), not both (see docs/operators/deploy.md).")
if (EMAIL_HOST_USER or EMAIL_HOST_PASSWORD) and not (EMAIL_USE_TLS or EMAIL_USE_SSL):
    # A password sent in clear over the network is a password given away: in every
    # environment, credentials go only over an encrypted connection.
    raise SystemExit("Kulturskoleportalen cannot start: EMAIL_HOST_USER/EMAIL_HOST_PASSWORD "
                     "are set but the SMTP connection is not encrypted; set EMAIL_USE_TLS=true "
                     "(STARTTLS, port 587) or EMAIL_USE_SSL=true (implicit TLS, port 465) "
                     "(see docs/operators/deploy.md).")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
else:
    # Development: mail is written to files you can read (production requires EMAIL_HOST).
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(DATA_DIR / "sent-mail")

# Celery: filesystem transport by default, Redis in production.
CELERY_BROKER_URL = envstr("CELERY_BROKER_URL", "filesystem://")
if CELERY_BROKER_URL == "filesystem://":
    # sjuharad.devsetup makes these folders when the apps are ready.
    _queue_dir = Path(envstr("CELERY_FILESYSTEM_DIR", str(DATA_DIR / "celery-queue")))
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue_dir),
        "data_folder_out": str(_queue_dir),
        "processed_folder": str(_queue_dir / "processed"),
        "control_folder": str(_queue_dir / "control"),
        "store_processed": False,
    }
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Refused in production above; tests switch it on in sjuharad/test_settings.py.
CELERY_TASK_ALWAYS_EAGER = envbool("CELERY_TASK_ALWAYS_EAGER", False)
# The portal's logging (JSON lines with request and task ids) also in workers.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BEAT_SCHEDULE_FILENAME = str(DATA_DIR / "celerybeat-schedule")
# Beat's tasks have a queue of their own, so they never wait behind a backlog of
# sends (every worker consumes both: `-Q celery,sweeps`). A sweep still waiting
# after 55 s is dropped: the next one, a minute later, does its work.
SWEEP_QUEUE = envstr("CELERY_SWEEP_QUEUE", "sweeps")
CELERY_TASK_ROUTES = {
    "events.tasks.sweep_reminders": {"queue": SWEEP_QUEUE},
    "core.tasks.sweep_mail_outbox": {"queue": SWEEP_QUEUE},
    "sjuharad.tasks.apply_retention": {"queue": SWEEP_QUEUE},
}
CELERY_BEAT_SCHEDULE = {
    # Writes the "reminder-sweep" heartbeat that /health/ watches.
    "reminder-sweep": {"task": "events.tasks.sweep_reminders", "schedule": 60.0,
                       "options": {"expires": 55}},
    "retention": {"task": "sjuharad.tasks.apply_retention", "schedule": crontab(hour=3, minute=17)},
    # Offers past their reply date go to the next on the waiting list.
    "offer-sweep": {"task": "courses.tasks.expire_offers", "schedule": 600.0},
    # Publishes send tasks for due mail: retries, reminders, what a lost queue held
    # (core/mail_outbox.py).
    "mail-sweep": {"task": "core.tasks.sweep_mail_outbox", "schedule": 60.0,
                   "options": {"expires": 55}},
}
CELERY_TIMEZONE = TIME_ZONE

# The mail outbox (core/mail_outbox.py): first retry delay (doubling, at most half an
# hour), how long a worker's lease on a chunk of untried mails lasts (a killed worker's
# untried mails go out once it ends), and how many days sent mails are kept.
MAIL_RETRY_BASE_SECONDS = envint("MAIL_RETRY_BASE_SECONDS", 30)
MAIL_CLAIM_SECONDS = envint("MAIL_CLAIM_SECONDS", 60)
MAIL_KEEP_DAYS = envint("MAIL_KEEP_DAYS", 30)

# Personal data retention: pupils' application data is anonymised this many
# days after the course's term has ended.
RETENTION_DAYS_AFTER_TERM = envint("RETENTION_DAYS_AFTER_TERM", 365)

# Days a family has to answer an offered course place (a head may set another date).
COURSES_OFFER_REPLY_DAYS = envint("COURSES_OFFER_REPLY_DAYS", 14)

# Security
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp 4, core/headers.py): only the portal's own static
# scripts and styles, no inline script or style (no 'unsafe-inline', no nonces needed),
# no plugins, no framing, forms post only to the portal.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [CSP_SELF],
        "script-src": [CSP_SELF],
        "style-src": [CSP_SELF],
        "img-src": [CSP_SELF, "data:"],
        "font-src": [CSP_SELF],
        "connect-src": [CSP_SELF],
        "object-src": [CSP_NONE],
        "base-uri": [CSP_SELF],
        "form-action": [CSP_SELF],
        "frame-ancestors": [CSP_NONE],
    },
}
# The browser features the portal never uses are switched off for it and anything it embeds.
PERMISSIONS_POLICY = ", ".join(f"{feature}=()" for feature in [
    "accelerometer", "autoplay", "camera", "display-capture", "geolocation", "gyroscope",
    "magnetometer", "microphone", "midi", "payment", "publickey-credentials-get",
    "screen-wake-lock", "serial", "usb", "xr-spatial-tracking"])
# The language switch's cookie: not readable by scripts, sent only over HTTPS in production.
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", False)
    if not SECURE_HSTS_PRELOAD:
        SILENCED_SYSTEM_CHECKS = ["security.W021"]

# Logs: one line per request and per task, with the request id / task id on every
# line; JSON in production (one object per line), plain text in development.
# No personal data: paths with tokens are redacted, no query strings, user ids only.
LOG_FORMAT = envstr("LOG_FORMAT", "json" if PRODUCTION else "plain")
if LOG_FORMAT not in ("json", "plain"):
    raise ValueError(f"LOG_FORMAT must be json or plain, not {LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"context": {"()": "core.logs.ContextFilter"}},
    "formatters": {
        "json": {"()": "core.logs.JSONFormatter"},
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(context)s] %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["context"],
                             "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # Replaced by the portal's own line per request / per task (core.logs).
        "django.server": {"level": "WARNING"},
        "celery.app.trace": {"level": "WARNING"},
        "celery.worker.strategy": {"level": "WARNING"},
    },
}

# Errors from web and worker go to Sentry when SENTRY_DSN is set; without it the
# SDK is not even imported.
SENTRY_DSN = envstr("SENTRY_DSN", "")
if SENTRY_DSN:
    from core.sentry import init_sentry

    init_sentry(SENTRY_DSN, environment=envstr("SENTRY_ENVIRONMENT", DJANGO_ENV),
                traces_sample_rate=float(envstr("SENTRY_TRACES_SAMPLE_RATE", "0") or 0))

# /health/ (and `manage.py health`): the heartbeats that must be fresh, with the
# seconds after which each counts as stale. Beat runs the reminder sweep every minute.
HEALTH_HEARTBEATS = {"reminder-sweep": envint("HEALTH_REMINDER_SWEEP_MAX_AGE", 300)}

# Public forms that mail or write rows: how often per client address and per
# target address (core.forms.ProtectedFormMixin), counted in the shared cache.
PUBLIC_FORM_RATE_LIMITS = {
    "accessibility_report": {"client": "10/h", "target": "5/h"},
    # A whole class may sign up from one school network; one address rarely twice.
    "signup": {"client": "40/h", "target": "3/h"},
    # The region's survey: a class may answer together from one school network.
    "survey": {"client": "60/h"},
}
ACCOUNT_SIGNUP_FORM_HONEYPOT_FIELD = "website"

# --- the public API (api/) ---
# Read-only and anonymous: no authentication, so no session and no CSRF cookie on its
# answers; JSON only; the schema comes from drf-spectacular.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Kulturskoleportalen Sjuhärad – öppet API",
    "DESCRIPTION": "Read-only public data: schools, subjects, municipalities, published "
                   "courses, public events and festival programmes. No personal data.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
}
# Requests per client address to the API and the public calendar feeds (core.ratelimit).
API_RATE_LIMIT = envstr("API_RATE_LIMIT", "600/m")

# --- events ---
# Participant information (emergency phone, allergies, adaptations, photo consent) is erased
# this many days after the event ends, by the nightly retention task.
EVENTS_PARTICIPANT_INFO_RETENTION_DAYS = envint("EVENTS_PARTICIPANT_INFO_RETENTION_DAYS", 30)
# The queue of the sends (workers consume it and SWEEP_QUEUE).
CELERY_TASK_DEFAULT_QUEUE = envstr("CELERY_TASK_DEFAULT_QUEUE", "celery")
