from __future__ import annotations

import hashlib

from django.db.models import QuerySet
from django.db.models.functions import Lower

from agora.accounts.models import ApiToken, Handle, User


def token_hash(raw_token: str) -> str:
    return hashlib.sha256(raw_token.encode()).hexdigest()


def user_for_token(*, raw_token: str) -> User | None:
    if not raw_token or len(raw_token) > 200:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=token_hash(raw_token), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    return token.user if token else None


def handle_taken(name: str) -> bool:
    return Handle.objects.annotate(lname=Lower("name")).filter(lname=name.lower()).exists()


def handle_kind(name: str) -> str | None:
    row = Handle.objects.annotate(lname=Lower("name")).filter(lname=name.lower()).first()
    return row.kind if row else None


def person_by_handle(handle: str) -> User | None:
    return (
        User.objects.select_related("avatar")
        .annotate(lname=Lower("username"))
        .filter(lname=handle.lower(), is_active=True)
        .first()
    )


def tokens_for(*, user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-created_at")
