"""Reading reviews: one review, a product's list in four orders with filters, the viewer's
"helpful" votes among a page, the order line a review is about.

A page of reviews is two queries whatever its size (the reviews with their author, avatar,
variant and the shop's reply; their photos), plus one for the viewer's votes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import F, Prefetch, Q, QuerySet

from agora.catalog.selectors import visible_products
from agora.commerce.models import OrderLine
from agora.community.models import Review, ReviewMedia, ReviewVote
from agora.community.selectors.purchases import PAID_STATUSES
from agora.core.pagination import Page, clamp_limit, decode_keys, encode_cursor
from agora.core.prepared import prepared

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from agora.accounts.models import User
    from agora.catalog.models import Product

    type Viewer = User | AnonymousUser | None

SORTS = ("helpful", "newest", "rating_high", "rating_low")
# Each sort: the column it orders by first (None: the id alone) and its direction; ties (and
# the newest) go newest first.
_ORDER: dict[str, tuple[str | None, bool]] = {
    "newest": (None, True),
    "helpful": ("helpful_count", True),
    "rating_high": ("rating", True),
    "rating_low": ("rating", False),
}


def _viewer_id(viewer: Viewer) -> int | None:
    return viewer.pk if viewer is not None and viewer.is_authenticated else None


def kept_line(*, user_id: int, product_id: int, line_id: int | None = None) -> OrderLine | None:
    """The person's latest paid, not fully refunded line of the product (that line, when
    given), or None."""
    lines = OrderLine.objects.filter(
        product_id=product_id,
        order__buyer_id=user_id,
        order__status__in=PAID_STATUSES,
        refunded_quantity__lt=F("quantity"),
    )
    if line_id is not None:
        lines = lines.filter(pk=line_id)
    return lines.order_by("-pk").first()


def with_details(qs: QuerySet[Review]) -> QuerySet[Review]:
    """What a review shows: author and avatar, variant, the shop's reply, photos in order."""
    return qs.select_related("author__avatar", "variant", "reply__shop").prefetch_related(
        Prefetch(
            "review_media",
            queryset=ReviewMedia.objects.select_related("media").order_by("position", "id"),
        )
    )


def review_for_viewer(*, review_id: int, viewer: Viewer) -> Review | None:
    """The review if the viewer may see it: its product is visible to them, and it is not
    hidden (its author still sees it)."""
    viewer_id = _viewer_id(viewer)
    shown = Q(is_hidden=False) | Q(author_id=viewer_id) if viewer_id else Q(is_hidden=False)
    return (
        with_details(Review.objects.filter(shown, pk=review_id))
        .filter(product__in=visible_products(viewer))
        .select_related("product__shop")
        .first()
    )


def review_of(*, author: User, product_id: int) -> Review | None:
    """The person's own review of the product, if any (hidden or not)."""
    return with_details(Review.objects.filter(author=author, product_id=product_id)).first()


def visible_product(*, product_id: int, viewer: Viewer) -> Product | None:
    """The product if the viewer may see it, with its shop."""
    return visible_products(viewer).select_related("shop").filter(pk=product_id).first()


@dataclass
class ReviewPage(Page):
    helped: set[int] = field(default_factory=set)  # the ids the viewer found helpful


def helped_among(*, viewer: Viewer, review_ids: list[int]) -> set[int]:
    """The reviews among these the viewer voted "helpful" (one query; none for a visitor)."""
    viewer_id = _viewer_id(viewer)
    if viewer_id is None or not review_ids:
        return set()
    return {review_id for (review_id,) in _helped_rows(person_id=viewer_id, review_ids=review_ids)}


@prepared(person_id=int, review_ids=list[int])
def _helped_rows(*, person_id: int, review_ids: list[int]) -> QuerySet[ReviewVote, tuple[Any, ...]]:
    return ReviewVote.objects.filter(person_id=person_id, review_id__in=review_ids).values_list(
        "review_id"
    )


def reviews_page(
    *,
    product: Product,
    viewer: Viewer = None,
    sort: str = "helpful",
    with_media: bool = False,
    rating: int | None = None,
    cursor: str | None = None,
    limit: int | str | None = None,
) -> ReviewPage:
    """A page of the product's visible reviews in `sort` (helpful, newest, rating_high,
    rating_low; unknown: helpful), only those with photos or of one rating if asked, each
    with its details, and the viewer's votes among them. A cursor of another sort starts
    over."""
    if sort not in _ORDER:
        sort = "helpful"
    column, desc = _ORDER[sort]
    size = clamp_limit(limit)
    qs = Review.objects.filter(product=product, is_hidden=False)
    if with_media:
        qs = qs.filter(has_media=True)
    if rating is not None:
        qs = qs.filter(rating=rating)
    keys = decode_keys(cursor, kind=f"r{sort[:2]}{sort[-1]}", size=1 if column is None else 2)
    if column is None:
        qs = qs.order_by("-pk")
        if keys is not None:
            qs = qs.filter(pk__lt=keys[0])
    else:
        qs = qs.order_by(f"-{column}" if desc else column, "-pk")
        if keys is not None:
            value, pk = keys
            beyond = Q(**{f"{column}__lt" if desc else f"{column}__gt": value})
            qs = qs.filter(beyond | Q(**{column: value, "pk__lt": pk}))
    rows = list(with_details(qs)[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    next_cursor = None
    if more and rows:
        last = rows[-1]
        parts = (last.pk,) if column is None else (getattr(last, column), last.pk)
        next_cursor = encode_cursor(*parts, kind=f"r{sort[:2]}{sort[-1]}")
    helped = helped_among(viewer=viewer, review_ids=[r.pk for r in rows])
    return ReviewPage(items=rows, next_cursor=next_cursor, helped=helped)


def photo_strip(*, product: Product, limit: int = 8) -> list[ReviewMedia]:
    """The latest photos and videos of the product's visible reviews (one query)."""
    return list(
        ReviewMedia.objects.filter(review__product=product, review__is_hidden=False)
        .select_related("media")
        .order_by("-review_id", "position")[:limit]
    )
