"""Settings for the heritage damage tracker.

Everything that differs between machines comes from environment variables. The defaults are
the safe production ones: DEBUG is off, cookies are secure, HTTPS is enforced. `make run`
turns on DEBUG for local use.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be 0 or 1, not {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, not {value!r}") from None


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = env("DJANGO_SECRET_KEY")
# Without a key, production refuses to serve (heritage/wsgi.py and the system check in
# heritage/checks.py), but offline commands that sign nothing, such as a nightly
# `import_articles`, still run.
SECRET_KEY_MISSING = not SECRET_KEY
if SECRET_KEY_MISSING:
    SECRET_KEY = "django-insecure-local-development-only-never-use-in-production"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "corsheaders",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "axes",
    "csp",
    "heritage",
    "sources",
]

MIDDLEWARE = [
    # First: the data version below is read where public reads go (a replica, if any).
    "heritage.routers.PublicReadsMiddleware",
    # Replays a kept API answer, as sent, before anything else runs (response_cache.py).
    "heritage.api.response_cache.SentAnswerMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes requires: it turns lockouts into a response.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # First: refuses logins from a locked-out user or address before checking passwords.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "heritage.urls"
WSGI_APPLICATION = "heritage.wsgi.application"

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
            ],
        },
    },
]

# SQLite by default; DATABASE_URL=postgres://user:pass@host:port/name switches to PostgreSQL
# (psycopg 3).
VAR_DIR = Path(env("DJANGO_VAR_DIR", str(BASE_DIR / "var")))
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite cannot create the folder its file lives in (a fresh clone has no var/).
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # Concurrent readers while the importer writes; wait for the lock instead of failing.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

# Read replicas (PostgreSQL streaming replicas): public GET requests read from them; the
# admin, the importer and every write use the primary. See heritage/routers.py.
DATABASE_REPLICAS = []
for index, url in enumerate(env_list("DATABASE_REPLICA_URLS", "")):
    alias = f"replica{index + 1}"
    DATABASES[alias] = dj_database_url.parse(
        url, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60), conn_health_checks=True
    )
    # Tests see the replica as the primary itself, as a real replica would be.
    DATABASES[alias]["TEST"] = {"MIRROR": "default"}
    DATABASE_REPLICAS.append(alias)
DATABASE_ROUTERS = ["heritage.routers.ReplicaRouter"]
# The API's data-version query is a prepared statement of each PostgreSQL session
# (heritage/api/caching.py); turn off behind a pooler that shares sessions between clients.
DATABASE_PREPARED_VERSION = env_bool("DATABASE_PREPARED_VERSION", True)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A shared cache for several app servers: CACHE_URL=redis://host:6379/0. Without it each
# process keeps its own small in-memory cache.
CACHE_URL = env("CACHE_URL")
if CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {
        "default": {
            # Django's RedisCache, reusing its Redis client (heritage/cache.py).
            "BACKEND": "heritage.cache.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "heritage",
        }
    }
elif CACHE_URL in ("", "locmem://"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
elif CACHE_URL == "dummy://":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
else:
    raise ImproperlyConfigured(
        f"CACHE_URL must be redis://…, rediss://…, locmem:// or dummy://, not {CACHE_URL!r}"
    )

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env("DJANGO_STATIC_ROOT", str(VAR_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env("DJANGO_MEDIA_ROOT", str(VAR_DIR / "media")))
# Media on S3-compatible object storage when a bucket is configured (several app servers
# must share uploaded photos); credentials come from the usual AWS_* variables.
S3_BUCKET = env("DJANGO_S3_BUCKET")
if S3_BUCKET:
    MEDIA_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": env("DJANGO_S3_ENDPOINT_URL") or None,
            "region_name": env("DJANGO_S3_REGION") or None,
            "custom_domain": env("DJANGO_S3_CUSTOM_DOMAIN") or None,
            "default_acl": None,
            "file_overwrite": False,
            "querystring_auth": False,
        },
    }
else:
    MEDIA_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": MEDIA_STORAGE,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Security: safe by default, relaxed only by DEBUG (local development).
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("DJANGO_BEHIND_TLS_PROXY", False):
    # Only behind a proxy that sets this header itself; otherwise clients could spoof HTTPS.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# The public API is read-only public data: any origin may read it.
CORS_ALLOW_ALL_ORIGINS = True
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]

# Admin logins: lock out a username from an address after 5 failures for an hour
# (django-axes). Behind a proxy, set DJANGO_BEHIND_TLS_PROXY and the client address header.
AXES_FAILURE_LIMIT = env_int("DJANGO_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("DJANGO_LOGIN_COOLOFF_HOURS", 1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = env_int("DJANGO_PROXY_COUNT", 0) or None

# Uploads: photos are validated and re-encoded by Pillow; refuse anything larger first.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", "INFO")},
}

# Where `load_gazetteer` and `make run` find the sample data.
GAZETTEER_PATH = BASE_DIR / "fixtures" / "sites.json"

# The public read-only API (heritage/api/). Anonymous by design: every reader sees the same
# published data, so there is no login, no CSRF and one throttle per client address. The
# throttle counts in the default cache: behind several app servers, point CACHES at a
# shared cache (Redis, Memcached) or the limit applies per process.
API_PAGE_SIZE = env_int("API_PAGE_SIZE", 50)
API_MAX_PAGE_SIZE = env_int("API_MAX_PAGE_SIZE", 500)
API_ANON_THROTTLE_RATE = env("API_ANON_THROTTLE_RATE", "600/minute")  # empty: no throttling
API_CACHE_MAX_AGE = env_int("API_CACHE_MAX_AGE", 60)  # seconds public caches may reuse
# Seconds a list's total count is kept in the cache (keyed by the data version, so a write
# makes it unreachable at once); 0 counts on every request.
API_COUNT_CACHE_SECONDS = env_int("API_COUNT_CACHE_SECONDS", 300)
# Seconds a whole API answer is kept in the cache (keyed by the data version too, so a write
# makes it unreachable at once; see heritage/api/response_cache.py); 0 turns it off.
API_RESPONSE_CACHE_SECONDS = env_int("API_RESPONSE_CACHE_SECONDS", 300)
API_CITATION_PUBLISHER = env("API_CITATION_PUBLISHER", "Heritage damage tracker")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_THROTTLE_CLASSES": ["heritage.api.throttling.AnonymousApiThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PAGINATION_CLASS": "heritage.api.pagination.ApiPagination",
    "DEFAULT_FILTER_BACKENDS": ["heritage.api.filters.FilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "heritage.api.errors.api_exception_handler",
    "URL_FORMAT_OVERRIDE": "format",
    "ORDERING_PARAM": "ordering",
    "SEARCH_PARAM": "search",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Heritage damage tracker API",
    "DESCRIPTION": (
        "Read-only public data on damage to cultural heritage in armed conflict: heritage "
        "sites, published damage reports with the quoted evidence behind them, the sources "
        "cited and the actors quoted. Only curator-published records appear. Coordinates of "
        "location-sensitive sites are rounded to 0.1 degree (about 10 km). Lists are paginated "
        "(`page`, `page_size`); `sites/` also downloads as GeoJSON or CSV and `reports/` as "
        "CSV (`?format=`). Responses carry ETag and Last-Modified: send If-None-Match or "
        "If-Modified-Since to get 304 Not Modified. Each operation accepts exactly the query "
        "parameters listed for it: an unknown parameter or ordering field, or an empty (or "
        "all-space) value, "
        "is a 400 that names it (leave a parameter out to not filter by it); only `_`, a "
        "cache-buster, is allowed anywhere and ignored. `format` wins over the Accept header. "
        'Errors have the body `{"status", "code", "detail"}`, plus `errors` on 400 and '
        "`retry_after` on 429."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "heritage.api.schema.document_errors",
    ],
    "ENUM_NAME_OVERRIDES": {
        "SiteKindEnum": "heritage.models.HeritageSite.Kind",
        "SourceKindEnum": "sources.models.Source.Kind",
        "ActorKindEnum": "sources.models.Actor.Kind",
        "DatePrecisionEnum": "heritage.models.DatePrecision",
    },
}

# The public map. Empty by default: the map then draws a bundled outline of the world
# (static/heritage/basemap.json) and needs no network. Set a tile URL template such as
# https://tile.example.org/{z}/{x}/{y}.png, with its attribution, to use a tile server.
HERITAGE_MAP_TILES_URL = env("HERITAGE_MAP_TILES_URL", "")
HERITAGE_MAP_TILES_ATTRIBUTION = env("HERITAGE_MAP_TILES_ATTRIBUTION", "")

# Content Security Policy (django-csp): scripts only from this site, never inline, so an
# injected <script> cannot run. Inline *styles* stay allowed: the admin's templates and
# Leaflet's markers use style attributes, and a style cannot run code.
from urllib.parse import urlsplit  # noqa: E402

from csp.constants import NONE, SELF, UNSAFE_INLINE  # noqa: E402

_tiles = urlsplit(HERITAGE_MAP_TILES_URL.replace("{s}", "a"))
_tile_origin = (
    f"{_tiles.scheme}://{_tiles.netloc}".replace("//a.", "//*.") if _tiles.netloc else None
)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", *([_tile_origin] if _tile_origin else [])],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
