"""Django's SQLite backend with two changes for a busy site; nothing else differs from
`django.db.backends.sqlite3`.

- **Placeholder conversion kept per query text.** Django writes SQL with `%s` placeholders
  and its SQLite cursor turns them into `?` on every execution with a look-behind regular
  expression: about 20 µs for the header's 1.4 KB query, paid again on every page for SQL
  that never changes (prepared reads, `core.prepared`). The converted text is kept for the
  most recently used query texts.
- **Writers queue instead of sleeping.** SQLite has one writer at a time; a transaction
  (`BEGIN IMMEDIATE`, see settings) that finds the write lock taken waits in SQLite's busy
  handler, which sleeps 1, 2, 5, 10 ms... between tries: a like holds the lock for a fraction
  of a millisecond, so waiting writers slept through most of their turn and a fifth of the
  CPU sat idle under load. Before `BEGIN`, a transaction now takes an advisory lock on a file
  beside the database (`<database>.writers`, `flock`), trying again every 0.1 ms, and lets it
  go at commit or rollback: the next writer starts as soon as the last one ends. The queue is
  only an ordering aid: SQLite's own lock still guards the data (single-statement writes in
  autocommit mode do not queue; they wait in the busy handler as before). A writer waits for
  its turn at most the connection's timeout in all, queue and busy handler together, as it
  did before; a long wait (behind a migration or a rollup) polls less often; and when the
  lock file cannot be opened (a read-only folder, another owner) the queue is simply off.
"""

from __future__ import annotations

import fcntl
import os
import time
from functools import lru_cache
from typing import Any

from django.db.backends.sqlite3 import base

QUEUE_POLL_SECONDS = 0.0001  # the first 20 ms of a wait; then every 2 ms
QUEUE_PATIENT_SECONDS = 0.02
QUEUE_SLOW_POLL_SECONDS = 0.002
KEPT_QUERY_LENGTH = 8192  # longer texts (bulk inserts, long IN lists) are converted each time


def _convert(query: str) -> str:
    return base.FORMAT_QMARK_REGEX.sub("?", query).replace("%%", "%")


_qmark = lru_cache(maxsize=1024)(_convert)


class SQLiteCursorWrapper(base.SQLiteCursorWrapper):
    def convert_query(self, query: str, *, param_names: Any = None) -> str:
        if param_names is None:
            return _qmark(query) if len(query) <= KEPT_QUERY_LENGTH else _convert(query)
        return super().convert_query(query, param_names=param_names)


class DatabaseWrapper(base.DatabaseWrapper):
    _queue_fd: int | None = None
    _queue_pid = 0  # the process that opened it: a forked child opens its own
    _queue_off = False
    _queued = False

    def create_cursor(self, name: str | None = None) -> Any:
        return self.connection.cursor(factory=SQLiteCursorWrapper)

    # --- the writers' queue ------------------------------------------------------------------
    def _queue_file(self) -> int | None:
        if self._queue_off or self.is_in_memory_db():
            return None
        if self._queue_fd is not None and self._queue_pid != os.getpid():
            # Inherited through fork: the parent's open file, whose lock both would share.
            # Closing our copy leaves the parent's lock alone.
            os.close(self._queue_fd)
            self._queue_fd = None
            self._queued = False
        if self._queue_fd is None:
            path = f"{self.settings_dict['NAME']}.writers"
            try:
                self._queue_fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o660)
            except OSError:
                self._queue_off = True  # an ordering aid only: SQLite's lock still works
                return None
            self._queue_pid = os.getpid()
        return self._queue_fd

    def _timeout(self) -> float:
        return float(self.settings_dict.get("OPTIONS", {}).get("timeout", 5))

    def _queue_enter(self) -> float:
        """Takes this connection's turn; returns the seconds spent waiting for it."""
        fd = self._queue_file()
        if fd is None or self._queued:
            return 0.0
        started = time.monotonic()
        deadline = started + self._timeout()
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                now = time.monotonic()
                if now >= deadline:
                    return now - started  # no turn: SQLite's busy handler decides
                patient = now - started < QUEUE_PATIENT_SECONDS
                time.sleep(QUEUE_POLL_SECONDS if patient else QUEUE_SLOW_POLL_SECONDS)
            else:
                self._queued = True
                return time.monotonic() - started

    def _queue_leave(self) -> None:
        if self._queued and self._queue_fd is not None:
            self._queued = False
            fcntl.flock(self._queue_fd, fcntl.LOCK_UN)

    def _start_transaction_under_autocommit(self) -> None:
        waited = self._queue_enter()
        try:
            if waited < 0.01:
                super()._start_transaction_under_autocommit()  # type: ignore[misc]
            else:  # what is left of the timeout for SQLite's busy handler, as before
                left = max(0, int((self._timeout() - waited) * 1000))
                with self.wrap_database_errors:
                    self.connection.execute(f"PRAGMA busy_timeout = {left}")
                try:
                    super()._start_transaction_under_autocommit()  # type: ignore[misc]
                finally:
                    with self.wrap_database_errors:
                        full = int(self._timeout() * 1000)
                        self.connection.execute(f"PRAGMA busy_timeout = {full}")
        except BaseException:
            self._queue_leave()
            raise

    def _commit(self) -> None:
        try:
            super()._commit()  # type: ignore[misc]
        finally:
            self._queue_leave()

    def _rollback(self) -> None:
        try:
            super()._rollback()  # type: ignore[misc]
        finally:
            self._queue_leave()

    def _close(self) -> None:
        try:
            super()._close()  # type: ignore[misc]
        finally:
            self._queue_leave()
            if self._queue_fd is not None:
                os.close(self._queue_fd)
                self._queue_fd = None
