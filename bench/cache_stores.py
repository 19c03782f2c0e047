"""Measures the cache stores the default cache could use without Redis, in-process: get_many
of 20 post-card fragments (~2 kB each, the feed's one read per page) and set_many of 5 (a page's
misses). Best of several rounds, so a busy machine disturbs it less. The choice it informed is
explained in agora/core/cache.py.

    .venv/bin/python bench/cache_stores.py
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

VALUE = ("<div class='author'>" + "x" * 600 + "</div>", "<p>" + "y" * 1500 + "</p>")
KEYS = [f"agora:post:2:en:{i}:abcdef0123456789abcdef01" for i in range(20)]


def _best(fn, *, rounds: int = 7, n: int = 100) -> float:
    best = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        for i in range(n):
            fn(i)
        best = min(best, (time.perf_counter() - started) / n)
    return best


def measure(name: str, cache, *, fill: int = 3000) -> str:
    cache.set_many({f"fill{i}": VALUE for i in range(fill)}, 3600)
    cache.set_many(dict.fromkeys(KEYS, VALUE), 3600)
    assert len(cache.get_many(KEYS)) == 20, name
    read = _best(lambda _i: cache.get_many(KEYS))
    write = _best(lambda i: cache.set_many({f"w{i}:{k}": VALUE for k in KEYS[:5]}, 3600), n=20)
    return f"{name:44s} get_many(20) {read * 1e6:7.0f} µs   set_many(5) {write * 1e6:7.0f} µs"


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="agora-cache-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "agora.settings")
    os.environ["DATABASE_URL"] = f"sqlite:///{work / 'app.sqlite3'}"
    os.environ["AGORA_DATA_DIR"] = str(work)
    import django

    django.setup()
    from django.core.cache.backends.db import DatabaseCache
    from django.core.cache.backends.filebased import FileBasedCache
    from django.core.cache.backends.locmem import LocMemCache
    from django.core.management import call_command

    from agora.core.cache import SharedSQLiteCache

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    options = {"OPTIONS": {"MAX_ENTRIES": 5000}}
    print(measure("LocMemCache (per process)", LocMemCache("bench", options)))
    print(measure("FileBasedCache", FileBasedCache(str(work / "files"), options)))
    print(
        measure("DatabaseCache (the app's SQLite)", DatabaseCache("agora_ratelimit_cache", options))
    )
    print(
        measure("SharedSQLiteCache (agora.core.cache)", SharedSQLiteCache(str(work / "c"), options))
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
