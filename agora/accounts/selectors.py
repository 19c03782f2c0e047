from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import timedelta

from django.db.models import Model, QuerySet
from django.db.models.functions import Lower
from django.utils import timezone

from agora.accounts import token_cache
from agora.accounts.models import ApiToken, Expertise, Handle, User

TOKEN_TOUCH_INTERVAL = timedelta(minutes=5)


def token_hash(raw_token: str) -> str:
    """sha256 hex digest of a raw bearer token: only this hash is ever stored."""
    return hashlib.sha256(raw_token.encode()).hexdigest()


def user_for_token(*, raw_token: str) -> User | None:
    """The active user a live (unrevoked) raw bearer token names, or None."""
    token = token_for(raw_token=raw_token)
    return token.user if token is not None else None


def token_for(*, raw_token: str) -> ApiToken | None:
    """The live token (with its active user) a raw bearer token names, or None. Read from the
    cache (`token_cache`: no query) when it was read in the last minute and nothing changed
    it since; its last use is written at most every TOKEN_TOUCH_INTERVAL."""
    if not raw_token or len(raw_token) > 200:
        return None
    key_hash = token_hash(raw_token)
    hit = token_cache.cached(key_hash)
    token: ApiToken | None
    if isinstance(hit, ApiToken):
        token = hit
    else:
        token = (
            ApiToken.objects.select_related("user")
            .filter(key_hash=key_hash, revoked_at__isnull=True, user__is_active=True)
            .first()
        )
        if token is None:
            return None
        if hit is None:
            token_cache.remember(token)
    now = timezone.now()
    interval = int(TOKEN_TOUCH_INTERVAL.total_seconds())
    if (
        token.last_used_at is None or now - token.last_used_at > TOKEN_TOUCH_INTERVAL
    ) and token_cache.touch_due(key_hash, seconds=interval):
        # Touch at most every few minutes so authenticated requests stay write-free.
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


# Handle lookups compare LOWER(name) with the lower-cased handle: the expression the unique
# indexes `handle_name_unique_ci` and `user_username_unique_ci` hold, so SQLite and PostgreSQL
# read one index entry. (`iexact` compiles to LIKE on SQLite and UPPER() on PostgreSQL, which
# miss those indexes and scan the table.) Handles are ASCII (accounts.services.HANDLE_RE), so
# Python's and the databases' lower() agree. No ORDER BY: at most one row can match.


def _one[T: Model](qs: QuerySet[T]) -> T | None:
    """The only row `qs` can match, or None, without the ORDER BY that `first()` adds."""
    return next(iter(qs[:1]), None)


def handles_named(names: Iterable[str]) -> QuerySet[Handle]:
    """The people's and shops' handles among `names` (case-insensitive, no @), by the index."""
    return Handle.objects.alias(lname=Lower("name")).filter(lname__in=[n.lower() for n in names])


def handle_named(name: str) -> Handle | None:
    """The handle `name` (case-insensitive, no @), or None: one index lookup."""
    return _one(Handle.objects.alias(lname=Lower("name")).filter(lname=(name or "").lower()))


def handle_taken(name: str) -> bool:
    """Whether any person or shop already holds this handle, case-insensitively."""
    return Handle.objects.alias(lname=Lower("name")).filter(lname=name.lower()).exists()


def handle_kind(name: str) -> str | None:
    """The handle's kind, "person" or "shop" (case-insensitive), or None if it is free."""
    row = handle_named(name)
    return row.kind if row else None


def person_by_handle(handle: str) -> User | None:
    """The active user with this username (case-insensitive, avatar loaded), or None."""
    return _one(
        User.objects.select_related("avatar")
        .alias(lname=Lower("username"))
        .filter(lname=handle.lower(), is_active=True)
    )


def person_named(name: str) -> User | None:
    """The user with this username (case-insensitive, active or not), or None."""
    return _one(User.objects.alias(lname=Lower("username")).filter(lname=name.lower()))


def tokens_for(*, user: User) -> QuerySet[ApiToken]:
    """All the user's API tokens, revoked ones included, newest first."""
    return ApiToken.objects.filter(user=user).order_by("-created_at")


def expertise_for(user: User) -> list[Model]:
    """The categories a person is a verified expert in, for their profile (one query)."""
    return [
        e.category
        for e in Expertise.objects.filter(user=user)
        .select_related("category", "category__parent")
        .order_by("category__name")
    ]


# --- the viewer in prepared reads (see core.prepared) ---------------------------------------
def viewer_ids(user: User | None) -> tuple[int, int]:
    """(person id, actor id) of a signed-in person for a prepared read's parameters; (0, 0) for
    a visitor: no row has id 0, so every "is it mine" test of the read finds nothing."""
    if user is None or not user.is_authenticated:
        return 0, 0
    return int(user.pk), int(user.actor_id or 0)


def viewer_stand_in(*, user_id: int, actor_id: int) -> User:
    """A person with only their ids, for building a prepared read with selectors that filter
    by the viewer (`visible_posts(viewer)`); it is never saved nor shown."""
    return User(pk=user_id, actor_id=actor_id)
