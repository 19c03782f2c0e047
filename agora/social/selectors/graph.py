from __future__ import annotations

from dataclasses import dataclass

from agora.accounts.models import Handle
from agora.core.errors import NotFound
from agora.core.pagination import paginate
from agora.social.models import Follow

ACTOR_RELATED = ("user", "user__avatar", "shop", "shop__logo")


def actor_by_handle(handle: str) -> Handle | None:
    return (
        Handle.objects.select_related(*ACTOR_RELATED)
        .filter(name__iexact=(handle or "").lstrip("@"))
        .first()
    )


@dataclass
class ActorPage:
    items: list[Handle]
    next_cursor: str | None


def followers_page(*, handle: str, cursor=None, limit=None) -> ActorPage:
    actor = actor_by_handle(handle)
    if actor is None:
        raise NotFound("No such person or shop.")
    qs = Follow.objects.filter(target=actor, follower__is_active=True).select_related(
        "follower__actor", "follower__actor__user", "follower__actor__user__avatar"
    )
    page = paginate(qs, cursor=cursor, limit=limit)
    return ActorPage(
        [f.follower.actor for f in page.items if f.follower.actor_id], page.next_cursor
    )


def following_page(*, handle: str, cursor=None, limit=None) -> ActorPage:
    actor = actor_by_handle(handle)
    if actor is None or actor.kind != Handle.Kind.PERSON:
        raise NotFound("No such person.")
    qs = Follow.objects.filter(follower__actor=actor).select_related(
        *(f"target__{r}" for r in ACTOR_RELATED), "target"
    )
    page = paginate(qs, cursor=cursor, limit=limit)
    return ActorPage([f.target for f in page.items], page.next_cursor)


def follow_counts(actor: Handle) -> dict[str, int]:
    return {
        "followers": Follow.objects.filter(target=actor).count(),
        "following": Follow.objects.filter(follower__actor=actor).count()
        if actor.kind == "person"
        else 0,
    }


def is_following(*, viewer, actor: Handle) -> bool:
    if not getattr(viewer, "is_authenticated", False):
        return False
    return Follow.objects.filter(follower=viewer, target=actor).exists()
