"""The post page's post, read in one statement written once per process (`core.prepared`): the
post the viewer may see (as `posts.post_for_viewer`), its author with their person or shop and
picture, and whether the viewer liked and reposted it, as the same model instances
`select_related` would leave; then its media and product tags (`details.attach_details`).

Four queries, where `post_for_viewer` then `viewer_facts` took six and built their SQL each
time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Exists, OuterRef, QuerySet

from agora.accounts.models import Handle, User
from agora.accounts.selectors import viewer_stand_in
from agora.core.prepared import field_names, instance, prepared
from agora.media.models import MediaAsset
from agora.shops.models import Shop
from agora.social.models import Like, Post, Repost
from agora.social.selectors.details import attach_details
from agora.social.selectors.posts import ViewerFacts, visible_posts

if TYPE_CHECKING:
    from agora.social.selectors.posts import Viewer

_VISITOR, _PERSON, _ACTOR = 0, 1, 2
# Each related row of the author, as `select_related(*posts.AUTHOR_RELATED)` loads it.
_AUTHOR = "author__"
_USER = "author__user__"
_AVATAR = "author__user__avatar__"
_SHOP = "author__shop__"
_LOGO = "author__shop__logo__"
_COLUMNS = [
    *field_names(Post),
    *field_names(Handle, _AUTHOR),
    *field_names(User, _USER),
    *field_names(MediaAsset, _AVATAR),
    *field_names(Shop, _SHOP),
    *field_names(MediaAsset, _LOGO),
]


@prepared(post=int, viewer=int, actor=int)
def _post_read(*, who: int, post: int, viewer: int = 0, actor: int = 0) -> QuerySet[Any]:
    looking = (
        None
        if who == _VISITOR
        else viewer_stand_in(user_id=viewer, actor_id=actor if who == _ACTOR else 0)
    )
    facts = (
        {}
        if who == _VISITOR
        else {
            "liked_by_viewer": Exists(Like.objects.filter(user_id=viewer, post_id=OuterRef("pk"))),
            "reposted_by_viewer": Exists(
                Repost.objects.filter(user_id=viewer, post_id=OuterRef("pk"))
            ),
        }
    )
    return visible_posts(looking).filter(pk=post).values(*_COLUMNS, **facts)[:1]


def _author(row: dict[str, Any]) -> Handle:
    author = instance(Handle, row, _AUTHOR)
    user = shop = None
    if row[_USER + "id"] is not None:
        user = instance(User, row, _USER)
        if user.avatar_id is not None:
            user.avatar = instance(MediaAsset, row, _AVATAR)
    if row[_SHOP + "id"] is not None:
        shop = instance(Shop, row, _SHOP)
        if shop.logo_id is not None:
            shop.logo = instance(MediaAsset, row, _LOGO)
    # As select_related leaves a reverse one-to-one: the row, or None without a query.
    Handle.user.related.set_cached_value(author, user)
    Handle.shop.related.set_cached_value(author, shop)
    if user is not None:
        User.actor.field.set_cached_value(user, author)
    if shop is not None:
        Shop.actor.field.set_cached_value(shop, author)
    return author


def post_page_read(*, post_id: int, viewer: Viewer = None) -> tuple[Post | None, ViewerFacts]:
    """The post with its details (as `post_for_viewer`), or None when the viewer may not see
    it, and whether the viewer liked and reposted it."""
    values: dict[str, Any] = {"post": post_id}
    who = _VISITOR
    if viewer is not None and viewer.is_authenticated:
        who = _ACTOR if viewer.actor_id else _PERSON
        values["viewer"] = viewer.pk
        if viewer.actor_id:
            values["actor"] = viewer.actor_id
    row = _post_read.first(who=who, **values)
    if row is None:
        return None, ViewerFacts()
    post = instance(Post, row)
    post.author = _author(row)
    attach_details([post])
    facts = ViewerFacts()
    if row.get("liked_by_viewer"):
        facts.liked.add(post.pk)
    if row.get("reposted_by_viewer"):
        facts.reposted.add(post.pk)
    return post, facts
