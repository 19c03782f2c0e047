from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Lower

from agora.accounts.models import Handle, User
from agora.core.errors import NotFound
from agora.core.pagination import Page, paginate
from agora.core.prepared import prepared
from agora.social.models import Block, Follow, FollowCounts, Post

if TYPE_CHECKING:
    from agora.social.selectors.posts import Viewer

ACTOR_RELATED = ("user", "user__avatar", "shop", "shop__logo")

# {"followers": n, "following": n}, and whether the viewer follows
type FollowFacts = tuple[dict[str, int], bool]


def actor_by_handle(handle: str) -> Handle | None:
    """The person or shop holding this handle (case-insensitive, @ optional), or None."""
    name = (handle or "").lstrip("@").lower()
    return next(
        iter(
            Handle.objects.select_related(*ACTOR_RELATED)
            .alias(lname=Lower("name"))
            .filter(lname=name)[:1]
        ),
        None,
    )


def followers_page(
    *, handle: str, cursor: str | None = None, limit: int | str | None = None
) -> Page:
    """A page of the active followers (as Handles) of a person or shop; 404 for an unknown
    handle."""
    actor = actor_by_handle(handle)
    if actor is None:
        raise NotFound("No such person or shop.")
    qs = Follow.objects.filter(target=actor, follower__is_active=True).select_related(
        "follower__actor", "follower__actor__user", "follower__actor__user__avatar"
    )
    page = paginate(qs, cursor=cursor, limit=limit)
    return Page([f.follower.actor for f in page.items if f.follower.actor_id], page.next_cursor)


def following_page(
    *, handle: str, cursor: str | None = None, limit: int | str | None = None
) -> Page:
    """A page of the people and shops a person follows; 404 for an unknown handle or a shop."""
    actor = actor_by_handle(handle)
    if actor is None or actor.kind != Handle.Kind.PERSON:
        raise NotFound("No such person.")
    qs = Follow.objects.filter(follower__actor=actor).select_related(
        *(f"target__{r}" for r in ACTOR_RELATED), "target"
    )
    page = paginate(qs, cursor=cursor, limit=limit)
    return Page([f.target for f in page.items], page.next_cursor)


def follow_counts(actor: Handle) -> dict[str, int]:
    """{"followers": n, "following": n} from the stored counts (one query); shops follow no
    one, so their following is 0."""
    return follow_facts(actor=actor, viewer=None)[0]


def _follow_facts_query(*, actor_id: int, follower_id: int | None) -> QuerySet[Handle, tuple]:
    counts = FollowCounts.objects.filter(actor_id=OuterRef("pk"))
    followed: Exists | Value = Value(False)
    if follower_id is not None:
        followed = Exists(Follow.objects.filter(follower_id=follower_id, target_id=OuterRef("pk")))
    return (
        Handle.objects.filter(pk=actor_id)
        .annotate(
            n_followers=Subquery(counts.values("followers")[:1]),
            n_following=Subquery(counts.values("following")[:1]),
            followed=followed,
        )
        .values_list("n_followers", "n_following", "followed")[:1]
    )


@prepared(actor_id=int, follower_id=int)
def _follow_facts_row(*, actor_id: int, follower_id: int | None = None) -> QuerySet[Handle, tuple]:
    """The stored counts and (for a signed-in viewer) the EXISTS on the follow's unique index:
    SQL compiled once per process, as on every profile and shop page."""
    return _follow_facts_query(actor_id=actor_id, follower_id=follower_id)


def follow_facts(*, actor: Handle, viewer: Viewer) -> FollowFacts:
    """The actor's follow counts (as `follow_counts`) and whether the viewer follows it, in
    one query: the stored counts' row and an EXISTS on the follow's unique index."""
    if viewer is not None and viewer.is_authenticated:
        row = _follow_facts_row.first(actor_id=actor.pk, follower_id=viewer.pk)
    else:
        row = _follow_facts_row.first(actor_id=actor.pk)
    followers, following, is_followed = row or (0, 0, False)
    person = actor.kind == Handle.Kind.PERSON
    return (
        {"followers": followers or 0, "following": (following or 0) if person else 0},
        bool(is_followed),
    )


def actor_facts(*, actor_id: Any, follower_id: Any) -> dict[str, Any]:
    """Annotations for another app's row of a shop or person (`actor_id` an expression for its
    Handle's id, e.g. `OuterRef("actor_id")`), so its page reads them with its own row: the
    stored follower count, whether `follower_id` (0: nobody) follows it, and whether it has
    posted at all (an EXISTS down the author index). Read back with `follow_facts_of_row`."""
    counts = FollowCounts.objects.filter(actor_id=actor_id)
    return {
        "social_followers": Subquery(counts.values("followers")[:1]),
        "social_followed": Exists(
            Follow.objects.filter(follower_id=follower_id, target_id=actor_id)
        ),
        "social_posted": Exists(Post.objects.filter(author_id=actor_id)),
    }


def follow_facts_of_row(row: dict[str, Any]) -> FollowFacts:
    """`follow_facts` of a shop from a row annotated with `actor_facts` (shops follow no one)."""
    followers = row["social_followers"] or 0
    return {"followers": followers, "following": 0}, bool(row["social_followed"])


def is_following(*, viewer: Viewer, actor: Handle) -> bool:
    """Whether the viewer follows the actor; False for an anonymous viewer."""
    if viewer is None or not viewer.is_authenticated:
        return False
    return Follow.objects.filter(follower=viewer, target=actor).exists()


# --- blocks -------------------------------------------------------------------------------
def blocker_ids_of(actor: Handle | None) -> set[int]:
    """Users who blocked this actor (a Handle)."""
    if actor is None:
        return set()
    return set(Block.objects.filter(blocked=actor).values_list("blocker_id", flat=True))


def blocked_between(a: Handle, b: Handle) -> bool:
    """Whether either of two actors (Handles) blocked the other (people block; shops' teams
    are represented by their members' own blocks)."""
    users_a = User.objects.filter(actor=a).values("pk")
    users_b = User.objects.filter(actor=b).values("pk")
    return Block.objects.filter(
        Q(blocker__in=users_a, blocked=b) | Q(blocker__in=users_b, blocked=a)
    ).exists()


def blocked_actor_ids(user: Viewer) -> set[int]:
    """Actors this person blocked."""
    if user is None or not user.is_authenticated:
        return set()
    return set(Block.objects.filter(blocker=user).values_list("blocked_id", flat=True))


def is_blocked_by(*, viewer: Viewer, author: Handle) -> bool:
    """True if `author`'s person blocked `viewer` (so viewer loses followers-only access)."""
    if viewer is None or not viewer.is_authenticated or viewer.actor_id is None:
        return False
    return Block.objects.filter(blocker__actor=author, blocked_id=viewer.actor_id).exists()
