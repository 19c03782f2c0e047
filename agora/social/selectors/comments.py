from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from agora.accounts.models import User
from agora.accounts.selectors import viewer_stand_in
from agora.core.prepared import field_names, instance, prepared
from agora.media.models import MediaAsset
from agora.social.models import Comment
from agora.social.selectors.posts import visible_posts

if TYPE_CHECKING:
    from agora.catalog.models import Product
    from agora.social.models import Post
    from agora.social.selectors.posts import Viewer


def _base() -> QuerySet[Comment]:
    return Comment.objects.select_related(
        "author", "author__actor", "author__actor__user", "author__actor__shop", "author__avatar"
    ).filter(is_hidden=False, author__is_active=True)


def comments_for(
    *, post: Post | None = None, product: Product | None = None, viewer: Viewer = None
) -> QuerySet[Comment]:
    """Comments oldest first; those hidden by the post's author stay visible to their own
    writer only."""
    qs = _base().filter(post=post) if post is not None else _base().filter(product=product)
    if viewer is not None and viewer.is_authenticated:
        return qs.filter(Q(hidden_by_author=False) | Q(author=viewer))
    return qs.filter(hidden_by_author=False)


def comment_by_id(comment_id: int) -> Comment | None:
    """The comment unless hidden by moderators or its author is inactive, or None."""
    return _base().filter(pk=comment_id).first()


def comment_for_viewer(*, comment_id: int, viewer: Viewer = None) -> Comment | None:
    """A comment whose post (if any) the viewer can see."""
    comment = (
        Comment.objects.select_related(
            "post", "post__author", "post__author__shop", "product__shop", "author"
        )
        .filter(pk=comment_id, is_hidden=False)
        .first()
    )
    if comment is None:
        return None
    if comment.post_id and not visible_posts(viewer).filter(pk=comment.post_id).exists():
        return None
    return comment


def product_has_comments(*, viewer_id: int) -> Exists:
    """Whether the product has a comment person `viewer_id` (0: a visitor) may see, as
    `comments_for` reads them, to annotate a read of products with: a page without comments
    reads no more."""
    viewer = viewer_stand_in(user_id=viewer_id, actor_id=0)
    qs = _base().filter(product_id=OuterRef("pk"), parent__isnull=True)
    return Exists(qs.filter(Q(hidden_by_author=False) | Q(author=viewer)))


# --- Threads as the post and product pages show them, read with SQL written once ------------
_AUTHOR = "author__"
_AVATAR = "author__avatar__"
_COLUMNS = [
    *field_names(Comment),
    *field_names(User, _AUTHOR),
    *field_names(MediaAsset, _AVATAR),
]


@prepared(target=int, viewer=int, after=int, parents=list[int])
def _comment_rows(
    *,
    shape: tuple[str, bool, str, int],
    target: int,
    viewer: int = 0,
    after: int = 0,
    parents: list[int] | None = None,
) -> QuerySet[Any]:
    kind, signed_in, part, size = shape
    qs = _base().filter(**{f"{kind}_id": target})
    if signed_in:
        qs = qs.filter(Q(hidden_by_author=False) | Q(author_id=viewer))
    else:
        qs = qs.filter(hidden_by_author=False)
    if part == "replies":
        return qs.filter(parent_id__in=parents or []).order_by("pk").values(*_COLUMNS)
    qs = qs.filter(parent__isnull=True)
    if part == "after":
        qs = qs.filter(pk__gt=after)
    return qs.order_by("pk").values(*_COLUMNS)[:size]


def _comment(row: dict[str, Any]) -> Comment:
    comment = instance(Comment, row)
    author = instance(User, row, _AUTHOR)
    if author.avatar_id is not None:
        author.avatar = instance(MediaAsset, row, _AVATAR)
    comment.author = author
    return comment


def comment_threads_page(
    *, target_kind: str, target_id: int, viewer: Viewer, after: int | None, size: int
) -> tuple[list[tuple[Comment, list[Comment]]], int | None]:
    """A page of the post's or product's (`target_kind`) top-level comments as `comments_for`
    reads them, oldest first after the comment `after`, each with its replies, and the last
    one's id when more follow: two queries (one without comments), each comment with its
    author and their avatar."""
    signed_in = viewer is not None and viewer.is_authenticated
    values: dict[str, Any] = {"target": target_id}
    if signed_in:
        assert viewer is not None
        values["viewer"] = viewer.pk
    part = "first"
    if after is not None:
        part, values["after"] = "after", after
    rows = _comment_rows(shape=(target_kind, signed_in, part, size + 1), **values)
    more = len(rows) > size
    top = [_comment(row) for row in rows[:size]]
    replies: dict[int, list[Comment]] = {c.pk: [] for c in top}
    if replies:
        values.pop("after", None)
        found = _comment_rows(
            shape=(target_kind, signed_in, "replies", 0), parents=list(replies), **values
        )
        for row in found:
            reply = _comment(row)
            if reply.parent_id is not None:
                replies[reply.parent_id].append(reply)
    last = top[-1].pk if more and top else None
    return [(c, replies[c.pk]) for c in top], last
