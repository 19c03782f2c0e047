"""Post cards from plain rows (`selectors.feed_rows`: PostRow, ActorRow, TagRow) rather than
model instances: what `social/post_card.html` and `_fragments.render_cards` read of a card.

A page's card is nearly always a cache hit (`_fragments`): then only its signature (a digest
of the rows it shows) and its live slots are read, and no light object is made. On a miss the
skeleton renders from small stand-ins made from the rows (`Asset` for a MediaAsset, a tag's
product and shop), presenting the attributes the template and the media tags read.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils.safestring import mark_safe

from agora.core.money import Money
from agora.media.schemas import MEDIA_FIELDS
from agora.social import text as post_text
from agora.social.views._cards import ProductTag, stock_state, with_badges, with_polls
from agora.social.views._common import managed_shop_ids

if TYPE_CHECKING:
    from agora.accounts.models import User
    from agora.social.selectors.feed_rows import ActorRow, MediaRow, PostRow, TagRow
    from agora.social.selectors.post_rows import PostRowsPage

_STATUS = MEDIA_FIELDS.index("status")


class _File:
    """A file field as templates read it: its stored name."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __bool__(self) -> bool:
        return bool(self.name)


class Asset:
    """A MediaAsset as the card template and `media_tags` read it, from a `MediaRow`."""

    __slots__ = ("alt", "file", "height", "kind", "pk", "poster", "status", "thumbnails", "width")

    def __init__(self, row: MediaRow) -> None:
        pk, kind, _angle, alt, status, _type, width, height, file, poster, thumbnails = row
        self.pk, self.kind, self.alt, self.status = pk, kind, alt, status
        self.width, self.height, self.thumbnails = width, height, thumbnails
        self.file = _File(file)
        self.poster = _File(poster) if poster else None

    @classmethod
    def picture(cls, picture: tuple) -> Asset:
        """An author's avatar or logo from `ActorRow.picture` (file, width, height, thumbs)."""
        file, width, height, thumbnails = picture
        return cls((None, "image", 0, "", "ready", "", width, height, file, "", thumbnails))


def actor_display(actor: ActorRow) -> dict:
    """`views.profile.actor_display` of an author or reposter read as a row."""
    return {
        "name": actor.name,
        "handle": actor.handle,
        "url": reverse("shops:handle", args=[actor.handle]),
        "avatar": Asset.picture(actor.picture) if actor.picture else None,
        "is_shop": actor.kind == "shop",
    }


def _on_card(post: PostRow) -> list[TagRow]:
    """The tags a card shows: products on sale in an open shop (as `_cards.card`)."""
    return [t for t in post.products if t.status == "active" and t.shop_is_active]


def _tag(tag: TagRow) -> ProductTag:
    shop = SimpleNamespace(name=tag.shop_name, handle=tag.shop_handle)
    product = SimpleNamespace(pk=tag.product_id, title=tag.title, shop=shop)
    return ProductTag(
        product=product,
        url=reverse("catalog:product", args=[tag.shop_handle, tag.slug]),
        image=Asset(tag.cover) if tag.cover is not None else None,
        price=Money(tag.price_amount, tag.currency),
        available=tag.available,
        state=stock_state(tag.available),
    )


class RowCard:
    """A post card (`_cards.PostCard`'s attributes) over a `PostRow`."""

    def __init__(
        self,
        post: PostRow,
        *,
        liked: bool,
        reposted: bool,
        can_edit: bool,
        reposted_by: ActorRow | None = None,
    ) -> None:
        self.post = post
        self.liked, self.reposted, self.can_edit = liked, reposted, can_edit
        self.reposted_by = reposted_by
        self.poll_html = ""
        self.badges_html = ""
        self.disclosure: dict | None = None
        self.community_state = ""
        self.author_html: str | None = None
        self.body_html: str | None = None

    @property
    def repostable(self) -> bool:
        return self.post.visibility == "public"

    @property
    def html(self) -> str:
        """The text as safe HTML (read only when the skeleton isn't cached)."""
        return mark_safe(post_text.render(self.post.text))  # noqa: S308 (render escapes text)

    @property
    def media(self) -> list[Asset]:
        return [Asset(m) for m in self.post.media if m[_STATUS] != "failed"]

    @property
    def products(self) -> list[ProductTag]:
        return [_tag(t) for t in _on_card(self.post)]

    def signature(self) -> tuple[Any, ...]:
        """Everything the skeleton shows, for its cache key (`_fragments._skeletons`)."""
        post = self.post
        return (
            "row",
            post.text,
            post.created_at,
            post.edited_at,
            post.visibility,
            post.author.key(),
            post.author.picture,
            tuple(m for m in post.media if m[_STATUS] != "failed"),
            tuple(
                (
                    t.product_id,
                    t.shop_handle,
                    t.slug,
                    t.title,
                    t.shop_name,
                    t.price_amount,
                    t.currency,
                    t.available,
                    t.cover,
                )
                for t in _on_card(post)
            ),
        )


def row_card(
    post: PostRow,
    *,
    liked: set[int],
    reposted: set[int],
    actor_id: int | None,
    shop_ids: set[int],
    reposted_by: ActorRow | None = None,
) -> RowCard:
    """The card of a post row for a viewer (`actor_id`: the viewer's, None for a visitor;
    `shop_ids`: the shops they manage), who may edit their own posts and their shops'."""
    author = post.author
    if author.kind == "shop":
        can_edit = author.shop_id is not None and author.shop_id in shop_ids
    else:
        can_edit = actor_id is not None and post.author_id == actor_id
    return RowCard(
        post,
        liked=post.id in liked,
        reposted=post.id in reposted,
        can_edit=can_edit,
        reposted_by=reposted_by,
    )


def row_cards(page: PostRowsPage, *, viewer: User | None, request) -> list[RowCard]:
    """The cards of a page of post rows for the viewer, with their authors' badges and their
    polls and disclosures (`_cards.with_badges`, `_cards.with_polls`)."""
    shop_ids = managed_shop_ids(viewer) if viewer is not None and page.items else set()
    actor_id = viewer.actor_id if viewer is not None else None
    facts = page.facts
    cards = [
        row_card(
            post,
            liked=facts.liked,
            reposted=facts.reposted,
            actor_id=actor_id,
            shop_ids=shop_ids,
        )
        for post in page.items
    ]
    return with_polls(with_badges(cards), request=request)
