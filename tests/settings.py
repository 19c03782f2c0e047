"""Test settings: the real settings plus a fast password hasher and a file SQLite test DB."""

import atexit
import os
import shutil
import tempfile

os.environ.setdefault("AGORA_TASKS_BACKEND", "django.tasks.backends.immediate.ImmediateBackend")

from agora.settings import *  # noqa: F403
from agora.settings import BASE_DIR, CACHES, DATABASES, REDIS_URL

if REDIS_URL and os.environ.get("PYTEST_XDIST_WORKER"):
    # Each xdist worker gets its own Redis database (gw0 -> 1, gw1 -> 2, ...): the per-test cache
    # clear is a FLUSHDB, which would otherwise wipe the other worker's rate-limit counters.
    _db = 1 + int(os.environ["PYTEST_XDIST_WORKER"].removeprefix("gw"))
    _redis = REDIS_URL.rsplit("/", 1)[0] if REDIS_URL.count("/") > 2 else REDIS_URL
    for _cache in CACHES.values():
        _cache["LOCATION"] = f"{_redis}/{_db}"

if CACHES["default"]["BACKEND"] == "agora.core.cache.SharedSQLiteCache":
    # One cache file per test process (each xdist worker imports this anew): the per-test clear
    # (conftest) must never empty another worker's cache. Removed when the process ends.
    _cache_dir = tempfile.mkdtemp(prefix=f"agora-test-cache-{os.getpid()}-")
    CACHES["default"]["LOCATION"] = _cache_dir
    atexit.register(shutil.rmtree, _cache_dir, True)

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

if DATABASES["default"]["ENGINE"] == "agora.core.db.sqlite3":
    # A file, not :memory:, so live-server and threaded tests use real separate connections.
    # One file per test run, so two runs on one machine never share a database.
    DATABASES["default"]["TEST"] = {
        "NAME": str(BASE_DIR / "var" / f"test-agora-{os.getpid()}.sqlite3")
    }
    # The writers' queue file beside it (agora.core.db.sqlite3; pytest-xdist suffixes the
    # name with the worker's id) goes with the run.
    atexit.register(
        lambda: [
            p.unlink(missing_ok=True)
            for p in (BASE_DIR / "var").glob(f"test-agora-{os.getpid()}.sqlite3*.writers")
        ]
    )

MEDIA_ROOT = BASE_DIR / "var" / "test-media"
STATIC_ROOT = BASE_DIR / "var" / "test-static"
WHITENOISE_AUTOREFRESH = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
