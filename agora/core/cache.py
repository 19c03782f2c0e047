"""The default cache without Redis: one SQLite file under DATA_DIR/cache, shared by every worker
process of the machine, bounded, and as fast as the per-process memory cache it replaces.

Measured in-process with `bench/cache_stores.py` (best of 7 rounds, 3,000 entries stored; the
ranges are two runs on the shared bench machine): `get_many` of 20 post-card fragments of
~2 kB (the feed's one cache read per page) and `set_many` of 5 (a page's misses).

| store | shared by workers | bounded | get_many(20) | set_many(5) |
| --- | --- | --- | --- | --- |
| LocMemCache (the old default) | no | 300 entries per process | 57–99 µs | 15 µs |
| FileBasedCache | yes | lists the whole directory on every set | 330–760 µs | 19–27 ms |
| DatabaseCache in the app's SQLite | yes | COUNT(*) on every set | 360–540 µs | 330–530 µs, under the app's write lock |
| SharedSQLiteCache (this module) | yes | evicts past MAX_ENTRIES | 69–111 µs | 66–69 µs |

One indexed SELECT reads a page's fragments about as fast as the memory cache did, so no
per-process tier sits in front: it would save nothing measurable and let other workers read
a deleted or replaced value for as long as their copy lived. Here a delete or a new value is
seen by every process at once, and `add` is atomic across processes (one INSERT … ON CONFLICT
… WHERE expired), which `cache.add` locks rely on.

The file is not the app's database: cache writes never wait for, or hold, the app's write lock.
WAL lets readers run beside the one writer; a write is one short transaction. Past MAX_ENTRIES
the entries closest to expiry (the oldest, for equal timeouts) are evicted down to
MAX_ENTRIES - MAX_ENTRIES / CULL_FREQUENCY, expired ones first. It holds what the workers of
one machine share; several machines share Redis (REDIS_URL), as before.
"""

from __future__ import annotations

import os
import pickle
import sqlite3
import threading
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache

_SCHEMA = (
    # A rowid table: values of a few kB are stored poorly in a WITHOUT ROWID b-tree.
    (
        "CREATE TABLE IF NOT EXISTS cache (key TEXT PRIMARY KEY, value BLOB NOT NULL, "
        "expires REAL NOT NULL)"
    ),
    "CREATE INDEX IF NOT EXISTS cache_expires ON cache (expires)",
)
_FOREVER = 1e18  # `expires` of an entry without a timeout
_BATCH = 500  # keys per statement (SQLite's bound parameters)


class SharedSQLiteCache(BaseCache):
    """Django cache backend: `LOCATION` is a directory (created if needed) holding cache.sqlite3.
    OPTIONS: MAX_ENTRIES (default 300, as Django's), CULL_FREQUENCY (default 3)."""

    pickle_protocol = pickle.HIGHEST_PROTOCOL

    def __init__(self, location: str, params: dict[str, Any]) -> None:
        super().__init__(params)
        self._path = str(Path(location) / "cache.sqlite3")
        self._local = threading.local()

    # --- connections: one per thread and process -------------------------------------------
    def _db(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is not None and self._local.pid == os.getpid():
            return db
        Path(self._path).parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self._path, timeout=30, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        for statement in _SCHEMA:
            db.execute(statement)
        self._local.db, self._local.pid = db, os.getpid()
        return db

    def _write(self, sql: str, rows: Iterable[tuple] = ()) -> int:
        """Runs a write in one IMMEDIATE transaction; returns the rows it changed."""
        db = self._db()
        db.execute("BEGIN IMMEDIATE")
        try:
            cursor = db.executemany(sql, rows) if rows else db.execute(sql)
            changed = cursor.rowcount
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        return changed

    # --- helpers ---------------------------------------------------------------------------
    def validate_key(self, key: str) -> None:
        """Any string is a valid key here (no memcached limits to warn about)."""

    def _expiry(self, timeout: Any) -> float:
        expiry = self.get_backend_timeout(timeout)
        return _FOREVER if expiry is None else float(expiry)

    def _dump(self, value: Any) -> bytes:
        return pickle.dumps(value, self.pickle_protocol)

    def _cull(self) -> None:
        """Expired entries go; past MAX_ENTRIES the ones closest to expiry go too."""
        db = self._db()
        (count,) = db.execute("SELECT COUNT(*) FROM cache").fetchone()
        if count <= self._max_entries:
            return
        self._write("DELETE FROM cache WHERE expires <= ?", [(time.time(),)])
        (count,) = db.execute("SELECT COUNT(*) FROM cache").fetchone()
        if count <= self._max_entries:
            return
        keep = self._max_entries - self._max_entries // max(self._cull_frequency, 1)
        self._write(
            "DELETE FROM cache WHERE key IN "
            "(SELECT key FROM cache ORDER BY expires LIMIT max(0, ? - ?))",
            [(count, keep)],
        )

    # --- the cache API ---------------------------------------------------------------------
    def get(self, key: str, default: Any = None, version: int | None = None) -> Any:
        found = self.get_many([key], version=version)
        return found.get(key, default) if found else default

    def get_many(self, keys: Iterable[str], version: int | None = None) -> dict[str, Any]:
        by_key = {self.make_and_validate_key(k, version=version): k for k in keys}
        if not by_key:
            return {}
        now = time.time()
        db = self._db()
        found: dict[str, Any] = {}
        names = list(by_key)
        for start in range(0, len(names), _BATCH):
            batch = names[start : start + _BATCH]
            marks = ",".join("?" * len(batch))
            rows = db.execute(
                f"SELECT key, value FROM cache WHERE key IN ({marks}) AND expires > ?",  # noqa: S608 (placeholders only)
                [*batch, now],
            )
            for name, blob in rows:
                found[by_key[name]] = pickle.loads(blob)  # noqa: S301 (written by this class)
        return found

    def has_key(self, key: str, version: int | None = None) -> bool:
        name = self.make_and_validate_key(key, version=version)
        row = self._db().execute(
            "SELECT 1 FROM cache WHERE key = ? AND expires > ?", (name, time.time())
        )
        return row.fetchone() is not None

    def set(
        self,
        key: str,
        value: Any,
        timeout: Any = DEFAULT_TIMEOUT,
        version: int | None = None,
    ) -> None:
        self.set_many({key: value}, timeout=timeout, version=version)

    def set_many(
        self,
        data: dict[str, Any],
        timeout: Any = DEFAULT_TIMEOUT,
        version: int | None = None,
    ) -> list[str]:
        if not data:
            return []
        expires = self._expiry(timeout)
        rows = [
            (self.make_and_validate_key(k, version=version), self._dump(v), expires)
            for k, v in data.items()
        ]
        self._write("INSERT OR REPLACE INTO cache (key, value, expires) VALUES (?, ?, ?)", rows)
        self._cull()
        return []

    def add(
        self,
        key: str,
        value: Any,
        timeout: Any = DEFAULT_TIMEOUT,
        version: int | None = None,
    ) -> bool:
        """Stores the value only if the key holds none (or an expired one): atomic across
        processes."""
        name = self.make_and_validate_key(key, version=version)
        changed = self._write(
            "INSERT INTO cache (key, value, expires) VALUES (?, ?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires = excluded.expires "
            "WHERE cache.expires <= ?",
            [(name, self._dump(value), self._expiry(timeout), time.time())],
        )
        if changed:
            self._cull()
        return bool(changed)

    def touch(self, key: str, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        name = self.make_and_validate_key(key, version=version)
        return bool(
            self._write(
                "UPDATE cache SET expires = ? WHERE key = ? AND expires > ?",
                [(self._expiry(timeout), name, time.time())],
            )
        )

    def incr(self, key: str, delta: int = 1, version: int | None = None) -> int:
        """Adds `delta` to a stored number in one transaction (atomic across processes);
        ValueError if the key holds nothing."""
        name = self.make_and_validate_key(key, version=version)
        db = self._db()
        db.execute("BEGIN IMMEDIATE")
        try:
            row = db.execute(
                "SELECT value FROM cache WHERE key = ? AND expires > ?", (name, time.time())
            ).fetchone()
            if row is None:
                raise ValueError(f"Key '{key}' not found")
            value = pickle.loads(row[0]) + delta  # noqa: S301 (written by this class)
            db.execute("UPDATE cache SET value = ? WHERE key = ?", (self._dump(value), name))
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        return value

    def delete(self, key: str, version: int | None = None) -> bool:
        name = self.make_and_validate_key(key, version=version)
        return bool(self._write("DELETE FROM cache WHERE key = ?", [(name,)]))

    def delete_many(self, keys: Iterable[str], version: int | None = None) -> None:
        names = [(self.make_and_validate_key(k, version=version),) for k in keys]
        if names:
            self._write("DELETE FROM cache WHERE key = ?", names)

    def clear(self) -> None:
        self._write("DELETE FROM cache")

    def stored_keys(self, containing: str = "") -> list[str]:
        """The full keys (prefix and version included) of the live entries whose key contains
        `containing`: for tests and operators, not for pages."""
        rows = self._db().execute(
            "SELECT key FROM cache WHERE instr(key, ?) > 0 AND expires > ? ORDER BY key",
            (containing, time.time()),
        )
        return [key for (key,) in rows]

    def stored_values(self, containing: str = "") -> list[bytes]:
        """The stored (pickled) values of the live entries whose key contains `containing`, as
        `stored_keys` orders them: for tests that check what never reaches the cache."""
        rows = self._db().execute(
            "SELECT value FROM cache WHERE instr(key, ?) > 0 AND expires > ? ORDER BY key",
            (containing, time.time()),
        )
        return [bytes(value) for (value,) in rows]

    def close(self, **kwargs: Any) -> None:
        """Connections stay open for the thread's next request (Django calls this after each)."""
