from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, Q, QuerySet

from agora.accounts.selectors import viewer_stand_in
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
