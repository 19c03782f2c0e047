"""What a post card shows, computed once per page from prefetched rows (no queries here):
the text as safe HTML, media, shoppable product tags with their stock state, per-viewer facts
and whether the viewer may edit the post."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.safestring import mark_safe

from agora.core.money import Money
from agora.social import hooks
from agora.social import text as post_text
from agora.social.post_json import disclosure_candidates
from agora.social.selectors.feed_rows import PostRow
from agora.social.selectors.posts import disclosures_of, post_disclosures, product_cover

if TYPE_CHECKING:
    from agora.accounts.models import Handle
    from agora.social.models import Post
    from agora.social.views._row_cards import RowCard

LOW_STOCK = 5  # "Only 3 left" from this many units down, like the product page


@dataclass
class ProductTag:
    product: object
    url: str
    image: object | None
    price: Money
    available: int
    state: str  # in_stock | low | sold_out


@dataclass
class PostCard:
    post: Post
    media: list = field(default_factory=list)
    products: list[ProductTag] = field(default_factory=list)
    reposted_by: Handle | None = None
    liked: bool = False
    reposted: bool = False
    can_edit: bool = False
    community_state: str = ""  # on a product page: featured, hidden or none
    # A community tile's parts, rendered once and cached (see _fragments.fill_community_tiles).
    author_html: str | None = None
    body_html: str | None = None
    poll_html: str = ""  # the post's poll for this viewer (see `with_polls`)
    badges_html: str = ""  # the author's badges (see `with_badges`)
    # {"kind": "paid_partnership", "shop": handle} for a creator's paid post (see `with_polls`)
    disclosure: dict | None = None

    @cached_property
    def html(self) -> str:
        """The text as safe HTML, rendered only when the body fragment isn't cached."""
        return mark_safe(post_text.render(self.post.text))  # noqa: S308 (render escapes text)

    @property
    def repostable(self) -> bool:
        return self.post.visibility == "public"


def stock_state(available: int) -> str:
    if available <= 0:
        return "sold_out"
    return "low" if available <= LOW_STOCK else "in_stock"


def product_tag(product) -> ProductTag:
    """A shoppable tag from a `product_tags()` row (availability and cover loaded)."""
    available = product.available
    image = product_cover(product)
    return ProductTag(
        product=product,
        url=product.get_absolute_url(),
        image=image,
        price=Money(product.price_amount, product.currency),
        available=available,
        state=stock_state(available),
    )


def _can_edit(post, viewer, shop_ids: set[int]) -> bool:
    if viewer is None:
        return False
    if post.author.kind == "shop":
        shop = getattr(post.author, "shop", None)
        return shop is not None and shop.pk in shop_ids
    return post.author_id == viewer.actor_id


def card(
    post, *, facts=None, viewer=None, shop_ids=frozenset(), reposted_by=None, products=True
) -> PostCard:
    return PostCard(
        post=post,
        media=[pm.media for pm in post.post_media.all() if pm.media.status != "failed"],
        products=[
            product_tag(pp.product)
            for pp in (post.product_tags.all() if products else ())
            if pp.product.status == "active" and pp.product.shop.is_active
        ],
        reposted_by=reposted_by,
        liked=facts is not None and post.pk in facts.liked,
        reposted=facts is not None and post.pk in facts.reposted,
        can_edit=_can_edit(post, viewer, shop_ids),
    )


def with_polls[C: PostCard | RowCard](cards: list[C], *, request) -> list[C]:
    """Cards whose post carries a poll get its fragment for the viewer, rendered live (votes
    and the viewer's choice move): one call for the page, none when no post has a poll. Cards
    of a creator's paid posts get their disclosure (live too: not in the cached fragments)."""
    posts: list = [c.post for c in cards]
    if posts and isinstance(posts[0], PostRow):
        disclosures = disclosures_of(disclosure_candidates(posts))
    else:
        disclosures = post_disclosures(posts=posts)
    for c in cards:
        found = disclosures.get(c.post.pk)
        if found is not None:
            c.disclosure = {**found, "url": reverse("shops:handle", args=[found["shop"]])}
    ids = [c.post.pk for c in cards if c.post.has_poll]
    if ids:
        editable = {c.post.pk for c in cards if c.can_edit}
        html = hooks.post_polls_html(request=request, post_ids=ids, editable=editable)
        for c in cards:
            c.poll_html = html.get(c.post.pk, "")
    return cards


def with_badges[C: PostCard | RowCard](cards: list[C]) -> list[C]:
    """The badges beside each person author's name: one call for the page (none when every
    author is a shop)."""
    ids = sorted({c.post.author_id for c in cards if c.post.author.kind == "person"})
    if ids:
        html = hooks.author_badges_html(actor_ids=ids)
        for c in cards:
            c.badges_html = html.get(c.post.author_id, "")
    return cards


def cards(posts, *, facts, viewer, shop_ids, request=None) -> list[PostCard]:
    """A page of cards with their shared fragments from the cache (see _fragments), their
    authors' badges, and their polls when the page's `request` is given."""
    page = with_badges([card(p, facts=facts, viewer=viewer, shop_ids=shop_ids) for p in posts])
    return with_polls(page, request=request) if request is not None else page
