from __future__ import annotations

from django.db.models import Q

from agora.moderation.models import Block


def blocker_ids_of(actor) -> set[int]:
    """Users who blocked this actor (a Handle)."""
    if actor is None:
        return set()
    return set(Block.objects.filter(blocked=actor).values_list("blocker_id", flat=True))


def blocked_between(a, b) -> bool:
    """Whether either of two actors (Handles) blocked the other (people block; shops' teams
    are represented by their members' own blocks)."""
    from agora.accounts.models import User

    users_a = User.objects.filter(actor=a).values("pk")
    users_b = User.objects.filter(actor=b).values("pk")
    return Block.objects.filter(
        Q(blocker__in=users_a, blocked=b) | Q(blocker__in=users_b, blocked=a)
    ).exists()


def blocked_actor_ids(user) -> set[int]:
    """Actors this person blocked."""
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(Block.objects.filter(blocker=user).values_list("blocked_id", flat=True))


def is_blocked_by(*, viewer, author) -> bool:
    """True if `author`'s person blocked `viewer` (so viewer loses followers-only access)."""
    if not getattr(viewer, "is_authenticated", False) or viewer.actor_id is None:
        return False
    return Block.objects.filter(blocker__actor=author, blocked_id=viewer.actor_id).exists()
