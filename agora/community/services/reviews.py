"""Writing reviews: create, edit, hide, "helpful" votes and the shop's reply.

Every write keeps the product's stored rating exact (catalog's `Product.rating_*`): the review
row and the counters move in one transaction, the counters by single `F()` UPDATEs, and each
change of a review's rating or visibility is a conditional UPDATE on the values it was read
with (retried when someone changed them first), so concurrent reviews, edits and moderation
never count a review twice or lose it. Hidden reviews are not counted.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from agora.catalog.models import Product
from agora.catalog.selectors import visible_products
from agora.community.models import (
    REVIEW_MAX_PHOTOS,
    REVIEW_TEXT_MAX,
    REVIEW_TITLE_MAX,
    Review,
    ReviewMedia,
    ReviewReply,
    ReviewVote,
)
from agora.community.selectors.purchases import has_bought
from agora.community.selectors.reviews import kept_line
from agora.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from agora.core.schemas import has_control_characters
from agora.engagement.services import points_for_review
from agora.media.models import MediaAsset
from agora.shops.selectors import can_manage
from agora.social.models import Notification
from agora.social.services.notifications import notify_people

if TYPE_CHECKING:
    from agora.accounts.models import User

RETRIES = 8  # attempts at a conditional UPDATE others keep winning (then 409)


# --- input -----------------------------------------------------------------------------------
def _rating(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
        raise InvalidInput.field("rating", _("Choose a rating from 1 to 5 stars."))
    return value


def _text(value: str | None, *, field: str, limit: int, multiline: bool) -> str:
    text = (value or "").strip()
    if "\x00" in text or has_control_characters(text, multiline=multiline):
        raise InvalidInput.field(field, _("Control characters are not allowed."))
    if len(text) > limit:
        raise InvalidInput.field(field, _("At most %(n)s characters.") % {"n": limit})
    return text


def _media(user: User, ids: Iterable[int]) -> list[MediaAsset]:
    """The author's own uploads: up to six photos, or one video."""
    wanted = list(dict.fromkeys(ids or []))
    if len(wanted) > REVIEW_MAX_PHOTOS:
        raise InvalidInput.field("media_ids", _("At most %(n)s photos.") % {"n": REVIEW_MAX_PHOTOS})
    found = {m.pk: m for m in MediaAsset.objects.filter(pk__in=wanted, uploaded_by=user)}
    missing = [i for i in wanted if i not in found]
    if missing:
        raise InvalidInput.field("media_ids", _("Unknown media: %(ids)s.") % {"ids": missing})
    media = [found[i] for i in wanted]
    if any(m.kind == MediaAsset.Kind.VIDEO for m in media) and len(media) > 1:
        raise InvalidInput.field("media_ids", _("Add up to six photos or one video."))
    return media


def _attach(review: Review, media: list[MediaAsset]) -> None:
    ReviewMedia.objects.filter(review=review).delete()
    ReviewMedia.objects.bulk_create(
        ReviewMedia(review=review, media=m, position=i) for i, m in enumerate(media)
    )


# --- the product's counters ------------------------------------------------------------------
def _move(product_id: int, *, count: int = 0, stars: dict[int, int] | None = None) -> None:
    """One UPDATE of the product's rating counters (`stars`: {rating: delta}) and its reviews
    version."""
    stars = {n: d for n, d in (stars or {}).items() if d}
    fields: dict[str, object] = {"reviews_version": F("reviews_version") + 1}
    if count:
        fields["rating_count"] = F("rating_count") + count
    total = sum(n * d for n, d in stars.items())
    if total:
        fields["rating_sum"] = F("rating_sum") + total
    for n, delta in stars.items():
        fields[f"rating_{n}"] = F(f"rating_{n}") + delta
    Product.objects.filter(pk=product_id).update(**fields)


def _bump(product_id: int) -> None:
    _move(product_id)


# --- create and edit -------------------------------------------------------------------------
def review_create(
    *,
    author: User,
    product_id: int,
    rating: int,
    title: str = "",
    text: str = "",
    media_ids: Iterable[int] = (),
    order_line_id: int | None = None,
) -> Review:
    """Publishes `author`'s review of a product they may see (404 otherwise), atomically with
    its photos and the product's rating. `verified_purchase` is the server's: a paid, not fully
    refunded line of the product. A verified review earns the shop's loyalty points for
    reviews (engagement's `points_for_review`, once per review) and is then marked
    `incentivised`. One per person and product: a second is a 409 (`already_reviewed`), also
    when two arrive at once (a unique constraint)."""
    rating = _rating(rating)
    title = _text(title, field="title", limit=REVIEW_TITLE_MAX, multiline=False)
    text = _text(text, field="text", limit=REVIEW_TEXT_MAX, multiline=True)
    product = visible_products(author).select_related("shop").filter(pk=product_id).first()
    if product is None:
        raise NotFound(_("No such product."))
    media = _media(author, media_ids)
    verified = has_bought(user_id=author.pk, product_id=product.pk)
    line = kept_line(user_id=author.pk, product_id=product.pk, line_id=order_line_id)
    if order_line_id is not None and line is None:
        raise InvalidInput.field("order_line_id", _("That is not one of your orders of it."))
    already = _("You have reviewed this product already: edit your review instead.")
    with transaction.atomic():
        try:
            with transaction.atomic():
                review = Review.objects.create(
                    product=product,
                    author=author,
                    rating=rating,
                    title=title,
                    text=text,
                    verified_purchase=verified,
                    order_line=line,
                    variant_id=line.variant_id if line is not None else None,
                    has_media=bool(media),
                )
        except IntegrityError as exc:
            raise Conflict(already, code="already_reviewed") from exc
        _attach(review, media)
        _move(product.pk, count=1, stars={rating: 1})
        if verified and points_for_review(shop=product.shop, person=author, review_id=review.pk):
            Review.objects.filter(pk=review.pk).update(incentivised=True)
            review.incentivised = True
    return review


def review_update(
    *,
    user: User,
    review: Review,
    rating: int | None = None,
    title: str | None = None,
    text: str | None = None,
    media_ids: Iterable[int] | None = None,
) -> Review:
    """The author edits their review (403 for anyone else): the fields given change, it is
    marked edited, `verified_purchase` is computed again and the product's rating moves by
    the change, atomically (a conditional UPDATE on the rating it replaces)."""
    if review.author_id != user.pk:
        raise PermissionDenied(_("Only its author may edit a review."))
    changes: dict[str, object] = {"edited_at": timezone.now()}
    if rating is not None:
        rating = _rating(rating)
    if title is not None:
        changes["title"] = _text(title, field="title", limit=REVIEW_TITLE_MAX, multiline=False)
    if text is not None:
        changes["text"] = _text(text, field="text", limit=REVIEW_TEXT_MAX, multiline=True)
    media = _media(user, media_ids) if media_ids is not None else None
    if media is not None:
        changes["has_media"] = bool(media)
    changes["verified_purchase"] = has_bought(user_id=user.pk, product_id=review.product_id)
    with transaction.atomic():
        for _attempt in range(RETRIES):
            old, hidden = (
                Review.objects.filter(pk=review.pk).values_list("rating", "is_hidden").get()
            )
            new = rating if rating is not None else old
            moved = Review.objects.filter(pk=review.pk, rating=old, is_hidden=hidden).update(
                rating=new, **changes
            )
            if moved:
                break
        else:
            raise Conflict(_("The review changed meanwhile; try again."))
        if media is not None:
            _attach(review, media)
        _move(review.product_id, stars={} if hidden or old == new else {old: -1, new: 1})
    review.refresh_from_db()
    return review


def review_hidden_set(*, review: Review, hidden: bool = True) -> bool:
    """The moderators' flag: a hidden review leaves the product's page, its list and its
    rating; shown again, it counts again. Returns whether anything changed (idempotent: of
    simultaneous calls one changes it)."""
    with transaction.atomic():
        for _attempt in range(RETRIES):
            row = Review.objects.filter(pk=review.pk).values_list("rating", "is_hidden").first()
            if row is None or row[1] == hidden:
                review.is_hidden = hidden
                return False
            rating = row[0]
            if Review.objects.filter(pk=review.pk, rating=rating, is_hidden=not hidden).update(
                is_hidden=hidden
            ):
                delta = -1 if hidden else 1
                _move(review.product_id, count=delta, stars={rating: delta})
                review.is_hidden = hidden
                return True
        raise Conflict(_("The review changed meanwhile; try again."))


# --- helpful votes ---------------------------------------------------------------------------
def _helpful_count(review_id: int) -> int:
    return Review.objects.filter(pk=review_id).values_list("helpful_count", flat=True).first() or 0


def review_helpful_set(*, user: User, review: Review) -> tuple[int, bool]:
    """`user` finds the review helpful: one vote per person (a unique constraint: 20
    simultaneous votes count once), never their own review (403). Returns (helpful_count,
    True). Atomic: the vote and the counter together."""
    if review.author_id == user.pk:
        raise PermissionDenied(_("You cannot vote for your own review."))
    with transaction.atomic():
        try:
            with transaction.atomic():
                ReviewVote.objects.create(review=review, person=user)
        except IntegrityError:
            return _helpful_count(review.pk), True
        Review.objects.filter(pk=review.pk).update(helpful_count=F("helpful_count") + 1)
        _bump(review.product_id)
    return _helpful_count(review.pk), True


def review_helpful_unset(*, user: User, review: Review) -> tuple[int, bool]:
    """Takes the vote back (no-op without one). Returns (helpful_count, False)."""
    with transaction.atomic():
        deleted, _rows = ReviewVote.objects.filter(review=review, person=user).delete()
        if deleted:
            Review.objects.filter(pk=review.pk, helpful_count__gt=0).update(
                helpful_count=F("helpful_count") - 1
            )
            _bump(review.product_id)
    return _helpful_count(review.pk), False


# --- the shop's reply ------------------------------------------------------------------------
def review_reply_create(*, user: User, review: Review, text: str) -> ReviewReply:
    """The shop's public reply, by one of its team (403 for others), once per review (409
    `already_replied`, also for two at once). The author is notified."""
    product = Product.objects.select_related("shop__actor").get(pk=review.product_id)
    shop = product.shop
    if not can_manage(shop=shop, user=user):
        raise PermissionDenied(_("Only the shop's team may reply."))
    text = _text(text, field="text", limit=REVIEW_TEXT_MAX, multiline=True)
    if not text:
        raise InvalidInput.field("text", _("Write a reply."))
    with transaction.atomic():
        try:
            with transaction.atomic():
                reply = ReviewReply.objects.create(review=review, shop=shop, author=user, text=text)
        except IntegrityError as exc:
            raise Conflict(
                _("The shop has replied to this review already."), code="already_replied"
            ) from exc
        _bump(product.pk)
        if shop.actor is not None:
            notify_people(
                user_ids=[review.author_id],
                kind=Notification.Kind.REVIEW_REPLY,
                actor=shop.actor,
                url=reverse("community:review", args=[review.pk]),
                subject=product.title,
            )
    return reply
