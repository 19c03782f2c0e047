"""Pages of posts as plain rows (`feed_rows.PostRow`), for the cards of a tag's page and of a
person's or shop's posts: the same posts, order and cursor as `paginate()` over
`posts_with_tag` / `posts_by_actor` (what the viewer may see, newest first), read with
values() instead of model instances, the SQL built once per process (`core.prepared`).

Three queries per page, whatever its size: the posts (with their author, and whether the viewer
liked and reposted each), their media and their product tags (`feed_rows.fill_details`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Exists, OuterRef, QuerySet

from agora.accounts.models import User
from agora.accounts.selectors import viewer_stand_in
from agora.core.pagination import Page, clamp_limit, decode_cursor, encode_cursor
from agora.core.prepared import prepared
from agora.social.models import Like, Repost
from agora.social.selectors.feed_rows import POST_COLUMNS, PostRow, posts_of_rows
from agora.social.selectors.posts import ViewerFacts, visible_posts
from agora.social.text import normalize_tag

if TYPE_CHECKING:
    from agora.social.selectors.posts import Viewer


@dataclass
class PostRowsPage(Page):
    items: list[PostRow]
    facts: ViewerFacts


# Who is looking, as far as the SQL goes: a visitor, a person without a public actor, or one
# with (their own posts and blocks count).
_VISITOR, _PERSON, _ACTOR = 0, 1, 2


@prepared(viewer=int, actor=int, tag=str, author=int, after=int)
def _post_rows(
    *,
    shape: tuple[int, int, bool, bool, bool],
    viewer: int = 0,
    actor: int = 0,
    tag: str = "",
    author: int = 0,
    after: int = 0,
) -> QuerySet[Any, tuple[Any, ...]]:
    size, who, by_tag, by_author, has_after = shape
    looking = (
        None
        if who == _VISITOR
        else viewer_stand_in(user_id=viewer, actor_id=actor if who == _ACTOR else 0)
    )
    qs = visible_posts(looking)
    if by_tag:
        qs = qs.filter(post_tags__tag__name=tag)
    if by_author:
        qs = qs.filter(author_id=author)
    if has_after:
        qs = qs.filter(pk__lt=after)
    facts = (
        []
        if who == _VISITOR
        else [
            Exists(Like.objects.filter(user_id=viewer, post_id=OuterRef("pk"))),
            Exists(Repost.objects.filter(user_id=viewer, post_id=OuterRef("pk"))),
        ]
    )
    return qs.order_by("-pk").values_list("id", *POST_COLUMNS, *facts)[:size]


def post_rows_page(
    *,
    viewer: Viewer,
    tag: str | None = None,
    author_id: int | None = None,
    cursor: str | None = None,
    limit: int | str | None = None,
) -> PostRowsPage:
    """A page of the posts the viewer may see with the (normalized) `tag` or by the actor
    `author_id`, newest first, with the viewer's likes and reposts on it."""
    size = clamp_limit(limit)
    after = decode_cursor(cursor)
    signed_in = viewer is not None and viewer.is_authenticated
    who = _VISITOR
    values: dict[str, Any] = {}
    if signed_in:
        assert isinstance(viewer, User)
        who = _ACTOR if viewer.actor_id else _PERSON
        values["viewer"] = viewer.pk
        if viewer.actor_id:
            values["actor"] = viewer.actor_id
    if tag is not None:
        values["tag"] = normalize_tag(tag)
    if author_id is not None:
        values["author"] = author_id
    if after is not None:
        values["after"] = after
    shape = (size + 1, who, tag is not None, author_id is not None, after is not None)
    rows = _post_rows(shape=shape, **values)
    more = len(rows) > size
    rows = rows[:size]
    items, facts = posts_of_rows(rows, at=0, facts=signed_in)
    next_cursor = encode_cursor(items[-1].id) if more and items else None
    return PostRowsPage(items=items, next_cursor=next_cursor, facts=facts)
