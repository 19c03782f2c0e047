"""The API token rows bearer authentication reads, kept in the default cache for a minute so
that an authenticated API request costs no query for its token.

A live token (with its user) is cached under its hash for TOKEN_CACHE_SECONDS. Whatever makes
a cached row wrong (the token revoked or deleted, its user changed, suspended or given a new
password) calls `forget`/`forget_user`, which puts a "read the database" marker in its place
for the same time: requests in that minute read the row again and never cache it, so a reader
that fetched the old row just before the change cannot store it back (fills use `cache.add`,
which never replaces the marker).

The default cache is per process unless it is shared (Redis, the database or a file cache):
with a per-process cache a change made by another process is seen within TOKEN_CACHE_SECONDS.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache

from agora.accounts.models import ApiToken

STALE = "stale"  # the marker: read the database, do not cache


def _seconds() -> int:
    return int(getattr(settings, "AGORA_TOKEN_CACHE_SECONDS", 60))


def _key(key_hash: str) -> str:
    return f"accounts:token:{key_hash}"


def cached(key_hash: str) -> ApiToken | str | None:
    """The cached token, STALE when it must be read from the database, None when unknown."""
    if _seconds() <= 0:
        return STALE
    return cache.get(_key(key_hash))


def remember(token: ApiToken) -> None:
    """Caches a live token read from the database, unless a marker stands in its place."""
    if _seconds() > 0:
        cache.add(_key(token.key_hash), token, _seconds())


def touch_due(key_hash: str, *, seconds: int) -> bool:
    """True at most once per `seconds` per token (and process, with a per-process cache): when
    it is time to write the token's last use. Read first: a request within the interval (all
    but one) then writes nothing to the cache, where an `add` would take the shared cache's
    write lock on every authenticated request; of two that both find it missing, `add` lets
    one through."""
    key = f"accounts:token-used:{key_hash}"
    if cache.get(key) is not None:
        return False
    return cache.add(key, True, seconds)


def forget(key_hashes: Iterable[str]) -> None:
    """These tokens' cached rows are wrong now: read them from the database for a while."""
    keys = [_key(h) for h in key_hashes]
    if keys and _seconds() > 0:
        cache.set_many(dict.fromkeys(keys, STALE), _seconds())


def forget_user(user_id: int) -> None:
    """Every token of this user: their account changed (password, suspension, profile). One
    query."""
    forget(ApiToken.objects.filter(user_id=user_id).values_list("key_hash", flat=True))
