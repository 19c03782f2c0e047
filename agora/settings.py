"""Agora settings: one file, every value from the environment.

AGORA_ENV=production switches on production-safe defaults (HTTPS cookies, HSTS, a required
SECRET_KEY); everything else works out of the box on SQLite for a demo.
"""

import hashlib
import hmac
import os
import secrets
import time
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


AGORA_ENV = env("AGORA_ENV", "development")
PRODUCTION = AGORA_ENV == "production"
PORT = env("PORT", "8000")
AGORA_BASE_URL = env("AGORA_BASE_URL", f"http://127.0.0.1:{PORT}").rstrip("/")
_base = urlsplit(AGORA_BASE_URL)

DATA_DIR = Path(env("AGORA_DATA_DIR", str(BASE_DIR / "var")))


def installation_secret(name: str) -> str:
    """A random secret drawn once per installation and kept in DATA_DIR/secrets/ (never in
    the repository), so no key outside production can be read off the published source.
    Simultaneous first starts agree: the file is created exclusively, the losers read it."""
    path = DATA_DIR / "secrets" / name
    for _attempt in range(50):
        try:
            value = path.read_text().strip()
        except FileNotFoundError:
            path.parent.mkdir(parents=True, exist_ok=True)
            try:
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                continue
            value = secrets.token_urlsafe(48)
            with os.fdopen(fd, "w") as out:
                out.write(value)
            return value
        if len(value) >= 32:
            return value
        time.sleep(0.01)  # another process is writing it right now
    raise RuntimeError(f"{path} holds no usable secret; delete it to draw a new one.")


if PRODUCTION:
    SECRET_KEY = os.environ["SECRET_KEY"]
else:
    SECRET_KEY = env("SECRET_KEY") or installation_secret("secret_key")

DEBUG = env_bool("AGORA_DEBUG", False)
ALLOWED_HOSTS = [_base.hostname or "127.0.0.1", *filter(None, env("ALLOWED_HOSTS").split(","))]
if not PRODUCTION:
    ALLOWED_HOSTS += ["127.0.0.1", "localhost", "testserver"]
CSRF_TRUSTED_ORIGINS = [f"{_base.scheme}://{_base.netloc}"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_tasks_db",
    "django_htmx",
    "ninja",  # serves the API docs' Swagger UI from our own static files, not a CDN
    "agora.core",
    "agora.accounts",
    "agora.shops",
    "agora.catalog",
    "agora.media",
    "agora.social",
    "agora.moderation",
    "agora.analytics",
    "agora.commerce",
    "agora.engagement",
    "agora.discovery",
    "agora.insights",
    "agora.community",
    "agora.reach",
    "agora.storefront",
    "agora.dashboard",
    "agora.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "agora.core.middleware.RequestGuard",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "agora.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "agora.urls"
WSGI_APPLICATION = "agora.wsgi.application"

TEMPLATES = [
    {
        # Django's, with each render's context let go of at its end (a cycle otherwise).
        "BACKEND": "agora.core.templates_backend.DjangoTemplates",
        "NAME": "django",  # the alias Django's own backend has (`engines["django"]`)
        "DIRS": [BASE_DIR / "agora" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "agora.core.context_processors.site",
            ],
            "builtins": ["agora.core.templatetags.agora"],
        },
    }
]

# --- Database -----------------------------------------------------------------------------
_default_sqlite = f"sqlite:///{DATA_DIR / 'agora.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(env("DATABASE_URL", _default_sqlite), conn_max_age=60)
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Django's backend with the placeholder conversion kept per query text (agora.core.db).
    DATABASES["default"]["ENGINE"] = "agora.core.db.sqlite3"
    # A fresh checkout has no var/ yet; SQLite needs the folder to exist.
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # Connections persist between requests (CONN_MAX_AGE above) as on PostgreSQL: opening the
    # file, mapping its WAL index and running the PRAGMAs cost several milliseconds a request.
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers run beside the one writer; IMMEDIATE takes the write lock at BEGIN
        # so two writers queue on the busy timeout instead of failing with "database is locked".
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, rate limits, tasks -------------------------------------------------------------
REDIS_URL = env("REDIS_URL")
CACHES: dict[str, dict[str, object]]
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        },
        "ratelimit": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "rl",
        },
    }
else:
    CACHES = {
        # Shared by every worker process on this machine, bounded (see agora/core/cache.py).
        "default": {
            "BACKEND": "agora.core.cache.SharedSQLiteCache",
            "LOCATION": str(DATA_DIR / "cache"),
            "OPTIONS": {"MAX_ENTRIES": int(env("AGORA_CACHE_MAX_ENTRIES", "10000"))},
        },
        # Rate-limit counters must be shared by every process: the database when no Redis.
        "ratelimit": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "agora_ratelimit_cache",
        },
    }
RATELIMIT_USE_CACHE = "ratelimit"
RATELIMIT_ENABLE = env("AGORA_RATE_LIMITS", "on").lower() not in {"off", "0", "false", "no"}
RATELIMIT_VIEW = "agora.core.views.ratelimited"

TASKS = {
    "default": {
        "BACKEND": env("AGORA_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# --- Auth ----------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
# The model backend with the session's person read by prepared SQL; Django's own stays listed
# for sessions signed in through it before.
AUTHENTICATION_BACKENDS = [
    "agora.accounts.backends.UserBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "social_web:feed"
LOGOUT_REDIRECT_URL = "home"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Languages -----------------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French")), ("de", _("German"))]
LOCALE_PATHS = [BASE_DIR / "agora" / "locale"]
LANGUAGE_COOKIE_NAME = "agora_language"
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"

# --- Static and media ----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(DATA_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
AGORA_MAX_IMAGE_BYTES = int(env("AGORA_MAX_IMAGE_BYTES", str(15 * 1024 * 1024)))
AGORA_MAX_VIDEO_BYTES = int(env("AGORA_MAX_VIDEO_BYTES", str(100 * 1024 * 1024)))
AGORA_MAX_IMAGE_PIXELS = int(env("AGORA_MAX_IMAGE_PIXELS", str(40_000_000)))
AGORA_THUMBNAIL_WIDTHS = (320, 640, 1280)

# --- E-mail --------------------------------------------------------------------------------
_mail_default = "smtp" if PRODUCTION else "console"
MAILERS = {
    "default": {
        "BACKEND": env("EMAIL_BACKEND", f"django.core.mail.backends.{_mail_default}.EmailBackend"),
    }
}
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Agora <noreply@agora.invalid>")

# --- Security ------------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "media-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
}
SESSION_ENGINE = "agora.core.sessions"  # database sessions, read with prepared SQL
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_REFERRER_POLICY = "same-origin"

AGORA_ALLOW_TEST_PAYMENTS = env_bool("AGORA_ALLOW_TEST_PAYMENTS", not PRODUCTION)
AGORA_ALLOW_DEMO_SEED = env_bool("AGORA_ALLOW_DEMO_SEED", not PRODUCTION)
AGORA_PAYMENT_WINDOW_MINUTES = int(env("AGORA_PAYMENT_WINDOW_MINUTES", "30"))
AGORA_HOLD_MINUTES = int(env("AGORA_HOLD_MINUTES", "15"))
# Trending (discovery): the half-life of engagement, and how many distinct accounts must have
# engaged with a product, post or hashtag before it trends.
AGORA_TRENDING_HALF_LIFE_HOURS = float(env("AGORA_TRENDING_HALF_LIFE_HOURS", "24"))
AGORA_TRENDING_MIN_ACCOUNTS = int(env("AGORA_TRENDING_MIN_ACCOUNTS", "3"))
# Signs the built-in test provider's webhook events (HMAC-SHA256). Outside production it is
# drawn at random once per installation; in production it derives from the secret SECRET_KEY.
AGORA_TEST_PROVIDER_SECRET = env("AGORA_TEST_PROVIDER_SECRET") or (
    hmac.new(SECRET_KEY.encode(), b"agora-test-provider", hashlib.sha256).hexdigest()
    if PRODUCTION
    else installation_secret("test_provider_secret")
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
    "loggers": {
        "django": {"level": env("LOG_LEVEL", "WARNING")},
        "django.tasks": {"level": env("LOG_LEVEL", "WARNING")},
    },
}

# Rate limits (django-ratelimit syntax), counted per IP and per account.
AGORA_RATES = {
    "register_ip": env("AGORA_RATE_REGISTER_IP", "20/h"),
    "login_ip": env("AGORA_RATE_LOGIN_IP", "30/m"),
    "login_account": env("AGORA_RATE_LOGIN_ACCOUNT", "10/m"),
    "post": env("AGORA_RATE_POST", "30/h"),
    "comment": env("AGORA_RATE_COMMENT", "120/h"),
    "like": env("AGORA_RATE_LIKE", "600/h"),
    "vote": env("AGORA_RATE_VOTE", "600/h"),
    "follow": env("AGORA_RATE_FOLLOW", "200/h"),
    "share": env("AGORA_RATE_SHARE", "200/h"),
    "report": env("AGORA_RATE_REPORT", "30/h"),
}
