"""Pseudonymous visitors: a hash of a random salt that changes every UTC day and who it is.

As Plausible counts them: `visitor_hash` is stable for one person within a day (so "unique
viewers" can be counted), different between people, and unlinkable across days, because each
day has its own random salt and salts older than yesterday are deleted (`visitor_salts_prune`)
so no hash can be recomputed from an id or an address afterwards. Raw addresses are never
stored: only the hash is.

The day's salt is read (or created, race-safely) once per process and day, then kept in
memory: hashing costs no query on the hot paths (likes, page views).
"""

from __future__ import annotations

import hashlib
import secrets
import threading
from datetime import date, timedelta
from functools import partial

from django.db import IntegrityError, transaction
from django.utils import timezone

from agora.analytics.models import VisitorSalt
from agora.analytics.scheduling import enqueue_visitor_salts_prune

SALT_BYTES = 32
HASH_BYTES = 16  # 32 hex characters: Event.visitor_hash
IDENTITY_MAX = 400  # an over-long User-Agent is cut, not refused


class _SaltCache:
    """The salts this process knows, by day (only days still in use are kept)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.salts: dict[date, str] = {}

    def get(self, day: date) -> str | None:
        return self.salts.get(day)

    def put(self, day: date, salt: str) -> None:
        with self.lock:
            oldest = timezone.now().date() - timedelta(days=1)
            self.salts = {d: s for d, s in self.salts.items() if d >= oldest}
            self.salts[day] = salt

    def forget(self, before: date | None = None) -> None:
        with self.lock:
            if before is None:
                self.salts = {}
            else:
                self.salts = {d: s for d, s in self.salts.items() if d >= before}


_salts = _SaltCache()


def today() -> date:
    """The current UTC day (days of visitors and of figures are UTC dates)."""
    return timezone.now().date()


def visitor_salt_prime(*, salt: str, day: date | None = None) -> None:
    """Makes this process use `salt` for `day` without reading the table (tests: a request's
    statements are then the same every run)."""
    _salts.put(day or today(), salt)


def visitor_salts_forget() -> None:
    """Forgets the salts this process holds (the next hash reads or creates the day's row)."""
    _salts.forget()


def _salt_load(day: date) -> str:
    """The salt of `day` from the table, created with a random value when missing. Two
    processes creating it at once meet on the unique day: the loser reads the winner's."""
    salt = VisitorSalt.objects.filter(day=day).values_list("salt", flat=True).first()
    if salt is not None:
        return salt
    try:
        with transaction.atomic():
            VisitorSalt.objects.create(day=day, salt=secrets.token_hex(SALT_BYTES))
    except IntegrityError:
        pass  # created meanwhile by another process: read theirs
    else:
        if day == today():  # a new day: yesterday's yesterday may go now
            transaction.on_commit(enqueue_visitor_salts_prune)
    return VisitorSalt.objects.values_list("salt", flat=True).get(day=day)


def _salt(day: date) -> str:
    salt = _salts.get(day)
    if salt is not None:
        return salt
    salt = _salt_load(day)
    # Kept once the row is committed: a salt created in a transaction that rolls back is
    # never used again, so every process hashes a day with the same salt.
    transaction.on_commit(partial(_salts.put, day, salt))
    return salt


def visitor_identity(
    *, user_id: int | None = None, visitor: str = "", ip: str = "", user_agent: str = ""
) -> str:
    """Who is counted: `u:<user id>` for a signed-in person, else `v:<visitor id>` (the
    agora_vid cookie), else `a:<address>|<User-Agent>`; "" when nothing is known."""
    if user_id:
        return f"u:{user_id}"
    if visitor:
        return f"v:{visitor}"
    if ip:
        return f"a:{ip}|{user_agent}"[:IDENTITY_MAX]
    return ""


def visitor_hash(
    *,
    user_id: int | None = None,
    visitor: str = "",
    ip: str = "",
    user_agent: str = "",
    day: date | None = None,
) -> str:
    """The visitor's pseudonymous hash for `day` (today, UTC, by default): 32 hex characters
    of a keyed blake2b of the identity (see `visitor_identity`) with the day's salt; "" when
    no identity is known. No query once this process knows the day's salt."""
    identity = visitor_identity(user_id=user_id, visitor=visitor, ip=ip, user_agent=user_agent)
    if not identity:
        return ""
    key = bytes.fromhex(_salt(day or today()))
    return hashlib.blake2b(identity.encode(), digest_size=HASH_BYTES, key=key).hexdigest()


def visitor_salts_prune(*, day: date | None = None) -> int:
    """Deletes the salts of the days before yesterday (relative to `day`, today by default):
    their hashes can no longer be recomputed. Returns the number deleted. Idempotent."""
    oldest = (day or today()) - timedelta(days=1)
    deleted, _ = VisitorSalt.objects.filter(day__lt=oldest).delete()
    _salts.forget(before=oldest)
    return deleted
