"""The home feed as plain rows, for the JSON API and the /feed page's cards (`views._row_cards`):
the same page as `feed.feed_for` (the same timeline rows, filters, order and cursor), read with
values() into small dataclasses instead of model instances, each query's SQL built once per
process (`core.prepared`): building model instances and querysets was most of what a feed
request used to cost.

Three queries per page, whatever its size: the timeline rows (with each post, its author, the
reposter, and whether the viewer liked and reposted it), the media (the posts' and their tagged
products', one UNION), the product tags (with shop and availability); +1 when the timeline has
to be rebuilt. The page's polls and disclosures are the caller's (`post_json`, `views._cards`),
only for the posts that carry them. `post_rows` reads a tag's or an actor's posts the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from django.db.models import Exists, IntegerField, OuterRef, Q, QuerySet, Value
from django.urls import reverse

from agora.catalog.models import ProductMedia
from agora.core.pagination import Page, clamp_limit, decode_keys, encode_cursor
from agora.core.prepared import prepared
from agora.media.schemas import MEDIA_FIELDS
from agora.social.models import Block, Like, PostMedia, PostProduct, Repost, TimelineEntry
from agora.social.selectors.feed import CURSOR
from agora.social.selectors.posts import ViewerFacts, available_of
from agora.social.services.timeline import timeline_rebuild

if TYPE_CHECKING:
    from datetime import datetime

    from agora.accounts.models import User

# An asset as `media.schemas.media_out_row` reads it: MEDIA_FIELDS in order.
type MediaRow = tuple[Any, ...]


@dataclass(slots=True)
class ActorRow:
    """What a post's author or reposter shows: a person or a shop."""

    kind: str  # "person" | "shop"
    handle: str
    name: str
    avatar: str  # the stored file name of the avatar or logo, "" for none
    user_id: int | None  # a person's user
    is_creator: bool  # a verified creator (their posts tagging products may be paid)
    shop_id: int | None = None  # a shop's
    # An author's picture as a page draws it: (file, width, height, thumbnails), None for none
    # (reposters go without).
    picture: tuple | None = None

    def key(self) -> tuple:
        return (self.kind, self.handle, self.name, self.avatar)


@dataclass(slots=True)
class TagRow:
    """A product tagged on a post, with its shop, availability and first picture."""

    product_id: int
    title: str
    slug: str
    status: str
    price_amount: int
    currency: str
    shop_id: int
    shop_handle: str
    shop_name: str
    available: int
    shop_is_active: bool = True
    first_media: MediaRow | None = None
    cover: MediaRow | None = None  # the first usable image (a card's), None for none


@dataclass(slots=True)
class PostRow:
    id: int
    author_id: int
    author: ActorRow
    text: str
    visibility: str
    created_at: datetime
    edited_at: datetime | None
    like_count: int
    comment_count: int
    repost_count: int
    share_count: int
    comment_to_buy_keyword: str
    has_poll: bool
    media: list[MediaRow]
    products: list[TagRow]

    @property
    def pk(self) -> int:
        return self.id

    def get_absolute_url(self) -> str:
        return reverse("social_web:post", args=[self.id])


@dataclass(slots=True)
class FeedRow:
    post: PostRow
    reposted_by: ActorRow | None


@dataclass
class FeedRowsPage(Page):
    items: list[FeedRow]
    facts: ViewerFacts


_POST = (
    "author_id",
    "text",
    "visibility",
    "created_at",
    "edited_at",
    "like_count",
    "comment_count",
    "repost_count",
    "share_count",
    "comment_to_buy_keyword",
    "has_poll",
)
_ACTOR = (
    "kind",
    "user__id",
    "user__username",
    "user__display_name",
    "user__is_creator",
    "user__avatar__file",
    "shop__handle",
    "shop__name",
    "shop__logo__file",
    "shop__id",
)
# The author's picture, beside `_ACTOR` (a person's avatar, a shop's logo).
_PICTURE = (
    "user__avatar__width",
    "user__avatar__height",
    "user__avatar__thumbnails",
    "shop__logo__width",
    "shop__logo__height",
    "shop__logo__thumbnails",
)
_AUTHOR = _ACTOR + _PICTURE
# An actor's columns read through a relation (`f"{relation}__{name}"`): with `_AUTHOR` its
# picture too, with `_ACTOR` without; `actor_of` reads them back.
AUTHOR_COLUMNS = _AUTHOR
ACTOR_COLUMNS = _ACTOR
# A post's columns from its model, as `post_row` reads them after the post's id.
POST_COLUMNS = (*_POST, *(f"author__{f}" for f in _AUTHOR))


def actor_of(values: tuple) -> ActorRow | None:
    """The `ActorRow` of `AUTHOR_COLUMNS` or `ACTOR_COLUMNS` values (None: no actor)."""
    return _actor(values)


def _actor(values: tuple) -> ActorRow | None:
    (kind, user_id, username, display_name, is_creator, avatar, shop_handle, shop_name, logo) = (
        values[:9]
    )
    if kind is None:
        return None
    picture = values[10:]  # the author's only
    if kind == "shop":
        shop = ActorRow("shop", shop_handle, shop_name, logo or "", None, False, values[9])
        if logo and picture:
            shop.picture = (logo, *picture[3:6])
        return shop
    person = ActorRow(
        "person", username, display_name or username, avatar or "", user_id, bool(is_creator)
    )
    if avatar and picture:
        person.picture = (avatar, *picture[0:3])
    return person


@prepared(owner=int, key=int, pk=int)
def _entry_rows(
    *, shape: tuple[int, bool], owner: int, key: int = 0, pk: int = 0
) -> QuerySet[Any, tuple[Any, ...]]:
    size, after = shape
    qs = (
        TimelineEntry.objects.filter(owner_id=owner, post__is_hidden=False)
        .filter(Q(post__author__user__is_active=True) | Q(post__author__shop__is_active=True))
        # Reposts by others of an account I blocked stay out (a subquery, not another query).
        .exclude(post__author_id__in=Block.objects.filter(blocker_id=owner).values("blocked_id"))
        .order_by("-sort_key", "-id")
    )
    if after:
        qs = qs.filter(Q(sort_key__lt=key) | Q(sort_key=key, id__lt=pk))
    return qs.values_list(
        "id",
        "sort_key",
        "post_id",
        *(f"post__{f}" for f in POST_COLUMNS),
        *(f"reposted_by__{f}" for f in _ACTOR),
        Exists(Like.objects.filter(user_id=owner, post_id=OuterRef("post_id"))),
        Exists(Repost.objects.filter(user_id=owner, post_id=OuterRef("post_id"))),
    )[:size]


def _entries(user: User, after: tuple[int, ...] | None, size: int) -> list[tuple]:
    """The page's timeline rows (one more than the page, to tell whether another follows),
    each ending with whether the user liked and reposted its post."""
    if after:
        key, pk = after
        return _entry_rows(shape=(size + 1, True), owner=user.pk, key=key, pk=pk)
    return _entry_rows(shape=(size + 1, False), owner=user.pk)


def _post(values: tuple) -> PostRow:
    return post_row(values, at=2)


def post_row(values: tuple, *, at: int) -> PostRow:
    """A `PostRow` (media and products still empty) from a row holding the post's id at `at`
    and then `POST_COLUMNS` (prefixed with the path to the post)."""
    (
        author_id,
        text,
        visibility,
        created_at,
        edited_at,
        like_count,
        comment_count,
        repost_count,
        share_count,
        comment_to_buy_keyword,
        has_poll,
    ) = values[at + 1 : at + 1 + len(_POST)]
    author = _actor(values[at + 1 + len(_POST) : at + 1 + len(_POST) + len(_AUTHOR)])
    assert author is not None  # every post has an author
    return PostRow(
        id=values[at],
        author_id=author_id,
        author=author,
        text=text,
        visibility=visibility,
        created_at=created_at,
        edited_at=edited_at,
        like_count=like_count,
        comment_count=comment_count,
        repost_count=repost_count,
        share_count=share_count,
        comment_to_buy_keyword=comment_to_buy_keyword,
        has_poll=has_poll,
        media=[],
        products=[],
    )


_OF_POST, _OF_PRODUCT = 1, 2


@prepared(post_ids=list[int])
def _media_rows(*, post_ids: list[int]) -> QuerySet[Any, tuple[Any, ...]]:
    media = tuple(f"media__{f}" for f in MEDIA_FIELDS)
    tagged = PostProduct.objects.filter(post_id__in=post_ids).values("product_id")
    of_posts = (
        PostMedia.objects.filter(post_id__in=post_ids)
        .order_by()
        .values_list(
            Value(_OF_POST, output_field=IntegerField()), "post_id", "position", "id", *media
        )
    )
    of_products = (
        ProductMedia.objects.filter(product_id__in=tagged)
        .order_by()
        .values_list(
            Value(_OF_PRODUCT, output_field=IntegerField()),
            "product_id",
            "position",
            "media_id",
            *media,
        )
    )
    return of_posts.union(of_products, all=True).order_by()  # sorted in Python


_KIND, _STATUS = MEDIA_FIELDS.index("kind"), MEDIA_FIELDS.index("status")


def _media(posts: dict[int, PostRow]) -> tuple[dict[int, MediaRow], dict[int, MediaRow]]:
    """Fills in each post's media, and answers each tagged product's first media (any kind, as
    `selectors.posts.product_first_media` picks it) and cover (its first image that did not
    fail, as `selectors.posts.product_cover`): one UNION query."""
    first: dict[int, MediaRow] = {}
    covers: dict[int, MediaRow] = {}
    rows = _media_rows(post_ids=list(posts))
    # Post media by (position, link id); product media by (position, media id).
    for owner_kind, owner_id, _position, _link, *media in sorted(rows, key=itemgetter(2, 3)):
        if owner_kind == _OF_POST:
            posts[owner_id].media.append(tuple(media))
            continue
        if owner_id not in first:
            first[owner_id] = tuple(media)
        if owner_id not in covers and media[_KIND] == "image" and media[_STATUS] != "failed":
            covers[owner_id] = tuple(media)
    return first, covers


@prepared(post_ids=list[int])
def _tag_rows(*, post_ids: list[int]) -> QuerySet[Any, tuple[Any, ...]]:
    return (
        PostProduct.objects.filter(post_id__in=post_ids)
        .order_by("position", "id")
        .values_list(
            "post_id",
            "product_id",
            "product__title",
            "product__slug",
            "product__status",
            "product__price_amount",
            "product__currency",
            "product__shop_id",
            "product__shop__handle",
            "product__shop__name",
            available_of("product_id"),
            "product__shop__is_active",
        )
    )


def _tags(
    posts: dict[int, PostRow], media: tuple[dict[int, MediaRow], dict[int, MediaRow]]
) -> None:
    first_media, covers = media
    for post_id, *fields in _tag_rows(post_ids=list(posts)):
        tag = TagRow(*fields)
        tag.shop_is_active = bool(tag.shop_is_active)
        tag.first_media = first_media.get(tag.product_id)
        tag.cover = covers.get(tag.product_id)
        posts[post_id].products.append(tag)


def posts_of_rows(
    rows: list[tuple], *, at: int, facts: bool = True
) -> tuple[list[PostRow], ViewerFacts]:
    """The posts of rows holding a post at `at` (its id, then POST_COLUMNS), with their media
    and product tags filled in (two queries), and, with `facts`, what the viewer liked and
    reposted, read from each row's last two columns."""
    seen = ViewerFacts()
    posts = []
    for row in rows:
        post = post_row(row, at=at)
        posts.append(post)
        if facts and row[-2]:
            seen.liked.add(post.id)
        if facts and row[-1]:
            seen.reposted.add(post.id)
    fill_details({post.id: post for post in posts})
    return posts, seen


def fill_details(posts: dict[int, PostRow]) -> None:
    """Fills in the posts' media and product tags (with their covers): two queries, none
    without posts."""
    if posts:
        _tags(posts, _media(posts))


def feed_rows(
    *, user: User, cursor: str | None = None, limit: int | str | None = None
) -> FeedRowsPage:
    """A page of the user's home timeline as rows (newest first), with what they liked and
    reposted on it; a missing timeline is rebuilt once on the first page (as `feed_for`)."""
    size = clamp_limit(limit)
    after = decode_keys(cursor, kind=CURSOR, size=2)
    entries = _entries(user, after, size)
    if not entries and after is None and timeline_rebuild(owner=user):
        entries = _entries(user, after, size)
    more = len(entries) > size
    entries = entries[:size]
    reposter_at = 3 + len(_POST) + len(_AUTHOR)
    posts, facts = posts_of_rows(entries, at=2)
    items = [
        FeedRow(post=post, reposted_by=_actor(entry[reposter_at:-2]))
        for post, entry in zip(posts, entries, strict=True)
    ]
    last = entries[-1] if more and entries else None
    next_cursor = encode_cursor(last[1], last[0], kind=CURSOR) if last else None
    return FeedRowsPage(items=items, next_cursor=next_cursor, facts=facts)
