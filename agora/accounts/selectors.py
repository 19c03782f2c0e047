from __future__ import annotations

import hashlib
from datetime import timedelta

from django.db.models import Model, QuerySet
from django.db.models.functions import Lower
from django.utils import timezone

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
    """The live token (with its active user) a raw bearer token names, or None."""
    if not raw_token or len(raw_token) > 200:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=token_hash(raw_token), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > TOKEN_TOUCH_INTERVAL:
        # Touch at most every few minutes so authenticated reads stay write-free.
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


def handle_taken(name: str) -> bool:
    """Whether any person or shop already holds this handle, case-insensitively."""
    return Handle.objects.annotate(lname=Lower("name")).filter(lname=name.lower()).exists()


def handle_kind(name: str) -> str | None:
    """The handle's kind, "person" or "shop" (case-insensitive), or None if it is free."""
    row = Handle.objects.annotate(lname=Lower("name")).filter(lname=name.lower()).first()
    return row.kind if row else None


def person_by_handle(handle: str) -> User | None:
    """The active user with this username (case-insensitive, avatar loaded), or None."""
    return (
        User.objects.select_related("avatar")
        .annotate(lname=Lower("username"))
        .filter(lname=handle.lower(), is_active=True)
        .first()
    )


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


# --- the viewer in prepared reads (see core.prepared_reads) ---------------------------------------
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
